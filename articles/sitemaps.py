"""
Sitemaps: an index at /sitemap.xml pointing at parts of at most PART_SIZE addresses each, and a
Google News sitemap of the last two days' articles. Addresses use the request's host.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from authors.models import Author
from newsroom import pagecache
from newsroom.i18n import language_tag

from .models import Article, Section

# Well under the protocol's 50,000 addresses and 50 MB per file.
PART_SIZE = 10_000
NEWS_WINDOW = timedelta(days=2)
# Google News reads at most 1,000 articles per news sitemap.
NEWS_LIMIT = 1000


class RequestSitemap(Sitemap):
    """A sitemap whose addresses are on the host the request came to, not the sites framework's domain."""

    limit = PART_SIZE

    def __init__(self, request=None):
        self.request = request

    def get_urls(self, page=1, site=None, protocol=None):
        if self.request is not None:
            site = _RequestHost(self.request.get_host())
            protocol = self.request.scheme
        return super().get_urls(page=page, site=site, protocol=protocol)


class _RequestHost:
    def __init__(self, domain):
        self.domain = self.name = domain


class EditionSitemap(RequestSitemap):
    """Pages that exist in every language's edition (/news/, /zh-hans/news/), each listed with the others as alternates."""

    i18n = True
    alternates = True
    x_default = True


class ArticleSitemap(RequestSitemap):
    """Every published article at its one address, with its published translations as hreflang alternates."""

    changefreq = "daily"

    def items(self):
        return Article.objects.published().select_related("section").order_by("-published_at", "-pk")

    def lastmod(self, article):
        return article.updated_at or article.published_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        groups = {url["item"].translation_group for url in urls}
        # One query for the whole part: the published versions of every story on it that has more than one.
        versions = {}
        linked = (
            Article.objects.published()
            .filter(Q(original__in=groups) | Q(pk__in=groups, translations__isnull=False))
            .select_related("section")
            .distinct()
        )
        for article in linked:
            versions.setdefault(article.translation_group, []).append(article)
        base = urls[0]["location"].split("/", 3)[:3] if urls else []
        for url in urls:
            group = versions.get(url["item"].translation_group, [])
            if len(group) < 2:
                continue
            group.sort(key=lambda a: (a.original_id is not None, a.language))
            url["alternates"] = [
                {"lang_code": language_tag(a.language), "location": "/".join(base) + a.get_absolute_url()} for a in group
            ]
            url["alternates"].append({"lang_code": "x-default", "location": url["alternates"][0]["location"]})
        return urls


class SectionSitemap(EditionSitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.order_by("path")


class AuthorSitemap(EditionSitemap):
    changefreq = "daily"

    def items(self):
        return Author.objects.with_published_articles().order_by("slug")


class TagSitemap(EditionSitemap):
    changefreq = "daily"

    def items(self):
        return Tag.objects.filter(pk__in=Article.objects.published().values("tags")).order_by("slug")

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class PageSitemap(EditionSitemap):
    changefreq = "hourly"

    def items(self):
        return ["articles:front", "sponsors:list"]

    def location(self, name):
        return reverse(name)


class NewsSitemap(RequestSitemap):
    """The articles of the last two days, for Google News; the template adds the news: fields."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .select_related("section")
            .order_by("-published_at", "-pk")[:NEWS_LIMIT]
        )

    def lastmod(self, article):
        return article.updated_at or article.published_at


SITEMAPS = {
    "pages": PageSitemap,
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}


def sitemaps_for(request):
    return {name: cls(request) for name, cls in SITEMAPS.items()}


# The views: Django's sitemap view for each part, an index of our own (Django's would take the
# sites framework's domain), and robots.txt.


def index(request):
    pagecache.add_keys("sitemaps")
    entries = []
    for name, sitemap in sitemaps_for(request).items():
        location = request.build_absolute_uri(reverse("sitemap-part", kwargs={"section": name}))
        for page in sitemap.paginator.page_range:
            entries.append(SitemapIndexItem(location if page == 1 else f"{location}?p={page}", None))
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


def part(request, section):
    pagecache.add_keys("sitemaps")
    sitemaps = sitemaps_for(request)
    if section not in sitemaps:
        raise Http404("No such sitemap.")
    return sitemap_views.sitemap(request, sitemaps, section=section)


def news(request):
    pagecache.add_keys("sitemaps")
    return sitemap_views.sitemap(
        request, {"news": NewsSitemap(request)}, template_name="articles/news_sitemap.xml"
    )


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news-sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
