from urllib.parse import urlencode

from django.contrib.redirects.middleware import RedirectFallbackMiddleware
from django.contrib.redirects.models import Redirect
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpResponsePermanentRedirect

from articles.models import Article, Section

# WordPress's plain links put the item in the query string of the front page: /?p=123,
# /?page_id=2, /?cat=5, /?tag=economy, /?author=3, /?attachment_id=9, and /?s= for search.
# RedirectFallbackMiddleware only acts on a 404, and the front page answers 200, so these
# are looked up here, in the same Redirect table, stored as "/?p=123".
WORDPRESS_QUERY_KEYS = ("p", "page_id", "cat", "tag", "author", "attachment_id")


def wordpress_query_path(key, value):
    return "/?" + urlencode({key: value})


class WordPressQueryRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/" and request.GET:
            response = self.redirect_for(request)
            if response is not None:
                return response
        return self.get_response(request)

    def redirect_for(self, request):
        for key in WORDPRESS_QUERY_KEYS:
            value = request.GET.get(key)
            if value:
                new_path = (
                    Redirect.objects.filter(
                        site=get_current_site(request), old_path=wordpress_query_path(key, value)
                    )
                    .values_list("new_path", flat=True)
                    .first()
                )
                if new_path and not leads_to_hidden_article(new_path):
                    return HttpResponsePermanentRedirect(new_path)
                return None
        if request.GET.get("s"):
            return HttpResponsePermanentRedirect("/search/?" + urlencode({"q": request.GET["s"]}))
        return None


def leads_to_hidden_article(path):
    """
    Whether an old address points at an article readers may not see (scheduled, unpublished since
    the import): answering 301 would give away its address, and so its headline, before its time.
    """
    path = path.split("?", 1)[0].split("#", 1)[0].strip("/")
    if not path or Section.objects.filter(path=path).exists():
        return False
    section_path, _, slug = path.rpartition("/")
    at_path = Article.objects.filter(section__path=section_path, slug=slug)
    return at_path.exists() and not at_path.published().exists()


class PublicRedirectFallbackMiddleware(RedirectFallbackMiddleware):
    """contrib.redirects' 404 fallback, except towards an article that is not public (then the 404 stands)."""

    def process_response(self, request, response):
        redirected = super().process_response(request, response)
        if redirected is not response and redirected.status_code in (301, 302):
            if leads_to_hidden_article(redirected["Location"]):
                return response
        return redirected
