"""Shared factories: small `make_*` helpers that create real rows with sensible defaults."""

import io
import itertools
import logging
import signal
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from articles.models import Article, Byline, Photo, Section
from authors.models import Author
from comments.models import Comment
from sponsors.models import Sponsor

_counter = itertools.count(1)

TESTS_DIR = Path(__file__).resolve().parent

# Suites that need a real service beyond PostgreSQL and Redis (a browser, Varnish, nginx, a replica,
# object storage, a WordPress) live in these folders and run from their own make targets: `pytest`
# alone skips them, `pytest tests/<folder>` runs them.
SERVICE_SUITES = {"browser", "varnish", "stack", "wordpress", "storage", "replica"}


def pytest_ignore_collect(collection_path, config):
    if collection_path.parent != TESTS_DIR or collection_path.name not in SERVICE_SUITES:
        return None
    asked = {Path(arg.split("::")[0]).resolve() for arg in config.args}
    if any(path == collection_path or collection_path in path.parents for path in asked):
        return None
    return True



@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Each test starts with no media: its own folder on disk, or its own key prefix in the object store's bucket."""
    settings.MEDIA_ROOT = tmp_path / "media"
    media = settings.STORAGES["default"]
    if media["BACKEND"] == "storages.backends.s3.S3Storage":
        prefix = f"tests/{tmp_path.parent.name}/{tmp_path.name}"
        settings.STORAGES = {**settings.STORAGES, "default": {**media, "OPTIONS": {**media["OPTIONS"], "location": prefix}}}


def media_url(name, base="http://testserver"):
    """The address readers get for a stored file: under MEDIA_URL on disk, the bucket's (or CDN's) with object storage."""
    from urllib.parse import urljoin

    from django.core.files.storage import default_storage

    return urljoin(base + "/", default_storage.url(name))


def image_bytes(fmt="JPEG", size=(64, 40), color=(30, 90, 140)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


@pytest.fixture
def make_section(db):
    def make(name="News", slug=None, parent=None, **kwargs):
        return Section.objects.create(name=name, slug=slug or name.lower(), parent=parent, **kwargs)

    return make


@pytest.fixture
def make_author(db):
    def make(name=None, **kwargs):
        n = next(_counter)
        name = name or f"Author {n}"
        kwargs.setdefault("slug", f"author-{n}")
        return Author.objects.create(name=name, **kwargs)

    return make


@pytest.fixture
def make_photo(db):
    def make(caption="A caption", credit="A credit", alt_text="What the picture shows", size=(64, 40)):
        photo = Photo(caption=caption, credit=credit, alt_text=alt_text)
        photo.image.save(f"photo-{next(_counter)}.jpg", ContentFile(image_bytes(size=size)), save=False)
        photo.save()
        return photo

    return make


@pytest.fixture
def news(make_section):
    return make_section("News", "news")


@pytest.fixture
def make_article(db, news):
    def make(title=None, section=None, authors=(), tags=(), status=Article.Status.PUBLISHED, published_at=None, **kwargs):
        n = next(_counter)
        title = title or f"Article {n}"
        if status == Article.Status.PUBLISHED and published_at is None:
            published_at = timezone.now() - timedelta(hours=n)
        kwargs.setdefault("slug", f"article-{n}")
        kwargs.setdefault("body", f"<p>Body of article {n}.</p>")
        article = Article.objects.create(
            title=title, section=section or news, status=status, published_at=published_at, **kwargs
        )
        for position, author in enumerate(authors):
            Byline.objects.create(article=article, author=author, position=position)
        if tags:
            article.tags.set(list(tags))
        return article

    return make


@pytest.fixture
def make_comment(db):
    def make(article, status=Comment.Status.APPROVED, **kwargs):
        n = next(_counter)
        kwargs.setdefault("author_name", f"Reader {n}")
        kwargs.setdefault("author_email", f"reader{n}@example.com")
        kwargs.setdefault("body", f"Comment number {n}.")
        return Comment.objects.create(article=article, status=status, **kwargs)

    return make


@pytest.fixture
def make_sponsor(db):
    def make(name=None, **kwargs):
        n = next(_counter)
        kwargs.setdefault("url", f"https://sponsor{n}.example/")
        kwargs.setdefault("position", n)
        return Sponsor.objects.create(name=name or f"Sponsor {n}", **kwargs)

    return make


@pytest.fixture
def no_replica_lag(settings):
    """
    With read replicas (the .ci/run stage that runs the suite with DATABASE_REPLICA_URLS) the page
    cache does not store a page whose content changed in the last REPLICA_STICKY_SECONDS, as a replica
    may not have the change yet. Tests of what the cache stores right after a change say there is no lag.
    """
    settings.REPLICA_STICKY_SECONDS = 0


@pytest.fixture(autouse=True)
def _default_language():
    """
    Each test starts in the site's default language. A request's middleware activates the language of
    its address for the thread and leaves it there, as Django's own does; a test that asked for a
    /zh-hans/ page must not make the next one render in Chinese.
    """
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit counters and cached counts do not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _rendering_queries(exact):
    """
    Query counts measure what a page costs to render: inside the counted block the page cache is off,
    or a test's warm-up request would leave a stored copy answered with no query at all. Everywhere
    else the page cache is on, as in production (tests/newsroom/test_pagecache.py tests it).
    """
    from contextlib import contextmanager

    from django.test import override_settings
    from pytest_django.fixtures import _assert_num_queries

    @contextmanager
    def counting(pytestconfig, num, **kwargs):
        with override_settings(PAGE_CACHE_SECONDS=0), _assert_num_queries(pytestconfig, num, exact=exact, **kwargs) as context:
            yield context

    return counting


@pytest.fixture
def django_assert_num_queries(pytestconfig):
    from functools import partial

    return partial(_rendering_queries(True), pytestconfig)


@pytest.fixture
def django_assert_max_num_queries(pytestconfig):
    from functools import partial

    return partial(_rendering_queries(False), pytestconfig)


@pytest.fixture
def comment_form_data():
    """What a browser sends with the comment form: the fields, and a timing token from a minute ago (see comments.js)."""
    import time

    from comments.forms import issue_token

    def make(**fields):
        data = {"name": "Helen Wu", "email": "helen@example.com", "url": "", "body": "Clear summary, thank you."}
        data.update(issued=issue_token(time.time() - 60))
        data.update(fields)
        return data

    return make


@pytest.fixture
def make_tagged_photo_article(make_article, make_photo, make_author):
    """A published article with a photo, an author and tags: what cards, feeds and metadata show."""

    def make(**kwargs):
        kwargs.setdefault("photo", make_photo(size=(1000, 600)))
        kwargs.setdefault("authors", [make_author()])
        kwargs.setdefault("tags", ["harbour"])
        return make_article(**kwargs)

    return make


@pytest.fixture
def database_tasks(settings, monkeypatch):
    """
    Tasks queued in the database as in production (TASKS_BACKEND=database) instead of run at once.
    Returns `run_worker()`, which runs `manage.py db_worker` until no task is due.
    """
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Between tasks the worker closes connections the way a request's end does; here the connection
    # holds the test's transaction, which Django's test client is careful not to close either.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run_worker():
        # The worker installs its own SIGINT/SIGTERM handlers (graceful stop) and log levels; pytest keeps its own.
        saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        loggers = [logging.getLogger(name) for name in ("django_tasks", "django.tasks", "django_tasks_db")]
        levels = [logger.level for logger in loggers]
        try:
            call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)
            for logger, level in zip(loggers, levels):
                logger.setLevel(level)

    return run_worker


def verify_second_factor(client, user):
    """
    Mark a test client's session as having passed the second factor, as the verify step does
    (staff/views.py), for a user who needs one: the browser `login` fixture and the permission matrix
    sign people in fully, whatever TWO_FACTOR_REQUIRED says.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from staff import twofactor

    if not twofactor.needs_second_factor(user):
        return
    device = next(iter(twofactor.devices(user)), None) or TOTPDevice.objects.create(user=user, name="Test phone")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[twofactor.NEEDS_KEY] = True
    session.save()
