from urllib.parse import urlencode

from django.contrib.redirects.models import Redirect
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpResponsePermanentRedirect

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
                return HttpResponsePermanentRedirect(new_path) if new_path else None
        if request.GET.get("s"):
            return HttpResponsePermanentRedirect("/search/?" + urlencode({"q": request.GET["s"]}))
        return None
