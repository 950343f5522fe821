"""Scheduling without cron, and “Updated” only for editorial edits of a live article."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, Correction, DeskNote

from .conftest import change_url

pytestmark = pytest.mark.django_db


def local_parts(when):
    local = timezone.localtime(when)
    return {"published_at_0": f"{local:%Y-%m-%d}", "published_at_1": f"{local:%H:%M:%S}"}


def test_editor_schedules_and_the_article_goes_live_by_itself(editor, login, client, make_article, make_author, article_form):
    article = make_article(title="Embargoed Report", status=Article.Status.REVIEW, authors=[make_author()])
    at = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    response = login(editor).post(change_url(article), article_form(article, _schedule="Schedule", **local_parts(at)))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.PUBLISHED, at)
    assert article.desk_notes.get().action == DeskNote.Action.SCHEDULED
    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(at - timedelta(seconds=1)):
        assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(at + timedelta(seconds=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert list(Article.objects.published()) == [article]


def test_scheduling_needs_a_time_in_the_future(editor, login, make_article, article_form):
    article = make_article(status=Article.Status.REVIEW)
    response = login(editor).post(
        change_url(article), article_form(article, _schedule="Schedule", **local_parts(timezone.now() - timedelta(hours=1)))
    )
    assert "Pick a time in the future" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_list_shows_scheduled_time(editor, login, make_article):
    at = timezone.now() + timedelta(days=1)
    make_article(title="Later", published_at=at)
    html = login(editor).get("/admin/articles/article/").content.decode()
    assert f"Scheduled for {timezone.localtime(at):%b %d, %Y %H:%M}" in html


def test_list_filters_scheduled_articles(editor, login, make_article):
    make_article(title="Tomorrow Story", published_at=timezone.now() + timedelta(days=1))
    make_article(title="Yesterday Story")
    html = login(editor).get("/admin/articles/article/?desk=scheduled").content.decode()
    assert "Tomorrow Story" in html and "Yesterday Story" not in html


def test_editorial_edit_of_a_live_article_sets_updated(editor, login, client, make_article, article_form):
    article = make_article(published_at=timezone.now() - timedelta(days=1))
    login(editor).post(change_url(article), article_form(article, body="<p>A new paragraph.</p>"))
    article.refresh_from_db()
    assert article.updated_at is not None and timezone.now() - article.updated_at < timedelta(minutes=1)
    assert "Updated" in client.get(article.get_absolute_url()).content.decode()


def test_non_editorial_save_and_comments_leave_updated_alone(editor, login, client, make_article, make_comment, article_form):
    article = make_article(published_at=timezone.now() - timedelta(days=1))
    login(editor).post(change_url(article), article_form(article, allow_comments=""))
    make_comment(article)
    article.refresh_from_db()
    assert article.updated_at is None
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()


def test_edits_before_publication_do_not_count_as_updates(editor, login, make_article, article_form):
    article = make_article(published_at=timezone.now() + timedelta(hours=1))
    login(editor).post(change_url(article), article_form(article, title="Sharper Headline"))
    article.refresh_from_db()
    assert article.updated_at is None


def test_a_correction_sets_updated(editor, login, make_article, article_form):
    article = make_article(published_at=timezone.now() - timedelta(days=1))
    data = article_form(article)
    data.update({
        "corrections-TOTAL_FORMS": "1", "corrections-0-kind": Correction.Kind.CORRECTION,
        "corrections-0-text": "An earlier version misspelled the mayor's name.",
        **{f"corrections-0-{k}": v for k, v in local_parts(timezone.now()).items()},
    })
    login(editor).post(change_url(article), data)
    article.refresh_from_db()
    assert article.corrections.get().text == "An earlier version misspelled the mayor's name."
    assert article.updated_at is not None and article.was_updated
