"""
What the operations team needs from every app server: health checks for the load balancer, a request
id on every log line, and one log line per request.

- `/healthz`: the process answers (no database, no cache: a busy database must not get app servers
  restarted). `/readyz`: the database answers and has every migration, the cache and the media storage
  answer; 503 otherwise, so the load balancer sends no reader to a server that cannot serve them.
  Replicas are reported but never make a server unready (reads fall back to the primary). Both answer
  before the host check and the HTTPS redirect (probes come by IP over plain HTTP), say nothing about
  readers or servers' addresses, and are never cached.
- Request ids: taken from the proxy's `X-Request-ID` (nginx's `$request_id`) when it is a sane token,
  else made here; sent back in the response and added to every log record as `request_id`.
"""

import json
import logging
import re
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse

from .logs import request_id as _request_id

logger = logging.getLogger("newsroom.request")
checks_logger = logging.getLogger("newsroom.health")

_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
HEALTH_PATHS = ("/healthz", "/readyz")
_migrations_applied = False  # once true it stays true for this process


class OperationsMiddleware:
    """First in the chain: health checks, the request id, and a log line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in HEALTH_PATHS:
            return healthz() if request.path == "/healthz" else readyz()
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        request.id = request_id
        # Kept until the response is finished (request_finished), so Django's own log line for an
        # error response, written after the middleware, carries it too.
        _request_id.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        if settings.LOG_REQUESTS:
            duration = (time.perf_counter() - started) * 1000
            logger.info(
                "%s %s %s %.1fms",
                request.method,
                request.get_full_path()[:500],
                response.status_code,
                duration,
                extra={"method": request.method, "path": request.path[:500], "status": response.status_code,
                       "duration_ms": round(duration, 1)},
            )
        return response


def forget_request_id(**kwargs):
    _request_id.set("-")


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def healthz():
    return _no_store(HttpResponse("ok\n", content_type="text/plain"))


def _check(name, probe):
    try:
        probe()
    except Exception as error:
        checks_logger.error("Readiness check %s failed: %s: %s", name, type(error).__name__, error)
        return False
    return True


def _database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def _migrations():
    global _migrations_applied
    if _migrations_applied:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("migrations not applied")
    _migrations_applied = True


def _cache():
    key = "newsroom:readyz"
    cache.set(key, 1, timeout=30)
    if cache.get(key) != 1:
        raise RuntimeError("the cache did not keep a value")


def _storage():
    default_storage.exists("readyz-probe")  # any answer will do; an unreachable store raises


def readyz():
    from .replicas import replica_aliases, usable

    checks = {"database": _check("database", _database)}
    checks["migrations"] = checks["database"] and _check("migrations", _migrations)
    checks["cache"] = _check("cache", _cache)
    checks["storage"] = _check("storage", _storage)
    ready = all(checks.values())
    body = {"status": "ready" if ready else "not ready", "checks": {k: "ok" if v else "failing" for k, v in checks.items()}}
    for alias in replica_aliases():
        body["checks"][alias] = "ok" if usable(alias) else "down (reads go to the primary)"
    response = HttpResponse(json.dumps(body) + "\n", content_type="application/json", status=200 if ready else 503)
    return _no_store(response)
