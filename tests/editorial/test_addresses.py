"""Slugs from any script, unique where the address needs it, and old addresses that keep working."""

import pytest

from articles.models import Article, ArticleRedirect

from .conftest import ADD_URL, change_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Russian, American Diplomats Meet in Geneva", "russian-american-diplomats-meet-in-geneva"),
        ("美华文学 wins award", "美华文学-wins-award"),
        ("Café owners: “We’re staying”", "café-owners-were-staying"),
        ("2024", "article-2024"),
        ("!!!", "article"),
    ],
)
def test_slug_is_made_from_the_headline_in_any_script(editor, login, news, article_form, title, slug):
    login(editor).post(ADD_URL, article_form(title=title, section=news.pk))
    assert Article.objects.get().slug == slug


def test_long_headlines_are_cut_at_a_word(editor, login, news, article_form):
    title = "A very long headline " * 10
    login(editor).post(ADD_URL, article_form(title=title, section=news.pk))
    slug = Article.objects.get().slug
    assert len(slug) <= 80 and not slug.endswith("-") and title.lower().replace(" ", "-").startswith(slug)


def test_same_headline_in_one_section_gets_a_numbered_slug(editor, login, news, make_section, article_form):
    client = login(editor)
    for _ in range(2):
        client.post(ADD_URL, article_form(title="Budget Day", section=news.pk))
    client.post(ADD_URL, article_form(title="Budget Day", section=make_section("Sport").pk))
    assert sorted(Article.objects.values_list("section__slug", "slug")) == [
        ("news", "budget-day"), ("news", "budget-day-2"), ("sport", "budget-day"),
    ]


def test_changing_the_slug_redirects_the_old_address(editor, login, client, make_article, article_form):
    article = make_article(slug="mayor-quits")
    login(editor).post(change_url(article), article_form(article, slug="mayor-resigns"))
    response = client.get("/news/mayor-quits/")
    assert (response.status_code, response["Location"]) == (301, "/news/mayor-resigns/")
    assert client.get("/news/mayor-resigns/").status_code == 200


def test_moving_to_another_section_redirects_the_old_address(editor, login, client, make_article, make_section, article_form):
    article = make_article(slug="derby-result")
    sport = make_section("Sport")
    login(editor).post(change_url(article), article_form(article, section=sport.pk))
    response = client.get("/news/derby-result/")
    assert (response.status_code, response["Location"]) == (301, "/sport/derby-result/")


def test_moving_back_to_an_old_address_does_not_loop(editor, login, client, make_article, article_form):
    article = make_article(slug="first")
    editor_client = login(editor)
    editor_client.post(change_url(article), article_form(article, slug="second"))
    article.refresh_from_db()
    editor_client.post(change_url(article), article_form(article, slug="first"))
    assert client.get("/news/first/").status_code == 200
    assert client.get("/news/second/")["Location"] == "/news/first/"
    assert list(ArticleRedirect.objects.values_list("old_path", flat=True)) == ["news/second"]


def test_renaming_a_section_redirects_it_and_everything_under_it(editor, login, client, make_article, make_section, news):
    world = make_section("World", parent=news)
    article = make_article(section=world, slug="envoys-meet")
    login(editor).post(f"/admin/articles/section/{news.pk}/change/", {"name": "Headlines", "slug": "headlines", "position": 0})
    assert client.get("/news/")["Location"] == "/headlines/"
    assert client.get("/news/world/")["Location"] == "/headlines/world/"
    response = client.get("/news/world/envoys-meet/")
    assert (response.status_code, response["Location"]) == (301, "/headlines/world/envoys-meet/")
    assert client.get(response["Location"]).status_code == 200
    assert Article.objects.get(pk=article.pk).get_absolute_url() == "/headlines/world/envoys-meet/"


def test_old_address_of_an_unpublished_article_is_404(editor, login, client, make_article, article_form):
    article = make_article(slug="pulled")
    editor_client = login(editor)
    editor_client.post(change_url(article), article_form(article, slug="pulled-story"))
    article.refresh_from_db()
    editor_client.post(change_url(article), article_form(article, _unpublish="Unpublish"))
    assert client.get("/news/pulled/").status_code == 404


def test_unknown_address_is_still_404(client, news):
    assert client.get("/news/never-was/").status_code == 404
    assert client.get("/nowhere/").status_code == 404
