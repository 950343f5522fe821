"""Previews: the real page, marked, for staff and through a signed expiring link; never public otherwise."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles import workflow
from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(make_article, make_author):
    return make_article(title="Unreleased Budget", status=Article.Status.DRAFT, authors=[make_author("Kevin Zhang")])


def test_staff_preview_renders_the_real_page_marked_as_preview(editor, login, client, draft):
    response = login(editor).get(f"/preview/article/{draft.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Unreleased Budget</h1>" in html
    assert "By <a" in html and "Kevin Zhang" in html
    assert 'class="preview-banner"' in html and "draft, not published" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_preview_of_a_scheduled_article_says_when(editor, login, make_article):
    article = make_article(published_at=timezone.now() + timedelta(days=2))
    html = login(editor).get(f"/preview/article/{article.pk}/").content.decode()
    assert "scheduled to go live" in html


def test_preview_is_404_for_anonymous_and_non_staff(client, django_user_model, draft):
    assert client.get(f"/preview/article/{draft.pk}/").status_code == 404
    reader = django_user_model.objects.create_user("reader", password=None)
    client.force_login(reader)
    assert client.get(f"/preview/article/{draft.pk}/").status_code == 404


def test_admin_offers_the_preview_and_a_share_link(editor, login, draft):
    html = login(editor).get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert f'href="/preview/article/{draft.pk}/"' in html
    token = re.search(r'value="http://testserver/preview/([^/"]+)/"', html).group(1)
    assert workflow.article_pk_from_token(token) == draft.pk


def test_signed_link_shows_the_preview_without_an_account(client, draft):
    token = workflow.preview_token(draft)
    response = client.get(f"/preview/{token}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Unreleased Budget</h1>" in html and "Shared by the newsroom" in html
    assert response["Cache-Control"] == "private, no-store"


def test_signed_link_expires(client, draft):
    token = workflow.preview_token(draft)
    with time_machine.travel(timezone.now() + workflow.PREVIEW_MAX_AGE + timedelta(minutes=1)):
        assert client.get(f"/preview/{token}/").status_code == 404


def test_forged_or_other_articles_link_is_404(client, draft, make_article):
    token = workflow.preview_token(draft)
    other = make_article(status=Article.Status.DRAFT)
    forged = token.replace(f"{draft.pk}:", f"{other.pk}:", 1)
    assert client.get(f"/preview/{forged}/").status_code == 404
    assert client.get("/preview/not-a-token/").status_code == 404


def test_signed_link_to_a_since_published_article_goes_to_the_public_page(client, make_article):
    article = make_article()
    response = client.get(f"/preview/{workflow.preview_token(article)}/")
    assert (response.status_code, response["Location"]) == (302, article.get_absolute_url())


def test_shared_preview_has_no_comment_form_that_could_not_post(client, draft):
    html = client.get(f"/preview/{workflow.preview_token(draft)}/").content.decode()
    assert "Unreleased Budget" in html
    assert ("/comments/post/" in html, "Leave a Reply" in html) == (False, False)
    assert "Readers can comment once the story is published." in html


def test_staff_preview_has_no_comment_form_either(editor, login, draft):
    html = login(editor).get(f"/preview/article/{draft.pk}/").content.decode()
    assert ("/comments/post/" in html, "Leave a Reply" in html) == (False, False)
    assert "Readers can comment once the story is published." in html
