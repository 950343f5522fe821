"""Stopping reply e-mails: a page that asks, a POST that does it, and a signed link that expires."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from comments import notifications
from comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(make_article, make_comment):
    return make_comment(make_article(), author_email="ana@example.com", notify_replies=True)


def test_opening_the_link_asks_before_changing_anything(client, subscribed):
    token = notifications.unsubscribe_token("ana@example.com")
    page = client.get(f"/comments/unsubscribe/{token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'method="post"' in html
    assert "ana@example.com" in html
    assert Comment.objects.get().notify_replies is True  # a link scanner's GET changes nothing


def test_confirming_by_post_unsubscribes(client, subscribed):
    token = notifications.unsubscribe_token("ana@example.com")
    page = client.post(f"/comments/unsubscribe/{token}/")
    assert "You are unsubscribed" in page.content.decode()
    assert Comment.objects.get().notify_replies is False


def test_link_expires(client, subscribed):
    with time_machine.travel(timezone.now() - notifications.UNSUBSCRIBE_MAX_AGE - timedelta(days=1)):
        token = notifications.unsubscribe_token("ana@example.com")
    page = client.post(f"/comments/unsubscribe/{token}/")
    assert page.status_code == 400
    assert "expired" in page.content.decode()
    assert Comment.objects.get().notify_replies is True
