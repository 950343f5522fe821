"""
Which language a page is in, from its address alone.

The site's default language has no prefix (/news/), every other one its own (/zh-hans/news/), and
an article lives under its own language's prefix. Nothing a reader's browser sends (a cookie,
Accept-Language) changes the language, so a shared cache keyed by address can store any page whole.
A reader picks the other language by following a link to the other address.
"""

import contextvars

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

# Language tags as HTML, hreflang and schema.org write them (BCP 47), and Open Graph locales.
BCP47 = {"en": "en", "zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}
OG_LOCALES = {"en": "en_US", "zh-hans": "zh_CN", "zh-hant": "zh_TW"}
# What Google News calls them in a news sitemap.
NEWS_LANGUAGES = {"zh-hans": "zh-cn", "zh-hant": "zh-tw"}


def language_tag(code):
    return BCP47.get(code, code)


def language_name(code):
    """The language's name in itself: English, 简体中文."""
    return dict(settings.LANGUAGES).get(code, code)


class AddressLanguageMiddleware:
    """Activate the language the address names (or the site's default), before the address is resolved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        # The request's URLconf and script prefix, read once for the addresses its page remembers
        # (url_environment): Django keeps each in an asgiref Local, slow to read a few hundred
        # times a page. Nothing in this site changes either during a request (no request.urlconf).
        token = _URL_ENVIRONMENT.set((get_urlconf(), get_script_prefix()))
        try:
            response = self.get_response(request)
        finally:
            _URL_ENVIRONMENT.reset(token)
        response.headers.setdefault("Content-Language", language_tag(translation.get_language()))
        return response


_URL_ENVIRONMENT = contextvars.ContextVar("newsroom_url_environment", default=None)


def url_environment():
    """(URLconf, script prefix) that reverse() works with now: the request's, else read afresh."""
    return _URL_ENVIRONMENT.get() or (get_urlconf(), get_script_prefix())


def and_join_text(names):
    """
    Names joined as the active language lists them: “A and B”, “A, B, and C” in English (the site's
    bylines), “A和B”, “A、B和C” in Chinese. Plain text in, plain text out.
    """
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    if len(names) == 2:
        return gettext("%(first)s and %(last)s") % {"first": names[0], "last": names[1]}
    head = pgettext("between names in a list", ", ").join(names[:-1])
    return gettext("%(names)s, and %(last)s") % {"names": head, "last": names[-1]}


def and_join(parts):
    """`and_join_text` for HTML: parts are escaped unless already safe (links), the result is safe."""
    return mark_safe(and_join_text(conditional_escape(p) for p in parts))


# Addresses worked out in this process, by model, key, URLconf and script prefix (remembered_url).
# Bounded, and emptied when a setting changes (tests change the languages and the URLconf).
_URLS = {}
_URLS_MAX = 20_000


@receiver(setting_changed)
def _forget_urls(**kwargs):
    _URLS.clear()


def remembered_url(obj, key, make):
    """
    `obj`'s address, worked out by `make()` once per process for its `key` (what the address
    depends on: slugs, paths, the page's language), so a changed slug gives a new address: a list
    page links to each story, section and author two or three times, twenty cards link to the
    same few sections, and each reverse() costs.
    """
    return remembered((type(obj), key, *url_environment()), make)


def remembered(key, make):
    """The address `make()` gives, worked out once per process for `key` (all it depends on)."""
    try:
        url = _URLS.get(key)
    except TypeError:  # a value that cannot be a key (a list): worked out each time
        return make()
    if url is None:
        if len(_URLS) >= _URLS_MAX:
            _URLS.clear()
        url = _URLS[key] = make()
    return url


def translated_url(path, code):
    """
    translate_url(path, code) (the same page in another language's edition), worked out once per
    process for the path and the page's language: every page links to itself in each language, and
    each translate_url() resolves and reverses.
    """
    return remembered(("translated", path, code, translation.get_language(), *url_environment()), lambda: translate_url(path, code))
