"""
WordPress post content to the HTML an Article body holds.

WordPress stores classic posts with line breaks standing for paragraphs (its `wpautop` filter adds
the <p> tags when a page is shown), shortcodes in square brackets, and block-editor posts as HTML
between <!-- wp:... --> comments. This turns all three into plain HTML; Article.save() then runs the
body sanitizer, which decides what survives.
"""

import html
import re
from collections import Counter
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.utils.html import escape, strip_tags

from articles import embeds

_BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    "blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|"
    "footer|nav|figure|figcaption|details|menu|summary|iframe|object|video|audio|script"
)
_OPEN_BLOCK = re.compile(rf"(<(?:{_BLOCKS})[\s/>])", re.IGNORECASE)
_CLOSE_BLOCK = re.compile(rf"(</(?:{_BLOCKS})>)", re.IGNORECASE)
_LONE_BLOCK_P = re.compile(rf"<p>\s*(</?(?:{_BLOCKS})[^>]*>)\s*</p>", re.IGNORECASE)
_P_BEFORE_BLOCK = re.compile(rf"<p>\s*(</?(?:{_BLOCKS})[\s/>])", re.IGNORECASE)
_P_AFTER_BLOCK = re.compile(rf"(</?(?:{_BLOCKS})[^>]*>)\s*</p>", re.IGNORECASE)
_BR_AFTER_BLOCK = re.compile(rf"(</?(?:{_BLOCKS})[^>]*>)\s*<br />", re.IGNORECASE)
_BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", re.IGNORECASE)
_PRE = re.compile(r"<pre[^>]*>.*?</pre>", re.IGNORECASE | re.DOTALL)
_KEEP_AS_IS = re.compile(r"<(pre|figure|audio|video)[\s>].*?</\1>", re.IGNORECASE | re.DOTALL)

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->\n?", re.DOTALL)
_EMBED_BLOCK = re.compile(
    r"<!--\s*wp:(?:core-)?embed[^>]*?-->.*?<div class=\"wp-block-embed__wrapper\">\s*(\S+?)\s*</div>.*?"
    r"<!--\s*/wp:(?:core-)?embed[^>]*?-->",
    re.DOTALL,
)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

# [name attrs]content[/name], [name attrs /] or [name attrs]; [[name]] is WordPress's escape for literal text.
_SHORTCODE = re.compile(
    r"\[(\[?)([A-Za-z][\w-]*)((?:\s[^\]]*?)?)(/?)\](?:(.*?)\[/\2\])?(\]?)",
    re.DOTALL,
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_MEDIA_OR_LINK = re.compile(r"^\s*(<a\s[^>]*>)?\s*<img\s[^>]*>\s*(</a>)?", re.IGNORECASE | re.DOTALL)
_LONE_URL = re.compile(r"^(\s*)(https?://[^\s<>\"]+)\s*$", re.MULTILINE)
_HEADING = re.compile(r"<(/?)h([1-6])(\s[^>]*)?>", re.IGNORECASE)


def _attrs(text):
    return {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "") for m in _ATTR.finditer(text)}


def _caption(attrs, inner):
    """[caption]<img ...> Text[/caption] → <figure><img ...><figcaption>Text</figcaption></figure>."""
    media = _MEDIA_OR_LINK.match(inner)
    if media:
        image, text = media.group(0), inner[media.end():]
    else:
        image, text = "", inner
    text = text.strip() or attrs.get("caption", "")
    caption = f"<figcaption>{text}</figcaption>" if text else ""
    return f"\n\n<figure>{image.strip()}{caption}</figure>\n\n"


AUDIO_SUFFIXES = {".mp3", ".m4a", ".ogg", ".oga", ".wav", ".flac", ".aac", ".opus"}
VIDEO_SUFFIXES = {".mp4", ".m4v", ".webm", ".ogv", ".mov"}
# A gallery or playlist needs the post's attachments, which may come later in the export: the
# shortcode is kept, alone in its paragraph, and `resolve_galleries` turns it into HTML at the end.
_LATE = ("gallery", "playlist")
_MEDIA_ATTRS = {"audio": ("src", "mp3", "m4a", "ogg", "wav", "wma", "flac"),
                "video": ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov")}


def _suffix(url):
    return PurePosixPath(urlsplit(url).path).suffix.lower()


def media_kind(url):
    """"audio" or "video" for an address of a sound or video file, else None."""
    suffix = _suffix(url)
    return "audio" if suffix in AUDIO_SUFFIXES else "video" if suffix in VIDEO_SUFFIXES else None


def player(kind, url, poster=""):
    """An <audio> or <video> player for a file, with a link to it for feeds and old readers."""
    url = escape(url)
    poster = f' poster="{escape(poster)}"' if poster and kind == "video" else ""
    name = escape(unquote(PurePosixPath(urlsplit(html.unescape(url)).path).name) or url)
    return f'<{kind} controls preload="metadata" src="{url}"{poster}><a href="{url}">{name}</a></{kind}>'


def embed(url):
    """A URL alone on its line, as WordPress shows it: a player, an embed, or else a link."""
    url = html.unescape(url.strip())
    if kind := media_kind(url):
        return player(kind, url)
    # The providers the site embeds (articles/embeds.py), old http:// addresses of theirs too.
    secure = "https://" + url[len("http://"):] if url.startswith("http://") else url
    if embeds.match(secure)[0] is not None:
        return f'<figure data-embed="{escape(secure)}"><a href="{escape(secure)}">{escape(secure)}</a></figure>'
    return f'<p><a href="{escape(url)}">{escape(url)}</a></p>'


def _media(key, attrs, attr_text):
    url = next((attrs[name] for name in _MEDIA_ATTRS[key] if attrs.get(name)), "")
    if not url:
        # [audio https://...mp3]: WordPress takes a bare address as the source too.
        bare = re.search(r"https?://\S+", attr_text)
        url = html.unescape(bare.group(0)) if bare else ""
    return f"\n\n{player(key, url, attrs.get('poster', ''))}\n\n" if url else ""


def _shortcodes(content, unknown):
    def replace(match):
        escaped_open, name, attr_text, _, inner, escaped_close = match.groups()
        if escaped_open and escaped_close:
            return match.group(0)[1:-1]  # [[name]] is how WordPress writes a literal [name]
        key = name.lower()
        if key in ("caption", "wp_caption"):
            return _caption(_attrs(attr_text), _shortcodes(inner or "", unknown))
        if key == "embed":
            return f"\n\n{embed(inner)}\n\n" if inner and inner.strip() else ""
        if key in _MEDIA_ATTRS:
            attrs = _attrs(attr_text)
            if not any(attrs.get(name) for name in _MEDIA_ATTRS[key]) and not re.search(r"https?://", attr_text):
                # No file named: WordPress plays the post's first attached file of that kind.
                return f"\n\n[playlist type=\"{key}\" first=\"1\"]\n\n"
            return _media(key, attrs, attr_text)
        if key in _LATE:
            return f"\n\n[{key}{attr_text}]\n\n"
        unknown[key] += 1
        return match.group(0)

    return _SHORTCODE.sub(replace, content)


def autop(text):
    """Paragraphs from blank lines and line breaks from single ones, as WordPress shows classic posts."""
    if not text.strip():
        return ""
    preserved = []

    def keep(match):
        preserved.append(match.group(0))
        return f"\n\n<keep-{len(preserved) - 1}>\n\n"

    # Preformatted text keeps its line breaks, and figures are already whole HTML.
    text = _KEEP_AS_IS.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _OPEN_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSE_BLOCK.sub(r"\1\n\n", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    text = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = _LONE_BLOCK_P.sub(r"\1", text)
    text = _P_BEFORE_BLOCK.sub(r"\1", text)
    text = _P_AFTER_BLOCK.sub(r"\1", text)
    text = re.sub(r"(?<!<br />)\s*\n(?!\s*</?(?:" + _BLOCKS + r")[\s/>])", "<br />\n", text, flags=re.IGNORECASE)
    text = _BR_AFTER_BLOCK.sub(r"\1", text)
    text = _BR_BEFORE_BLOCK.sub(r"\1", text)
    text = re.sub(r"<br />\s*$", "", text)
    text = re.sub(r"<p>\s*(<keep-\d+>)\s*</p>", r"\1", text)
    return re.sub(r"<keep-(\d+)>", lambda m: preserved[int(m.group(1))], text)


def _pre_as_paragraph(match):
    # The body keeps no <pre>; its lines are kept as lines of one paragraph instead of running together.
    inner = re.sub(r"^<pre[^>]*>|</pre>$", "", match.group(0), flags=re.IGNORECASE).strip("\n")
    return "<p>" + "<br>".join(inner.split("\n")) + "</p>"


def _heading(match):
    # Bodies use h2–h4: the page's h1 is the headline.
    closing, level, attrs = match.group(1), int(match.group(2)), match.group(3) or ""
    level = min(max(level, 2), 4)
    return f"</h{level}>" if closing else f"<h{level}{attrs}>"


def convert(content):
    """
    (html, unknown shortcodes) for a post's content. Unknown shortcodes stay in the text as they
    are, where an editor will see them; the Counter says which and how many.
    """
    unknown = Counter()
    content = content or ""
    if "<!-- wp:" in content:
        content = _EMBED_BLOCK.sub(lambda m: embed(m.group(1)), content)
        content = _BLOCK_COMMENT.sub("", content)
        content = _shortcodes(content, unknown)
    else:
        content = _shortcodes(content, unknown)
        # A URL alone on its line is an embed in WordPress: a player, an embed or a link.
        content = _LONE_URL.sub(lambda m: f"{m.group(1)}\n\n{embed(m.group(2))}\n\n", content)
        content = autop(content)
    content = _HTML_COMMENT.sub("", content)
    content = _PRE.sub(_pre_as_paragraph, content)
    content = _HEADING.sub(_heading, content)
    return content.strip(), unknown


def plain(text):
    """Plain text from a title or an excerpt that may carry HTML and entities."""
    return " ".join(html.unescape(strip_tags(text or "")).split())


def comment_text(text):
    """A comment's text, tags removed but its paragraphs and line breaks kept."""
    text = re.sub(r"<br\s*/?>|</p>", "\n", text or "", flags=re.IGNORECASE)
    text = html.unescape(strip_tags(text)).replace("\r\n", "\n")
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_IMG_OR_LINK = re.compile(r"<(img|a|audio|video|source)\s[^>]*>", re.IGNORECASE)
_URL_ATTR = re.compile(r"""(\s(?:src|href)\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_SRCSET_ATTR = re.compile(r"""\s(?:srcset|sizes)\s*=\s*(?:"[^"]*"|'[^']*')""", re.IGNORECASE)
# WordPress's resized copies (photo-300x200.jpg) and big-image originals (photo-scaled.jpg).
_SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled)(?=\.[A-Za-z0-9]+$)")


def upload_key(url, default_host=""):
    """(host, path) naming an uploaded file whatever its scheme, `www.` or percent-encoding; None if not a URL."""
    parts = urlsplit(html.unescape(url.strip()))
    if parts.scheme not in ("", "http", "https") or not parts.path:
        return None
    host = (parts.hostname or default_host).lower().removeprefix("www.")
    return host, unquote(parts.path)


def unsized(path):
    """The original's path of a WordPress resized copy (photo-300x200.jpg → photo.jpg)."""
    return _SIZE_SUFFIX.sub("", path)


def old_images(body, old_hosts, default_host=""):
    """[(key, src)] of the <img> in a body whose file is on the old site's hosts."""
    found = []
    for match in _IMG_OR_LINK.finditer(body):
        if match.group(1).lower() != "img":
            continue
        attr = _URL_ATTR.search(match.group(0))
        src = attr and html.unescape(attr.group(2) if attr.group(2) is not None else attr.group(3))
        key = src and upload_key(src, default_host)
        if key and key[0] in old_hosts:
            found.append((key, src))
    return found


def relocate_images(body, lookup, old_hosts, default_host=""):
    """
    (body, moved, left): images (and links to image files) whose file is an imported photo point at
    the photo, sized copies included, without the srcset/sizes of the old site; images on the old
    site that were not imported keep their address and are counted as left. `lookup(key)` is the
    photo's URL or None.
    """
    moved = left = 0

    def tag(match):
        nonlocal moved, left
        element, is_img = match.group(0), match.group(1).lower() == "img"
        attr = _URL_ATTR.search(element)
        key = attr and upload_key(attr.group(2) if attr.group(2) is not None else attr.group(3), default_host)
        if not key or key[0] not in old_hosts:
            return element
        url = lookup(key) or lookup((key[0], _SIZE_SUFFIX.sub("", key[1])))
        if url is None:
            left += is_img
            return element
        moved += is_img
        element = element[: attr.start()] + f'{attr.group(1)}"{escape(url)}"' + element[attr.end():]
        return _SRCSET_ATTR.sub("", element) if is_img else element

    return _IMG_OR_LINK.sub(tag, body), moved, left


_LATE_SHORTCODE = re.compile(r"(?:<p>\s*)?\[(gallery|playlist)((?:\s[^\]]*)?)\](?:\s*</p>)?")


def resolve_late(body, attached, by_id):
    """
    (body, problems): [gallery] and [playlist] turned into HTML once every attachment is known.
    `attached` is the post's own attachments in WordPress's order, `by_id(wp_id)` any attachment;
    each is a dict with "url", "kind" (image, audio, video or None), "caption" and "alt". Images
    keep the old site's address here: relocate_images points them at the imported photos after.
    """
    problems = Counter()

    def chosen(attrs, kind):
        ids = [i.strip() for i in (attrs.get("ids") or attrs.get("include") or "").split(",") if i.strip()]
        if ids:
            found = [by_id(i) for i in ids]
            problems["an attachment it names is not in the export"] += sum(1 for a in found if a is None)
            items = [a for a in found if a is not None]
        else:
            excluded = {i.strip() for i in attrs.get("exclude", "").split(",")}
            items = [a for a in attached if a["id"] not in excluded]
        return [a for a in items if a["kind"] == kind]

    def replace(match):
        name, attrs = match.group(1), _attrs(match.group(2))
        if name == "gallery":
            images = chosen(attrs, "image")
            if not images:
                problems["gallery without images in the export: left out"] += 1
                return ""
            try:
                columns = min(max(int(attrs.get("columns", 3)), 1), 9)
            except ValueError:
                columns = 3
            figures = "".join(
                f'<figure><img src="{escape(a["url"])}" alt="{escape(a["alt"])}">'
                + (f"<figcaption>{escape(a['caption'])}</figcaption>" if a["caption"] else "")
                + "</figure>"
                for a in images
            )
            return f'\n<figure class="gallery gallery-columns-{columns}">{figures}</figure>\n'
        kind = "video" if attrs.get("type") == "video" else "audio"
        files = chosen(attrs, kind)[:1] if attrs.get("first") else chosen(attrs, kind)
        if not files:
            problems[f"{kind} without a file in the export: left out"] += 1
            return ""
        return "\n" + "\n".join(player(kind, a["url"]) for a in files) + "\n"

    return _LATE_SHORTCODE.sub(replace, body), problems
