"""
Library photos and embeds inside an article's body, stored as references and drawn when shown.

The editor (static/articles/admin/body_media.js) writes `<figure data-photo="12"></figure>` for a
library photo and `<figure data-embed="https://..."></figure>` for an embed; the sanitizer keeps
those two attributes and nothing else of theirs. Storing the reference rather than an <img> means the
body holds no host (media can move to object storage or a CDN), a photo's new caption or credit shows
everywhere it is used, and a deleted photo simply drops out of the page instead of leaving a broken
image. Pages draw them as the featured photo is drawn (<picture> with renditions, caption, credit)
and embeds as a click-to-load placeholder; feeds get a plain <img> and a link, with absolute addresses.
"""

import html
import re

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from . import embeds

# What nh3 writes back: double-quoted attributes, figures never nested.
_FIGURE = re.compile(r"<figure\b(?P<attrs>[^>]*)>(?P<inner>.*?)</figure\s*>", re.IGNORECASE | re.DOTALL)
_PHOTO = re.compile(r'\sdata-photo="(?P<value>[^"]*)"', re.IGNORECASE)
_EMBED = re.compile(r'\sdata-embed="(?P<value>[^"]*)"', re.IGNORECASE)

# Body photos take the column's width, as the featured photo does.
BODY_PHOTO_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"


def _reference(figure):
    """("photo", 12), ("embed", "https://..."), or (None, None) for an ordinary figure."""
    photo = _PHOTO.search(figure["attrs"])
    if photo:
        value = photo["value"].strip()
        return ("photo", int(value)) if value.isdigit() and len(value) < 12 else ("photo", None)
    embed = _EMBED.search(figure["attrs"])
    if embed:
        return "embed", html.unescape(embed["value"]).strip()
    return None, None


def references(body):
    photo_ids, urls = [], []
    for figure in _FIGURE.finditer(body or ""):
        kind, value = _reference(figure)
        if kind == "photo" and value is not None:
            photo_ids.append(value)
        elif kind == "embed" and value:
            urls.append(value)
    return photo_ids, urls


def embed_urls(body):
    return references(body)[1]


def photo_ids(body):
    return references(body)[0]


def render(body):
    """The body as readers get it: references replaced by pictures and placeholders (two queries at most, whatever the number)."""
    from .models import Embed, Photo

    body = body or ""
    ids, urls = references(body)
    if not ids and not urls:
        return mark_safe(body)
    photos = Photo.objects.in_bulk(set(ids)) if ids else {}
    known = {embed.url: embed for embed in Embed.objects.filter(url__in=set(urls))} if urls else {}

    def draw(figure):
        kind, value = _reference(figure)
        if kind == "photo":
            photo = photos.get(value)
            if photo is None:
                return ""  # deleted from the library since: the story reads on without it
            return render_to_string("includes/body_photo.html", {"photo": photo, "sizes": BODY_PHOTO_SIZES})
        if kind == "embed":
            return _embed(value, known.get(value))
        return figure[0]

    return mark_safe(_FIGURE.sub(draw, body))


def _embed(url, embed):
    provider, _ = embeds.match(url)
    if provider is None:
        # Not a provider's address (an old body, a hand-edited one): a link at most, never a frame.
        return format_html('<p><a href="{}" rel="nofollow noopener">{}</a></p>', url, url) if url.startswith(("https://", "http://")) else ""
    return render_to_string(
        "includes/body_embed.html",
        {
            "url": url,
            "provider": provider,
            "title": embed.title if embed else "",
            "author_name": embed.author_name if embed else "",
            "player_url": (embed.player_url if embed else "") or embeds.player_url(url),
        },
    )


def describe(body):
    """The body with its photos and embeds named in words, for the compare view: “[Photo 12: caption]”, “[YouTube: https://...]”."""
    from .models import Photo

    ids = photo_ids(body)
    captions = dict(Photo.objects.filter(pk__in=ids).values_list("pk", "caption")) if ids else {}

    def name(figure):
        kind, value = _reference(figure)
        if kind == "photo":
            caption = captions.get(value)
            label = f"Photo {value}: {caption}" if caption else f"Photo {value}" if value in captions else f"Photo {value} (deleted)"
            return f"<p>[{html.escape(label)}]</p>"
        if kind == "embed":
            provider, _ = embeds.match(value)
            return f"<p>[{provider.name if provider else 'Embed'}: {html.escape(value)}]</p>"
        return figure[0]

    return _FIGURE.sub(name, body or "")
