"""Tags are shared by the whole site: renaming and merging them is an editor's job, checked on the server."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from taggit.models import Tag

from tests.editorial.conftest import editor, login, make_user, moderator, writer  # noqa: F401

pytestmark = pytest.mark.django_db

TAGS = "/admin/taggit/tag/"


def merge(client, tags, into, confirm=True):
    data = {"action": "merge_tags", ACTION_CHECKBOX_NAME: [t.pk for t in tags]}
    if confirm:
        data.update(apply_merge="1", name=into)
    return client.post(TAGS, data)


def test_writer_cannot_merge_tags(writer, login, make_article):  # noqa: F811
    article = make_article(tags=["harbour", "port"])
    tags = list(Tag.objects.order_by("name"))
    response = merge(login(writer), tags, "shipping")
    assert response.status_code in (200, 302, 403)
    assert sorted(article.tags.names()) == ["harbour", "port"]
    assert not Tag.objects.filter(name="shipping").exists()
    # Not even the old merge address of django-taggit is there to call.
    assert login(writer).post(TAGS + "merge-tags/", {"new_tag_name": "shipping"}).status_code in (302, 403, 404)
    assert not Tag.objects.filter(name="shipping").exists()


def test_writer_cannot_rename_a_tag(writer, login, make_article):  # noqa: F811
    make_article(tags=["harbour"])
    tag = Tag.objects.get()
    response = login(writer).post(f"{TAGS}{tag.pk}/change/", {"name": "renamed", "slug": "renamed"})
    assert response.status_code == 403
    tag.refresh_from_db()
    assert tag.name == "harbour"


def test_moderator_cannot_reach_tags_and_nothing_is_created(moderator, login, make_article):  # noqa: F811
    make_article(tags=["harbour", "port"])
    client = login(moderator)
    assert client.get(TAGS).status_code == 403
    response = merge(client, list(Tag.objects.all()), "shipping")
    assert response.status_code == 403
    response = client.post(TAGS + "merge-tags/", {"new_tag_name": "shipping"})
    assert response.status_code in (302, 403, 404)
    assert not Tag.objects.filter(name="shipping").exists()


def test_editor_merges_tags_into_one(editor, login, make_article):  # noqa: F811
    first = make_article(tags=["harbour", "port"])
    second = make_article(tags=["port"])
    tags = list(Tag.objects.order_by("name"))
    client = login(editor)
    confirm_page = merge(client, tags, "", confirm=False)
    assert "Merge 2 tags" in confirm_page.content.decode()
    response = merge(client, tags, "Shipping")
    assert response.status_code == 302
    assert first.tags.names() == ["Shipping"] or list(first.tags.names()) == ["Shipping"]
    assert list(second.tags.names()) == ["Shipping"]
    assert list(Tag.objects.values_list("name", flat=True)) == ["Shipping"]


def test_editor_merges_into_an_existing_tag(editor, login, make_article):  # noqa: F811
    article = make_article(tags=["harbour", "port"])
    make_article(tags=["ports"])
    tags = list(Tag.objects.filter(name__in=["harbour", "ports"]))
    merge(login(editor), tags, "port")
    assert list(article.tags.names()) == ["port"]
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["port"]


def test_editor_renames_a_tag(editor, login, make_article):  # noqa: F811
    article = make_article(tags=["harbour"])
    tag = Tag.objects.get()
    response = login(editor).post(f"{TAGS}{tag.pk}/change/", {"name": "Harbour", "slug": "harbour"})
    assert response.status_code == 302
    assert list(article.tags.names()) == ["Harbour"]


def test_a_tag_of_symbols_only_gets_a_slug_and_its_story_a_page(client, make_article):
    article = make_article(tags=["☃", "😍"])
    slugs = sorted(article.tags.values_list("slug", flat=True))
    assert all(slug.startswith("tag-") and len(slug) == 14 for slug in slugs)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert client.get(f"/tag/{slugs[0]}/").status_code == 200
    assert client.get("/sitemap-tags.xml").status_code == 200
