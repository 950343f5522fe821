"""Embeds from a pasted address: which sites, which player, and oEmbed fetched by a task, never by a page."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings

from articles import embeds
from articles.models import Embed
from articles.tasks import fetch_embed

pytestmark = pytest.mark.django_db

# One address per provider, as a writer copies it from the browser's address bar, and its player.
ADDRESSES = [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10s", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://vimeo.com/76979871", "vimeo", "https://player.vimeo.com/video/76979871?dnt=1"),
    ("https://x.com/newsroom/status/1234567890", "x", "https://platform.twitter.com/embed/Tweet.html?id=1234567890&dnt=true"),
    ("https://twitter.com/newsroom/status/1234567890", "x", "https://platform.twitter.com/embed/Tweet.html?id=1234567890&dnt=true"),
    ("https://www.instagram.com/p/C1a2B3c4D5e/", "instagram", "https://www.instagram.com/p/C1a2B3c4D5e/embed/"),
    ("https://www.instagram.com/reel/C1a2B3c4D5e/", "instagram", "https://www.instagram.com/reel/C1a2B3c4D5e/embed/"),
    (
        "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3kq2bt5rt5k2a", "bluesky",
        "https://embed.bsky.app/embed/did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3kq2bt5rt5k2a",
    ),
    ("https://mastodon.social/@Gargron/109512345678901234", "mastodon", "https://mastodon.social/@Gargron/109512345678901234/embed"),
    ("https://www.tiktok.com/@scout2015/video/6718335390845095173", "tiktok", "https://www.tiktok.com/player/v1/6718335390845095173"),
    (
        "https://www.facebook.com/newsroom/posts/pfbid02abc", "facebook",
        "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fnewsroom%2Fposts%2Fpfbid02abc",
    ),
    (
        "https://www.facebook.com/newsroom/videos/1234567890/", "facebook",
        "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fnewsroom%2Fvideos%2F1234567890%2F",
    ),
    ("https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk", "spotify", "https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk"),
    (
        "https://soundcloud.com/forss/flickermood", "soundcloud",
        "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fforss%2Fflickermood&visual=false",
    ),
    (
        "https://podcasts.apple.com/us/podcast/the-daily/id1200361736?i=1000650000000", "apple_podcasts",
        "https://embed.podcasts.apple.com/us/podcast/the-daily/id1200361736?i=1000650000000",
    ),
]


@pytest.mark.parametrize("url, provider, player", ADDRESSES)
def test_match_each_provider_and_its_player(url, provider, player):
    found, _ = embeds.match(url)

    assert (found.key, embeds.player_url(url)) == (provider, player)


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # not https
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/https://youtu.be/dQw4w9WgXcQ",
        "https://mastodon.evil.example/@someone/109512345678901234",  # an instance not in EMBED_MASTODON_HOSTS
        "https://vimeo.com/channels",
        "javascript:alert(1)",
        "",
    ],
)
def test_match_refuses_other_addresses(url):
    assert embeds.match(url) == (None, None)


def test_frame_src_allows_exactly_the_players_hosts():
    frame_src = django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
    players = {"https://" + embeds.host_of(player) for _, _, player in ADDRESSES}

    assert players <= set(frame_src)
    assert sorted(frame_src) == sorted(f"https://{host}" for host in embeds.frame_hosts(django_settings.EMBED_MASTODON_HOSTS))


class OEmbedServer:
    """A provider's oEmbed endpoint on loopback: answers `answer` and remembers what it was asked."""

    def __init__(self, answer, status=200):
        self.requests = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append(parse_qs(urlsplit(self.path).query))
                body = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/oembed"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def oembed_server(settings):
    servers = []

    def start(provider, answer, status=200):
        server = OEmbedServer(answer, status)
        servers.append(server)
        settings.OEMBED_ENDPOINTS = {**settings.OEMBED_ENDPOINTS, provider: server.url}
        return server

    yield start
    for server in servers:
        server.close()


def test_fetch_embed_stores_title_and_author(oembed_server):
    server = oembed_server("vimeo", {"type": "video", "title": "The harbour at dawn", "author_name": "Jane Doe", "html": "<iframe></iframe>"})
    Embed.objects.remember(["https://vimeo.com/76979871"])

    fetch_embed.call("https://vimeo.com/76979871")

    embed = Embed.objects.get()
    assert (embed.provider, embed.title, embed.author_name, embed.error) == ("vimeo", "The harbour at dawn", "Jane Doe", "")
    assert embed.fetched_at is not None
    assert server.requests == [{"url": ["https://vimeo.com/76979871"], "format": ["json"], "maxwidth": ["720"]}]


def test_fetch_embed_takes_bluesky_player_from_the_answer(oembed_server):
    oembed_server("bluesky", {"html": '<blockquote data-bluesky-uri="at://did:plc:abc123/app.bsky.feed.post/3kq2"></blockquote>'})
    url = "https://bsky.app/profile/newsroom.example/post/3kq2"
    Embed.objects.remember([url])
    assert Embed.objects.get().player_url == ""  # a handle, not the DID the player needs

    fetch_embed.call(url)

    assert Embed.objects.get().player_url == "https://embed.bsky.app/embed/did:plc:abc123/app.bsky.feed.post/3kq2"


def test_fetch_embed_failure_is_noted_and_raised_for_a_retry(oembed_server):
    oembed_server("youtube", "not json at all")
    Embed.objects.remember(["https://youtu.be/dQw4w9WgXcQ"])

    with pytest.raises(ValueError):
        fetch_embed.call("https://youtu.be/dQw4w9WgXcQ")

    embed = Embed.objects.get()
    assert embed.error != "" and embed.title == ""


def test_saving_an_article_queues_the_fetch_once(make_article, django_capture_on_commit_callbacks, oembed_server):
    server = oembed_server("youtube", {"title": "Harbour tour"})
    body = '<p>Watch:</p><figure data-embed="https://youtu.be/dQw4w9WgXcQ"></figure>'

    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(body=body)
    with django_capture_on_commit_callbacks(execute=True):
        article.save()  # saved again: the address is known, nothing is fetched twice

    assert len(server.requests) == 1
    assert Embed.objects.get().title == "Harbour tour"


def test_article_page_never_calls_out(client, make_article, oembed_server):
    server = oembed_server("youtube", {"title": "Should not be asked"})
    article = make_article(body='<figure data-embed="https://youtu.be/dQw4w9WgXcQ"></figure>')  # on_commit not run: no task

    response = client.get(article.get_absolute_url())

    assert server.requests == []
    assert 'data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in response.content.decode()


def test_cached_page_gets_the_title_once_fetched(client, make_article, oembed_server):
    oembed_server("vimeo", {"title": "The harbour at dawn"})
    article = make_article(body='<figure data-embed="https://vimeo.com/76979871"></figure>')  # task not run: no commit
    assert "The harbour at dawn" not in client.get(article.get_absolute_url()).content.decode()

    fetch_embed.call("https://vimeo.com/76979871")

    assert "The harbour at dawn" in client.get(article.get_absolute_url()).content.decode()
