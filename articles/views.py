from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import Article, Byline, Section

PAGE_SIZE = 20


def paginate(request, queryset, per_page=PAGE_SIZE):
    """A page of a list, or 404 for a page number past the last (or not a number)."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page.")


def front_page(request):
    articles = Article.objects.published().with_cards().newest_first()
    return render(request, "articles/front_page.html", {"page_obj": paginate(request, articles)})


def resolve_path(request, path):
    """A path under the root is a section (/news/world/) or an article in one (/news/world/<slug>/)."""
    section = Section.objects.filter(path=path).first()
    if section is not None:
        return section_detail(request, section)
    section_path, _, slug = path.rpartition("/")
    if not section_path:
        raise Http404("No such page.")
    article = get_object_or_404(article_page_queryset(), section__path=section_path, slug=slug)
    return article_detail(request, article)


def article_page_queryset():
    return (
        Article.objects.published()
        .select_related("section", "photo", "sponsor")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position", "pk")),
            "tags",
        )
    )


def section_detail(request, section):
    # A section's page lists its own articles and those of its subsections.
    articles = (
        Article.objects.published()
        .filter(Q(section=section) | Q(section__path__startswith=section.path + "/"))
        .with_cards()
        .newest_first()
    )
    context = {
        "section": section,
        "subsections": section.children.order_by("position", "name"),
        "page_obj": paginate(request, articles),
    }
    return render(request, "articles/section_detail.html", context)


def article_detail(request, article, extra_context=None, status=200):
    """
    The public article page. `extra_context` lets another app re-render the page, as the comment
    form does to give a reader back what they typed with its errors.
    """
    context = {
        "article": article,
        "section": article.section,
        "authors": article.ordered_authors,
        "related": article.related_article(),
        **(extra_context or {}),
    }
    response = render(request, "articles/article_detail.html", context, status=status)
    if getattr(request, "private_content", False):
        # Part of this copy belongs to one reader (their own pending comment, their remembered
        # name): never store it in a shared cache.
        response["Cache-Control"] = "private, no-cache"
    return response
