"""
Reads of the public pages from PostgreSQL replicas (DATABASE_REPLICA_URLS), everything else from the primary.

A request may read from a replica only when all of these hold, else it reads from the primary:

- it is a GET or HEAD for the public site (not /admin/, not a signed-in or signing-in person: no session cookie);
- the client wrote nothing in the last REPLICA_STICKY_SECONDS (any successful POST, PUT, PATCH or
  DELETE sets a short-lived cookie, so a reader who just commented and an editor who just saved read
  their own write even while the replicas lag);
- the code is not inside a transaction (reads that lead to a write see what the write will see);
- the replica answers. One that does not is left alone for REPLICA_RETRY_SECONDS and the request is
  served from the primary, so a replica going down costs at most the request that found it down.

Writes always go to the primary. Work outside requests (the task worker, management commands) reads
from the primary.
"""

import logging
import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY = "default"
STICKY_COOKIE = "newsroom_wrote"
SAFE_METHODS = ("GET", "HEAD")

_reads_from = ContextVar("newsroom_reads_from", default=None)
# Per process: replicas found down, and until when (time.monotonic()) they are left alone.
_down_until = {}


def replica_aliases():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class ReplicaRouter:
    """Sends reads to the replica the current request chose (ReplicaMiddleware), all else to the primary."""

    def db_for_read(self, model, **hints):
        alias = _reads_from.get()
        if alias is None or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return alias

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary: objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def usable(alias):
    """Whether the replica answers now; a replica that does not is marked down for a while."""
    if _down_until.get(alias, 0) > time.monotonic():
        return False
    try:
        connections[alias].ensure_connection()
    except DatabaseError as error:
        mark_down(alias, error)
        return False
    return True


def mark_down(alias, error):
    _down_until[alias] = time.monotonic() + settings.REPLICA_RETRY_SECONDS
    logger.warning("Replica %s is not answering (%s); reading from the primary for %s s.", alias, error, settings.REPLICA_RETRY_SECONDS)
    try:
        connections[alias].close()
    except DatabaseError:
        pass


def choose_replica(request):
    """The replica this request may read from, or None for the primary."""
    if request.method not in SAFE_METHODS or request.path.startswith("/admin/"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or STICKY_COOKIE in request.COOKIES:
        return None
    if connections[PRIMARY].in_atomic_block:
        return None
    candidates = replica_aliases()
    random.shuffle(candidates)
    return next((alias for alias in candidates if usable(alias)), None)


class ReplicaMiddleware:
    """Chooses where a request reads from and remembers for a few seconds that a client wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_from.set(choose_replica(request))
        try:
            response = self.get_response(request)
        finally:
            _reads_from.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_exception(self, request, exception):
        """A replica that failed during a read: mark it down and serve the same read from the primary."""
        alias = _reads_from.get()
        if alias is None or not isinstance(exception, DatabaseError):
            return None
        mark_down(alias, exception)
        _reads_from.set(None)
        return self.get_response(request)
