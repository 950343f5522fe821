"""
Video, social posts and podcast players in an article's body, from a pasted address.

The body keeps only the address (`<figure data-embed="https://...">`). Which sites may be embedded is
a fixed list (PROVIDERS): an address no provider claims stays a plain link, and the site never goes
looking for an oEmbed endpoint on a page it was given. For each address the provider says

- how the player's address is made from it (the frame a reader loads after clicking), always on the
  provider's own player host, which is what the pages' CSP frame-src allows (settings.EMBED_FRAME_HOSTS);
- where its oEmbed endpoint is, if it has one that needs no account: a background task (tasks.py)
  asks it once for the title and the author and stores them on an `Embed` row, so that a page never
  calls out while a reader waits. Instagram and Facebook answer oEmbed only with an app token: their
  placeholder names the provider and the address.

Readers see a placeholder (provider, title, a button) and load the third party only by clicking it
(static/js/embeds.js): until then the provider learns nothing about them.
"""

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings

# An oEmbed answer bigger than this is not metadata.
MAX_OEMBED_BYTES = 256 * 1024
FETCH_TIMEOUT = 10


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    patterns: tuple
    endpoint: str = ""
    kind: str = "video"  # video, post or audio: how the placeholder is shaped
    player: object = None  # (match, url, oembed data) -> the player's address, or ""
    hosts: tuple = field(default=())  # the player's host(s), for frame-src


def _mastodon_hosts():
    return tuple(settings.EMBED_MASTODON_HOSTS)


def _bluesky_player(match, url, data):
    # The player needs the account's DID: the address may carry it, else oEmbed's answer does.
    actor, rkey = match["actor"], match["rkey"]
    if not actor.startswith("did:"):
        found = re.search(r"at://(did:[a-z0-9:._-]+)/app\.bsky\.feed\.post/", (data or {}).get("html", ""), re.I)
        if not found:
            return ""
        actor = found[1]
    return f"https://embed.bsky.app/embed/{actor}/app.bsky.feed.post/{rkey}"


PROVIDERS = (
    Provider(
        "youtube", "YouTube",
        (
            r"https://(?:www\.|m\.)?youtube\.com/watch\?(?:[^#]*&)?v=(?P<id>[\w-]{11})",
            r"https://(?:www\.|m\.)?youtube\.com/(?:shorts|live|embed)/(?P<id>[\w-]{11})",
            r"https://youtu\.be/(?P<id>[\w-]{11})",
        ),
        endpoint="https://www.youtube.com/oembed",
        # The no-cookie player: nothing is stored in the reader's browser until they press play.
        player=lambda m, url, data: f"https://www.youtube-nocookie.com/embed/{m['id']}",
        hosts=("www.youtube-nocookie.com",),
    ),
    Provider(
        "vimeo", "Vimeo",
        (r"https://(?:www\.)?vimeo\.com/(?:channels/[\w-]+/)?(?P<id>\d+)", r"https://player\.vimeo\.com/video/(?P<id>\d+)"),
        endpoint="https://vimeo.com/api/oembed.json",
        player=lambda m, url, data: f"https://player.vimeo.com/video/{m['id']}?dnt=1",
        hosts=("player.vimeo.com",),
    ),
    Provider(
        "x", "X",
        (r"https://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w{1,15}/status(?:es)?/(?P<id>\d+)",),
        endpoint="https://publish.twitter.com/oembed",
        kind="post",
        player=lambda m, url, data: f"https://platform.twitter.com/embed/Tweet.html?id={m['id']}&dnt=true",
        hosts=("platform.twitter.com",),
    ),
    Provider(
        "instagram", "Instagram",
        (r"https://(?:www\.)?instagram\.com/(?:[\w.]+/)?(?P<type>p|reel|tv)/(?P<code>[\w-]+)",),
        kind="post",
        player=lambda m, url, data: f"https://www.instagram.com/{m['type']}/{m['code']}/embed/",
        hosts=("www.instagram.com",),
    ),
    Provider(
        "bluesky", "Bluesky",
        (r"https://bsky\.app/profile/(?P<actor>[\w.:-]+)/post/(?P<rkey>[\w]+)",),
        endpoint="https://embed.bsky.app/oembed",
        kind="post",
        player=_bluesky_player,
        hosts=("embed.bsky.app",),
    ),
    Provider(
        "mastodon", "Mastodon",
        # The instances are a setting (EMBED_MASTODON_HOSTS); `{hosts}` is filled in from it.
        (r"https://(?P<host>{hosts})/@(?P<user>[\w.-]+(?:@[\w.-]+)?)/(?P<id>\d+)",),
        endpoint="https://{host}/api/oembed",
        kind="post",
        player=lambda m, url, data: f"https://{m['host']}/@{m['user']}/{m['id']}/embed",
    ),
    Provider(
        "tiktok", "TikTok",
        (r"https://(?:www\.)?tiktok\.com/@[\w.-]+/video/(?P<id>\d+)",),
        endpoint="https://www.tiktok.com/oembed",
        player=lambda m, url, data: f"https://www.tiktok.com/player/v1/{m['id']}",
        hosts=("www.tiktok.com",),
    ),
    Provider(
        "facebook", "Facebook",
        (
            r"https://(?:www\.)?facebook\.com/(?P<path>[\w.-]+/(?P<type>posts|videos)/[\w.-]+)/?",
            r"https://(?:www\.)?facebook\.com/(?P<type>watch)/?\?v=\d+",
        ),
        kind="post",
        player=lambda m, url, data: (
            "https://www.facebook.com/plugins/"
            + ("video.php" if m["type"] in ("videos", "watch") else "post.php")
            + "?"
            + urlencode({"href": url})
        ),
        hosts=("www.facebook.com",),
    ),
    Provider(
        "spotify", "Spotify",
        (r"https://open\.spotify\.com/(?:intl-\w+/)?(?P<type>episode|show|track|album|playlist)/(?P<id>\w+)",),
        endpoint="https://open.spotify.com/oembed",
        kind="audio",
        player=lambda m, url, data: f"https://open.spotify.com/embed/{m['type']}/{m['id']}",
        hosts=("open.spotify.com",),
    ),
    Provider(
        "soundcloud", "SoundCloud",
        (r"https://(?:www\.|m\.)?soundcloud\.com/[\w-]+/[\w-]+(?:/[\w-]+)?/?",),
        endpoint="https://soundcloud.com/oembed",
        kind="audio",
        player=lambda m, url, data: f"https://w.soundcloud.com/player/?url={quote(url, safe='')}&visual=false",
        hosts=("w.soundcloud.com",),
    ),
    Provider(
        "apple_podcasts", "Apple Podcasts",
        (r"https://podcasts\.apple\.com/(?P<path>(?:\w\w/)?podcast/[^?#]*?/?id\d+(?:\?i=\d+)?)",),
        kind="audio",
        player=lambda m, url, data: f"https://embed.podcasts.apple.com/{m['path']}",
        hosts=("embed.podcasts.apple.com",),
    ),
)


def frame_hosts(mastodon_hosts=()):
    """Every host a player may load from: what the pages' CSP frame-src must allow."""
    return sorted({host for provider in PROVIDERS for host in provider.hosts} | set(mastodon_hosts))


def _pattern(provider, pattern):
    if "{hosts}" in pattern:
        hosts = "|".join(re.escape(host) for host in _mastodon_hosts()) or r"(?!)"
        pattern = pattern.replace("{hosts}", hosts)
    return re.compile(pattern + r"(?:[/?#&]|$)", re.IGNORECASE)


def match(url):
    """(provider, match) for an address one of the providers claims, else (None, None)."""
    url = (url or "").strip()
    if len(url) > 500 or not url.lower().startswith("https://"):
        return None, None
    for provider in PROVIDERS:
        for pattern in provider.patterns:
            found = _pattern(provider, pattern).match(url)
            if found:
                return provider, found
    return None, None


def unsupported_message(url):
    """Why `url` cannot be embedded, for the writer."""
    if not url.lower().startswith("https://"):
        return "Paste the full address of the video, post or podcast, starting with https://."
    names = ", ".join(provider.name for provider in PROVIDERS)
    return f"Only addresses of a video, post or podcast from these sites can be embedded: {names}. Link to other pages instead."


def player_url(url, data=None):
    provider, found = match(url)
    if provider is None:
        return ""
    return provider.player(found.groupdict(), url, data) or ""


def endpoint_for(provider, found):
    """The provider's oEmbed endpoint; settings.OEMBED_ENDPOINTS replaces it (tests point it at a local server)."""
    endpoint = settings.OEMBED_ENDPOINTS.get(provider.key) or provider.endpoint
    return endpoint.replace("{host}", found.groupdict().get("host") or "")


def fetch_oembed(url):
    """
    The provider's oEmbed answer for `url` as a dict (title, author_name, html...), or raises
    ValueError (not a provider's address, not an oEmbed answer) or OSError (unreachable).
    Returns {} for a provider without a public endpoint.
    """
    provider, found = match(url)
    if provider is None:
        raise ValueError(f"No embed provider for {url!r}.")
    endpoint = endpoint_for(provider, found)
    if not endpoint:
        return {}
    request = urllib.request.Request(
        f"{endpoint}?{urlencode({'url': url, 'format': 'json', 'maxwidth': 720})}",
        headers={"Accept": "application/json", "User-Agent": f"{settings.SITE_NAME} oEmbed"},
    )
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
        payload = response.read(MAX_OEMBED_BYTES + 1)
    if len(payload) > MAX_OEMBED_BYTES:
        raise ValueError("The oEmbed answer is too large.")
    data = json.loads(payload.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("The oEmbed answer is not an object.")
    return data


def host_of(url):
    return (urlsplit(url).hostname or "").lower()
