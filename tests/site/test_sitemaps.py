import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import sitemaps

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def locs(response, tag="s:url"):
    root = ET.fromstring(response.content)
    return [el.find("s:loc", NS).text for el in root.findall(tag, NS)]


def test_sitemap_index_points_at_every_part_on_the_requests_host(client, settings, make_article):
    settings.ALLOWED_HOSTS = ["news.example"]
    make_article()

    response = client.get("/sitemap.xml", HTTP_HOST="news.example")

    assert response["Content-Type"] == "application/xml"
    assert locs(response, "s:sitemap") == [
        f"http://news.example/sitemap-{name}.xml" for name in ["pages", "sections", "articles", "authors", "tags"]
    ]


def test_sitemap_index_splits_large_parts(client, monkeypatch, make_article):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    for _ in range(5):
        make_article()

    index = locs(client.get("/sitemap.xml"), "s:sitemap")
    third = client.get("/sitemap-articles.xml?p=3")

    assert [url for url in index if "articles" in url] == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    assert len(locs(third)) == 1


def test_article_sitemap_lists_only_published_articles_with_lastmod(client, make_article):
    live = make_article(title="Live")
    make_article(title="Draft", status="draft")
    make_article(title="Later", published_at=timezone.now() + timedelta(days=1))

    response = client.get("/sitemap-articles.xml")
    root = ET.fromstring(response.content)

    assert locs(response) == [f"http://testserver{live.get_absolute_url()}"]
    assert root.find("s:url/s:lastmod", NS).text == live.published_at.date().isoformat()


def test_other_sitemap_parts_list_sections_authors_tags_and_pages(client, make_article, make_author, make_section, news):
    author = make_author()
    make_article(authors=[author], tags=["ferries"])
    make_author()  # no published article: no page worth listing

    # Each page once per language edition (the Chinese one under /zh-hans/).
    assert locs(client.get("/sitemap-sections.xml")) == ["http://testserver/news/", "http://testserver/zh-hans/news/"]
    assert locs(client.get("/sitemap-authors.xml")) == [
        f"http://testserver{author.get_absolute_url()}",
        f"http://testserver/zh-hans{author.get_absolute_url()}",
    ]
    assert locs(client.get("/sitemap-tags.xml")) == ["http://testserver/tag/ferries/", "http://testserver/zh-hans/tag/ferries/"]
    assert locs(client.get("/sitemap-pages.xml")) == [
        "http://testserver/",
        "http://testserver/zh-hans/",
        "http://testserver/sponsors/",
        "http://testserver/zh-hans/sponsors/",
    ]
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_news_sitemap_lists_the_last_two_days_with_news_fields(client, make_article):
    recent = make_article(title="Fresh & new", published_at=timezone.now() - timedelta(hours=47))
    make_article(title="Old", published_at=timezone.now() - timedelta(hours=49))

    response = client.get("/news-sitemap.xml")
    root = ET.fromstring(response.content)
    news = root.find("s:url/news:news", NS)

    assert locs(response) == [f"http://testserver{recent.get_absolute_url()}"]
    assert news.find("news:publication/news:name", NS).text == "Newsroom"
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:title", NS).text == "Fresh & new"
    assert news.find("news:publication_date", NS).text == timezone.localtime(recent.published_at).replace(microsecond=0).isoformat()


def test_robots_txt_points_at_both_sitemaps(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
        "Sitemap: http://testserver/news-sitemap.xml",
    ]
