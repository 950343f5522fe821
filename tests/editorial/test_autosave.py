"""
Issue 11: autosave of the article form. The typed text is kept per user and article (or per user for
a new one), never applied by itself, offered back as an explicit choice, and forgotten on save.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, ArticleAutosave

from .conftest import ADD_URL, change_url

pytestmark = pytest.mark.django_db

NEW = "/admin/articles/article/autosave/"


def autosave_url(article):
    return f"/admin/articles/article/{article.pk}/autosave/"


@pytest.fixture
def draft(make_article, writer):
    return make_article(title="Harbour plan", body="<p>First words.</p>", status=Article.Status.DRAFT, authors=[writer.author])


def test_autosave_keeps_the_text_and_leaves_the_article_alone(writer, login, draft):
    client = login(writer)
    response = client.post(autosave_url(draft), {"title": "Harbour plan approved", "body": "<p>First words. More.</p>"})
    assert response.status_code == 200
    assert response.json()["saved_at"] == timezone.localtime().strftime("%H:%M")
    draft.refresh_from_db()
    assert (draft.title, draft.body) == ("Harbour plan", "<p>First words.</p>")
    assert ArticleAutosave.objects.get(user=writer, article=draft).data["title"] == "Harbour plan approved"


def test_reopened_form_offers_the_autosaved_text_then_restores_it_on_request(writer, login, draft):
    client = login(writer)
    client.post(autosave_url(draft), {"title": "Harbour plan approved", "body": "<p>First words. More.</p>"})
    page = client.get(change_url(draft)).content.decode()
    assert "Restore the autosaved text from" in page
    assert 'value="Harbour plan"' in page
    restored = client.get(change_url(draft) + "?restore_autosave=1").content.decode()
    assert 'value="Harbour plan approved"' in restored
    assert "First words. More." in restored
    assert "not saved yet" in restored
    draft.refresh_from_db()
    assert draft.title == "Harbour plan"


def test_saving_the_article_forgets_the_autosave(writer, login, draft, article_form):
    client = login(writer)
    client.post(autosave_url(draft), {"title": "Harbour plan approved"})
    response = client.post(change_url(draft), article_form(draft, title="Harbour plan approved"))
    assert response.status_code == 302
    assert not ArticleAutosave.objects.exists()
    assert "Restore the autosaved text" not in client.get(change_url(draft)).content.decode()


def test_discarding_the_autosave_deletes_it(writer, login, draft):
    client = login(writer)
    client.post(autosave_url(draft), {"title": "Harbour plan approved"})
    client.post(autosave_url(draft), {"discard": "1"})
    assert not ArticleAutosave.objects.exists()


def test_an_autosave_equal_to_the_article_is_not_offered(writer, login, draft):
    client = login(writer)
    client.post(autosave_url(draft), {"title": "Harbour plan", "body": "<p>First words.</p>", "tags": ""})
    assert "Restore the autosaved text" not in client.get(change_url(draft)).content.decode()
    assert not ArticleAutosave.objects.exists()


def test_a_new_article_is_autosaved_per_user_and_offered_on_the_add_form(writer, editor, login):
    login(writer).post(NEW, {"title": "Storm warning", "body": "<p>Winds of 90 km/h.</p>"})
    assert "Restore the autosaved text" in login(writer).get(ADD_URL).content.decode()
    assert "Restore the autosaved text" not in login(editor).get(ADD_URL).content.decode()
    restored = login(writer).get(ADD_URL + "?restore_autosave=1").content.decode()
    assert 'value="Storm warning"' in restored


def test_each_user_has_their_own_autosave_of_an_article(writer, editor, login, draft):
    login(writer).post(autosave_url(draft), {"title": "Writer's headline"})
    login(editor).post(autosave_url(draft), {"title": "Editor's headline"})
    assert sorted(ArticleAutosave.objects.values_list("data__title", flat=True)) == ["Editor's headline", "Writer's headline"]
    assert "Editor's headline" not in login(writer).get(change_url(draft) + "?restore_autosave=1").content.decode()


def test_another_writer_cannot_autosave_into_someone_elses_draft(make_user, login, draft):
    other = make_user("Writer")
    assert login(other).post(autosave_url(draft), {"title": "Mine now"}).status_code == 404
    assert not ArticleAutosave.objects.exists()


def test_autosave_is_post_only(writer, login, draft):
    assert login(writer).get(autosave_url(draft)).status_code == 405


def test_autosave_after_the_idle_limit_is_refused_and_signs_out(writer, draft, client, settings):
    """An idle tab sends nothing; the first autosave after STAFF_IDLE_MINUTES meets the sign-in page."""
    settings.STAFF_IDLE_MINUTES = 30
    client.force_login(writer)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.get(change_url(draft))
        clock.shift(timedelta(minutes=31))
        response = client.post(autosave_url(draft), {"title": "Too late"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not ArticleAutosave.objects.exists()


def test_text_kept_in_the_browser_while_signed_out_keeps_its_time(writer, login, draft):
    typed = timezone.now() - timedelta(minutes=20)
    login(writer).post(autosave_url(draft), {"title": "Typed offline", "written_at": str(int(typed.timestamp() * 1000))})
    saved = ArticleAutosave.objects.get()
    assert abs((saved.saved_at - typed).total_seconds()) < 1
