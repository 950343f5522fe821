import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Correction
from tests.conftest import media_url

pytestmark = pytest.mark.django_db


def head(response):
    return response.content.decode().split("</head>")[0]


def meta(html, key):
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return match and match.group(1)


def json_ld(response):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def story(make_tagged_photo_article, make_author, make_section, news):
    world = make_section("World", "world", parent=news)
    return make_tagged_photo_article(
        title="Diplomats meet",
        standfirst="Talks resume in Geneva.",
        section=world,
        authors=[make_author("Kevin Zhang", slug="kevin-zhang")],
        tags=["diplomacy"],
    )


def test_article_page_has_title_description_canonical_and_social_tags(client, story):
    html = head(client.get(story.get_absolute_url() + "?utm_source=x"))
    url = f"http://testserver{story.get_absolute_url()}"

    assert "<title>Diplomats meet – Newsroom</title>" in html
    assert meta(html, "description") == "Talks resume in Geneva."
    assert f'<link rel="canonical" href="{url}">' in html
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == "Diplomats meet"
    assert meta(html, "og:url") == url
    assert meta(html, "og:image").startswith(media_url("renditions/"))
    assert meta(html, "og:image:width") == "1000"
    assert meta(html, "og:image:alt") == "What the picture shows"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "article:tag") == "diplomacy"
    assert meta(html, "article:author") == "http://testserver/author/kevin-zhang/"


def test_article_json_ld_describes_the_news_article(client, story):
    Correction.objects.create(article=story, text="An earlier version misspelled Geneva.")
    Correction.objects.create(article=story, kind=Correction.Kind.UPDATE, text="Adds a quote.")

    article, crumbs = json_ld(client.get(story.get_absolute_url()))[0]
    url = f"http://testserver{story.get_absolute_url()}"

    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "Diplomats meet"
    assert article["mainEntityOfPage"]["@id"] == url
    assert article["datePublished"] == timezone.localtime(story.published_at).replace(microsecond=0).isoformat()
    assert article["dateModified"] == article["datePublished"]
    assert article["author"] == [{"@type": "Person", "name": "Kevin Zhang", "url": "http://testserver/author/kevin-zhang/"}]
    assert article["publisher"]["name"] == "Newsroom"
    assert article["publisher"]["logo"]["url"] == "http://testserver/static/img/logo.png"
    assert article["image"][0]["url"].startswith(media_url("renditions/"))
    assert article["image"][0]["width"] == 1000
    assert article["keywords"] == ["diplomacy"]
    assert [c["text"] for c in article["correction"]] == ["An earlier version misspelled Geneva."]
    assert "sponsor" not in article
    assert [(i["position"], i["name"], i["item"]) for i in crumbs["itemListElement"]] == [
        (1, "Home", "http://testserver/"),
        (2, "News", "http://testserver/news/"),
        (3, "World", "http://testserver/news/world/"),
        (4, "Diplomats meet", url),
    ]


def test_json_ld_cannot_be_broken_out_of_by_a_headline(client, make_article):
    article = make_article(title="</script><script>alert(1)</script>")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert json_ld(client.get(article.get_absolute_url()))[0][0]["headline"] == article.title


def test_updated_article_reports_its_modification_date(client, make_article):
    article = make_article(published_at=timezone.now() - timedelta(days=1))
    article.updated_at = timezone.now()
    article.save()

    data = json_ld(client.get(article.get_absolute_url()))[0][0]

    assert data["dateModified"] == timezone.localtime(article.updated_at).replace(microsecond=0).isoformat()


@pytest.mark.parametrize(
    "url, title, canonical",
    [
        ("/", "<title>Newsroom: the latest news</title>", "http://testserver/"),
        ("/news/?page=1&x=1", "<title>News – Newsroom</title>", "http://testserver/news/"),
        ("/tag/diplomacy/", "<title>Stories tagged “diplomacy” – Newsroom</title>", "http://testserver/tag/diplomacy/"),
        ("/author/kevin-zhang/", "<title>Kevin Zhang – Newsroom</title>", "http://testserver/author/kevin-zhang/"),
        ("/search/?q=geneva", "<title>Search: geneva – Newsroom</title>", "http://testserver/search/"),
        ("/sponsors/", "<title>Our sponsors – Newsroom</title>", "http://testserver/sponsors/"),
    ],
)
def test_every_page_has_a_title_description_canonical_and_card(client, story, url, title, canonical):
    html = head(client.get(url))

    assert title in html
    assert meta(html, "description")
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert meta(html, "og:url") == canonical
    assert meta(html, "twitter:card") in ("summary", "summary_large_image")


def test_later_pages_keep_their_page_number_in_the_canonical_url(client, make_article):
    for _ in range(21):
        make_article()

    html = head(client.get("/news/?page=2"))

    assert '<link rel="canonical" href="http://testserver/news/?page=2">' in html
    assert "<title>News, page 2 – Newsroom</title>" in html


def test_front_page_describes_the_site_and_its_search(client, make_article):
    make_article()

    (site,) = json_ld(client.get("/"))

    assert site["@type"] == "WebSite"
    assert site["url"] == "http://testserver/"
    assert site["potentialAction"]["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"


def test_author_page_describes_the_person(client, make_author, make_article):
    author = make_author("Ana Ruiz", title="Harbour reporter", website="https://ana.example/")
    make_article(authors=[author])

    (page,) = json_ld(client.get(author.get_absolute_url()))

    assert page["@type"] == "ProfilePage"
    assert page["mainEntity"]["name"] == "Ana Ruiz"
    assert page["mainEntity"]["jobTitle"] == "Harbour reporter"
    assert page["mainEntity"]["sameAs"] == ["https://ana.example/"]
    assert page["mainEntity"]["url"] == f"http://testserver{author.get_absolute_url()}"
