import pytest
from django.core.exceptions import ValidationError

from articles.models import Section

pytestmark = pytest.mark.django_db


def test_section_path_follows_the_tree_and_renames(make_section):
    news = make_section("News", "news")
    world = make_section("World", "world", parent=news)
    europe = make_section("Europe", "europe", parent=world)
    assert europe.path == "news/world/europe"
    news.slug = "latest"
    news.save()
    europe.refresh_from_db()
    assert europe.path == "latest/world/europe"


@pytest.mark.parametrize("slug", ["admin", "search", "feed", "tag", "author", "sitemap.xml"])
def test_root_section_cannot_take_a_reserved_name(slug):
    with pytest.raises(ValidationError) as error:
        Section(name="X", slug=slug).full_clean()
    assert "slug" in error.value.message_dict


def test_section_slug_cannot_be_all_digits():
    with pytest.raises(ValidationError):
        Section(name="Year", slug="2024").full_clean()


def test_child_section_cannot_take_an_article_slug_of_its_parent(news, make_article):
    make_article(section=news, slug="budget")
    with pytest.raises(ValidationError):
        Section(name="Budget", slug="budget", parent=news).full_clean()


def test_section_cannot_be_moved_under_its_own_child(make_section):
    news = make_section("News", "news")
    world = make_section("World", "world", parent=news)
    news.parent = world
    with pytest.raises(ValidationError):
        news.full_clean()


def test_section_page_lists_articles_of_subsections(client, news, make_section, make_article):
    world = make_section("World", "world", parent=news)
    make_article(title="From World", section=world)
    html = client.get("/news/").content.decode()
    assert "From World" in html
    assert client.get("/news/world/").status_code == 200
