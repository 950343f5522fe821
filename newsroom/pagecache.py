"""
Whole pages for anonymous readers, from Django's cache, with exact invalidation by content keys.

A page is answered from the cache before any view work when the request could only ever get the
shared copy: GET or HEAD, no session, pending-comment, remembered-commenter or messages cookie, not
the admin, a preview or the comment endpoints, and a query string made only of parameters the
pages read (`page`, `q`, `cpage`, `replytocom`; tracking parameters such as `utm_*` are left out of
the key). Anything else goes straight to the app.

What a page shows is collected while it renders: every instance of a watched model loaded (an
article, section, author, tag, photo, sponsor, ...) adds its key (`article:12`) through a
`post_init` signal, and the views that list things add list keys (`front`, `list:section:3`,
`feeds`, ...). A stored page keeps the generation of each of its keys; a change bumps the
generations of the keys it touches after the transaction commits, so the next lookup sees a
generation that moved and renders the page again. Generations are plain cache entries read with
one `get_many`, so this works on any cache backend (Redis in production, local memory on a laptop
and in the tests) and costs no bookkeeping of which page holds which key: pages that do not show
the changed thing keep their copy, and nothing has to be found and deleted.

The middleware is the first after the request id (settings.MIDDLEWARE), so a hit skips everything
else: the copy carries the security, CSP and Permissions-Policy headers the page was given. Each
process also keeps its last LOCAL_PAGES pages, so a hit on one of them costs a single MGET of its
generations (newsroom/cache.py reads them as raw bytes) and about what WhiteNoise spends on a static
file; bench/README.md has the figures.

The same keys go out in `Surrogate-Key` and `xkey` headers for a front cache (Varnish with the xkey
module, deploy/varnish/; a CDN), and after each change a purge of the touched keys is sent to the
caches in FRONT_CACHES from a background thread with a short timeout, so a cache that is down never
fails or slows the editor's request.

A page never outlives what it cannot be told about: the next scheduled publication (no cron
publishes it), a sponsor's first or last day, comments closing by age. Its lifetime and s-maxage are
cut at that moment.
"""

import atexit
import contextvars
import hashlib
import logging
import os
import queue
import secrets
import threading
import time
import urllib.error
import urllib.request
from collections import OrderedDict
from functools import partial
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_init
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .memo import per_process
from .tasks import supports_defer, task

logger = logging.getLogger(__name__)

# Parameters the public pages read; a query string with any other is not cached (it could be a
# thousand variants of one page, or a parameter a page reads that this list does not know of).
PAGE_PARAMETERS = {"page", "q", "cpage", "replytocom", "p"}
# Parameters no page reads, added by newsletters and social sites: the same page for the cache.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "igshid"}
# Cookies that make a reader's copy differ from everyone's: their requests go to the app.
PRIVATE_COOKIES = ("newsroom_pending", "newsroom_commenter", "messages")
# Addresses never cached, wherever a language prefix puts them.
NEVER_SEGMENTS = ("/preview/",)

# A page showing more instances than this (a sitemap, a feed) keeps its list keys and depends on
# "all" instead of each instance: the header stays small and the lookup one short read.
MAX_INSTANCE_KEYS = 200
# A 404 is kept briefly: a story published at that address must appear soon even with no key for it.
NOT_FOUND_SECONDS = 60

# On every page: moved by changes made in bulk (an import), which refresh everything.
SITE_KEY = "site"
# Keys of pages that list articles: a scheduled story joins them at its time, with no edit to announce it.
LIST_KEYS = {"front", "feeds", "sitemaps", "search", "archive"}

ENTRY_PREFIX = "pagecache:page:"
GENERATION_PREFIX = "pagecache:gen:"
NEXT_CHANGE_KEY = "pagecache:next-scheduled"
CLOCK_KEY = "pagecache:clock"
# A random value made when the cache holds none: checked with the generations, so that no copy kept
# from before the cache was emptied (a Redis flush, a restart, cache.clear()) is served after it.
EPOCH_KEY = "pagecache:epoch"

# Each process keeps the pages it served last, as they were read from the cache: a hit on one of
# them still checks every generation in the shared cache (one MGET), but does not fetch and unpickle
# the page again. A copy whose generations still match shows nothing that changed since it was stored,
# so it is as good as the shared one. At most this many pages (some 40-100 KB each) per process.
LOCAL_PAGES = 100

_collector = contextvars.ContextVar("pagecache_collector", default=None)


class Collector:
    """What one page shows (its content keys) and until when it can be kept, gathered while it renders."""

    def __init__(self):
        self.instance_keys = set()
        self.list_keys = set()
        self.until = None
        self.annotated = []

    def keys(self):
        keys = {SITE_KEY, *self.list_keys}
        for instance, annotation, prefix in self.annotated:
            if annotation in instance.__dict__:
                self.instance_keys.add(f"{prefix}:{instance.pk}")
        if len(self.instance_keys) > MAX_INSTANCE_KEYS:
            keys.add("all")
        else:
            keys |= self.instance_keys
        return sorted(keys)


def add_keys(*keys):
    """Say that the page being rendered shows these lists or things (a no-op outside a cached render)."""
    collector = _collector.get()
    if collector is not None:
        collector.list_keys.update(keys)


def expires_at(moment):
    """Say that the page being rendered changes at `moment` (an aware datetime) with no edit to tell of it."""
    collector = _collector.get()
    if collector is not None and moment is not None:
        collector.until = moment if collector.until is None else min(collector.until, moment)


def watch(model, prefix, annotations=None):
    """
    Every instance of `model` loaded while a page renders adds `<prefix>:<pk>` to the page's keys.
    `annotations` maps an attribute a queryset may annotate (a card's `comment_count`) to the prefix
    of the key it adds when present (`comments:<pk>`).
    """

    def loaded(sender, instance, **kwargs):
        collector = _collector.get()
        if collector is None or instance.pk is None:
            return
        collector.instance_keys.add(f"{prefix}:{instance.pk}")
        for annotation, key_prefix in (annotations or {}).items():
            collector.annotated.append((instance, annotation, key_prefix))

    post_init.connect(loaded, sender=model, weak=False, dispatch_uid=f"pagecache_watch_{prefix}")


# Invalidation -------------------------------------------------------------------------------------


def invalidate(*keys):
    """
    The pages showing any of `keys` are rendered again on their next request, and the front caches
    drop them. The generations move at once and again after the transaction commits: a page
    rendered in between (from what was there before the commit) is then not kept. The front caches
    are told after the commit only. Never raises.
    """
    keys = {key for key in keys if key}
    if keys:
        _bump_generations(keys)
        transaction.on_commit(partial(_bump, keys), robust=True)


def _clock():
    """The page cache's change counter: moves at every change, the same for every app server."""
    value = cache.get(CLOCK_KEY)
    if value is None:
        _start_clock()
        value = cache.get(CLOCK_KEY) or 0
    return value


def _start_clock():
    # Started at the time in milliseconds rather than at 0: if Redis drops the counter (allkeys-lru,
    # a restart) while generations survive, a counter started again from 0 would be below theirs,
    # and every page showing them would look changed while it rendered, and never be kept.
    cache.add(CLOCK_KEY, int(time.time() * 1000), timeout=None)


def _bump_generations(keys):
    keys = {*keys, "all"}
    try:
        _start_clock()
        generation = (cache.incr(CLOCK_KEY), time.time())
        cache.set_many({GENERATION_PREFIX + key: generation for key in keys}, timeout=None)
        # Any change may add or move a scheduled story: the next publication time is looked up again.
        cache.delete(NEXT_CHANGE_KEY)
    except Exception:
        logger.exception("Could not bump the page cache's generations of %s", " ".join(sorted(keys)))
    return keys


def _bump(keys):
    keys = _bump_generations(keys)
    if settings.FRONT_CACHES:
        _purger.send(keys)


class FrontCachePurger:
    """
    Sends purges to FRONT_CACHES from one background thread per process: the editor's request only
    puts the keys in a queue. Keys waiting together go out in one request per cache.
    """

    def __init__(self):
        self.queue = queue.Queue()
        self.thread = None
        self.pid = None
        self.lock = threading.Lock()

    def send(self, keys):
        self.queue.put(set(keys))
        with self.lock:
            if self.pid is None:
                # A management command (an import, a shell) ends right after its change: send first.
                atexit.register(self.wait, 2 * settings.FRONT_CACHE_TIMEOUT)
            # A gunicorn worker is a fork: the thread of the process it was forked from is not in it.
            if self.thread is None or not self.thread.is_alive() or self.pid != os.getpid():
                self.pid = os.getpid()
                self.thread = threading.Thread(target=self._run, name="front-cache-purger", daemon=True)
                self.thread.start()

    def wait(self, timeout=10):
        """Until every queued purge was sent or given up (for tests and orderly shutdowns)."""
        deadline = time.monotonic() + timeout
        while self.queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)

    def _run(self):
        while True:
            keys = self.queue.get()
            count = 1
            while True:
                try:
                    keys |= self.queue.get_nowait()
                    count += 1
                except queue.Empty:
                    break
            try:
                failed = purge_front_caches(sorted(keys))
                if failed and supports_defer():
                    # With a task queue, the worker tries again later (newsroom/tasks.py's pauses).
                    purge_again.enqueue(sorted(keys), failed)
            except Exception:
                logger.exception("Front cache purge failed")
            finally:
                for _ in range(count):
                    self.queue.task_done()


_purger = FrontCachePurger()


def purge_front_caches(keys, caches=None):
    """Send an xkey purge of `keys` to each front cache; a cache that does not answer is logged, not raised."""
    failed = []
    for url in caches if caches is not None else settings.FRONT_CACHES:
        # Header lines stay short: a few hundred keys per request.
        for start in range(0, len(keys), 200):
            request = urllib.request.Request(url, method="PURGE", headers={"xkey-purge": " ".join(keys[start : start + 200])})
            try:
                with urllib.request.urlopen(request, timeout=settings.FRONT_CACHE_TIMEOUT) as response:
                    response.read()
            except (OSError, urllib.error.URLError) as error:
                logger.warning("Front cache %s did not take the purge of %d keys: %s", url, len(keys), error)
                failed.append(url)
                break
    return failed


@task()
def purge_again(keys, caches):
    """A purge that front caches missed (down, or unreachable), tried again by the task worker until they take it."""
    failed = purge_front_caches(keys, caches)
    if failed:
        raise ConnectionError(f"Front caches {', '.join(failed)} did not take the purge.")


# The middleware -----------------------------------------------------------------------------------


def _query_key(request):
    """The query string as part of the cache key (sorted, tracking parameters left out), or None: not cacheable."""
    pairs = []
    for name, value in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True):
        if name.startswith(TRACKING_PREFIXES) or name in TRACKING_PARAMETERS:
            continue
        if name not in PAGE_PARAMETERS:
            return None
        pairs.append((name, value))
    if len({name for name, _ in pairs}) != len(pairs):
        return None
    return urlencode(sorted(pairs))


@per_process()
def _never_prefixes():
    # Static files and local media are WhiteNoise's and the web server's, with their own caching.
    prefixes = [settings.ADMIN_PATH_PREFIX, "/comments/", "/csp-report/", settings.STATIC_URL]
    if settings.MEDIA_URL.startswith("/"):
        prefixes.append(settings.MEDIA_URL)
    return tuple(prefixes)


def bypass(request):
    """Why this request goes straight to the app (a short reason), or "" when the shared copy is what it gets."""
    if request.method not in ("GET", "HEAD"):
        return "method"
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or any(name in cookies for name in PRIVATE_COOKIES):
        return "cookie"
    if "HTTP_AUTHORIZATION" in request.META:
        return "authorization"
    path = request.path
    if path.startswith(_never_prefixes()) or any(s in path for s in NEVER_SEGMENTS):
        return "path"
    return ""


def page_key(request):
    query = _query_key(request)
    if query is None:
        return None
    try:
        host = request.get_host()
    except Exception:  # a host not in ALLOWED_HOSTS: the app answers 400 itself
        return None
    address = f"{request.scheme}://{host}{request.path}?{query}"
    return ENTRY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def _cache_control(seconds):
    return (
        f"public, max-age={min(settings.PAGE_BROWSER_SECONDS, seconds)}, s-maxage={max(seconds, 0)}, "
        f"stale-while-revalidate={settings.PAGE_STALE_SECONDS}, stale-if-error={settings.PAGE_STALE_IF_ERROR_SECONDS}"
    )


def _never_store(response):
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.streaming
        or response.cookies
        or any(word in cache_control for word in ("private", "no-store", "no-cache"))
        or response.status_code not in (200, 404)
    )


# Functions an app registers (lists_change_at) that say when lists next change with no edit to tell
# of it: the next scheduled publication.
_list_changes = []


def lists_change_at(func):
    """Register `func()`, returning the next moment (an aware datetime or None) at which lists change by themselves."""
    _list_changes.append(func)
    return func


def _next_scheduled():
    """When lists next change by themselves (a timestamp), or None; kept until any change, or that moment."""
    value = cache.get(NEXT_CHANGE_KEY)
    if value is None or (value and value <= time.time()):
        moments = [moment for moment in (func() for func in _list_changes) if moment is not None]
        value = min(moments).timestamp() if moments else 0
        cache.set(NEXT_CHANGE_KEY, value, timeout=settings.PAGE_CACHE_SECONDS)
    return value or None


class LocalPages:
    """The last LOCAL_PAGES pages this process served (see LOCAL_PAGES), least recently used out first."""

    def __init__(self, size):
        self.size = size
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.pages.get(key)
            if entry is not None:
                self.pages.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            self.pages[key] = entry
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def discard(self, key):
        with self.lock:
            self.pages.pop(key, None)

    def clear(self):
        with self.lock:
            self.pages.clear()


_local = LocalPages(LOCAL_PAGES)


def _current(entry):
    """Whether nothing this stored page shows has changed since it was stored."""
    return _snapshot(_names(entry["keys"])) == entry["generations"]


def _names(keys):
    """The cache keys a page's copy is checked against: the cache's epoch, then each content key's generation."""
    return [EPOCH_KEY, *(GENERATION_PREFIX + key for key in keys)]


def _snapshot(names):
    """
    The generations of these keys as they are now, to be compared for equality only: the stored bytes
    in one MGET with the Redis backend (newsroom/cache.py; a hit checks some forty keys, and
    unpickling each through Django's cache API was half its CPU), the values on other backends.
    """
    get_many_raw = getattr(cache, "get_many_raw", None)
    if get_many_raw is not None:
        return get_many_raw(names)
    values = cache.get_many(names)
    return [values.get(name) for name in names]


def _decoded(snapshot):
    """The values of a snapshot's generations (the raw bytes read from Redis unpickled)."""
    loads_raw = getattr(cache, "loads_raw", None)
    return [loads_raw(value) for value in snapshot] if loads_raw is not None else snapshot


def _headers(response, keys):
    joined = " ".join(keys)
    response["Surrogate-Key"] = joined
    response["xkey"] = joined


def _replica_lag():
    # Read replicas may not have a change yet for this long (the client who made it reads from the primary).
    return settings.REPLICA_STICKY_SECONDS if len(settings.DATABASES) > 1 else 0


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or bypass(request):
            return self.get_response(request)
        key = page_key(request)
        if key is None:
            return self.get_response(request)
        try:
            entry = self.lookup(key)
        except Exception:
            logger.exception("Page cache lookup failed")
            entry = None
        if entry is not None:
            return self.serve(request, entry)
        collector = Collector()
        token = _collector.set(collector)
        started = _clock()
        try:
            response = self.get_response(request)
        finally:
            _collector.reset(token)
        if _never_store(response):
            return response
        try:
            return self.store(request, response, key, collector, started)
        except Exception:
            logger.exception("Page cache store failed")
            return response

    def lookup(self, key):
        local = _local.get(key)
        if local is not None and local["expires"] > time.time() and _current(local):
            return local
        # Not kept here, or changed since: another process may have stored the page again already
        # (the same copy as the one kept here is as stale, with no need to check again).
        entry = cache.get(key)
        if (
            entry is None
            or entry["expires"] <= time.time()
            or (local is not None and entry["generations"] == local["generations"])
            or not _current(entry)
        ):
            _local.discard(key)
            return None
        _local.put(key, entry)
        return entry

    def store(self, request, response, key, collector, started):
        keys = collector.keys()
        if response.status_code == 404:
            # Not found yet: anything published, added or renamed may give this address a page.
            keys = sorted({*keys, "all"})
        names = _names(keys)
        # One read of what a lookup compares, and the checks below made on the same values: a change
        # landing after it makes the stored copy stale at once, and none can slip in between.
        snapshot = _snapshot(names)
        if None in snapshot:
            # The epoch, and keys never bumped (or evicted): the counter as the render started, unlike
            # anything stored before.
            if snapshot[0] is None:
                cache.add(EPOCH_KEY, secrets.token_hex(8), timeout=None)
            for name, value in zip(names[1:], snapshot[1:]):
                if value is None:
                    cache.add(name, (started, 0), timeout=None)
            snapshot = _snapshot(names)
        now = time.time()
        seconds = settings.PAGE_CACHE_SECONDS if response.status_code == 200 else min(NOT_FOUND_SECONDS, settings.PAGE_CACHE_SECONDS)
        if response.status_code == 404 or any(k in LIST_KEYS or k.startswith("list:") for k in keys):
            scheduled = _next_scheduled()
            if scheduled:
                seconds = min(seconds, int(scheduled - now))
        if collector.until is not None:
            seconds = min(seconds, int(collector.until.timestamp() - now))
        values = _decoded(snapshot[1:])
        _headers(response, keys)
        lag = _replica_lag()
        changed = any(v is None or v[0] > started or (lag and v[1] > now - lag) for v in values)
        if request.method != "GET" or seconds <= 0 or changed:
            # Something this page shows changed while it rendered (or so recently that a replica may
            # not have it yet), or is about to: hand it out, let a front cache keep it a moment only.
            response["Cache-Control"] = _cache_control(min(max(seconds, 0), 1))
            return response
        etag = '"%s"' % hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = etag
        response["Last-Modified"] = http_date(now)
        entry = {
            "status": response.status_code,
            "content": response.content,
            "headers": [(k, v) for k, v in response.items() if k.lower() not in ("cache-control", "etag", "last-modified")],
            "keys": keys,
            "generations": snapshot,
            "expires": now + seconds,
            "modified": int(now),
            "etag": etag,
        }
        cache.set(key, entry, timeout=seconds)
        _local.put(key, entry)
        response["Cache-Control"] = _cache_control(seconds)
        response["X-Page-Cache"] = "MISS"
        return get_conditional_response(request, etag=etag, last_modified=int(now), response=response)

    def serve(self, request, entry):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["modified"])
        response["Cache-Control"] = _cache_control(int(entry["expires"] - time.time()))
        response["X-Page-Cache"] = "HIT"
        if request.method == "HEAD":
            response.content = b""
        return get_conditional_response(request, etag=entry["etag"], last_modified=entry["modified"], response=response)
