"""
A WordPress export into Newsroom: authors, categories as sections, tags, posts as articles,
attachments as photos, pages as flat pages, comments, and redirects from every old address.

Every item is matched to what an earlier run made of it through WordPressItem (by the site and
the item's WordPress ID) and a digest of the item as exported: an unchanged item is not touched,
a changed one is updated in place, a new one is created. The caller runs `Importer.run()` inside
one transaction; each post is written inside a savepoint of its own, so one item the database
refuses is reported and skipped without losing the rest.
"""

import hashlib
import json
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_email, validate_ipv46_address
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.encoding import escape_uri_path
from django.utils.html import escape
from django.utils.text import Truncator, slugify
from PIL import Image
from taggit.models import Tag, TaggedItem

from articles.models import RESERVED_CHILD_SLUGS, RESERVED_SLUGS, Article, Byline, Photo, Section, sanitize_body
from authors.models import Author
from comments.models import Comment
from newsroom.text import clean_model_text

from . import content as wpcontent
from . import wxr
from .middleware import wordpress_query_path
from .models import MediaFile, WordPressItem

Kind = WordPressItem.Kind

# Part of every digest: when the conversion improves, the next run updates what it changes.
CONVERSION_VERSION = 2

POST_STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,  # with its future time: scheduled
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.REVIEW,
    "private": Article.Status.DRAFT,  # Newsroom has no private articles: kept off the site
}
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.TRASH,
    "post-trashed": Comment.Status.TRASH,
}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp"}
MEDIA_TAGS = ("<img", "<audio", "<video")
REPORT_KINDS = ["authors", "sections", "tags", "articles", "photos", "files", "pages", "comments", "redirects"]
# The first bytes of the sound and video files a player plays: an HTML error page named .mp3 is not one.
MEDIA_SIGNATURES = (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xf1", b"\xff\xf9", b"OggS", b"fLaC", b"\x1aE\xdf\xa3")


def is_media_file(head):
    """Whether the first bytes of a file are those of a sound or video file (MP3, AAC, Ogg, FLAC, WebM, WAV, MP4/MOV)."""
    return head.startswith(MEDIA_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WAVE") or head[4:8] in (
        b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"
    )
BATCH = 500
POST_BATCH = 100  # posts written together; their comments with them
FETCH_BATCH = 32  # attachments downloaded together with --fetch-media


def digest(*parts):
    return hashlib.sha1(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()


def gmt(value):
    """A WordPress "2012-01-07 14:07:21" time (a *_gmt field) as an aware UTC datetime; None for zeros."""
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=UTC)
    except ValueError:
        return None


def cut(text, length):
    """Text shortened to fit a column, at a word boundary with an ellipsis; most text fits as it is."""
    return text if len(text) <= length else Truncator(text).chars(length)


def old_path(path):
    """A path as RedirectFallbackMiddleware will look it up: decoded, then percent-encoded the way Django does."""
    path = re.sub(r"/{2,}", "/", unquote(path))
    return escape_uri_path(path if path.startswith("/") else "/" + path)


def wp_login(raw):
    """A login as WordPress allows it (letters, digits, space, _ . - @): exports are not always that clean."""
    return re.sub(r"[^\w .@-]", "", raw or "").strip()


def wp_slug(raw, max_length):
    """A WordPress slug (percent-encoded for non-Latin scripts) as a Newsroom slug in the same script."""
    return slugify(unquote(raw or ""), allow_unicode=True)[:max_length].strip("-")


def untitled_headline(content, words=10, length=90):
    """A headline from a post's first words, for a post without a title: at most ten words, an ellipsis if cut."""
    body, _ = wpcontent.convert(content)
    text = wpcontent.plain(re.sub(r"<(figure|audio|video)\b.*?</\1>|\[[^\]]*\]", " ", body, flags=re.S))
    if not text:
        return ""
    headline = Truncator(text).words(words)
    return cut(headline, length)


class Report:
    """What the run did, per kind, and why anything was left out."""

    def __init__(self):
        self.counts = defaultdict(Counter)
        self.skipped = defaultdict(lambda: defaultdict(list))
        self.notes = defaultdict(lambda: defaultdict(list))
        self.ignored = Counter()
        self.shortcodes = Counter()
        self.images = Counter()  # images in article bodies: moved to the imported photos, left on the old host
        self.fetched = Counter()  # --fetch-media: downloaded, already there, failed
        self.site_title = ""
        self.wxr_version = ""
        self.source = ""  # "REST API" for --from-site

    def count(self, kind, outcome, n=1):
        self.counts[kind][outcome] += n

    def skip(self, kind, reason, example=""):
        self.counts[kind]["skipped"] += 1
        self.skipped[kind][reason].append(example)

    def note(self, kind, text, example=""):
        self.notes[kind][text].append(example)

    def merge(self, other):
        for kind, counter in other.counts.items():
            self.counts[kind].update(counter)
        for attr in ("skipped", "notes"):
            for kind, reasons in getattr(other, attr).items():
                for reason, examples in reasons.items():
                    getattr(self, attr)[kind][reason].extend(examples)
        self.ignored.update(other.ignored)
        self.shortcodes.update(other.shortcodes)
        self.fetched.update(other.fetched)

    def render(self, dry_run=False):
        lines = []
        title = f"“{self.site_title}”" if self.site_title else "the export"
        source = self.source or f"WXR {self.wxr_version or '?'}"
        lines.append(f"WordPress import of {title} ({source})")
        if dry_run:
            lines.append("Dry run: nothing was written.")
        lines.append("")
        header = f"{'':<12}{'created':>9}{'updated':>9}{'unchanged':>11}{'skipped':>9}"
        lines.append(header)
        for kind in REPORT_KINDS:
            c = self.counts[kind]
            lines.append(f"{kind:<12}{c['created']:>9}{c['updated']:>9}{c['unchanged']:>11}{c['skipped']:>9}")
        if self.ignored:
            lines.append("")
            lines.append("Counted, not imported:")
            for what, n in sorted(self.ignored.items()):
                lines.append(f"  {what}: {n}")
        if any(self.images.values()):
            lines.append("")
            lines.append("Images in the articles:")
            lines.append(f"  moved to the imported photos: {self.images['moved']}")
            lines.append(f"  images left on the old host: {self.images['left']}"
                         + (" (their files were not imported: see --media-dir and --fetch-media)" if self.images["left"] else ""))
        if self.fetched:
            lines.append("")
            lines.append("Media files (--fetch-media):")
            for what in ("downloaded", "already in the media folder", "already stored, not downloaded", "could not be fetched"):
                lines.append(f"  {what}: {self.fetched[what]}")
        for title, entries in (("Skipped, and why:", self.skipped), ("Notes:", self.notes)):
            if not any(entries.values()):
                continue
            lines.append("")
            lines.append(title)
            for kind in REPORT_KINDS:
                for reason, examples in entries.get(kind, {}).items():
                    shown = [str(e) for e in examples if e != ""][:5]
                    more = f", … {len(examples) - len(shown)} more" if len(examples) > len(shown) and shown else ""
                    where = f" ({', '.join(shown)}{more})" if shown else ""
                    lines.append(f"  {kind}: {reason}: {len(examples)}{where}")
        if self.shortcodes:
            lines.append("")
            lines.append("Shortcodes Newsroom does not know, left in the text for an editor to see:")
            lines.append("  " + ", ".join(f"[{name}] ×{n}" for name, n in self.shortcodes.most_common()))
        return "\n".join(lines) + "\n"


class Importer:
    def __init__(self, media_dir=None, dry_run=False, fetcher=None):
        # With --fetch-media the fetcher fills a folder laid out like wp-content/uploads and the
        # files are taken from there, as from --media-dir.
        self.fetcher = fetcher
        media_dir = fetcher.folder if fetcher is not None else media_dir
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.to_fetch = []  # (item, relative path) of image attachments waiting for a batch of downloads
        self.report = Report()
        self.site = ""
        self.current_site = Site.objects.get_current()
        self.article_type = ContentType.objects.get_for_model(Article)
        # Channel-level records, held until the first item: a handful per site.
        self.pending = defaultdict(list)
        self.terms_done = False
        self.authors = {}  # login → Author pk
        self.sections = {}  # category nicename → Section
        self.category_ids = {}  # category term ID → nicename
        self.tags = {}  # tag nicename → Tag pk
        self.category_tags = {}  # category nicename → Tag pk, for posts filed in several categories
        self.default_section = None
        self.sticky_position = 0
        self.posts = []  # posts waiting to be written together
        self.redirects = {}  # old path → new path, written in batches
        self.thumbnails = []  # (article pk, attachment WordPress ID), linked at the end
        self.vectors = set()  # articles whose search vector needs their bylines and tags
        self.copied_files = []  # storage names written, removed again if the run is rolled back
        self.uploads = {}  # (host, path) of an image attachment → Photo pk, None when not imported
        self.old_hosts = set()  # where the old site's images live: its own host, a CDN's
        self.photos_changed = False  # a photo's file was added or replaced: older articles may now use it
        self.with_images = set()  # articles written in this run whose bodies have images
        self.attachments = {}  # attachment WordPress ID → what a gallery or playlist needs of it
        self.file_urls = {}  # (host, path) of a sound or video attachment → its imported file's URL
        self.late = []  # (article pk, post WordPress ID) whose bodies have a [gallery] or [playlist]

    # The run

    def run(self, records):
        self.feed(records)
        if not self.terms_done:
            self.import_terms()
        self.finish()
        return self.report

    def feed(self, records):
        """Import records as wxr.read yields them; the REST reader feeds a page at a time (rest.py)."""
        for kind, record in records:
            if kind == "header":
                self.start(record)
            elif kind == "item":
                # The REST reader names an author just before the first item that needs it.
                if not self.terms_done or self.pending:
                    self.import_terms()
                self.import_item(record)
            else:
                self.pending[kind].append(record)

    def checkpoint(self):
        """Write everything held back, so that what was fed so far is complete if the run stops here."""
        self.flush_posts()
        self.fetch_attachments()  # --fetch-media: a resumed run starts after this page, so its files are fetched now
        self.link_thumbnails()
        self.flush_redirects()
        self.flush_vectors()

    def start(self, header):
        self.site = (header.get("wp:base_blog_url") or header.get("link") or "").rstrip("/")[:200]
        for url in (self.site, header.get("link", ""), header.get("wp:base_site_url", "")):
            if host := urlsplit(url).hostname:
                self.old_hosts.add(host.removeprefix("www."))
        self.report.site_title = header.get("title", "")
        self.report.wxr_version = header.get("wp:wxr_version", "")

    def finish(self):
        self.flush_posts()
        self.fetch_attachments()
        self.link_thumbnails()
        self.resolve_late()
        self.relocate_images()
        self.flush_redirects()
        self.flush_vectors()
        if not self.dry_run:
            # Stories, authors, sections and tags arrived in bulk (no signals): every cached page is rendered again.
            from newsroom import pagecache

            pagecache.invalidate(pagecache.SITE_KEY)

    def mappings(self, kind, wp_ids=None):
        qs = WordPressItem.objects.filter(site=self.site, kind=kind)
        if wp_ids is not None:
            qs = qs.filter(wp_id__in=wp_ids)
        return {m.wp_id: m for m in qs}

    def remember(self, kind, wp_id, obj, fingerprint, mapping=None):
        if mapping is None:
            WordPressItem.objects.create(
                site=self.site, kind=kind, wp_id=wp_id, object_id=obj.pk, fingerprint=fingerprint
            )
        else:
            mapping.object_id, mapping.fingerprint = obj.pk, fingerprint
            mapping.save(update_fields=["object_id", "fingerprint"])

    def redirect(self, old, new, report=None):
        if not old or not new or old == new:
            return
        if len(old) > 200 or len(new) > 200:
            (report or self.report).note("redirects", "address longer than 200 characters, left out", old[:60])
            return
        self.redirects[old] = new
        if len(self.redirects) >= BATCH:
            self.flush_redirects()

    def flush_redirects(self):
        pending, self.redirects = self.redirects, {}
        paths = list(pending)
        for start in range(0, len(paths), BATCH):
            chunk = paths[start : start + BATCH]
            existing = dict(
                Redirect.objects.filter(site=self.current_site, old_path__in=chunk).values_list("old_path", "new_path")
            )
            Redirect.objects.bulk_create(
                [clean_model_text(Redirect(site=self.current_site, old_path=p, new_path=pending[p]))
                 for p in chunk if p not in existing]
            )
            self.report.count("redirects", "created", sum(1 for p in chunk if p not in existing))
            for p in chunk:
                if p in existing and existing[p] != pending[p]:
                    Redirect.objects.filter(site=self.current_site, old_path=p).update(new_path=pending[p])
                    self.report.count("redirects", "updated")
                elif p in existing:
                    self.report.count("redirects", "unchanged")

    def flush_vectors(self):
        pks, self.vectors = list(self.vectors), set()
        for start in range(0, len(pks), BATCH):
            Article.objects.filter(pk__in=pks[start : start + BATCH]).update_search_vectors()

    # Authors, sections and tags: the channel's lists, before the items

    def import_terms(self):
        self.terms_done = True
        self.import_authors(self.pending.pop("author", []))
        self.import_categories(self.pending.pop("category", []))
        self.import_tags(self.pending.pop("tag", []))
        for term in self.pending.pop("term", []):
            taxonomy = term.get("term_taxonomy", "")
            if taxonomy == "nav_menu":
                self.report.ignored["navigation menus"] += 1
            elif taxonomy == "category":
                self.import_categories([{"term_id": term.get("term_id"), "category_nicename": term.get("term_slug"),
                                         "category_parent": term.get("term_parent", ""), "cat_name": term.get("term_name")}])
            elif taxonomy == "post_tag":
                if term.get("term_slug") in self.tags:
                    continue  # newer exports list each tag twice, as wp:tag and as wp:term: counted once
                self.import_tags([{"term_id": term.get("term_id"), "tag_slug": term.get("term_slug"),
                                   "tag_name": term.get("term_name")}])
            else:
                self.report.ignored[f"terms of the “{taxonomy}” taxonomy"] += 1

    def import_authors(self, records):
        mapped = self.mappings(Kind.AUTHOR)
        for record in records:
            login = wp_login(record.get("author_login"))
            if not login:
                self.report.skip("authors", "no login")
                continue
            name = wpcontent.plain(record.get("author_display_name")) or " ".join(
                filter(None, [record.get("author_first_name"), record.get("author_last_name")])
            ) or login
            email = record.get("author_email", "")
            try:
                validate_email(email)
            except ValidationError:
                email = ""
            author = self.author(login, name[:200], email, record.get("author_id", ""), mapped.get(login))
            self.authors[login] = author.pk

    def author(self, login, name, email, author_id="", mapping=None, report=None):
        report = report or self.report
        fingerprint = digest(name, email)
        author = Author.objects.filter(pk=mapping.object_id).first() if mapping else None
        if author is not None and mapping.fingerprint == fingerprint:
            report.count("authors", "unchanged")
        elif author is not None:
            author.name, author.email = name, email or author.email
            author.save()
            self.remember(Kind.AUTHOR, login, author, fingerprint, mapping)
            report.count("authors", "updated")
        else:
            author = Author.objects.filter(email__iexact=email).first() if email else None
            if author is not None:
                report.note("authors", "matched an existing author by e-mail", login)
                report.count("authors", "unchanged")
            else:
                base = wp_slug(login, 190) or wp_slug(name, 190) or "author"
                slug, n = base, 2
                while Author.objects.filter(slug=slug).exists():
                    slug, n = f"{base}-{n}", n + 1
                author = Author.objects.create(name=name, slug=slug, email=email)
                report.count("authors", "created")
                if slug != base:
                    report.note("authors", "address taken, numbered", f"/author/{slug}/")
                    self.redirect(old_path(f"/author/{base}/"), author.get_absolute_url(), report)
            self.remember(Kind.AUTHOR, login, author, fingerprint, mapping)
        if author_id:
            self.redirect(wordpress_query_path("author", author_id), author.get_absolute_url(), report)
        return author

    def import_categories(self, records):
        mapped = self.mappings(Kind.CATEGORY)
        by_nicename = {r.get("category_nicename", ""): r for r in records if r.get("category_nicename")}

        def wp_path(nicename, seen=()):
            parent = by_nicename.get(nicename, {}).get("category_parent", "")
            if parent and parent in by_nicename and parent not in seen:
                return wp_path(parent, (*seen, nicename)) + [nicename]
            return [nicename]

        def ensure(nicename, seen=()):
            if nicename in self.sections:
                return self.sections[nicename]
            record = by_nicename[nicename]
            parent_nicename = record.get("category_parent", "")
            parent = None
            if parent_nicename and parent_nicename not in seen:
                if parent_nicename in by_nicename:
                    parent = ensure(parent_nicename, (*seen, nicename))
                else:
                    parent = self.sections.get(parent_nicename)
            section = self.section(record, parent, mapped.get(record.get("term_id") or nicename))
            self.category_ids[record.get("term_id") or nicename] = nicename
            self.sections[nicename] = section
            if section is not None:
                url = section.get_absolute_url()
                chain = "/".join(wp_path(nicename))
                self.redirect(old_path(f"/category/{chain}/"), url)
                self.redirect(old_path(f"/category/{nicename}/"), url)
                self.redirect(old_path(f"/category/{chain}/feed/"), f"{url}feed/")
                if record.get("term_id"):
                    self.redirect(wordpress_query_path("cat", record["term_id"]), url)
            return section

        for nicename in by_nicename:
            ensure(nicename)

    def section(self, record, parent, mapping):
        term_id = record.get("term_id") or record.get("category_nicename")
        name = wpcontent.plain(record.get("cat_name")) or record.get("category_nicename")
        slug = wp_slug(record.get("category_nicename"), 100) or wp_slug(name, 100) or f"category-{term_id}"
        reserved = RESERVED_CHILD_SLUGS if parent else RESERVED_SLUGS
        if slug.isdigit() or slug in reserved:
            why = "all digits" if slug.isdigit() else "an address the site reserves"
            safe = f"{slug}-section"
            self.report.note("sections", f"slug “{slug}” is {why}; used “{safe}”", f"category {term_id}")
            slug = safe
        description = wpcontent.plain(record.get("category_description"))
        fingerprint = digest(name, slug, parent.pk if parent else None, description)
        section = Section.objects.filter(pk=mapping.object_id).first() if mapping else None
        if section is not None and mapping.fingerprint == fingerprint:
            self.report.count("sections", "unchanged")
            return section
        if section is None:
            section = Section.objects.filter(parent=parent, slug=slug).first()
            if section is not None:
                self.report.note("sections", "matched an existing section at the same address", f"/{section.path}/")
                self.report.count("sections", "unchanged")
                self.remember(Kind.CATEGORY, term_id, section, fingerprint, mapping)
                return section
            section = Section(name=name[:100], slug=slug, parent=parent, description=description)
            outcome = "created"
        else:
            section.name, section.slug, section.parent, section.description = name[:100], slug, parent, description
            outcome = "updated"
        section.save()
        self.remember(Kind.CATEGORY, term_id, section, fingerprint, mapping)
        self.report.count("sections", outcome)
        return section

    def import_tags(self, records):
        mapped = self.mappings(Kind.TAG)
        for record in records:
            nicename = record.get("tag_slug", "")
            self.tag(nicename, record.get("tag_name", ""), record.get("term_id", "") or nicename, mapped.get(record.get("term_id", "") or nicename))

    def tag(self, nicename, name, wp_id, mapping, report=None):
        report = report or self.report
        name = (wpcontent.plain(name) or unquote(nicename))[:100]
        slug = wp_slug(nicename, 100) or wp_slug(name, 100)
        if not slug:
            report.skip("tags", "no name", wp_id)
            return None
        fingerprint = digest(name, slug)
        tag = Tag.objects.filter(pk=mapping.object_id).first() if mapping else None
        if tag is not None and mapping.fingerprint == fingerprint:
            report.count("tags", "unchanged")
        elif tag is not None:
            tag.name = name
            tag.save()
            self.remember(Kind.TAG, wp_id, tag, fingerprint, mapping)
            report.count("tags", "updated")
        else:
            tag = Tag.objects.filter(Q(slug=slug) | Q(name__iexact=name)).order_by("-slug").first()
            if tag is not None:
                report.note("tags", "matched an existing tag", tag.name)
                report.count("tags", "unchanged")
            else:
                tag = Tag.objects.create(name=name, slug=slug)
                report.count("tags", "created")
            self.remember(Kind.TAG, wp_id, tag, fingerprint, mapping)
        self.tags[nicename] = tag.pk
        url = f"/tag/{tag.slug}/"
        self.redirect(wordpress_query_path("tag", nicename), old_path(url), report)
        self.redirect(old_path(f"/tag/{nicename}/"), old_path(url), report)
        return tag

    def category_tag(self, nicename, name, report):
        """The tag standing for a category that is not a post's section: the tag of that name, or a new one."""
        if nicename not in self.category_tags:
            name = (wpcontent.plain(name) or unquote(nicename))[:100]
            slug = wp_slug(nicename, 100) or wp_slug(name, 100)
            tag = Tag.objects.filter(Q(slug=slug) | Q(name__iexact=name)).order_by("-slug").first() if slug else None
            if tag is None and slug:
                tag = Tag.objects.create(name=name, slug=slug)
                report.count("tags", "created")
                report.note("tags", "made from a category that is not the post's section", name)
            self.category_tags[nicename] = tag.pk if tag else None
        return self.category_tags[nicename]

    # Items

    def import_item(self, item):
        post_type = item.post_type
        if post_type == "post":
            self.import_post(item)
        elif post_type == "page":
            if not self.import_page(item):
                self.skip_comments(item, "its page was not imported")
        elif post_type == "attachment":
            self.skip_comments(item, "on an attachment page")
            self.import_attachment(item)
        elif post_type == "nav_menu_item":
            self.report.ignored["navigation menu items"] += 1
        else:
            self.report.ignored[f"items of type “{post_type or 'none'}”"] += 1
            self.skip_comments(item, f"on an item of type “{post_type}”")

    def skip_comments(self, item, reason):
        for comment in item.comments:
            kind = comment.get("comment_type", "")
            if kind in ("pingback", "trackback"):
                self.report.ignored[f"{kind}s"] += 1
            else:
                self.report.skip("comments", reason, comment.get("comment_id", ""))

    def section_for(self, item, report):
        """The post's section, and its other categories (nicename, name) to be tags."""
        categories = [(nicename, name) for domain, nicename, name in item.categories if domain == "category"]
        # A post has one section: the primary category Yoast SEO names, else the first real one.
        primary = self.category_ids.get(item.meta_value("_yoast_wpseo_primary_category"))
        chosen = [n for n, _ in categories if n != "uncategorized"] or [n for n, _ in categories]
        if primary in chosen:
            chosen.insert(0, primary)
        section = next((self.sections[n] for n in chosen if self.sections.get(n) is not None), None)
        if section is None:
            if categories:
                report.note("articles", "category not in the export's list: filed under the default section", item.wp_id)
            else:
                report.note("articles", "no category: filed under the default section", item.wp_id)
            section = self.fallback_section()
        # Its other categories become tags: the story is listed under each of them, on the tag's page.
        others = {n: name for n, name in categories if n != "uncategorized" and self.sections.get(n) != section}
        return section, list(others.items())

    def fallback_section(self):
        if self.default_section is None:
            self.default_section = Section.objects.filter(parent=None, slug="news").first()
            if self.default_section is None:
                self.default_section = Section.objects.create(name="News", slug="news")
                self.report.count("sections", "created")
                self.report.note("sections", "created “News” for posts without a category")
        return self.default_section

    def import_post(self, item):
        wp_id = item.wp_id
        title = wpcontent.plain(item.get("title"))
        status = POST_STATUSES.get(item.get("wp:status"))
        if not wp_id:
            self.report.skip("articles", "no wp:post_id", title[:40])
            return self.skip_comments(item, "its post was not imported")
        if status is None:
            self.report.skip("articles", f"WordPress status “{item.get('wp:status')}”", wp_id)
            return self.skip_comments(item, "its post was not imported")
        if not title:
            # WordPress lists it as "(no title)" and readers had its address: it stays on the site
            # with its first words as the headline, and the report names it for an editor to retitle.
            title = untitled_headline(item.get("content:encoded"))
            if title:
                self.report.note("articles", "no title: headline made from its first words", wp_id)
            else:
                title = "(no title)"
                if status == Article.Status.PUBLISHED:
                    status = Article.Status.DRAFT
                self.report.note("articles", "no title and no text: imported as a draft titled “(no title)”", wp_id)
        self.posts.append((item, title, status))
        if len(self.posts) >= POST_BATCH:
            self.flush_posts()

    def flush_posts(self):
        """
        Write the waiting posts together, a few queries for the lot. If the database refuses the
        batch, write its posts one at a time, each in a savepoint, to skip only the one it refuses.
        """
        batch, self.posts = self.posts, []
        if not batch:
            return
        if not self.write_batch(batch):
            for post in batch:
                if len(batch) == 1 or not self.write_batch([post]):
                    self.skip_comments(post[0], "its post was not imported")
        if len(self.vectors) >= BATCH:
            self.flush_vectors()
        if len(self.thumbnails) >= BATCH * 10:
            self.link_thumbnails()

    def write_batch(self, posts):
        report = Report()
        known = set(self.authors), set(self.tags), self.sticky_position
        try:
            with transaction.atomic():
                effects = self.write_posts(posts, report)
        except (DatabaseError, ValidationError) as error:
            # What this batch created was rolled back with it: forget it.
            self.authors = {k: v for k, v in self.authors.items() if k in known[0]}
            self.tags = {k: v for k, v in self.tags.items() if k in known[1]}
            self.sticky_position = known[2]
            if len(posts) == 1:
                reason = f"the database refused it ({type(error).__name__}: {error})"
                self.report.skip("articles", cut(reason, 200), posts[0][0].wp_id)
            return False
        self.report.merge(report)
        redirects, thumbnails, images, late, vectors = effects
        self.with_images.update(images)
        self.late.extend(late)
        for old, new in redirects:
            self.redirect(old, new)
        self.thumbnails.extend(thumbnails)
        self.vectors.update(vectors)
        return True

    def prepare(self, item, title, status, report):
        """The article's fields as the export gives them, and the digest that says whether they changed."""
        wp_id = item.wp_id
        if item.get("wp:post_password") and status == Article.Status.PUBLISHED:
            report.note("articles", "password-protected: imported as a draft", wp_id)
            status = Article.Status.DRAFT
        if item.get("wp:status") == "private":
            report.note("articles", "private: imported as a draft", wp_id)
        published_at = gmt(item.get("wp:post_date_gmt")) or gmt(item.get("wp:post_date"))
        if status == Article.Status.PUBLISHED and published_at is None:
            report.note("articles", "published without a date: imported as a draft", wp_id)
            status = Article.Status.DRAFT
        # Co-Authors Plus lists further authors as terms of its "author" taxonomy.
        logins = [wp_login(item.get("dc:creator"))] + [
            wp_login(n.removeprefix("cap-")) for d, n, _ in item.categories if d == "author"
        ]
        tags = [(n, name) for d, n, name in item.categories if d == "post_tag"]
        post = {
            "category_tags": [],  # filled by fill(): the categories other than the section's
            "item": item,
            "wp_id": wp_id,
            "title": title,
            "status": status,
            "published_at": published_at,
            "logins": logins,
            "tags": tags,
            "thumbnail": item.meta_value("_thumbnail_id"),
            "sticky": item.get("wp:is_sticky") == "1",
        }
        post["fingerprint"] = digest(
            CONVERSION_VERSION, title, item.get("wp:post_name"), status, published_at, item.get("excerpt:encoded"),
            # Sorted: WordPress lists terms by name, and two terms of one name come in either order.
            item.get("content:encoded"), logins, sorted(tags), sorted(n for d, n, _ in item.categories if d == "category"),
            item.meta_value("_yoast_wpseo_primary_category"), post["thumbnail"], post["sticky"],
            item.get("wp:comment_status"),
        )
        return post

    def write_posts(self, posts, report):
        post_ids = [item.wp_id for item, _, _ in posts]
        comment_ids = [c.get("comment_id", "") for item, _, _ in posts for c in item.comments]
        mapped = {
            (m.kind, m.wp_id): m
            for m in WordPressItem.objects.filter(site=self.site).filter(
                Q(kind=Kind.POST, wp_id__in=post_ids) | Q(kind=Kind.COMMENT, wp_id__in=comment_ids)
            )
        }
        prepared = [self.prepare(item, title, status, report) for item, title, status in posts]
        changed = [p for p in prepared if (m := mapped.get((Kind.POST, p["wp_id"]))) and m.fingerprint != p["fingerprint"]]
        existing = Article.objects.select_related("section").in_bulk(
            [mapped[(Kind.POST, p["wp_id"])].object_id for p in changed]
        )
        to_write, with_comments = [], []
        for post in prepared:
            mapping = mapped.get((Kind.POST, post["wp_id"]))
            if mapping is None:
                to_write.append((post, None, None))
            elif mapping.fingerprint == post["fingerprint"]:
                report.count("articles", "unchanged")
                with_comments.append((post["item"], mapping.object_id, True))
            elif mapping.object_id in existing:
                to_write.append((post, existing[mapping.object_id], mapping))
            else:
                report.note("articles", "deleted in Newsroom since the last import: not re-created", post["wp_id"])
                report.count("articles", "unchanged")
                self.skip_comments_into(post["item"], report, "its article was deleted in Newsroom")

        articles = [self.fill(post, article, report) for post, article, _ in to_write]
        self.free_slugs(articles, report)
        new = [(post, article) for (post, _, _), article in zip(to_write, articles) if article.pk is None]
        # A batch insert skips Article.save(): the body goes through the same sanitizer here, and the
        # search vectors are brought up to date below with the bylines and tags.
        for _, article in new:
            article.body = sanitize_body(article.body)
            clean_model_text(article)
        Article.objects.bulk_create([article for _, article in new])
        for (post, _, mapping), article in zip(to_write, articles):
            if mapping is not None:
                article.save()
        self.write_bylines_and_tags(to_write, articles, report)
        WordPressItem.objects.bulk_create(
            [WordPressItem(site=self.site, kind=Kind.POST, wp_id=post["wp_id"], object_id=article.pk,
                           fingerprint=post["fingerprint"]) for post, article in new]
        )
        updated = [(mapping, post, article) for (post, _, mapping), article in zip(to_write, articles) if mapping]
        for mapping, post, article in updated:
            mapping.object_id, mapping.fingerprint = article.pk, post["fingerprint"]
        WordPressItem.objects.bulk_update([m for m, _, _ in updated], ["object_id", "fingerprint"])
        report.count("articles", "created", len(new))
        report.count("articles", "updated", len(updated))
        with_comments.extend((post["item"], article.pk, False) for (post, _, _), article in zip(to_write, articles))
        self.write_comments(with_comments, mapped, report)

        redirects, thumbnails, images, late = [], [], [], []
        for (post, _, _), article in zip(to_write, articles):
            if any(tag in article.body for tag in MEDIA_TAGS):
                images.append(article.pk)
            if "[gallery" in article.body or "[playlist" in article.body:
                late.append((article.pk, post["wp_id"]))
            if post["thumbnail"]:
                thumbnails.append((article.pk, post["thumbnail"]))
            if article.status == Article.Status.PUBLISHED:
                url = article.get_absolute_url()
                redirects.extend((old, url) for old in dict.fromkeys(self.old_addresses(post["item"])))
        return redirects, thumbnails, images, late, [article.pk for article in articles]

    def fill(self, post, article, report):
        item = post["item"]
        wp_id = post["wp_id"]
        section, post["category_tags"] = self.section_for(item, report)
        slug = wp_slug(item.get("wp:post_name"), 200) or wp_slug(post["title"], 80) or f"post-{wp_id}"
        if slug.isdigit() or slug in RESERVED_CHILD_SLUGS:
            slug = f"post-{slug}"
        body, unknown = wpcontent.convert(item.get("content:encoded"))
        report.shortcodes.update(unknown)
        if article is None:
            article = Article(created_at=post["published_at"] or datetime.now(UTC))
        article.title = cut(post["title"], 300)
        article.slug = slug
        article.section = section
        article.standfirst = cut(wpcontent.plain(item.get("excerpt:encoded")), 600)
        article.body = body
        article.status = post["status"]
        article.published_at = post["published_at"]
        article.allow_comments = item.get("wp:comment_status", "open") == "open"
        if post["sticky"] and not article.is_featured:
            self.sticky_position += 1
            article.is_featured, article.front_position = True, self.sticky_position
        elif not post["sticky"] and article.is_featured:
            article.is_featured, article.front_position = False, None
        article.wp_id = wp_id
        return article

    def free_slugs(self, articles, report):
        """Number a slug another article or a subsection of the same section already has."""
        taken = set(
            Article.objects.filter(
                section__in={a.section_id for a in articles}, slug__in={a.slug for a in articles}
            ).values_list("section_id", "slug", "pk")
        )
        taken = {(section, slug): pk for section, slug, pk in taken}
        subsections = {(s.parent_id, s.slug) for s in self.sections.values() if s is not None}
        for article in articles:
            base, n = article.slug, 2
            while (article.section_id, article.slug) in subsections or taken.get(
                (article.section_id, article.slug), article.pk
            ) != article.pk or (
                # only a numbered slug needs a query: the batch's own slugs were fetched above
                n > 2 and Article.objects.filter(section_id=article.section_id, slug=article.slug).exclude(pk=article.pk).exists()
            ):
                article.slug, n = f"{base}-{n}", n + 1
            if article.slug != base:
                report.note("articles", "address taken in its section, numbered", article.wp_id)
            taken[(article.section_id, article.slug)] = article.pk or object()

    def write_bylines_and_tags(self, to_write, articles, report):
        bylines, tagged = [], []
        for (post, _, mapping), article in zip(to_write, articles):
            authors = []
            for login in post["logins"]:
                if not login:
                    continue
                if login not in self.authors:
                    report.note("authors", "not in the export's author list: created from the post", login)
                    mapping_ = self.mappings(Kind.AUTHOR, [login]).get(login)
                    self.authors[login] = self.author(login, login, "", mapping=mapping_, report=report).pk
                if self.authors[login] not in authors:
                    authors.append(self.authors[login])
            tag_pks = []
            for nicename, name in post["tags"]:
                if nicename not in self.tags:
                    self.tag(nicename, name, nicename, self.mappings(Kind.TAG, [nicename]).get(nicename), report)
                if self.tags.get(nicename) and self.tags[nicename] not in tag_pks:
                    tag_pks.append(self.tags[nicename])
            for nicename, name in post["category_tags"]:
                pk = self.category_tag(nicename, name, report)
                if pk and pk not in tag_pks:
                    tag_pks.append(pk)
            if mapping is not None:
                # An update keeps the bylines and tags editors added in Newsroom, adds WordPress's.
                have = set(article.bylines.values_list("author_id", flat=True))
                authors = [a for a in authors if a not in have]
                start = len(have)
                TaggedItem.objects.filter(content_type=self.article_type, object_id=article.pk).exclude(
                    tag_id__in=tag_pks
                ).delete()
                have_tags = set(
                    TaggedItem.objects.filter(content_type=self.article_type, object_id=article.pk).values_list(
                        "tag_id", flat=True
                    )
                )
                tag_pks = [t for t in tag_pks if t not in have_tags]
            else:
                start = 0
            bylines += [Byline(article=article, author_id=a, position=start + i) for i, a in enumerate(authors)]
            tagged += [TaggedItem(content_type=self.article_type, object_id=article.pk, tag_id=t) for t in tag_pks]
        Byline.objects.bulk_create(bylines, batch_size=BATCH)
        TaggedItem.objects.bulk_create(tagged, batch_size=BATCH)

    def old_addresses(self, item):
        """The post's WordPress addresses: ?p=ID, its permalink, and the dated form with old slugs too."""
        yield wordpress_query_path("p", item.wp_id)
        link = urlsplit(item.get("link", ""))
        if link.path and not link.query:
            yield old_path(link.path)
        local = item.get("wp:post_date", "")[:10].replace("-", "/")
        if re.fullmatch(r"\d{4}/\d{2}/\d{2}", local):
            for name in [item.get("wp:post_name"), *item.meta.get("_wp_old_slug", [])]:
                if name:
                    yield old_path(f"/{local}/{name}/")

    def skip_comments_into(self, item, report, reason):
        for comment in item.comments:
            kind = comment.get("comment_type", "")
            if kind in ("pingback", "trackback"):
                report.ignored[f"{kind}s"] += 1
            else:
                report.skip("comments", reason, comment.get("comment_id", ""))

    def comment_fields(self, c, report):
        """The Comment's fields from a wp:comment, or None (and the reason reported) when it is left out."""
        kind = c.get("comment_type", "")
        cid = c.get("comment_id", "")
        if kind in ("pingback", "trackback"):
            report.ignored[f"{kind}s"] += 1
            return None
        if kind not in ("", "comment"):
            report.skip("comments", f"comment of type “{kind}”", cid)
            return None
        status = COMMENT_STATUSES.get(c.get("comment_approved", ""))
        if not cid or status is None:
            report.skip("comments", "no ID" if not cid else f"status “{c.get('comment_approved')}”", cid)
            return None
        body = wpcontent.comment_text(c.get("comment_content"))
        if not body:
            report.skip("comments", "empty", cid)
            return None
        email = c.get("comment_author_email", "").strip()
        try:
            validate_email(email)
        except ValidationError:
            email = ""
        url = c.get("comment_author_url", "").strip()
        if len(url) > 300 or not url.startswith(("http://", "https://")):
            url = ""
        ip = c.get("comment_author_IP", "").strip()
        try:
            validate_ipv46_address(ip)
        except ValidationError:
            ip = None
        return {
            "author_name": cut(wpcontent.plain(c.get("comment_author")) or "Anonymous", 100),
            "author_email": email,
            "author_url": url,
            "body": body,
            "status": status,
            "created_at": gmt(c.get("comment_date_gmt")) or gmt(c.get("comment_date")) or datetime.now(UTC),
            "ip_address": ip,
        }

    def write_comments(self, posts, mapped, report):
        """The comments of a batch of posts: [(item, article pk, article may be gone), ...]."""
        new, changed, parents = [], [], {}
        known = {}  # WordPress comment ID → Comment pk
        unsure = set()  # articles not written in this run, which an editor may have deleted
        for item, article_pk, check in posts:
            for c in item.comments:
                fields = self.comment_fields(c, report)
                if fields is None:
                    continue
                cid = c["comment_id"]
                parent = c.get("comment_parent", "0")
                fingerprint = digest(fields, parent)
                mapping = mapped.get((Kind.COMMENT, cid))
                if mapping is not None:
                    known[cid] = mapping.object_id
                    if mapping.fingerprint == fingerprint:
                        report.count("comments", "unchanged")
                        continue
                    comment = Comment(pk=mapping.object_id, article_id=article_pk, **fields)
                    changed.append((cid, comment, mapping, fingerprint))
                else:
                    new.append((cid, Comment(article_id=article_pk, **fields), fingerprint))
                if check:
                    unsure.add(article_pk)
                if parent and parent != "0":
                    parents[cid] = parent
        if not new and not changed:
            return
        if unsure:
            gone = unsure - set(Article.objects.filter(pk__in=unsure).values_list("pk", flat=True))
            for cid, comment, *_ in [*new, *changed]:
                if comment.article_id in gone:
                    report.skip("comments", "its article was deleted in Newsroom", cid)
            new = [n for n in new if n[1].article_id not in gone]
            changed = [c for c in changed if c[1].article_id not in gone]
        # A moderator may have deleted a comment a reply points to; the reply then starts a thread.
        wanted = {known[p] for p in parents.values() if p in known}
        present = set(Comment.objects.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()

        def parent_pk(cid):
            if cid not in parents:
                return None
            pk = known.get(parents[cid])
            if pk is None or pk not in present:
                report.note("comments", "replies to a comment that is not there: shown as a new thread", cid)
                return None
            return pk

        # Each new comment is written once, with its parent: a round of inserts per level of
        # threading (WordPress nests ten deep at most), replies after what they answer.
        todo = new
        while todo:
            waiting = {cid for cid, _, _ in todo}
            ready = [entry for entry in todo if parents.get(entry[0]) not in waiting] or todo  # or a loop: broken
            for cid, comment, _ in ready:
                comment.parent_id = parent_pk(cid)
            Comment.objects.bulk_create([clean_model_text(comment) for _, comment, _ in ready], batch_size=BATCH)
            for cid, comment, _ in ready:
                known[cid] = comment.pk
                present.add(comment.pk)
            done = {cid for cid, _, _ in ready}
            todo = [entry for entry in todo if entry[0] not in done]
        for cid, comment, *_ in changed:
            comment.parent_id = parent_pk(cid)
        fields = ["author_name", "author_email", "author_url", "body", "status", "created_at", "ip_address", "parent"]
        Comment.objects.bulk_update([clean_model_text(c) for _, c, _, _ in changed], fields, batch_size=BATCH)
        WordPressItem.objects.bulk_create(
            [WordPressItem(site=self.site, kind=Kind.COMMENT, wp_id=cid, object_id=comment.pk, fingerprint=fp)
             for cid, comment, fp in new],
            batch_size=BATCH,
        )
        for _, _, mapping, fp in changed:
            mapping.fingerprint = fp
        WordPressItem.objects.bulk_update([m for _, _, m, _ in changed], ["fingerprint"], batch_size=BATCH)
        report.count("comments", "created", len(new))
        report.count("comments", "updated", len(changed))

    # Pages

    def import_page(self, item):
        """True when the page is on the site (written or unchanged); None when it is skipped."""
        wp_id = item.wp_id
        title = wpcontent.plain(item.get("title"))
        if item.get("wp:status") != "publish":
            return self.report.skip("pages", f"WordPress status “{item.get('wp:status')}”", wp_id)
        link = urlsplit(item.get("link", ""))
        if not link.path or link.query:
            return self.report.skip("pages", "no address of its own", wp_id)
        url = re.sub(r"/{2,}", "/", unquote(link.path))
        url = url if url.endswith("/") else url + "/"
        if len(url) > 100:
            return self.report.skip("pages", "address longer than a flat page takes (100 characters)", url[:60])
        if not title:
            return self.report.skip("pages", "no title", wp_id)
        body, unknown = wpcontent.convert(item.get("content:encoded"))
        self.report.shortcodes.update(unknown)
        comment_report = Report()  # merged once the page is written: else its comments are skipped with it
        comments, shown = self.page_comments(item, comment_report)
        body += comments
        protected = bool(item.get("wp:post_password"))
        fingerprint = digest(CONVERSION_VERSION, url, title, item.get("content:encoded"), protected, comments)
        mapping = self.mappings(Kind.PAGE, [wp_id]).get(wp_id)
        page = FlatPage.objects.filter(pk=mapping.object_id).first() if mapping else None
        if page is not None and mapping.fingerprint == fingerprint:
            self.report.count("pages", "unchanged")
            comment_report.count("comments", "unchanged", shown)
        else:
            if page is None:
                if FlatPage.objects.filter(url=url).exists():
                    return self.report.skip("pages", "a flat page already has its address", url)
                page, outcome = FlatPage(), "created"
            else:
                outcome = "updated"
            page.url, page.title, page.content = url, cut(title, 200), sanitize_body(body)
            page.registration_required = protected
            page.save()
            page.sites.add(self.current_site)
            self.remember(Kind.PAGE, wp_id, page, fingerprint, mapping)
            self.report.count("pages", outcome)
            comment_report.count("comments", outcome, shown)
            if protected:
                self.report.note("pages", "password-protected: only signed-in users see it", url)
            if Section.objects.filter(path=url.strip("/")).exists():
                self.report.note("pages", "hidden by a section at the same address", url)
        self.redirect(wordpress_query_path("page_id", wp_id), escape_uri_path(url))
        self.redirect(wordpress_query_path("p", wp_id), escape_uri_path(url))
        self.report.merge(comment_report)
        return True

    def page_comments(self, item, report):
        """
        (HTML, how many): a page's approved comments, threaded, as a "Comments" part at the end of its
        text. Flat pages have no comment form or moderation, so they are kept as what readers saw;
        held, spam and trashed ones were never shown and are reported, not kept.
        """
        children = defaultdict(list)
        shown = 0
        for comment in item.comments:
            kind = comment.get("comment_type", "")
            if kind in ("pingback", "trackback"):
                report.ignored[f"{kind}s"] += 1
                continue
            fields = self.comment_fields(comment, report)
            if fields is None:
                continue
            if fields["status"] != Comment.Status.APPROVED:
                report.skip("comments", f"{fields['status']} comment on a page: not kept (pages show approved comments only)",
                            comment.get("comment_id"))
                continue
            shown += 1
            report.note("comments", "on a page: kept in the page's text, under “Comments”", comment.get("comment_id"))
            children[comment.get("comment_parent", "0")].append((comment.get("comment_id"), fields))
        if not shown:
            return "", 0
        ids = {cid for replies in children.values() for cid, _ in replies}

        def thread(parent, seen):
            items = []
            for cid, fields in sorted(children.get(parent, []), key=lambda c: c[1]["created_at"]):
                if cid in seen:
                    continue
                paragraphs = "".join(
                    "<p>" + "<br>".join(escape(line) for line in part.split("\n")) + "</p>"
                    for part in fields["body"].split("\n\n")
                )
                when = fields["created_at"].strftime("%-d %B %Y")
                who = escape(fields["author_name"])
                items.append(f"<li><p><strong>{who}</strong>, {when}</p>{paragraphs}{thread(cid, seen | {cid})}</li>")
            return f"<ul>{''.join(items)}</ul>" if items else ""

        # A reply whose parent is not kept starts a thread of its own.
        roots = [p for p in children if p not in ids]
        html = "".join(thread(p, frozenset()) for p in sorted(roots))
        return f"\n<h2>Comments</h2>\n{html}", shown

    # Attachments

    def attachment_file(self, item):
        """The attachment's path under wp-content/uploads, from its metadata or its address."""
        relative = item.meta_value("_wp_attached_file")
        if not relative:
            path = unquote(urlsplit(item.get("wp:attachment_url") or item.get("guid")).path)
            relative = path.split("/wp-content/uploads/", 1)[1] if "/wp-content/uploads/" in path else path
        return PurePosixPath(relative.lstrip("/"))

    def import_attachment(self, item):
        relative = self.attachment_file(item)
        url = item.get("wp:attachment_url") or item.get("guid")
        kind = "image" if relative.suffix.lower() in IMAGE_SUFFIXES else wpcontent.media_kind(str(relative))
        try:
            order = (int(item.get("wp:menu_order") or 0), int(item.wp_id or 0))
        except ValueError:
            order = (0, 0)
        # What a [gallery] or [playlist] of its post needs, resolved once the whole export is read.
        caption, alt_text, _ = self.photo_text(item)
        self.attachments[item.wp_id] = {
            "id": item.wp_id, "parent": item.get("wp:post_parent"), "order": order, "url": url, "kind": kind,
            "caption": caption, "alt": alt_text,
        }
        if kind is None:
            return self.report.skip("files", f"not an image, sound or video ({relative.suffix or 'no extension'})", item.wp_id)
        if self.fetcher is not None:
            self.to_fetch.append((item, relative))
            if len(self.to_fetch) >= FETCH_BATCH:
                self.fetch_attachments()
            return
        self.import_any(item, relative)

    def import_any(self, item, relative):
        if self.attachments.get(item.wp_id, {"kind": "image"})["kind"] == "image":  # body images are no attachment
            self.remember_upload(item, self.import_image(item, relative))
        else:
            self.remember_file(item, self.import_file(item, relative))

    def remember_file(self, item, media):
        key = wpcontent.upload_key(item.get("wp:attachment_url") or item.get("guid"))
        if key and media is not None:
            self.old_hosts.add(key[0])
            self.file_urls[key] = media.file.url

    def import_file(self, item, relative):
        """A sound or video attachment as a MediaFile; None when it is not imported."""
        wp_id = item.wp_id
        if self.media_dir is None:
            return self.report.skip("files", "no --media-dir or --fetch-media given", wp_id)
        path = (self.media_dir / relative).resolve()
        if not path.is_relative_to(self.media_dir) or not path.is_file():
            return self.report.skip("files", "file not found in --media-dir", str(relative))
        with path.open("rb") as f:
            if not is_media_file(f.read(16)):
                return self.report.skip("files", "not a sound or video file", str(relative))
        fingerprint = digest(str(relative), path.stat().st_size)
        mapping = self.mappings(Kind.FILE, [wp_id]).get(wp_id)
        media = MediaFile.objects.filter(pk=mapping.object_id).first() if mapping else None
        if media is not None and mapping.fingerprint == fingerprint:
            self.report.count("files", "unchanged")
            return media
        outcome = "updated" if media else "created"
        media = media or MediaFile(kind=self.attachments[wp_id]["kind"])
        media.source = cut(item.get("wp:attachment_url") or "", 500)
        if self.dry_run:
            media.file.name = f"files/{relative.name}"
        else:
            with path.open("rb") as f:
                media.file.save(relative.name, File(f), save=False)
            self.copied_files.append(media.file.name)
        media.save()
        self.remember(Kind.FILE, wp_id, media, fingerprint, mapping)
        self.report.count("files", outcome)
        self.photos_changed = True
        return media

    def remember_upload(self, item, photo_pk):
        # Post bodies name the image by its address on the old site: remembered to point them at the photo.
        key = wpcontent.upload_key(item.get("wp:attachment_url") or item.get("guid"))
        if key:
            self.old_hosts.add(key[0])
            self.uploads[key] = photo_pk

    def fetch_attachments(self):
        """
        Download a batch of image attachments together, then make their photos one by one. A photo
        an earlier run stored is not downloaded again; only its caption, alt text and credit are
        brought up to date.
        """
        batch, self.to_fetch = self.to_fetch, []
        if not batch:
            return
        mapped = self.mappings(Kind.ATTACHMENT, [item.wp_id for item, _ in batch])
        photos = Photo.objects.in_bulk([m.object_id for m in mapped.values()])
        files = self.mappings(Kind.FILE, [item.wp_id for item, _ in batch])
        stored_files = MediaFile.objects.in_bulk([m.object_id for m in files.values()])
        wanted = []
        for item, relative in batch:
            mapping = mapped.get(item.wp_id)
            photo = photos.get(mapping.object_id) if mapping else None
            media = stored_files.get(files[item.wp_id].object_id) if item.wp_id in files else None
            if media is not None and media.file and media.file.storage.exists(media.file.name):
                self.report.fetched["already stored, not downloaded"] += 1
                self.report.count("files", "unchanged")
                self.remember_file(item, media)
            elif photo is not None and photo.image and photo.image.storage.exists(photo.image.name):
                self.report.fetched["already stored, not downloaded"] += 1
                self.remember_upload(item, self.refresh_photo(item, photo, mapping))
            else:
                wanted.append((item, relative))
        outcomes = self.fetcher.fetch_all([(item.get("wp:attachment_url") or item.get("guid"), rel) for item, rel in wanted])
        for (item, relative), outcome in zip(wanted, outcomes):
            if outcome.path is None:
                self.report.fetched["could not be fetched"] += 1
                kind = "photos" if self.attachments.get(item.wp_id, {"kind": "image"})["kind"] == "image" else "files"
                self.report.skip(kind, f"could not fetch: {outcome.reason}", outcome.url)
                if kind == "photos":
                    self.remember_upload(item, None)
                continue
            self.report.fetched["downloaded" if outcome.fetched else "already in the media folder"] += 1
            self.import_any(item, relative)

    def photo_text(self, item):
        """A photo's caption, alt text and credit from its attachment."""
        caption = wpcontent.plain(item.get("excerpt:encoded"))
        alt_text = cut(wpcontent.plain(item.meta_value("_wp_attachment_image_alt")) or wpcontent.plain(item.get("title")), 300)
        credit = re.search(r's:6:"credit";s:\d+:"([^"]*)"', item.meta_value("_wp_attachment_metadata"))
        return caption, alt_text, cut(credit.group(1) if credit else "", 200)

    def refresh_photo(self, item, photo, mapping):
        """A stored photo whose file stays: its words follow the export. Returns its pk."""
        caption, alt_text, credit = self.photo_text(item)
        text_half = digest(caption, alt_text, credit)[:20]
        if mapping.fingerprint[20:] == text_half:
            self.report.count("photos", "unchanged")
            return photo.pk
        photo.caption, photo.alt_text, photo.credit = caption, alt_text, credit
        photo.save(update_fields=["caption", "alt_text", "credit"])
        self.remember(Kind.ATTACHMENT, item.wp_id, photo, mapping.fingerprint[:20] + text_half, mapping)
        self.report.count("photos", "updated")
        return photo.pk

    def import_image(self, item, relative):
        """The attachment as a Photo; its pk, or None when it is not imported."""
        wp_id = item.wp_id
        if self.media_dir is None:
            return self.report.skip("photos", "no --media-dir or --fetch-media given", wp_id)
        path = (self.media_dir / relative).resolve()
        if not path.is_relative_to(self.media_dir) or not path.is_file():
            return self.report.skip("photos", "file not found in --media-dir", str(relative))
        try:
            with Image.open(path) as image:
                size = image.size
        except (OSError, ValueError):
            return self.report.skip("photos", "file is not a readable image", str(relative))
        caption, alt_text, credit = self.photo_text(item)
        # Two halves, so an update can tell whether the file itself changed.
        fingerprint = digest(str(relative), path.stat().st_size)[:20] + digest(caption, alt_text, credit)[:20]
        mapping = self.mappings(Kind.ATTACHMENT, [wp_id]).get(wp_id)
        photo = Photo.objects.filter(pk=mapping.object_id).first() if mapping else None
        if photo is not None and mapping.fingerprint == fingerprint:
            self.report.count("photos", "unchanged")
            return photo.pk
        outcome = "updated" if photo else "created"
        photo = photo or Photo(uploaded_at=gmt(item.get("wp:post_date_gmt")) or datetime.now(UTC))
        photo.caption, photo.alt_text, photo.credit = caption, alt_text, credit
        if outcome == "created" or mapping.fingerprint[:20] != fingerprint[:20]:
            if self.dry_run:
                photo.width, photo.height = size
                photo.image.name = f"photos/{relative.name}"
            else:
                with path.open("rb") as f:
                    photo.image.save(relative.name, File(f), save=False)
                self.copied_files.append(photo.image.name)
            self.photos_changed = True
        try:
            # Photo.save() checks every new file (a real picture, size and pixel limits) and strips
            # its location; a file that fails is removed and skipped, the rest of the import goes on.
            with transaction.atomic():
                photo.save()
        except ValidationError as error:
            if photo.image.name in self.copied_files:
                self.copied_files.remove(photo.image.name)
            return self.report.skip("photos", "; ".join(error.messages), str(relative))
        self.remember(Kind.ATTACHMENT, wp_id, photo, fingerprint, mapping)
        self.report.count("photos", outcome)
        return photo.pk

    def link_thumbnails(self):
        """Featured images: attachments may come after the posts that use them, so they are linked last."""
        pending, self.thumbnails = self.thumbnails, []
        for start in range(0, len(pending), BATCH):
            chunk = pending[start : start + BATCH]
            photos = {m.wp_id: m.object_id for m in self.mappings(Kind.ATTACHMENT, [wp for _, wp in chunk]).values()}
            # An editor may have deleted a photo since the last run: asked once for the chunk, not per post.
            present = set(Photo.objects.filter(pk__in=photos.values()).values_list("pk", flat=True))
            photos = {wp: pk for wp, pk in photos.items() if pk in present}
            current = dict(Article.objects.filter(pk__in=[pk for pk, _ in chunk]).values_list("pk", "photo_id"))
            for article_pk, wp in chunk:
                if wp not in photos:
                    self.report.note("articles", "featured image not imported", f"attachment {wp}")
                elif current.get(article_pk, photos[wp]) != photos[wp]:
                    Article.objects.filter(pk=article_pk).update(photo_id=photos[wp])

    def resolve_late(self):
        """[gallery] and [playlist] become figures and players now that every attachment is known."""
        pending, self.late = self.late, []
        if not pending:
            return
        attached = defaultdict(list)
        for attachment in sorted(self.attachments.values(), key=lambda a: a["order"]):
            attached[attachment["parent"]].append(attachment)
        for start in range(0, len(pending), BATCH):
            chunk = dict(pending[start : start + BATCH])
            changed = []
            for pk, body in Article.objects.filter(pk__in=chunk).values_list("pk", "body"):
                body, problems = wpcontent.resolve_late(body, attached.get(chunk[pk], []), self.attachments.get)
                for problem, n in problems.items():
                    self.report.notes["articles"][problem].extend([chunk[pk]] * n)
                changed.append(clean_model_text(Article(pk=pk, body=sanitize_body(body))))
                self.with_images.add(pk)
            Article.objects.bulk_update(changed, ["body"])

    def fetch_body_images(self, pks, host):
        """
        --fetch-media: images in the bodies that are on the old site's hosts but are no attachment
        of the export (uploaded long ago, or copied in by hand) are downloaded and made photos too.
        """
        found = {}
        for start in range(0, len(pks), BATCH):
            for body in Article.objects.filter(pk__in=pks[start : start + BATCH]).values_list("body", flat=True):
                for key, src in wpcontent.old_images(body, self.old_hosts, host):
                    unsized = (key[0], wpcontent.unsized(key[1]))
                    if key not in self.uploads and unsized not in self.uploads and key not in found:
                        found[key] = src
        scheme = urlsplit(self.site).scheme or "https"
        for (key_host, path), src in found.items():
            url = src if urlsplit(src).hostname else f"{scheme}://{key_host}{path}"
            relative = path.split("/wp-content/uploads/", 1)[1] if "/wp-content/uploads/" in path else f"{key_host}{path}"
            wp_id = f"url:{key_host}{path}"[:200]
            item = wxr.Item(fields={"wp:post_id": wp_id, "wp:attachment_url": url, "title": PurePosixPath(path).stem})
            self.to_fetch.append((item, PurePosixPath(relative.lstrip("/"))))
        while self.to_fetch:
            batch, self.to_fetch = self.to_fetch[FETCH_BATCH:], self.to_fetch[:FETCH_BATCH]
            self.fetch_attachments()
            self.to_fetch = batch

    def relocate_images(self):
        """
        Images in the bodies that are imported photos point at the photo's file instead of the old
        site (attachments may come after the posts that show them, so this is done last). The
        articles written in this run are looked at; when photos were added, every imported article
        with an image is, so a later run with --media-dir moves the images of unchanged posts too.
        """
        pks, self.with_images = list(self.with_images), set()
        if self.photos_changed:
            imported = WordPressItem.objects.filter(site=self.site, kind=Kind.POST).values("object_id")
            written = set(pks)
            with_images = Article.objects.filter(pk__in=imported).filter(
                Q(body__contains="<img") | Q(body__contains="<audio") | Q(body__contains="<video")
            ).values_list("pk", flat=True)
            pks += [pk for pk in with_images if pk not in written]
        if not pks:
            return
        host = urlsplit(self.site).hostname or ""
        if self.fetcher is not None:
            self.fetch_body_images(pks, host)
        photo_urls = {}
        photos = list({pk for pk in self.uploads.values() if pk})
        for start in range(0, len(photos), BATCH):
            chunk = Photo.objects.filter(pk__in=photos[start : start + BATCH]).only("image")
            photo_urls.update((photo.pk, photo.image.url) for photo in chunk)
        for start in range(0, len(pks), BATCH):
            changed = []
            for pk, before in Article.objects.filter(pk__in=pks[start : start + BATCH]).values_list("pk", "body"):
                body, moved, left = wpcontent.relocate_images(
                    before, lambda key: photo_urls.get(self.uploads.get(key)) or self.file_urls.get(key), self.old_hosts, host
                )
                self.report.images.update(moved=moved, left=left)
                if body != before:
                    changed.append(clean_model_text(Article(pk=pk, body=sanitize_body(body))))
            Article.objects.bulk_update(changed, ["body"])
