"""
Reading a WordPress export (WXR) as a stream of plain records.

The file is parsed incrementally and every top-level element is dropped as soon as it has been
turned into a record, so a 2 GB export is read in the memory of one post and its comments.
defusedxml refuses DTDs, entity declarations and external references: a WordPress export has
none, and they are how entity-expansion bombs and external-entity attacks work.
"""

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

# Exports say http:// or https://, and 1.0, 1.1 or 1.2; the prefix is what matters.
_NAMESPACES = [
    (re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/?$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/?$"), "wp"),
    (re.compile(r"^http://purl\.org/rss/1\.0/modules/content/?$"), "content"),
    (re.compile(r"^http://purl\.org/dc/elements/1\.1/?$"), "dc"),
]


class ExportError(Exception):
    """The file cannot be read as a WordPress export; the message says where and why."""


def _prefixed(tag, cache={}):
    """`{https://wordpress.org/export/1.2/}post_id` → `wp:post_id`, whatever the namespace spelling."""
    try:
        return cache[tag]
    except KeyError:
        pass
    name = tag
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        name = local
        for pattern, prefix in _NAMESPACES:
            if pattern.match(uri):
                name = f"{prefix}:{local}"
                break
    cache[tag] = name
    return name


def _text(elem):
    return (elem.text or "").strip()


@dataclass
class Item:
    """One <item>: a post, page, attachment, menu item or any other post type, with its comments."""

    fields: dict
    categories: list = field(default_factory=list)  # (domain, nicename, name)
    meta: dict = field(default_factory=dict)  # key → [values]
    comments: list = field(default_factory=list)  # dicts of wp:comment_* fields, prefix dropped

    def get(self, name, default=""):
        return self.fields.get(name, default)

    def meta_value(self, key, default=""):
        values = self.meta.get(key)
        return values[-1] if values else default

    @property
    def wp_id(self):
        return self.get("wp:post_id")

    @property
    def post_type(self):
        return self.get("wp:post_type")


def _simple(elem):
    """A flat element (wp:author, wp:category, ...) as a dict of its children's texts, prefix dropped."""
    return {_prefixed(child.tag).partition(":")[2] or _prefixed(child.tag): _text(child) for child in elem}


def _item(elem):
    item = Item(fields={})
    for child in elem:
        name = _prefixed(child.tag)
        if name == "category":
            item.categories.append((child.get("domain", ""), child.get("nicename", ""), _text(child)))
        elif name == "wp:postmeta":
            meta = _simple(child)
            item.meta.setdefault(meta.get("meta_key", ""), []).append(meta.get("meta_value", ""))
        elif name == "wp:comment":
            comment = {}
            for part in child:
                part_name = _prefixed(part.tag).partition(":")[2]
                if part_name == "commentmeta":
                    continue
                comment[part_name] = part.text or ""
            item.comments.append(comment)
        else:
            # content:encoded and excerpt:encoded keep their whitespace: line breaks are paragraphs.
            item.fields[name] = (child.text or "") if name in ("content:encoded", "excerpt:encoded") else _text(child)
    return item


# Channel children other than these are header fields (title, link, wp:base_blog_url, ...).
_RECORD_KINDS = {
    "wp:author": "author",
    "wp:category": "category",
    "wp:tag": "tag",
    "wp:term": "term",
}


def read(fileobj):
    """
    Yield ("header", dict) once, before the first record, then ("author" | "category" | "tag" |
    "term", dict) and ("item", Item) in file order. Raises ExportError naming the line when the
    file is not well-formed, is refused, or is not a WordPress export.
    """
    header = {}
    header_sent = False
    depth = 0
    channel = None
    saw_rss = False
    events = iterparse(fileobj, events=("start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        for event, elem in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    saw_rss = elem.tag == "rss"
                    if not saw_rss:
                        raise ExportError(
                            f"this is not a WordPress export: the document is <{elem.tag}>, not <rss>."
                        )
                elif depth == 2 and elem.tag == "channel":
                    channel = elem
                continue
            depth -= 1
            if depth != 2 or channel is None:
                continue
            name = _prefixed(elem.tag)
            kind = "item" if name == "item" else _RECORD_KINDS.get(name)
            if kind is None:
                if not list(elem):
                    header[name] = _text(elem)
            else:
                if not header_sent:
                    header_sent = True
                    _check_header(header)
                    yield "header", header
                yield kind, _item(elem) if kind == "item" else _simple(elem)
            # Drop what has been read so memory stays flat however long the file.
            elem.clear()
            channel.remove(elem)
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        reason = str(error).split(":")[0]
        raise ExportError(f"the file is not well-formed XML at line {line}, column {column}: {reason}.") from None
    except DefusedXmlException as error:
        raise ExportError(
            f"refused: the file declares a DTD or entities ({type(error).__name__}), which a WordPress "
            "export never does; it could be an entity-expansion bomb."
        ) from None
    if not header_sent:
        _check_header(header)
        yield "header", header


def _check_header(header):
    if "wp:wxr_version" not in header and "wp:base_site_url" not in header:
        raise ExportError("this is an RSS feed, not a WordPress export (it has no wp:wxr_version).")
