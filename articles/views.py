from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When, Window, prefetch_related_objects
from django.db.models.functions import Left, RowNumber, StrIndex
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.formats import date_format
from taggit.models import Tag

from newsroom import pagecache
from newsroom.compiled import compiled_first, compiled_rows
from newsroom.i18n import language_tag

from . import search as article_search
from . import workflow
from .models import Article, Correction, Section, prefetch_bylines, set_prefetched

PAGE_SIZE = 20
# The front page: editor-ordered stories under the lead, then the newest few of each top-level section.
FRONT_TOP_STORIES = 6
FRONT_SECTION_STORIES = 4
FRONT_RECENT_STORIES = 500


class ListPage:
    """
    One page of a list, found without counting the whole list (a COUNT over a large archive costs
    more than the page itself): one row past the page tells whether there is a next one.
    """

    def __init__(self, items, number, has_next):
        self.object_list = items
        self.number = number
        self.has_next = has_next
        self.has_previous = number > 1
        self.has_other_pages = self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def page_number(request):
    """The ?page= number, or 404 for anything but a whole number from 1."""
    raw = request.GET.get("page") or "1"
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise Http404("No such page.")
    return int(raw)


def paginate(request, queryset, per_page=PAGE_SIZE):
    """A page of a list, or 404 for a page number past the last (or not a number)."""
    number = page_number(request)
    start = (number - 1) * per_page
    return list_page(number, list(queryset[start : start + per_page + 1]), per_page)


def list_page(number, items, per_page=PAGE_SIZE):
    """Page `number` of a list from its items there and one past them (if any), or 404 for a page past the last."""
    if number > 1 and not items:
        raise Http404("No such page.")
    return ListPage(items[:per_page], number, len(items) > per_page)


def cards(now=None):
    """Published articles (by `now`, the present unless given) with everything a card shows, newest first."""
    return Article.objects.published(now).with_cards().with_comment_counts().newest_first()


def edition_cards(now=None):
    """The cards a list of this page's language edition shows (settings.LIST_LANGUAGES)."""
    return cards(now).in_edition(translation.get_language(), now)


def front_page(request):
    pagecache.add_keys("front")
    if page_number(request) > 1:
        # Past the front page itself: the plain list of everything, newest first.
        return render(request, "articles/front_page.html", {"page_obj": paginate(request, edition_cards())})
    # The two card queries are compiled once per process (newsroom/compiled.py): they cost more to
    # build than to run.
    now = timezone.now()
    picked = compiled_rows(Article, "front:picked", picked_stories, {"now": now})
    request.top_sections = Section.top_level()
    if picked and picked[0].is_featured:
        lead = picked.pop(0)
        top = [a for a in picked if a.front_position is not None][:FRONT_TOP_STORIES]
        rows = compiled_rows(Article, "front:blocks", section_rows, {"now": now, "exclude": [lead.pk, *(a.pk for a in top)]})
    else:
        # Without a featured story the lead is the newest one, which the section blocks' query
        # fetches anyway (the newest story of its top-level section) unless it is one of the picked
        # stories: one query fewer. The blocks leave out what the page shows higher up, so that
        # query leaves out the first picked stories, shown whichever the lead is, and fetches one
        # more story in each block for the one story it may yet lose: the lead when it is not a
        # picked one, else the last picked one, which moves up among the top stories (the lead being
        # one of the others); never both.
        rows = compiled_rows(Article, "front:blocks", section_rows, {"now": now, "exclude": [a.pk for a in picked[:FRONT_TOP_STORIES]]}, spare=1)
        if rows:
            lead = max([*rows, *picked], key=lambda a: (a.published_at, a.pk))
        else:
            # No story of this edition among the newest (FRONT_RECENT_STORIES): it is looked for.
            lead = edition_cards().prefetch_related(None).first()
        top = [a for a in picked if a.front_position is not None and a != lead][:FRONT_TOP_STORIES]
    shown = {a.pk for a in [lead, *top] if a is not None}
    section_blocks = section_blocks_of(rows, request.top_sections, shown=shown)
    prefetch_bylines([a for a in [lead, *top] if a is not None] + [a for _, block in section_blocks for a in block])
    # Page 2 goes on from the 21st newest story; link to it only when there is one. The stories
    # fetched above are all published ones of this edition: when there are more than a page of
    # them, so is there a page 2, without asking.
    has_next = len({a.pk for a in [lead, *picked, *rows] if a is not None}) > PAGE_SIZE or (
        Article.objects.published().in_edition(translation.get_language()).newest_first()[PAGE_SIZE:].exists()
    )
    return render(
        request,
        "articles/front_page.html",
        {
            "lead": lead,
            "top_stories": top,
            "section_blocks": section_blocks,
            "page_obj": ListPage([], 1, has_next=has_next),
        },
    )


def picked_stories(now):
    """
    The cards the editors picked for the front page (featured, then by their place on it), as
    published by `now`, without their bylines (the front page fetches all its cards' at once).
    """
    return (
        edition_cards(now)
        .prefetch_related(None)
        .filter(Q(is_featured=True) | Q(front_position__isnull=False))
        .order_by("-is_featured", F("front_position").asc(nulls_last=True), "-published_at", "-pk")[: FRONT_TOP_STORIES + 1]
    )


def section_rows(now, exclude=(), spare=0):
    """
    The newest FRONT_SECTION_STORIES (and `spare` more) cards published by `now` in each top-level
    section, subsections included, but for those in `exclude`, newest first, without their bylines,
    in one query: section_blocks_of() sorts them into the front page's blocks.
    """
    path = F("section__path")
    root_path = Case(When(section__depth=0, then=path), default=Left(path, StrIndex(path, Value("/")) - 1))
    newest = [F("published_at").desc(), F("pk").desc()]
    # Only the newest stories are numbered within their section: numbering the whole archive costs
    # a second on 100,000 articles, and a section silent for that long has no place on the front page.
    recent = Article.objects.published(now).newest_first().values("pk")[:FRONT_RECENT_STORIES]
    rows = (
        edition_cards(now)
        .prefetch_related(None)
        .filter(pk__in=recent)
        .exclude(pk__in=exclude)
        .annotate(root=Window(RowNumber(), partition_by=[root_path], order_by=newest))
    )
    return rows.filter(root__lte=FRONT_SECTION_STORIES + spare).order_by(*newest)


def section_blocks_of(rows, roots, shown=()):
    """
    [(top-level section, its newest FRONT_SECTION_STORIES of `rows` not in `shown`)], in the order
    of `roots`: the blocks of the front page from section_rows().
    """
    by_root = {}
    for article in rows:
        if article.pk not in shown:
            by_root.setdefault(article.section.path.split("/")[0], []).append(article)
    return [(root, by_root[root.path][:FRONT_SECTION_STORIES]) for root in roots if root.path in by_root]


def sections_on_path(request, path):
    """
    Every section a page at `path` can need, in one query: the top-level ones (the site menu, kept
    on the request for articles.context_processors.navigation) and each section along the path (the
    page's own section or the one holding the article, and their ancestors for the breadcrumbs).
    Returns {path: section} of those along the path.
    """
    parts = path.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    sections = compiled_rows(Section, "sections:on-path", _sections_on, {"prefixes": prefixes})
    request.top_sections = [s for s in sections if s.parent_id is None]
    return {s.path: s for s in sections if s.path in prefixes}


def _sections_on(prefixes):
    return Section.objects.filter(Q(parent=None) | Q(path__in=prefixes)).order_by("position", "name")


def _set_trail(section, on_path):
    """Give `section` its breadcrumb trail from sections already loaded (Section.ancestors_and_self)."""
    parts = section.path.split("/")
    trail = [on_path.get("/".join(parts[:i])) for i in range(1, len(parts))]
    section.__dict__["ancestors_and_self"] = [s for s in trail if s is not None] + [section]


def resolve_path(request, path):
    """A path under the root is a section (/news/world/) or an article in one (/news/world/<slug>/)."""
    on_path = sections_on_path(request, path)
    section = on_path.get(path)
    if section is not None:
        _set_trail(section, on_path)
        return section_detail(request, section)
    section_path, _, slug = path.rpartition("/")
    # Compiled once per process (newsroom/compiled.py), as are the page's other queries.
    article = (
        compiled_first(Article, "article:page", _published_article, {"now": timezone.now(), "section": on_path[section_path].pk, "slug": slug})
        if section_path in on_path
        else None
    )
    if article is not None and article.language != translation.get_language():
        # An article lives under its own language's prefix only.
        return HttpResponsePermanentRedirect(article.get_absolute_url())
    if article is not None:
        _set_trail(article.section, on_path)
    if article is None:
        # An address the site used before a slug or section changed answers with where it lives now.
        target = workflow.redirect_target(path)
        if target is None:
            raise Http404("No such page.")
        return HttpResponsePermanentRedirect(target)
    return article_detail(request, article)


def article_page_queryset(articles):
    """
    What the article page shows, of `articles`. Whether the story has corrections or translations
    is asked in the same query, so that the usual story, with neither, costs no query for them.
    Its bylines and tags come with the page (article_detail).
    """
    return (
        articles.for_reading()
        .select_related("section", "photo", "sponsor")
        .annotate(
            has_corrections=Exists(Correction.objects.filter(article=OuterRef("pk"))),
            has_versions=Exists(Article.objects.filter(original=OuterRef("pk"))),
        )
    )


def _published_article(now, section, slug):
    # Unique (section, slug): the first row without .first()'s ordering, which would only cost.
    return article_page_queryset(Article.objects.published(now)).filter(section_id=section, slug=slug).order_by()[:1]


def _tags_of(content_type, article):
    return Tag.objects.filter(taggit_taggeditem_items__content_type_id=content_type, taggit_taggeditem_items__object_id=article).order_by()


def _prefetch_tags(article):
    """
    The article's tags in one plain query on the tag table: taggit's own prefetch (a join on the
    content type's names and a DISTINCT) cost twice as much to build as to run.
    """
    if "tags" in getattr(article, "_prefetched_objects_cache", {}):
        return
    values = {"content_type": ContentType.objects.get_for_model(Article).pk, "article": article.pk}
    set_prefetched(article, "tags", compiled_rows(Tag, "article:tags", _tags_of, values))


def _prefetch_corrections(article):
    """The article's corrections: fetched when it has any, else known to be none without a query."""
    if getattr(article, "has_corrections", True):
        prefetch_related_objects([article], "corrections")
    else:
        set_prefetched(article, "corrections", [])


def cards_page(request, name, where):
    """
    Page ?page= of the cards published now that match `where` (filter() arguments, their values
    ints or lists of them), newest first, with their bylines. The first page, which readers ask for
    far more than any other, runs a query compiled once per process (newsroom/compiled.py); the
    others are built each time.
    """
    number = page_number(request)
    start = (number - 1) * PAGE_SIZE
    values, shape = {"now": timezone.now(), **where}, {"start": start, "stop": start + PAGE_SIZE + 1}
    items = compiled_rows(Article, name, listed_cards, values, **shape) if number == 1 else list(listed_cards(**values, **shape))
    page = list_page(number, items)
    prefetch_bylines(page.object_list)  # not the one fetched past the page, which only tells there is a next
    return page


def listed_cards(now, start, stop, **where):
    """Cards published by `now` matching `where`, newest first, `start` to `stop`, without their bylines."""
    return edition_cards(now).prefetch_related(None).filter(**where)[start:stop]


def section_detail(request, section):
    # A section's page lists its own articles and those of every section below it: one query for
    # those sections (the subsections' menu is the first level of them), then the cards by their ids.
    pagecache.add_keys(f"list:section:{section.pk}")
    below = list(Section.objects.filter(path__startswith=section.path + "/").order_by("position", "name"))
    context = {
        "section": section,
        "subsections": [s for s in below if s.parent_id == section.pk],
        "page_obj": cards_page(request, "section:cards", {"section_id__in": [section.pk, *(s.pk for s in below)]}),
    }
    return render(request, "articles/section_detail.html", context)


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    pagecache.add_keys(f"list:tag:{tag.pk}")
    page_obj = cards_page(request, "tag:cards", {"tags": tag.pk})
    if not page_obj.object_list:
        # A tag only drafts or scheduled stories carry would tell readers what is coming.
        raise Http404("No such tag.")
    return render(request, "articles/tag_detail.html", {"tag": tag, "page_obj": page_obj})


def month_archive(request, year, month):
    """Everything published in one calendar month of the site's time zone, newest first."""
    pagecache.add_keys("archive")
    year, month = int(year), int(month)
    if not 1 <= month <= 12 or year < 1900:
        raise Http404("No such month.")
    zone = timezone.get_current_timezone()
    start = datetime(year, month, 1, tzinfo=zone)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    articles = edition_cards().filter(published_at__gte=start, published_at__lt=end)
    published = Article.objects.published()
    earlier = published.filter(published_at__lt=start).order_by("-published_at").values_list("published_at", flat=True).first()
    later = published.filter(published_at__gte=end).order_by("published_at").values_list("published_at", flat=True).first()
    context = {
        "month": start,
        # “March 2025”, “2025年3月”: the month as the page's language writes it.
        "month_name": date_format(start, "YEAR_MONTH_FORMAT"),
        "earlier": timezone.localtime(earlier) if earlier else None,
        "later": timezone.localtime(later) if later else None,
        "page_obj": paginate(request, articles),
    }
    return render(request, "articles/month_archive.html", context)


def search(request):
    pagecache.add_keys("search")
    query = article_search.clean_query(request.GET.get("q", ""))
    page_obj = None
    if query:
        results = article_search.search(cards(), query)
        page_obj = paginate(request, results)
        article_search.add_snippets(page_obj.object_list, query)
    elif page_number(request) > 1:
        raise Http404("No such page.")
    return render(
        request,
        "articles/search.html",
        {"query": query, "page_obj": page_obj, "too_long": len(request.GET.get("q", "")) > article_search.MAX_QUERY_LENGTH},
    )


def article_detail(request, article, extra_context=None, status=200):
    """
    The public article page. `extra_context` lets another app re-render the page, as the comment
    form does to give a reader back what they typed with its errors.
    """
    prefetch_bylines([article])
    _prefetch_tags(article)
    _prefetch_corrections(article)
    has_versions = article.original_id is not None or getattr(article, "has_versions", True)
    context = {
        "article": article,
        "section": article.section,
        "authors": article.ordered_authors,
        "related": article.related_article(),
        "language_versions": article.language_versions() if has_versions else [article],
        **(extra_context or {}),
    }
    pagecache.add_keys(*article.page_keys(context["related"]))
    # The page is in the article's language, whatever address (a preview's) it was reached at.
    with translation.override(article.language):
        response = render(request, "articles/article_detail.html", context, status=status)
    response["Content-Language"] = language_tag(article.language)
    if getattr(request, "private_content", False):
        # Part of this copy belongs to one reader (their own pending comment, their remembered
        # name): never store it in a shared cache.
        response["Cache-Control"] = "private, no-cache"
    return response


def preview_response(request, article, shared=False):
    """The real article page, marked as a preview: a banner, no indexing, never stored by a shared cache."""
    response = article_detail(request, article, extra_context={"preview": {"shared": shared}})
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def article_preview(request, pk):
    """Staff see any article they may open in the admin as readers would, whatever its status."""
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm("articles.view_article")):
        raise Http404("No such page.")
    article = get_object_or_404(article_page_queryset(workflow.desk_articles(user)), pk=pk)
    return preview_response(request, article)


def article_preview_shared(request, token):
    """A preview through a signed, expiring link an editor sent to someone without an account."""
    pk = workflow.article_pk_from_token(token)
    if pk is None:
        raise Http404("This preview link is not valid or has expired.")
    article = get_object_or_404(article_page_queryset(Article.objects.all()), pk=pk)
    if article.is_published:
        return HttpResponseRedirect(article.get_absolute_url())
    return preview_response(request, article, shared=True)


def correction_list(request):
    """Every correction the site has made, newest first."""
    pagecache.add_keys("corrections")
    corrections = Correction.objects.public().filter(kind=Correction.Kind.CORRECTION).select_related("article__section")
    return render(request, "articles/correction_list.html", {"page_obj": paginate(request, corrections.order_by("-published_at", "-pk"))})
