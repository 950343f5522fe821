"""
RSS 2.0 and Atom feeds of published articles: the whole site, a section (with its subsections),
an author and a tag. Links are built from the request's own host, so a fresh install does not
advertise example.com.

Feed readers take an RSS <description> and an Atom summary of type "html" as HTML: plain text
(standfirsts, sponsor names, corrections, section descriptions) is escaped once more for them, so
“<img onerror=…>” typed as text stays text. Titles, names and categories are plain text in both
formats and are only escaped as XML. Nothing written out holds a control character (newsroom.text).
"""

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from taggit.models import Tag

from authors.models import Author
from newsroom import pagecache
from newsroom.i18n import and_join_text
from newsroom.text import clean_structure

from .models import Article, Correction, Section
from .renditions import pick, renditions_for

FEED_LENGTH = 30
# The enclosure: wide enough for a reader's preview, small enough to fetch for every item.
ENCLOSURE_WIDTH = 1280


def join_names(names):
    """“A”, “A and B”, “A, B, and C”: the bylines' own style, in the feed's language."""
    return and_join_text(names)


class RequestFeed(Feed):
    """A feed that knows its request and writes no control character, whatever a row holds."""

    def __call__(self, request, *args, **kwargs):
        # A copy per request: one feed object serves every thread, and this one needs the request.
        feed = copy.copy(self)
        feed.request = request
        # Feeds list stories (and corrections): any change to a public story refreshes them.
        pagecache.add_keys("feeds", "corrections")
        return Feed.__call__(feed, request, *args, **kwargs)

    def get_feed(self, obj, request):
        generator = super().get_feed(obj, request)
        generator.feed = clean_structure(generator.feed)
        generator.items = [clean_structure(item) for item in generator.items]
        return generator


class ArticleFeed(RequestFeed):
    """The site's newest articles. Subclasses narrow `articles()` and name the feed."""

    feed_type = Rss201rev2Feed

    def absolute(self, url):
        return self.request.build_absolute_uri(url)

    # The feed as a whole

    def title(self, obj):
        return settings.SITE_NAME

    def description_text(self, obj):
        return _("The latest stories from %(site)s.") % {"site": settings.SITE_NAME}

    def description(self, obj):
        # RSS: HTML to a reader.
        return escape(self.description_text(obj))

    def subtitle(self, obj):
        # Atom: plain text.
        return self.description_text(obj)

    def link(self, obj):
        return self.absolute(reverse("articles:front"))

    def feed_url(self, obj):
        return self.absolute(self.request.path)

    def author_name(self, obj):
        return settings.SITE_NAME

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        # Feeds per language: /feed/ carries the default language's stories, /zh-hans/feed/ the Chinese ones.
        return (
            self.articles(obj)
            .filter(language=translation.get_language())
            .with_cards()
            .select_related("sponsor")
            .prefetch_related("tags")
            .newest_first()[:FEED_LENGTH]
        )

    # Each article

    def item_title(self, item):
        return _("Sponsored: %(headline)s") % {"headline": item.title} if item.sponsor_id else item.title

    def item_description(self, item):
        # RSS description and Atom summary type="html" alike: HTML to a reader, so the text is escaped.
        text = item.excerpt()
        if item.sponsor_id:
            text = _("Sponsored content from %(sponsor)s.") % {"sponsor": item.sponsor.name} + f" {text}"
        return escape(text)

    def item_link(self, item):
        return self.absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at if item.was_updated else item.published_at

    def item_author_name(self, item):
        return join_names(author.name for author in item.ordered_authors) or None

    def item_author_link(self, item):
        authors = item.ordered_authors
        return self.absolute(authors[0].get_absolute_url()) if authors else None

    def item_categories(self, item):
        categories = [item.section.name, *(tag.name for tag in item.tags.all())]
        if item.sponsor_id:
            categories.insert(0, _("Sponsored content"))
        return categories

    def item_enclosures(self, item):
        if not item.photo:
            return []
        sizes = renditions_for(item.photo)
        if not sizes:
            return []
        size = pick(sizes, ENCLOSURE_WIDTH)
        return [Enclosure(self.absolute(default_storage.url(size["src"])), str(size.get("length", 0)), size["type"])]


class SectionFeed(ArticleFeed):
    def get_object(self, request, section_path):
        return get_object_or_404(Section, path=section_path)

    def title(self, obj):
        return f"{obj.local_name} – {settings.SITE_NAME}"

    def description_text(self, obj):
        return obj.description or _("The latest %(section)s stories from %(site)s.") % {"section": obj.local_name, "site": settings.SITE_NAME}

    def link(self, obj):
        return self.absolute(obj.get_absolute_url())

    def articles(self, obj):
        return Article.objects.published().filter(Q(section=obj) | Q(section__path__startswith=obj.path + "/"))


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug):
        # Like the author page: no feed for someone with nothing public yet.
        return get_object_or_404(Author.objects.with_published_articles(), slug=slug)

    def title(self, obj):
        return f"{obj.name} – {settings.SITE_NAME}"

    def description_text(self, obj):
        return _("The latest stories by %(name)s for %(site)s.") % {"name": obj.name, "site": settings.SITE_NAME}

    def link(self, obj):
        return self.absolute(obj.get_absolute_url())

    def articles(self, obj):
        return Article.objects.published().filter(authors=obj)


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        # A tag only drafts or scheduled stories carry would tell readers what is coming.
        return get_object_or_404(Tag.objects.filter(pk__in=Article.objects.published().values("tags")), slug=slug)

    def title(self, obj):
        return f"{obj.name} – {settings.SITE_NAME}"

    def description_text(self, obj):
        return _("The latest stories tagged “%(tag)s” on %(site)s.") % {"tag": obj.name, "site": settings.SITE_NAME}

    def link(self, obj):
        return self.absolute(reverse("articles:tag", kwargs={"slug": obj.slug}))

    def articles(self, obj):
        return Article.objects.published().filter(tags=obj)


class AtomMixin:
    feed_type = Atom1Feed


class SiteAtomFeed(AtomMixin, ArticleFeed):
    pass


class SectionAtomFeed(AtomMixin, SectionFeed):
    pass


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass


class CorrectionFeed(RequestFeed):
    """Every correction the site has made, newest first: the /corrections/ page as RSS."""

    feed_type = Rss201rev2Feed

    def title(self):
        return _("Corrections") + f" – {settings.SITE_NAME}"

    def description(self):
        return _("Every correction %(site)s has made to its published articles.") % {"site": settings.SITE_NAME}

    def link(self):
        return self.request.build_absolute_uri(reverse("articles:corrections"))

    def feed_url(self):
        return self.request.build_absolute_uri(self.request.path)

    def items(self):
        return (
            Correction.objects.public()
            .filter(kind=Correction.Kind.CORRECTION)
            .select_related("article__section")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return _("Correction: %(headline)s") % {"headline": item.article.title}

    def item_description(self, item):
        return escape(item.text)

    def item_link(self, item):
        return self.request.build_absolute_uri(f"{item.article.get_absolute_url()}#correction-{item.pk}")

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.published_at
