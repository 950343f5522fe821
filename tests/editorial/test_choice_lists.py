"""Article choice lists and autocompletes offer only what the user may open; bad ids are a form error, not a 500."""

import pytest

from articles.models import Article

from .conftest import ADD_URL, change_url

pytestmark = pytest.mark.django_db


def autocomplete(client, term="", field="check_also"):
    response = client.get(
        "/admin/autocomplete/", {"app_label": "articles", "model_name": "article", "field_name": field, "term": term}
    )
    return [row["text"] for row in response.json()["results"]]


def test_writer_cannot_read_another_writers_draft_headline_through_check_also(
    writer, make_user, login, make_article, article_form
):
    secret = make_article(title="Minister to resign", status=Article.Status.DRAFT, authors=[make_user("Writer").author])
    own = make_article(title="My draft", status=Article.Status.DRAFT, authors=[writer.author])
    client = login(writer)
    client.post(change_url(own), article_form(own, check_also=secret.pk))
    own.refresh_from_db()
    assert own.check_also_id is None
    assert "Minister to resign" not in client.get(change_url(own)).content.decode()


def test_writer_cannot_pick_a_scheduled_story_as_check_also(writer, login, make_article, article_form):
    from datetime import timedelta

    from django.utils import timezone

    scheduled = make_article(title="Embargoed results", published_at=timezone.now() + timedelta(days=1))
    own = make_article(title="My draft", status=Article.Status.DRAFT, authors=[writer.author])
    response = login(writer).post(change_url(own), article_form(own, check_also=scheduled.pk))
    assert "Embargoed results" not in response.content.decode()
    own.refresh_from_db()
    assert own.check_also_id is None


def test_writer_picks_a_published_story_as_check_also(writer, login, make_article, article_form):
    public = make_article(title="Harbour reopens")
    own = make_article(title="My draft", status=Article.Status.DRAFT, authors=[writer.author])
    client = login(writer)
    assert autocomplete(client, "harbour") == ["Harbour reopens"]
    response = client.post(change_url(own), article_form(own, check_also=public.pk))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.check_also == public


def test_check_also_autocomplete_offers_a_writer_public_and_own_stories_only(writer, make_user, login, make_article):
    make_article(title="Story public")
    make_article(title="Story mine", status=Article.Status.DRAFT, authors=[writer.author])
    make_article(title="Story theirs", status=Article.Status.DRAFT, authors=[make_user("Writer").author])
    make_article(title="Story in review", status=Article.Status.REVIEW)
    assert sorted(autocomplete(login(writer), "story")) == ["Story mine", "Story public"]


def test_editor_can_pick_any_story_as_check_also(editor, login, make_article):
    make_article(title="Story draft", status=Article.Status.DRAFT)
    make_article(title="Story public")
    assert sorted(autocomplete(login(editor), "story")) == ["Story draft", "Story public"]


@pytest.mark.parametrize("field", ["check_also", "section", "photo", "sponsor"])
def test_a_non_number_in_an_autocomplete_field_is_a_form_error(editor, login, news, article_form, field):
    data = article_form(title="Typed", section=news.pk)
    data[field] = "1 OR 1=1"
    response = login(editor).post(ADD_URL, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Article.objects.exists()
