"""
A comment form that fails the CSRF check comes back filled in only for a post from this site: a form
another site made and posted through the reader's browser must never be handed back ready to send.
"""

import re

import pytest
from django.test import Client

from comments.models import Comment

pytestmark = pytest.mark.django_db

FORGED = {"name": "Reader", "email": "victim@example.com", "body": "Words another site put in my mouth"}


def post(browser, article, **headers):
    return browser.post(f"/comments/post/{article.pk}/", FORGED, headers=headers)


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Referer": "https://evil.example/page"},
    {},
])
def test_cross_site_post_is_not_handed_back_filled_in(make_article, headers):
    article = make_article()
    response = post(Client(enforce_csrf_checks=True), article, **headers)
    html = response.content.decode()
    assert response.status_code == 403
    assert "Words another site put in my mouth" not in html
    assert "victim@example.com" not in html
    assert not re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', html)
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("headers", [
    {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "same-origin"},
    {"Origin": "http://testserver"},
    {"Referer": "http://testserver/news/article/"},
])
def test_own_form_without_a_cookie_is_handed_back_filled_in(make_article, headers):
    article = make_article()
    response = post(Client(enforce_csrf_checks=True), article, **headers)
    html = response.content.decode()
    assert response.status_code == 403
    assert "Words another site put in my mouth</textarea>" in html
    assert re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', html)
