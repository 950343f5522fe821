"""Every save is a version: history with who and when, a readable diff, restore, and recovery of deleted articles."""

import re

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
