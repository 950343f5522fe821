"""Every save is a version: history with who and when, a readable diff, restore, and recovery of deleted articles."""

import re
from html.parser import HTMLParser

import pytest
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article

from .conftest import ADD_URL, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(editor, login, news, article_form):
    """An article written and then edited twice in the admin by an editor."""
    client = login(editor)
    client.post(ADD_URL, article_form(title="Bridge Closes", section=news.pk, body="<p>The bridge closed on Monday.</p>"))
    article = Article.objects.get()
    client.post(change_url(article), article_form(article, body="<p>The bridge closed on Tuesday after an inspection.</p>"))
    article.refresh_from_db()
    client.post(change_url(article), article_form(article, title="Old Bridge Closes"))
    article.refresh_from_db()
    return article


def versions_of(article):
    return list(Version.objects.get_for_object(article).order_by("pk"))


def test_every_save_is_kept_with_who_and_when(edited, editor, login):
    assert len(versions_of(edited)) == 3
    html = login(editor).get(f"/admin/articles/article/{edited.pk}/history/").content.decode()
    assert html.count('name="from"') == 3
    assert html.count(editor.get_full_name()) >= 3
    assert "Restore this version" in html


def test_diff_between_two_versions_shows_words_removed_and_added(edited, editor, login):
    first, second, _ = versions_of(edited)
    response = login(editor).get(
        f"/admin/articles/article/{edited.pk}/history/compare/", {"from": first.pk, "to": second.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>Monday.</del>" in html
    assert "<ins>Tuesday after an inspection.</ins>" in html
    assert "The bridge closed on" in html


def test_restore_brings_back_the_old_text_as_a_new_version(edited, editor, login, article_form):
    first = versions_of(edited)[0]
    client = login(editor)
    page = client.get(f"/admin/articles/article/{edited.pk}/history/{first.pk}/")
    assert page.status_code == 200 and "Press “Save” to restore it" in page.content.decode()
    edited.refresh_from_db()
    assert edited.title == "Old Bridge Closes"  # looking changed nothing
    # The restore form as the browser posts it back: the old text, and the version it was opened at.
    restored_form = article_form(edited, title="Bridge Closes", body="<p>The bridge closed on Monday.</p>")
    response = client.post(f"/admin/articles/article/{edited.pk}/history/{first.pk}/", restored_form)
    assert response.status_code == 302
    edited.refresh_from_db()
    assert (edited.title, edited.body) == ("Bridge Closes", "<p>The bridge closed on Monday.</p>")
    assert edited.version == 4
    assert len(versions_of(edited)) == 4


def test_restore_form_carries_the_current_version_so_it_saves(edited, editor, login):
    first = versions_of(edited)[0]
    html = login(editor).get(f"/admin/articles/article/{edited.pk}/history/{first.pk}/").content.decode()
    assert f'name="loaded_version" value="{edited.version}"' in html


def test_deleted_article_can_be_recovered_with_its_bylines(editor, login, make_author, news, article_form):
    author = make_author("Kevin Zhang")
    client = login(editor)
    data = article_form(title="Gone Tomorrow", section=news.pk)
    data.update({"bylines-TOTAL_FORMS": "1", "bylines-0-author": author.pk, "bylines-0-position": "0"})
    client.post(ADD_URL, data)
    article = Article.objects.get()
    assert client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Article.objects.exists()

    listing = client.get("/admin/articles/article/recover/").content.decode()
    assert "Gone Tomorrow" in listing
    version = Version.objects.get_deleted(Article).get()
    page = client.get(f"/admin/articles/article/recover/{version.pk}/").content.decode()
    loaded = re.search(r'name="loaded_version" value="(\d+)"', page).group(1)
    response = client.post(f"/admin/articles/article/recover/{version.pk}/", article_form(
        title="Gone Tomorrow", section=news.pk, loaded_version=loaded,
        **{"bylines-TOTAL_FORMS": "1", "bylines-INITIAL_FORMS": "1", "bylines-0-id": version.revision.version_set.exclude(pk=version.pk).get().object_id,
           "bylines-0-article": article.pk, "bylines-0-author": author.pk, "bylines-0-position": "0"},
    ))
    assert response.status_code == 302, [str(e) for e in response.context["errors"]]
    recovered = Article.objects.get()
    assert (recovered.pk, recovered.title, recovered.ordered_authors) == (article.pk, "Gone Tomorrow", [author])


def test_writer_cannot_recover_deleted_articles(writer, login):
    assert login(writer).get("/admin/articles/article/recover/").status_code == 403


# Tags are part of every version: the diff shows them and restore and recover bring them back.


def tags_on_page(html):
    return re.search(r'name="tags" value="([^"]*)"', html).group(1)


@pytest.fixture
def retagged(editor, login, news, article_form):
    """An article saved with two tags, then retagged, then given a new tag that is deleted again."""
    client = login(editor)
    client.post(ADD_URL, article_form(title="Envoys Meet", section=news.pk, tags="Geneva, Diplomacy"))
    article = Article.objects.get()
    client.post(change_url(article), article_form(article, tags="Geneva, Trade"))
    article.refresh_from_db()
    return article


def test_diff_shows_tags_removed_and_added(retagged, editor, login):
    first, second = versions_of(retagged)
    html = login(editor).get(
        f"/admin/articles/article/{retagged.pk}/history/compare/", {"from": first.pk, "to": second.pk}
    ).content.decode()
    assert re.search(r"<h2>Tags</h2>\s*<div class=\"diff\">(.*?)</div>", html).group(1) == (
        "<del>Diplomacy</del>, Geneva, <ins>Trade</ins>"
    )


def test_restore_brings_back_the_tags_of_the_version(retagged, editor, login, article_form):
    first = versions_of(retagged)[0]
    client = login(editor)
    url = f"/admin/articles/article/{retagged.pk}/history/{first.pk}/"
    page = client.get(url).content.decode()
    assert tags_on_page(page) == "Diplomacy, Geneva"
    assert sorted(retagged.tags.names()) == ["Geneva", "Trade"]  # looking changed nothing
    response = client.post(url, article_form(retagged, tags=tags_on_page(page)))
    assert response.status_code == 302
    assert sorted(Article.objects.get().tags.names()) == ["Diplomacy", "Geneva"]


def test_restore_makes_again_a_tag_deleted_since(retagged, editor, login, article_form):
    first = versions_of(retagged)[0]
    Tag.objects.filter(name="Diplomacy").delete()
    client = login(editor)
    url = f"/admin/articles/article/{retagged.pk}/history/{first.pk}/"
    page = client.get(url).content.decode()
    assert (tags_on_page(page), Tag.objects.filter(name="Diplomacy").exists()) == ("Diplomacy, Geneva", False)
    assert client.post(url, article_form(retagged, tags=tags_on_page(page))).status_code == 302
    assert sorted(Article.objects.get().tags.names()) == ["Diplomacy", "Geneva"]


def test_deleted_article_is_recovered_with_its_tags(retagged, editor, login, article_form, news):
    client = login(editor)
    assert client.post(f"/admin/articles/article/{retagged.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Article.objects.exists()
    version = Version.objects.get_deleted(Article).get()
    url = f"/admin/articles/article/recover/{version.pk}/"
    page = client.get(url).content.decode()
    assert tags_on_page(page) == "Geneva, Trade"
    loaded = re.search(r'name="loaded_version" value="(\d+)"', page).group(1)
    response = client.post(url, article_form(
        title="Envoys Meet", slug="envoys-meet", section=news.pk, tags=tags_on_page(page), loaded_version=loaded
    ))
    assert response.status_code == 302, [str(e) for e in response.context["errors"]]
    assert sorted(Article.objects.get(pk=retagged.pk).tags.names()) == ["Geneva", "Trade"]


# Restore brings back the content (headline, standfirst, body, tags, bylines, photo), never by itself
# the story's place on the desk: status, publication time, address, corrections.


class FormValues(HTMLParser):
    """The values a browser would post from a page's main form, buttons left out."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values[name] = attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def form_values(html):
    parser = FormValues()
    parser.feed(html)
    parser.values.pop("csrfmiddlewaretoken", None)
    return parser.values


@pytest.fixture
def live_story(editor, login, news, make_author, make_photo, article_form):
    """
    A story written as a draft, published by an editor, then given a correction, a second byline,
    another photo and a new headline and address: its first public address now redirects.
    """
    kevin, ann = make_author("Kevin Zhang"), make_author("Ann Lee")
    first_photo, second_photo = make_photo(caption="The old bridge"), make_photo(caption="The new bridge")
    client = login(editor)
    client.post(ADD_URL, article_form(
        title="Bridge Closes", slug="bridge-closes", section=news.pk, standfirst="For repairs.", photo=first_photo.pk,
        body="<p>The bridge closed on Monday.</p>", tags="Bridges",
        **{"bylines-TOTAL_FORMS": "1", "bylines-0-author": kevin.pk, "bylines-0-position": "0"},
    ))
    article = Article.objects.get()
    assert client.post(change_url(article), article_form(article, photo=first_photo.pk, tags="Bridges", _publish="1")).status_code == 302
    article.refresh_from_db()
    assert article.is_published
    data = article_form(
        article, title="Old Bridge Closes", slug="old-bridge-closes", body="<p>The bridge closed on Tuesday.</p>",
        photo=second_photo.pk, tags="Bridges, Repairs",
        **{"corrections-TOTAL_FORMS": "1", "corrections-0-kind": "correction",
           "corrections-0-text": "The bridge closed on Tuesday, not Monday.",
           "corrections-0-published_at_0": "2026-01-02", "corrections-0-published_at_1": "10:00:00",
           "bylines-TOTAL_FORMS": "2", "bylines-1-author": ann.pk, "bylines-1-position": "1"},
    )
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    return article


def restore(client, article, version):
    """Open “Restore this version” and press Save with what the form carries, as an editor would."""
    url = f"/admin/articles/article/{article.pk}/history/{version.pk}/"
    values = form_values(client.get(url).content.decode())
    response = client.post(url, values)
    assert response.status_code == 302, [str(e) for e in response.context["errors"]]
    return values


def test_restoring_an_old_version_keeps_a_live_story_live_with_its_correction(live_story, editor, login, client):
    published_at, corrections = live_story.published_at, list(live_story.corrections.values_list("text", flat=True))
    values = restore(login(editor), live_story, versions_of(live_story)[0])

    assert (values["status"], values["published_at_0"] != "") == (Article.Status.PUBLISHED, True)
    live_story.refresh_from_db()
    assert (live_story.title, live_story.body) == ("Bridge Closes", "<p>The bridge closed on Monday.</p>")
    assert (live_story.status, live_story.published_at, live_story.slug) == ("published", published_at, "old-bridge-closes")
    assert list(live_story.corrections.values_list("text", flat=True)) == corrections
    page = client.get("/news/old-bridge-closes/")
    assert page.status_code == 200 and "The bridge closed on Monday." in page.content.decode()
    assert "The bridge closed on Tuesday, not Monday." in page.content.decode()
    assert client.get("/news/bridge-closes/").headers.get("Location") == "/news/old-bridge-closes/"


def test_restore_brings_back_bylines_photo_and_tags_of_the_version(live_story, editor, login):
    first_photo = live_story.photo_id - 1
    restore(login(editor), live_story, versions_of(live_story)[0])
    live_story.refresh_from_db()
    assert [a.name for a in live_story.ordered_authors] == ["Kevin Zhang"]
    assert (live_story.photo_id, sorted(live_story.tags.names())) == (first_photo, ["Bridges"])


def test_restoring_the_newest_version_after_an_old_one_keeps_every_address(live_story, editor, login, client):
    client_editor = login(editor)
    restore(client_editor, live_story, versions_of(live_story)[0])
    restore(client_editor, live_story, versions_of(live_story)[2])
    live_story.refresh_from_db()
    assert (live_story.title, live_story.is_published) == ("Old Bridge Closes", True)
    assert client.get("/news/old-bridge-closes/").status_code == 200
    assert client.get("/news/bridge-closes/").headers.get("Location") == "/news/old-bridge-closes/"


def test_compare_shows_bylines_and_photo_a_restore_would_change(live_story, editor, login):
    first, _, second = versions_of(live_story)[:3]
    html = login(editor).get(
        f"/admin/articles/article/{live_story.pk}/history/compare/", {"from": first.pk, "to": second.pk}
    ).content.decode()
    diffs = dict(re.findall(r"<h2>(\w+)</h2>\s*<div class=\"diff\">(.*?)</div>", html, flags=re.S))
    assert list(diffs) == ["Headline", "Standfirst", "Body", "Tags", "Bylines", "Photo"]
    assert diffs["Bylines"] == "Kevin Zhang<ins>\nAnn Lee</ins>"
    assert "<del>The old bridge" in diffs["Photo"] and "<ins>The new bridge" in diffs["Photo"]
