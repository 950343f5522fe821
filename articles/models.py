import functools
import html
import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.apps import apps
from django.db import models, transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import pgettext_lazy
import nh3
from django_prose_editor.config import allowlist_from_extensions
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from newsroom import images
from newsroom.compiled import compiled_first, compiled_rows
from newsroom.images import CheckedImageField
from newsroom.i18n import remembered_url

from . import body_media, embeds, text
from .text import slug_for

# First-level names the site itself answers at; a root section cannot take them.
RESERVED_SLUGS = frozenset(
    {
        "admin", "author", "authors", "tag", "tags", "search", "feed", "feeds", "sponsors", "corrections",
        "static", "media", "comments", "preview", "sitemap.xml", "news-sitemap.xml", "robots.txt",
        "favicon.ico", "page", "api", "accounts", "csp-report",
    }
)
# Names that follow a section's path (/<section>/feed/); no child section or article may take them.
RESERVED_CHILD_SLUGS = frozenset({"feed", "page"})

# What the body editor offers, and so what the sanitizer lets through: one list for both.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Figure": True,
    "Caption": True,
    "Image": True,
    # Ours (articles/body_media.py): a library photo and an embed, by reference; Enter leaves a caption.
    "BodyPhoto": {"pickerUrl": reverse_lazy("admin:articles_photo_picker"), "addUrl": reverse_lazy("admin:articles_photo_add")},
    "Embed": {"checkUrl": reverse_lazy("admin:articles_embed_check")},
    "FigureExit": True,
}
_body_allowlist = allowlist_from_extensions(BODY_EXTENSIONS)
# Besides what the editor offers: audio and video players (WordPress's [audio] and [video] come
# across as these, with the files imported) and an embed's address on its figure (`<figure
# data-embed="URL">`, the markup of a pasted YouTube or Vimeo link, imported posts' too).
_body_allowlist["tags"] = {*_body_allowlist["tags"], "audio", "video", "source"}
_body_allowlist["attributes"] = {
    **_body_allowlist["attributes"],
    "audio": {"src", "controls", "preload", "loop"},
    "video": {"src", "controls", "preload", "loop", "poster", "width", "height"},
    "source": {"src", "type"},
    "figure": {*_body_allowlist["attributes"].get("figure", ()), "data-embed"},
}
_body_cleaner = nh3.Cleaner(**_body_allowlist)


def sanitize_body(html):
    """An article body as the editor would have made it, plus audio, video and embeds: nothing else survives."""
    cleaned = _body_cleaner.clean(html)
    # An empty editor leaves "<p></p>": stored as nothing, so an empty body is falsy.
    return "" if re.fullmatch(r"<(\w+)></\1>", cleaned) else cleaned

# Figures and tables are not the story's opening words: captions and credits stay out of excerpts.
_NOT_PROSE = re.compile(r"<(figure|table|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# A byline typed into the body ("By Kevin Zhang") is not part of the story either.
# So is one in Chinese: “文／张凯文”, “记者 张凯文”, “本报记者张凯文报道”.
_LEADING_BYLINE = re.compile(
    r"^\s*<p[^>]*>\s*(<(strong|em|b|i)>\s*)?(By\s[^<]{1,80}|文\s*[／/:：][^<，。]{1,30}|(本报)?记者[^<，。]{1,16})"
    r"(</(strong|em|b|i)>\s*)?</p>",
    re.IGNORECASE,
)
_IMAGE_SOURCE = re.compile(r"<img\b[^>]*?\ssrc=\"([^\"]*)\"", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|td|th|pre)\s*>|<br\s*/?>", re.IGNORECASE)


def plain_text(body_html):
    """The text of a piece of HTML as a reader would read it aloud, blocks separated by spaces."""
    text = html.unescape(strip_tags(_BLOCK_END.sub(" ", body_html or "")))
    return " ".join(text.split())


@functools.lru_cache(maxsize=256)
def _body_length(body):
    # Kept per process for the stories being read: a spike asks for the same body thousands of times.
    return text.count_words(plain_text(_NOT_PROSE.sub(" ", body)))


def default_language():
    return settings.LANGUAGE_CODE


def validate_language(value):
    if value not in dict(settings.LANGUAGES):
        raise ValidationError(f"“{value}” is not one of the site's languages ({', '.join(dict(settings.LANGUAGES))}).")


def validate_slug_not_digits(value):
    if value.isdigit():
        raise ValidationError("A slug cannot be only digits: those addresses belong to the date archives.")


class Section(models.Model):
    """A section of the site (News, World, ...). Sections form a tree; the URL is the path from the root."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(
        max_length=100,
        allow_unicode=True,
        validators=[validate_slug_not_digits],
        help_text="The section's part of the address: /news/world/ for World under News.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Leave empty for a top-level section.",
    )
    position = models.PositiveIntegerField(default=0, help_text="Lower numbers come first in menus.")
    description = models.TextField(blank=True, help_text="A sentence shown on the section page and in search results.")
    path = models.CharField(
        max_length=500, unique=True, editable=False, help_text="The full address path, derived from the tree."
    )
    names = models.JSONField(
        "names in other languages",
        default=dict,
        blank=True,
        help_text="The section's name in each other language of the site, for its menus and breadcrumbs there.",
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="section_unique_slug_in_parent"),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(parent__isnull=True), name="section_unique_root_slug"
            ),
        ]

    def __str__(self):
        return " › ".join(self.path_names) if self.path else self.name

    @classmethod
    def top_level(cls):
        """The top-level sections in the menu's order (compiled once per process: newsroom/compiled.py)."""
        return compiled_rows(cls, "sections:top", lambda: cls.objects.filter(parent=None).order_by("position", "name"))

    @property
    def local_name(self):
        """The name in the language of the page being rendered (新闻 on a Chinese page), else the name."""
        return self.names.get(translation.get_language()) or self.name

    @property
    def path_names(self):
        return [a.name for a in self.ancestors_and_self]

    def get_absolute_url(self):
        return remembered_url(
            self, (self.path, translation.get_language()), lambda: reverse("articles:path", kwargs={"path": self.path})
        )

    def list_keys(self):
        """The page cache's keys of the lists an article in this section is on: its page and its ancestors'."""
        return {f"list:section:{section.pk}" for section in self.ancestors_and_self}

    def compute_path(self):
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug

    @cached_property
    def ancestors_and_self(self):
        """The trail from the root to this section, in one query."""
        prefixes = []
        parts = self.path.split("/")
        for i in range(1, len(parts) + 1):
            prefixes.append("/".join(parts[:i]))
        by_path = {s.path: s for s in Section.objects.filter(path__in=prefixes)}
        by_path[self.path] = self
        return [by_path[p] for p in prefixes if p in by_path]

    def clean(self):
        if not self.slug:
            return
        if self.parent_id is None and self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is an address the site already uses; choose another."})
        if self.parent_id is not None and self.slug in RESERVED_CHILD_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is reserved for the section's own pages."})
        if self.parent_id and self.pk:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    raise ValidationError({"parent": "A section cannot sit inside itself or one of its subsections."})
                ancestor = ancestor.parent
        if self.parent_id and Article.objects.filter(section_id=self.parent_id, slug=self.slug).exists():
            raise ValidationError(
                {"slug": "An article in the parent section already has this address; choose another slug."}
            )

    def save(self, *args, **kwargs):
        old_path = None
        if self.pk:
            old_path = Section.objects.filter(pk=self.pk).values_list("path", flat=True).first()
        self.path = self.compute_path()
        self.depth = self.path.count("/")
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                # Keep the subsections' derived paths in step with their new ancestor.
                for child in Section.objects.filter(path__startswith=old_path + "/").order_by("depth"):
                    child.save()


class Photo(models.Model):
    """A picture in the photo library, reusable by any number of articles."""

    image = CheckedImageField(
        upload_to="photos/%Y/%m/",
        width_field="width",
        height_field="height",
        # Editors upload JPEG, PNG or WebP (the admin's form says so); imports may bring GIFs.
        formats=images.LIBRARY_FORMATS,
        help_text="JPEG, PNG or WebP.",
    )
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    caption = models.TextField(blank=True, help_text="Shown under the photo: who, what, where, when.")
    credit = models.CharField(max_length=200, blank=True, help_text="Photographer and agency: “Jane Doe/Reuters”.")
    alt_text = models.CharField(
        "alt text",
        max_length=300,
        help_text="What the picture shows, for readers who cannot see it. Not a copy of the caption.",
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    renditions = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The smaller copies made for readers' screens (articles/renditions.py); rebuilt when the image changes.",
    )

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return Truncator(self.caption or self.alt_text or self.image.name).chars(80)

    @classmethod
    def from_db(cls, db, field_names, values):
        photo = super().from_db(db, field_names, values)
        # Which file the row holds, to tell a new file (renditions to make) from the one it had.
        photo._stored_image_name = dict(zip(field_names, values)).get("image")
        return photo

    def save(self, *args, **kwargs):
        # A new file is checked and cleaned by the field itself (newsroom.images.CheckedImageField).
        super().save(*args, **kwargs)
        new_file = self.image and self.image.name != getattr(self, "_stored_image_name", None)
        self._stored_image_name = self.image.name
        if new_file:
            # The renditions are derived from the file: made by a task once the row is committed.
            from newsroom.tasks import enqueue_on_commit

            from .tasks import make_renditions

            enqueue_on_commit(make_renditions, self.pk)


# The id an original and its translations share (the original's), in SQL; indexed with the language.
TRANSLATION_GROUP = Coalesce("original", "id")


def card_bylines():
    """The prefetch of an article card's bylines with their authors, in order (prefetch_related_objects)."""
    return Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position", "pk"))


def _bylines_of(articles):
    return card_bylines().queryset.filter(article_id__in=articles)


def prefetch_bylines(articles):
    """
    Give `articles` their bylines with their authors, in order (Article.byline_rows), as
    card_bylines() prefetches them, in one query compiled once per process (newsroom/compiled.py):
    the article page and the front page ask on every view.
    """
    by_pk = {}
    for article in articles:
        if "_byline_rows" not in article.__dict__ and "bylines" not in getattr(article, "_prefetched_objects_cache", {}):
            by_pk.setdefault(article.pk, []).append(article)
    if not by_pk:
        return
    found = {pk: [] for pk in by_pk}
    for byline in compiled_rows(Byline, "bylines", _bylines_of, {"articles": sorted(by_pk)}):
        Byline.article.field.set_cached_value(byline, by_pk[byline.article_id][0])
        found[byline.article_id].append(byline)
    # Kept as a list the page reads through Article.byline_rows: handing each card a prefetched
    # queryset (set_prefetched) built a filtered related manager per card, a twentieth of the front page.
    for pk, same in by_pk.items():
        for article in same:
            article.__dict__["_byline_rows"] = found[pk]


def set_prefetched(obj, name, rows):
    """Give `obj` its `name` relation as fetched already (`rows`), as prefetch_related() leaves it."""
    related = getattr(obj, name).all()
    related._result_cache, related._prefetch_done = rows, True
    obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = related


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """
        What readers may see: published, and not scheduled for later (than `now`, the present
        unless given). The one place this rule lives.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def scheduled(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def with_cards(self):
        """Everything an article card shows (section, photo, bylines with authors) in a fixed number of queries."""
        return self.select_related("section", "photo").prefetch_related(card_bylines()).for_reading()

    def for_reading(self):
        """
        Without the stored search vector, which only PostgreSQL reads (articles/search.py): a story's
        is as long as its body, and reading and parsing it for every card and page cost for nothing.
        """
        return self.defer("search_vector")

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def in_edition(self, language, now=None):
        """
        What the edition in `language` lists: with LIST_LANGUAGES=edition its own stories only; with
        "all" every story once, in `language` when it has a version in it published by `now` (the
        present unless given), else as written.
        """
        if settings.LIST_LANGUAGES == "edition":
            return self.filter(language=language)
        return self.alias(translation_group_id=TRANSLATION_GROUP).filter(
            Q(language=language) | ~Exists(Article.objects.published(now).version_of_outer_in(language))
        )

    def lacking(self, language):
        """Stories with no version (published or not) in `language`: what the desk still has to translate."""
        return self.alias(translation_group_id=TRANSLATION_GROUP).exclude(language=language).exclude(
            Exists(Article.objects.version_of_outer_in(language))
        )

    def version_of_outer_in(self, language):
        """For an Exists(): these articles' versions, in `language`, of the outer query's story (its `translation_group_id`)."""
        return self.alias(group=TRANSLATION_GROUP).filter(group=OuterRef("translation_group_id"), language=language)

    def with_comment_counts(self):
        """Each article's number of approved comments as `comment_count`, in the same query."""
        # comments builds on articles, so it is looked up by name here rather than imported.
        comment_model = apps.get_model("comments", "Comment")
        approved = (
            comment_model.objects.approved()
            .filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(comment_count=Coalesce(Subquery(approved), 0))

    def update_search_vectors(self):
        """Recompute the stored search vector of these articles (PostgreSQL; SQLite searches without one)."""
        from .search import search_document, uses_postgres

        if not uses_postgres(self):
            return 0
        return self.update(search_vector=search_document())


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    title = models.CharField("headline", max_length=300)
    slug = models.SlugField(
        max_length=200,
        allow_unicode=True,
        validators=[validate_slug_not_digits],
        help_text="The article's part of the address, after its section's path.",
    )
    standfirst = models.TextField(
        blank=True,
        max_length=600,
        help_text="A sentence or two summing the story up; shown under the headline, in lists and in “Check Also”.",
    )
    body = ProseEditorField(config={"extensions": BODY_EXTENSIONS}, sanitize=sanitize_body, blank=True)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField(
        "authors.Author", through="Byline", related_name="articles", blank=True
    )
    photo = models.ForeignKey(
        Photo,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="The featured photo, from the library or uploaded with the + button.",
    )
    tags = TaggableManager(blank=True, help_text="Topics, separated by commas.")
    # The tags' link rows, for the revisions to keep with each version (articles/admin.py); no column.
    tagged_items = GenericRelation(TaggedItem)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="A published article with a time in the future is scheduled: it goes live by itself then.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(
        "last updated",
        null=True,
        blank=True,
        editable=False,
        help_text="Set when an editor changes a published article; shown to readers as “Updated”.",
    )
    check_also = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Check Also",
        help_text="Pick the related article shown under this one. Empty: the most related one is chosen for you.",
    )
    allow_comments = models.BooleanField(default=True, help_text="Untick to close the comment form on this article.")
    is_featured = models.BooleanField(
        "lead story", default=False, help_text="Pin this article as the lead story of the front page."
    )
    front_position = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Order on the front page: lower comes first. Empty: by time."
    )
    sponsor = models.ForeignKey(
        "sponsors.Sponsor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="For sponsored content: the article is labelled and the sponsor disclosed.",
    )
    language = models.CharField(
        max_length=10,
        default=default_language,
        validators=[validate_language],
        help_text="The language the article is written in: its page, address and feeds follow it.",
    )
    original = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        verbose_name="translation of",
        help_text="For a translation: the article it translates. Each language version keeps its own address, byline and comments.",
    )
    # What search engines and social networks show, when it should differ from what the page builds
    # from the headline, standfirst and featured photo (templates/articles/article_detail.html).
    seo_title = models.CharField(
        "SEO title",
        max_length=200,
        blank=True,
        help_text="The title in search results and the browser tab, when it should differ from the headline; "
        "about 60 characters show in results. Empty: the headline.",
    )
    meta_description = models.CharField(
        max_length=320,
        blank=True,
        help_text="The summary under the title in search results and in shared links; about 155 characters "
        "show. Empty: the standfirst, else the body's opening.",
    )
    social_image = models.ForeignKey(
        Photo,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The picture shown when the article is shared on social networks. Empty: the featured photo.",
    )
    version = models.PositiveIntegerField(default=0, editable=False)
    # Derived on save (articles/search.py). Its GIN index is created by migration 0005 on PostgreSQL
    # only, as SQLite has no such index; it serves the ranked search of /search/.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish articles"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["section", "slug"], name="article_unique_slug_in_section"),
            models.UniqueConstraint(fields=["original", "language"], name="article_one_translation_per_language"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message="A published article needs a publication time.",
            ),
        ]
        indexes = [
            # published() newest first: front page, feeds, sitemaps, Check Also fallback.
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            # A section's page: published() in one section, newest first.
            models.Index(fields=["section", "status", "-published_at"], name="article_section_pub_idx"),
            # The front page's lead and ordered stories: the few articles editors placed, never a scan.
            models.Index(
                fields=["front_position", "-published_at"],
                condition=Q(is_featured=True) | Q(front_position__isnull=False),
                name="article_front_placed_idx",
            ),
            # Lists in one language's edition: does this story have a published version in that language?
            models.Index(TRANSLATION_GROUP, F("language"), name="article_translation_group_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # Under its own language's prefix, whatever the language of the page that links to it.
        return remembered_url(self, (self.section.path, self.slug, self.language), self._reverse_url)

    def _reverse_url(self):
        kwargs = {"path": f"{self.section.path}/{self.slug}"}
        if self.language == translation.get_language():
            return reverse("articles:path", kwargs=kwargs)
        with translation.override(self.language):
            return reverse("articles:path", kwargs=kwargs)

    def cache_keys(self):
        """
        The content keys (newsroom/pagecache.py) of the pages this story is on: its own page and every
        card of it, its language versions' pages, and the lists it is in or may join (the front page,
        its section and their parents, its tags, its authors, feeds, sitemaps, search, the archive).
        """
        return {
            f"article:{self.pk}",
            f"translations:{self.translation_group}",
            "front", "feeds", "sitemaps", "search", "archive",
            *self.section.list_keys(),
            *(f"list:tag:{pk}" for pk in self.tags.values_list("pk", flat=True)),
            *(f"list:author:{pk}" for pk in self.bylines.values_list("author_id", flat=True)),
        }

    def page_keys(self, related=None):
        """
        What the article page shows beyond the things it loads: its comments, corrections and
        language versions, and what its “Check Also” was chosen from (this story's tags and section,
        the whole site when nothing nearer was found, the editor's pick should it become public).
        """
        keys = {
            f"comments:{self.pk}", f"corrections:{self.pk}", f"translations:{self.translation_group}",
            f"list:section:{self.section_id}",
            *(f"list:tag:{tag.pk}" for tag in self.tags.all()),
        }
        if self.check_also_id:
            keys.add(f"article:{self.check_also_id}")
        if related is None or related.section_id != self.section_id:
            keys.add("front")
        return keys

    @property
    def translation_group(self):
        """The id the original and all its translations share: the original's."""
        return self.original_id or self.pk

    def language_versions(self):
        """This article and its published translations (the original first), sections loaded: the page's alternates."""
        group = self.translation_group
        values = {"now": timezone.now(), "group": group, "this": self.pk}
        versions = compiled_rows(Article, "article:versions", _language_versions, values) if group else []
        return sorted([self, *versions], key=lambda a: (a.original_id is not None, a.language))

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at is not None and self.published_at > timezone.now()

    @property
    def byline_rows(self):
        """The bylines in order: as prefetch_bylines() gave them, else through the relation (prefetched or not)."""
        rows = self.__dict__.get("_byline_rows")
        return rows if rows is not None else self.bylines.all()

    @property
    def ordered_authors(self):
        return [byline.author for byline in self.byline_rows]

    @property
    def main_authors(self):
        """The authors of “By A and B”: bylines without a role, in order."""
        return [byline.author for byline in self.byline_rows if not byline.role]

    @property
    def credit_lines(self):
        """The other bylines grouped by role, in order: [("Photos by", [author, ...]), ...]."""
        lines = {}
        for byline in self.byline_rows:
            if byline.role:
                lines.setdefault(byline.role, []).append(byline.author)
        return list(lines.items())

    def unique_slug(self, max_length=80):
        """
        A slug for the headline, in any script (“美华文学” stays readable, punctuation becomes a
        hyphen), cut at a word or character boundary (a CJK character counting two towards
        `max_length`) and numbered when the section already has it.
        """
        base = slug_for(self.title, max_length) or "article"
        if base.isdigit() or base in RESERVED_CHILD_SLUGS:
            base = f"article-{base}"
        taken = set(
            Article.objects.filter(section_id=self.section_id, slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        taken |= set(Section.objects.filter(parent_id=self.section_id, slug__startswith=base).values_list("slug", flat=True))
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def was_updated(self):
        """Updated notices are for real edits after publication, not for the first minutes' fixes of a typo."""
        return bool(
            self.updated_at and self.published_at and self.updated_at - self.published_at > timedelta(minutes=5)
        )

    def excerpt(self, words=30):
        """
        The standfirst, else the body's opening: `words` words of English, the same room of Chinese
        or Japanese cut at a sentence or clause end when there is one (articles/text.py).
        """
        if self.standfirst:
            return self.standfirst
        prose = _LEADING_BYLINE.sub("", _NOT_PROSE.sub(" ", self.body or ""), count=1)
        return text.excerpt(plain_text(prose), words)

    @staticmethod
    def has_story(body):
        """Whether a body gives readers something: words, or at least a picture, a library photo or an embed."""
        body = body or ""
        return bool(plain_text(body).strip()) or any(mark in body for mark in ("<img", "data-photo=", "data-embed="))

    def missing_for_publication(self):
        """
        What the saved story still lacks to go public, as the desk names it (“a body”, “a byline”):
        a headline and a section the database already demands; a live story also needs text and
        someone to credit for it (a byline without a role, the “By …” line).
        """
        missing = []
        if not self.has_story(self.body):
            missing.append("a body")
        if not any(not byline.role for byline in self.bylines.all()):
            missing.append("a byline")
        return missing

    @cached_property
    def length(self):
        """(words, Chinese/Japanese characters) of the body as readers read it, without captions (articles/text.py)."""
        return _body_length(self.body or "")

    @property
    def reading_minutes(self):
        return text.reading_minutes(*self.length)

    @property
    def search_title(self):
        """The page's title for search engines, browser tabs and shared links: the SEO title, else the headline."""
        return self.seo_title or self.title

    @property
    def search_description(self):
        """The meta description: the editor's, else the standfirst or the body's opening."""
        return self.meta_description or self.excerpt()

    @property
    def share_photo(self):
        """The picture of shared links: the social image, else the featured photo."""
        return self.social_image if self.social_image_id else self.photo

    def foreign_image_hosts(self, own_hosts=()):
        """
        The other sites the body's images load from, sorted: each one learns of every reader who opens
        the story (a tracking pixel) and can change the picture after publication. `own_hosts` are
        ours besides ALLOWED_HOSTS and the media address's host.
        """
        ours = {host.lower() for host in (*settings.ALLOWED_HOSTS, *own_hosts, urlsplit(settings.MEDIA_URL).hostname or "")}
        hosts = set()
        for src in _IMAGE_SOURCE.findall(self.body or ""):
            host = (urlsplit(html.unescape(src).strip()).hostname or "").lower()
            if host and host not in ours:
                hosts.add(host)
        return sorted(hosts)

    def clean(self):
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        if self.slug and self.slug in RESERVED_CHILD_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is reserved for the section's own pages."})
        if self.slug and self.section_id and Section.objects.filter(parent_id=self.section_id, slug=self.slug).exists():
            raise ValidationError({"slug": "A subsection of this section already has this address; choose another."})
        for url in body_media.embed_urls(self.body):
            if embeds.match(url)[0] is None:
                raise ValidationError({"body": embeds.unsupported_message(url)})
        if self.check_also_id and self.check_also_id == self.pk:
            raise ValidationError({"check_also": "An article cannot be its own “Check Also”."})
        self.clean_translation()

    def clean_translation(self):
        """A translation points at an original (never at another translation), in another language."""
        if not self.original_id:
            return
        if self.original_id == self.pk:
            raise ValidationError({"original": "An article cannot be a translation of itself."})
        original = Article.objects.filter(pk=self.original_id).values("original_id", "language").first()
        if original and original["original_id"]:
            # A translation of a translation is a translation of the same original.
            self.original_id = original["original_id"]
            original = Article.objects.filter(pk=self.original_id).values("original_id", "language").first()
        if self.pk and self.translations.exists():
            raise ValidationError({"original": "This article has translations of its own, so it is an original; it cannot be a translation too."})
        languages = {original["language"]} if original else set()
        languages |= set(Article.objects.filter(original_id=self.original_id).exclude(pk=self.pk).values_list("language", flat=True))
        if self.language in languages:
            raise ValidationError({"language": f"This story already has a version in {dict(settings.LANGUAGES).get(self.language, self.language)}."})

    def save(self, *args, **kwargs):
        self.body = sanitize_body(self.body or "")
        super().save(*args, **kwargs)
        # The body's embeds get their title from the provider once, in the background (articles/embeds.py).
        Embed.objects.remember(body_media.embed_urls(self.body))
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"title", "standfirst", "body"} & set(update_fields):
            Article.objects.filter(pk=self.pk).update_search_vectors()

    def related_article(self):
        """
        The article for the “Check Also” box: the editor's pick when it is public, else the
        published article sharing the most tags with this one (in its language first, then same
        section, then newest), else the newest in the same section and language, else the newest in
        its language, else the newest on the site. Never this story in another language: the page
        links its translations already.
        """
        # Each query is compiled once per process (newsroom/compiled.py): the article page asks on every view.
        values = {"now": timezone.now(), "this": self.pk, "group": self.translation_group}
        if self.check_also_id:
            pick = compiled_first(Article, "check-also:pick", _check_also_one, {**values, "pick": self.check_also_id})
            if pick:
                return pick
        best_id = self._most_shared_tags_id(values)
        best = best_id and compiled_first(Article, "check-also:pick", _check_also_one, {**values, "pick": best_id})
        return (
            best
            or compiled_first(Article, "check-also:section", _check_also_newest, {**values, "section": self.section_id, "language": self.language})
            or compiled_first(Article, "check-also:language", _check_also_newest, {**values, "language": self.language})
            or compiled_first(Article, "check-also:newest", _check_also_newest, values)
        )

    # How many of the latest uses of this article's tags are weighed. Bounded so that a tag on
    # 30,000 articles costs the same as a tag on 30; among equals the newest wins anyway.
    RELATED_CANDIDATES = 2000

    def _most_shared_tags_id(self, values):
        """The id of the candidate (_check_also_candidates(**values)) sharing the most tags with this story."""
        tag_ids = [tag.pk for tag in self.tags.all()]
        if not tag_ids:
            return None
        # The content type by id (cached by Django) rather than by a join on its names.
        of_tags = {"content_type": ContentType.objects.get_for_model(Article).pk, "tags": tag_ids, "this": self.pk}
        tagged = compiled_rows(TaggedItem, "check-also:tagged", _tagged_with, of_tags, limit=self.RELATED_CANDIDATES)
        shared = {}
        for object_id in tagged:
            shared[object_id] = shared.get(object_id, 0) + 1
        if not shared:
            return None
        candidates = _check_also_candidates(**values).filter(pk__in=shared).values_list("pk", "section_id", "published_at", "language")
        ranked = max(
            candidates,
            key=lambda row: (row[3] == self.language, shared[row[0]], row[1] == self.section_id, row[2], row[0]),
            default=None,
        )
        return ranked[0] if ranked else None


def _check_also_candidates(now, this, group):
    """What “Check Also” may show: published stories but this one and its versions in other languages."""
    return (
        Article.objects.published(now)
        .exclude(pk=this)
        .exclude(Q(pk=group) | Q(original_id=group))
        .select_related("section", "photo")
        .for_reading()
    )


def _check_also_one(now, this, group, pick):
    return _check_also_candidates(now, this, group).filter(pk=pick).order_by()[:1]


def _check_also_newest(now, this, group, **where):
    """The newest candidate (of a section, a language: `where`)."""
    by = {"section": "section_id", "language": "language"}
    return _check_also_candidates(now, this, group).filter(**{by[name]: value for name, value in where.items()}).newest_first()[:1]


def _tagged_with(content_type, tags, this, limit):
    """The ids of the latest `limit` other articles carrying each of `tags`, one row per tag they carry."""
    return (
        TaggedItem.objects.filter(content_type_id=content_type, tag_id__in=tags)
        .exclude(object_id=this)
        .order_by("-object_id")
        .values_list("object_id", flat=True)[:limit]
    )


def _language_versions(now, group, this):
    return (
        Article.objects.published(now)
        .filter(Q(pk=group) | Q(original_id=group))
        .exclude(pk=this)
        .select_related("section")
        .order_by("original_id", "language")
    )


class Byline(models.Model):
    """One author's credit on an article, in order: “By A and B”."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("authors.Author", on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(
        max_length=100,
        blank=True,
        help_text="Leave empty for a main author. Otherwise e.g. “Additional reporting by” or “Photos by”.",
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author_per_article"),
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"

    # Author names are part of the article's search vector.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Article.objects.filter(pk=self.article_id).update_search_vectors()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        Article.objects.filter(pk=self.article_id).update_search_vectors()
        return result


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Notes readers may see: those on published articles."""
        return self.filter(article__in=Article.objects.published())


class Correction(models.Model):
    """A dated note an editor adds to a published article: a correction of fact, or an update."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", pgettext_lazy("kind of note", "Correction")
        UPDATE = "update", pgettext_lazy("kind of note", "Update")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(help_text="What was wrong and what is right now, or what changed. Plain text.")
    published_at = models.DateTimeField("date", default=timezone.now)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "pk"]
        indexes = [
            # The /corrections/ page and feed: every correction, newest first.
            models.Index(fields=["kind", "-published_at"], name="correction_kind_pub_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to “{self.article}”, {self.published_at:%Y-%m-%d}"


class ArticleRedirect(models.Model):
    """An address an article used to have (before its slug or section changed); it answers 301 to the new one."""

    old_path = models.CharField(max_length=500, unique=True, help_text="The old path, without slashes at the ends.")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "old article address"
        verbose_name_plural = "old article addresses"

    def __str__(self):
        return f"/{self.old_path}/ → {self.article}"


class SectionRedirect(models.Model):
    """A path a section used to have; it and everything under it answer 301 to the section's new path."""

    old_path = models.CharField(max_length=500, unique=True, help_text="The old path, without slashes at the ends.")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "old section address"
        verbose_name_plural = "old section addresses"

    def __str__(self):
        return f"/{self.old_path}/ → /{self.section.path}/"


class DeskNote(models.Model):
    """A step in an article's way through the desk (submitted, sent back, published...) with an optional note."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        SENT_BACK = "sent_back", "Sent back to the writer"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        UNPUBLISHED = "unpublished", "Unpublished"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="desk_notes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    text = models.TextField("note", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "desk note"

    def __str__(self):
        return f"{self.get_action_display()}: {self.article}"


class ArticleAutosave(models.Model):
    """
    The text a user was typing into an article's form and had not saved yet, kept by the form's
    autosave (articles/autosave.py) so a closed tab or a crash loses nothing. One per user and
    article (and one per user for a new article not saved yet); never applied to the article by
    itself: the user restores it into the form, then saves.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves")
    data = models.JSONField(default=dict, help_text="The form's text fields as typed, by field name.")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], condition=Q(article__isnull=False), name="autosave_one_per_user_article"
            ),
            models.UniqueConstraint(fields=["user"], condition=Q(article__isnull=True), name="autosave_one_new_per_user"),
        ]

    def __str__(self):
        return f"{self.user} on {self.article or 'a new article'}, {self.saved_at:%Y-%m-%d %H:%M}"


class EmbedQuerySet(models.QuerySet):
    def remember(self, urls):
        """Rows for the providers' addresses among `urls` that have none yet, their metadata fetched by a task."""
        providers = {url: embeds.match(url)[0] for url in urls}
        urls = {url for url, provider in providers.items() if provider is not None}
        if not urls:
            return []
        # One query for the addresses already known (a condition in the comprehension would run it per address).
        known = set(self.filter(url__in=urls).values_list("url", flat=True))
        new = [url for url in urls if url not in known]
        created = self.bulk_create(
            [Embed(url=url, provider=providers[url].key, player_url=embeds.player_url(url)) for url in new],
            ignore_conflicts=True,
        )
        from newsroom.tasks import enqueue_on_commit

        from .tasks import fetch_embed

        for url in new:
            enqueue_on_commit(fetch_embed, url)
        return created


class Embed(models.Model):
    """
    What the site knows of an embedded address (a video, a post, a podcast) from its provider's oEmbed
    endpoint, fetched once by a task (articles/embeds.py) so that pages never call out. The body keeps
    only the address; this row is shared by every article that embeds it.
    """

    url = models.URLField("address", max_length=500, unique=True)
    provider = models.CharField(max_length=30, choices=[(p.key, p.name) for p in embeds.PROVIDERS])
    title = models.CharField(max_length=300, blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    player_url = models.URLField(
        "player address", max_length=700, blank=True,
        help_text="The provider's player, loaded in a frame only when a reader asks for it.",
    )
    fetched_at = models.DateTimeField(null=True, blank=True, editable=False)
    error = models.CharField(max_length=300, blank=True, editable=False)

    objects = EmbedQuerySet.as_manager()

    def __str__(self):
        return f"{self.get_provider_display()}: {self.title or self.url}"
