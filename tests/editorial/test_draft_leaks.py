"""Staff who may not open a draft learn nothing of it: not its address, not the tags only it carries."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db


def shortcut(article):
    return f"/admin/r/{ContentType.objects.get_for_model(Article).pk}/{article.pk}/"


@pytest.fixture
def bare_staff(db):
    return User.objects.create_user("intern", password=None, is_staff=True)


def suggestions(client, q):
    return client.get("/admin/articles/article/tags/suggest/", {"q": q}).json()["results"]


@pytest.mark.parametrize("when", ["draft", "scheduled"])
def test_view_on_site_shortcut_does_not_reveal_an_unpublished_address(bare_staff, login, make_article, when):
    kwargs = {"status": Article.Status.DRAFT} if when == "draft" else {"published_at": timezone.now() + timedelta(days=1)}
    article = make_article(title="Minister to resign", slug="minister-to-resign", **kwargs)
    response = login(bare_staff).get(shortcut(article))
    assert response.status_code == 404
    assert "minister-to-resign" not in response.get("Location", "")


def test_writer_cannot_follow_the_shortcut_to_another_writers_draft(writer, make_user, login, make_article):
    article = make_article(slug="their-scoop", status=Article.Status.DRAFT, authors=[make_user("Writer").author])
    assert login(writer).get(shortcut(article)).status_code == 404


def test_view_on_site_shortcut_still_leads_to_a_published_story(bare_staff, editor, login, make_article):
    article = make_article(slug="harbour-reopens")
    response = login(editor).get(shortcut(article))
    assert response.status_code == 302
    assert response["Location"].endswith("/news/harbour-reopens/")


def test_tag_suggestions_hide_tags_only_unpublished_stories_carry(writer, make_user, login, make_article):
    make_article(tags=["election results"], status=Article.Status.DRAFT, authors=[make_user("Writer").author])
    make_article(tags=["election embargo"], published_at=timezone.now() + timedelta(days=1))
    make_article(tags=["election day"])
    make_article(tags=["election notes"], status=Article.Status.DRAFT, authors=[writer.author])
    assert suggestions(login(writer), "elec") == ["election day", "election notes"]


def test_tag_suggestions_show_an_editor_every_tag(editor, login, make_article):
    make_article(tags=["election results"], status=Article.Status.DRAFT)
    make_article(tags=["election day"])
    assert suggestions(login(editor), "elec") == ["election day", "election results"]


def test_tag_list_hides_draft_only_tags_from_a_writer(writer, login, make_article):
    make_article(tags=["secret merger"], status=Article.Status.DRAFT)
    make_article(tags=["harbour"])
    html = login(writer).get("/admin/taggit/tag/").content.decode()
    assert "harbour" in html
    assert "secret merger" not in html


def test_tag_page_in_the_admin_names_no_draft_to_a_writer(writer, make_user, login, make_article):
    make_article(title="Minister to resign", tags=["politics"], status=Article.Status.DRAFT,
                 authors=[make_user("Writer").author])
    make_article(title="Budget passes", tags=["politics"])
    from taggit.models import Tag

    client = login(writer)
    tag = Tag.objects.get(name="politics")
    html = client.get(f"/admin/taggit/tag/{tag.pk}/change/").content.decode()
    assert "politics" in html
    assert "Minister to resign" not in html
    assert "Minister to resign" not in client.get("/admin/taggit/tag/").content.decode()
