"""`{% load site_urls %}`: Django's `{% url %}`, each address worked out once per process."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse
from django.utils import translation


def render(source, **context):
    return Template("{% load site_urls %}" + source).render(Context(context))


def test_the_same_addresses_as_djangos_url_tag():
    assert render("{% url 'articles:front' %}") == reverse("articles:front")
    assert render("{% url 'articles:tag' slug %}", slug="city-hall") == reverse("articles:tag", args=["city-hall"])
    assert render("{% url 'articles:tag' slug=slug %}", slug="budget") == reverse("articles:tag", kwargs={"slug": "budget"})
    assert render("{% url 'articles:search' as where %}[{{ where }}]") == f"[{reverse('articles:search')}]"


def test_each_edition_gets_its_own_address_after_another_was_remembered():
    with translation.override("en"):
        english = render("{% url 'articles:tag' 'harbour' %}")
    with translation.override("zh-hans"):
        chinese = render("{% url 'articles:tag' 'harbour' %}")
    assert english == "/tag/harbour/"
    assert chinese == "/zh-hans/tag/harbour/"


def test_another_script_prefix_gives_another_address():
    from django.urls import get_script_prefix, set_script_prefix

    before = get_script_prefix()
    try:
        with translation.override("en"):
            plain = render("{% url 'articles:front' %}")
            set_script_prefix("/news-site/")
            mounted = render("{% url 'articles:front' %}")
    finally:
        set_script_prefix(before)
    assert (plain, mounted) == ("/", "/news-site/")


def test_an_unknown_name_fails_as_djangos_does():
    with pytest.raises(NoReverseMatch):
        render("{% url 'articles:nowhere' %}")
    assert render("{% url 'articles:nowhere' as where %}[{{ where }}]") == "[]"


def test_a_value_that_is_not_text_or_a_number_is_worked_out_each_time(make_article):
    article = make_article(slug="first")
    assert render("{% url 'comments:post' article.pk %}", article=article) == reverse("comments:post", args=[article.pk])

    class Slug:
        # An object whose text changes: its address must follow it, never a remembered one.
        value = "one"

        def __str__(self):
            return self.value

    slug = Slug()
    with translation.override("en"):
        assert render("{% url 'articles:tag' slug %}", slug=slug) == "/tag/one/"
        slug.value = "two"
        assert render("{% url 'articles:tag' slug %}", slug=slug) == "/tag/two/"


def test_a_literal_name_is_remembered():
    # A template's literal is a SafeString, not a plain str: it is remembered all the same.
    from newsroom import i18n

    i18n._URLS.clear()
    with translation.override("en"):
        render("{% url 'articles:tag' 'budget' %}")
    assert [key for key in i18n._URLS if key[:3] == ("url", "articles:tag", ("budget",))]


def test_a_site_mounted_under_a_prefix_links_under_it_and_only_there(settings, make_article):
    # Through Django's WSGI handler, which takes the prefix from SCRIPT_NAME (the test client does not).
    import io

    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_started
    from django.db import close_old_connections

    settings.PAGE_CACHE_SECONDS = 0
    article = make_article(title="Harbour reopens")
    handler = WSGIHandler()

    def page(script_name):
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": "/", "SCRIPT_NAME": script_name, "QUERY_STRING": "",
            "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver", "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO(),
        }
        return b"".join(handler(environ, lambda status, headers: None)).decode()

    # As Django's test client does: the handler must not close the test's database connection.
    request_started.disconnect(close_old_connections)
    try:
        mounted, plain = page("/newsroom"), page("")
    finally:
        request_started.connect(close_old_connections)

    assert f'href="/newsroom{article.get_absolute_url()}"' in mounted and 'href="/newsroom/feed/"' in mounted
    assert f'href="{article.get_absolute_url()}"' in plain and 'href="/feed/"' in plain and "/newsroom/" not in plain
