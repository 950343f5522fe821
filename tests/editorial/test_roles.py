"""Who may do what on the desk, driven through the admin as each role, enforced by the server."""

import re

import pytest
from django.contrib.auth.models import Group

from articles.models import Article, Byline, DeskNote

from .conftest import ADD_URL, change_url

pytestmark = pytest.mark.django_db


def test_fresh_install_has_the_three_roles():
    assert sorted(Group.objects.values_list("name", flat=True)) == ["Editor", "Moderator", "Writer"]
    writer = set(Group.objects.get(name="Writer").permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article"} <= writer
    assert not {"publish_article", "delete_article"} & writer
    assert "publish_article" in Group.objects.get(name="Editor").permissions.values_list("codename", flat=True)


def test_writer_drafts_an_article_and_is_its_first_byline(writer, login, news, article_form):
    client = login(writer)
    response = client.post(ADD_URL, article_form(title="Harbour Reopens", section=news.pk, body="<p>Boats.</p>"))
    assert response.status_code == 302
    article = Article.objects.get(title="Harbour Reopens")
    assert article.status == Article.Status.DRAFT
    assert article.slug == "harbour-reopens"
    assert article.ordered_authors == [writer.author]


def test_writer_submits_for_review(writer, login, make_article, article_form):
    article = make_article(status=Article.Status.DRAFT, authors=[writer.author])
    response = login(writer).post(change_url(article), article_form(article, _submit_review="Submit for review"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert list(article.desk_notes.values_list("action", "user")) == [(DeskNote.Action.SUBMITTED, writer.pk)]


def test_writer_sees_only_desk_buttons_for_writers(writer, login, make_article):
    article = make_article(status=Article.Status.DRAFT, authors=[writer.author])
    html = login(writer).get(change_url(article)).content.decode()
    assert 'name="_submit_review"' in html
    assert 'name="_publish"' not in html
    assert 'name="_schedule"' not in html


@pytest.mark.parametrize("forged", [{"status": "published"}, {"_publish": "Publish now"}, {"_schedule": "Schedule"}])
def test_writer_cannot_publish_even_with_a_forged_post(writer, login, make_article, article_form, forged):
    article = make_article(status=Article.Status.REVIEW, authors=[writer.author])
    response = login(writer).post(
        change_url(article),
        article_form(article, published_at_0="2020-01-01", published_at_1="10:00:00", **forged),
    )
    assert response.status_code == 200  # the form comes back with the refusal
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert article.published_at is None
    assert not Article.objects.published().exists()


def test_writer_cannot_publish_a_new_article_with_a_forged_post(writer, login, news, article_form):
    login(writer).post(ADD_URL, article_form(title="Sneaky", section=news.pk, status="published"))
    assert not Article.objects.filter(status=Article.Status.PUBLISHED).exists()


def test_writer_cannot_open_or_change_another_writers_article(writer, make_user, login, make_article, article_form):
    other = make_user("Writer")
    article = make_article(title="Not Yours", status=Article.Status.DRAFT, authors=[other.author])
    client = login(writer)
    assert client.get(change_url(article)).status_code == 302  # “does not exist”, back to the list
    client.post(change_url(article), article_form(article, title="Hijacked"))
    article.refresh_from_db()
    assert article.title == "Not Yours"
    assert "Not Yours" not in client.get("/admin/articles/article/").content.decode()
    assert client.get(f"/admin/articles/article/{article.pk}/history/").status_code == 404
    assert client.get(f"/preview/article/{article.pk}/").status_code == 404


def test_writer_cannot_change_their_article_once_published(writer, login, make_article, article_form):
    article = make_article(title="Live Story", authors=[writer.author])
    client = login(writer)
    page = client.get(change_url(article)).content.decode()
    assert 'name="_save"' not in page  # a read-only view
    assert client.post(change_url(article), article_form(article, title="Rewritten")).status_code == 403
    article.refresh_from_db()
    assert article.title == "Live Story"


def test_writer_cannot_delete(writer, login, make_article):
    article = make_article(status=Article.Status.DRAFT, authors=[writer.author])
    response = login(writer).post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_writer_bulk_actions_offer_no_publishing(writer, login, make_article):
    make_article(status=Article.Status.DRAFT, authors=[writer.author])
    html = login(writer).get("/admin/articles/article/").content.decode()
    assert 'value="submit_for_review"' in html
    assert 'value="publish_now"' not in html
    assert 'value="delete_selected"' not in html


def test_writer_cannot_publish_with_a_forged_bulk_action(writer, login, make_article):
    article = make_article(status=Article.Status.REVIEW, authors=[writer.author])
    login(writer).post("/admin/articles/article/", {"action": "publish_now", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_writer_stays_on_the_byline_of_their_own_story(writer, make_author, login, make_article, article_form):
    guest = make_author("Guest Writer")
    article = make_article(status=Article.Status.DRAFT, authors=[writer.author])
    data = article_form(article)
    data["bylines-0-author"] = guest.pk  # replaces themselves with someone else
    login(writer).post(change_url(article), data)
    assert [b.author for b in Byline.objects.filter(article=article).order_by("position")] == [writer.author, guest]


def test_editor_publishes_now(editor, login, make_article, make_author, article_form):
    article = make_article(status=Article.Status.REVIEW, authors=[make_author()])
    response = login(editor).post(change_url(article), article_form(article, _publish="Publish now"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_published
    assert list(Article.objects.published()) == [article]
    assert article.desk_notes.get().action == DeskNote.Action.PUBLISHED


def test_editor_unpublishes(editor, login, client, make_article, article_form):
    article = make_article()
    assert client.get(article.get_absolute_url()).status_code == 200
    login(editor).post(change_url(article), article_form(article, _unpublish="Unpublish"))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404


def test_editor_sends_back_to_the_writer_with_a_note(editor, writer, login, make_article, article_form, mailoutbox):
    article = make_article(title="Needs Work", status=Article.Status.REVIEW, authors=[writer.author])
    login(editor).post(change_url(article), article_form(article, _send_back="Send back", desk_note="Second source, please."))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    note = article.desk_notes.get()
    assert (note.action, note.text, note.user) == (DeskNote.Action.SENT_BACK, "Second source, please.", editor)
    assert [m.to for m in mailoutbox] == [[writer.email]]
    page = login(writer).get(change_url(article)).content.decode()
    assert "Sent back to you" in page and "Second source, please." in page


def test_editor_bulk_publishes(editor, login, make_article, make_author):
    drafts = [make_article(status=Article.Status.REVIEW, authors=[make_author()]) for _ in range(3)]
    login(editor).post("/admin/articles/article/", {"action": "publish_now", "_selected_action": [a.pk for a in drafts]})
    assert Article.objects.published().count() == 3


def test_moderator_reads_articles_but_cannot_change_them(moderator, login, make_article, article_form):
    article = make_article(title="Read Only")
    client = login(moderator)
    assert "Read Only" in client.get("/admin/articles/article/").content.decode()
    page = client.get(change_url(article))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(change_url(article), article_form(article, title="Changed")).status_code == 403
    assert client.get(ADD_URL).status_code == 403
    article.refresh_from_db()
    assert article.title == "Read Only"


def test_moderator_works_the_comment_queue(moderator, login):
    assert login(moderator).get("/admin/comments/comment/").status_code == 200


# Publishing asks for what a public story needs: a headline and section (the form always did), a body
# and a byline. The form comes back with what was typed, nothing saved.


def test_empty_article_cannot_go_live(editor, login, client, news, article_form):
    response = login(editor).post(ADD_URL, article_form(title="Nothing Here Yet", section=news.pk, status="published",
                                                        standfirst="Typed, and kept.", _publish="Publish now"))
    html = response.content.decode()
    assert (response.status_code, Article.objects.count()) == (200, 0)
    assert "Not published: a story needs its text before it goes live." in html
    assert "Not published: a story needs a byline before it goes live." in html
    assert 'value="Nothing Here Yet"' in html and "Typed, and kept." in html
    assert client.get("/").status_code == 200 and "Nothing Here Yet" not in client.get("/").content.decode()


def test_story_with_body_but_no_byline_cannot_be_scheduled(editor, login, make_article, article_form):
    article = make_article(status=Article.Status.REVIEW, body="<p>Words.</p>")
    data = article_form(article, _schedule="Schedule", published_at_0="2099-01-01", published_at_1="10:00:00")
    response = login(editor).post(change_url(article), data)
    assert "Not published: a story needs a byline before it goes live." in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_byline_with_only_a_role_is_not_a_byline(editor, login, news, make_author, article_form):
    data = article_form(title="Photos Only", section=news.pk, body="<p>Words.</p>", _publish="Publish now", **{
        "bylines-TOTAL_FORMS": "1", "bylines-0-author": make_author().pk, "bylines-0-role": "Photos by", "bylines-0-position": "0",
    })
    response = login(editor).post(ADD_URL, data)
    assert "needs a byline" in response.content.decode() and not Article.objects.exists()


def test_story_with_body_and_byline_goes_live(editor, login, client, news, make_author, article_form):
    data = article_form(title="Ready", section=news.pk, body="<p>Words.</p>", _publish="Publish now", **{
        "bylines-TOTAL_FORMS": "1", "bylines-0-author": make_author("Kevin Zhang").pk, "bylines-0-position": "0",
    })
    assert login(editor).post(ADD_URL, data).status_code == 302
    assert client.get(Article.objects.get().get_absolute_url()).status_code == 200


def test_bulk_publish_leaves_out_stories_without_body_or_byline(editor, login, make_article, make_author):
    ready = make_article(status=Article.Status.REVIEW, authors=[make_author()])
    empty = make_article(title="Empty One", status=Article.Status.REVIEW, body="")
    response = login(editor).post(
        "/admin/articles/article/", {"action": "publish_now", "_selected_action": [ready.pk, empty.pk]}, follow=True
    )
    assert list(Article.objects.published()) == [ready]
    assert "“Empty One” lacks a body and a byline." in response.content.decode()


def test_writer_reads_their_own_live_story_rendered_not_as_html_source(writer, login, make_article):
    article = make_article(body="<h2>Inside the talks</h2><p>The envoys met for <strong>three hours</strong>.</p>")
    Byline.objects.create(article=article, author=writer.author, position=0)
    html = login(writer).get(change_url(article)).content.decode()
    assert 'name="_save"' not in html  # read only: a live story is the desk's
    assert '<div class="body-rendered"><h2>Inside the talks</h2><p>The envoys met for <strong>three hours</strong>.</p></div>' in html
    assert "&lt;p&gt;" not in html


def test_writers_see_no_recover_link_editors_do(writer, editor, login, make_article):
    assert "Recover deleted" not in login(writer).get("/admin/articles/article/").content.decode()
    assert "Recover deleted" not in login(writer).get("/admin/articles/photo/").content.decode()
    html = login(editor).get("/admin/articles/article/").content.decode()
    assert re.search(r"<a href=\"/admin/articles/article/recover/\"[^>]*>Recover deleted articles</a>", html)


def test_author_form_shows_the_address_a_slug_makes(editor, login):
    html = login(editor).get("/admin/authors/author/add/").content.decode()
    assert "/author//." not in html
    assert "The author page's address: “kevin-zhang” gives /author/kevin-zhang/." in html
