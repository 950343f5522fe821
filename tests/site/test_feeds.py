import feedparser
import pytest
from django.utils import timezone

from tests.conftest import media_url

pytestmark = pytest.mark.django_db

FEEDS = [
    ("/feed/", "rss20"),
    ("/feed/atom/", "atom10"),
    ("/news/feed/", "rss20"),
    ("/news/feed/atom/", "atom10"),
    ("/author/{author}/feed/", "rss20"),
    ("/author/{author}/feed/atom/", "atom10"),
    ("/tag/harbour/feed/", "rss20"),
    ("/tag/harbour/feed/atom/", "atom10"),
]


@pytest.fixture
def story(make_tagged_photo_article, make_author):
    return make_tagged_photo_article(
        title="Ferry returns",
        standfirst="The harbour ferry runs again after a year.",
        authors=[make_author("Ana Ruiz"), make_author("Bo Li")],
    )


@pytest.mark.parametrize("url, version", FEEDS)
def test_feed_parses_cleanly_with_bylines_dates_standfirst_and_photo(client, settings, story, url, version):
    settings.ALLOWED_HOSTS = ["news.example"]
    url = url.format(author=story.ordered_authors[0].slug)

    response = client.get(url, HTTP_HOST="news.example")
    feed = feedparser.parse(response.content)
    entry = feed.entries[0]

    assert feed.bozo == 0
    assert feed.version == version
    assert response["Content-Type"].endswith("charset=utf-8")
    assert entry.title == "Ferry returns"
    assert entry.link == f"http://news.example{story.get_absolute_url()}"
    assert entry.author == "Ana Ruiz and Bo Li"
    assert entry.summary == "The harbour ferry runs again after a year."
    assert entry.published_parsed[:5] == timezone.localtime(story.published_at).utctimetuple()[:5]
    enclosures = [link for link in entry.links if link.rel == "enclosure"]
    assert enclosures[0].type == "image/jpeg"
    assert enclosures[0].href.startswith(media_url("renditions/", base="http://news.example"))
    assert int(enclosures[0].length) > 0
    assert [t.term for t in entry.tags] == ["News", "harbour"]


def test_site_feed_leaves_out_drafts_and_scheduled_stories(client, make_article):
    make_article(title="Live")
    make_article(title="Draft", status="draft")
    make_article(title="Later", published_at=timezone.now() + timezone.timedelta(hours=1))

    feed = feedparser.parse(client.get("/feed/").content)

    assert [e.title for e in feed.entries] == ["Live"]


def test_section_feed_includes_subsections_and_unknown_feeds_are_not_found(client, make_article, make_section, news):
    world = make_section("World", "world", parent=news)
    make_article(title="Abroad", section=world)
    make_section("Business", "business")

    feed = feedparser.parse(client.get("/news/feed/").content)

    assert [e.title for e in feed.entries] == ["Abroad"]
    assert feed.feed.title == "News – Newsroom"
    assert client.get("/nowhere/feed/").status_code == 404
    assert client.get("/tag/nothing/feed/").status_code == 404
    assert client.get("/author/nobody/feed/").status_code == 404


def test_sponsored_story_is_disclosed_in_feeds(client, make_article, make_sponsor):
    make_article(title="Spring sale", standfirst="Bargains.", sponsor=make_sponsor("Corner Shop"))

    entry = feedparser.parse(client.get("/feed/").content).entries[0]

    assert entry.title == "Sponsored: Spring sale"
    assert entry.summary == "Sponsored content from Corner Shop. Bargains."
    assert entry.tags[0].term == "Sponsored content"


@pytest.mark.parametrize(
    "url, feeds",
    [
        ("/", ["/feed/", "/feed/atom/"]),
        ("/news/", ["/feed/", "/feed/atom/", "/news/feed/", "/news/feed/atom/"]),
        ("/tag/harbour/", ["/feed/", "/feed/atom/", "/tag/harbour/feed/", "/tag/harbour/feed/atom/"]),
    ],
)
def test_pages_advertise_their_feeds(client, make_tagged_photo_article, url, feeds):
    make_tagged_photo_article()

    html = client.get(url).content.decode()
    head = html.split("</head>")[0]

    assert [part.split('href="')[1].split('"')[0] for part in head.split('<link rel="alternate" type=')[1:]] == feeds


def test_author_page_advertises_the_author_feeds(client, story):
    author = story.ordered_authors[0]

    head = client.get(author.get_absolute_url()).content.decode().split("</head>")[0]

    assert f'type="application/rss+xml" title="Ana Ruiz – Newsroom (RSS)" href="/author/{author.slug}/feed/"' in head
    assert f'type="application/atom+xml" title="Ana Ruiz – Newsroom (Atom)" href="/author/{author.slug}/feed/atom/"' in head


@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_no_feed_for_a_tag_or_author_with_nothing_public(client, make_article, make_author, suffix):
    from datetime import timedelta

    author = make_author("Embargoed Byline")
    make_article(status="draft", tags=["secret-merger"], authors=[author])
    make_article(published_at=timezone.now() + timedelta(days=1), tags=["secret-merger"], authors=[author])
    assert client.get(f"/tag/secret-merger/{suffix}").status_code == 404
    assert client.get(f"{author.get_absolute_url()}{suffix}").status_code == 404
