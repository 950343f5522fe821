"""Editors at work in the admin while readers get cached pages: every act shows on the next request."""

import pytest
from django.test import Client

from articles.models import Article

from .conftest import change_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_replica_lag")]


def cached(reader, url):
    reader.get(url)
    return reader.get(url)["X-Page-Cache"] == "HIT"


def test_publishing_editing_and_unpublishing_in_the_admin_show_at_once(editor, login, make_article, make_author, article_form):
    reader = Client()
    live = make_article(title="Harbour Reopens")
    story = make_article(title="Ferry Strike Ends", status=Article.Status.REVIEW, authors=[make_author("Ann Writer")])
    assert cached(reader, "/") and cached(reader, live.get_absolute_url())
    desk = login(editor)

    assert desk.post(change_url(story), article_form(story, _publish="Publish now")).status_code == 302
    story.refresh_from_db()
    assert "Ferry Strike Ends" in reader.get("/").content.decode()
    assert cached(reader, story.get_absolute_url())

    assert desk.post(change_url(story), article_form(story, title="Ferry Strike Over")).status_code == 302
    story.refresh_from_db()
    assert "Ferry Strike Over" in reader.get(story.get_absolute_url()).content.decode()
    assert "Ferry Strike Over" in reader.get("/").content.decode()

    assert desk.post(change_url(story), article_form(story, _unpublish="Unpublish")).status_code == 302
    assert reader.get(story.get_absolute_url()).status_code == 404
    assert "Ferry Strike" not in reader.get("/").content.decode()


def test_an_editor_sees_the_live_page_never_a_cached_copy(editor, login, make_article):
    story = make_article(title="Harbour Reopens")
    desk = login(editor)
    Client().get(story.get_absolute_url())
    response = desk.get(story.get_absolute_url())
    assert "X-Page-Cache" not in response


def test_a_byline_added_shows_on_the_story_and_the_authors_page(client, make_article, make_author):
    from articles.models import Byline

    first = make_author("Kevin Zhang")
    story = make_article(title="Harbour Reopens", authors=[first])
    assert cached(client, story.get_absolute_url()) and cached(client, first.get_absolute_url())
    second = make_author("Ann Writer")
    Byline.objects.create(article=story, author=second, position=1)
    assert "Ann Writer" in client.get(story.get_absolute_url()).content.decode()
    assert "Harbour Reopens" in client.get(second.get_absolute_url()).content.decode()
    Byline.objects.filter(article=story, author=first).delete()
    assert "Kevin Zhang" not in client.get(story.get_absolute_url()).content.decode()
