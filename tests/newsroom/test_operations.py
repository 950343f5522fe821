"""Health checks for the load balancer, request ids in the logs, one log line per request."""

import io
import json
import logging
import logging.config

import pytest

from newsroom.replicas import replica_aliases

# /readyz also reports the replicas (DATABASE_REPLICA_URLS) when there are any.
pytestmark = pytest.mark.django_db(databases="__all__")


def test_healthz_answers_whatever_the_host_and_is_never_cached(client, settings):
    settings.ALLOWED_HOSTS = ["news.example"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.5")  # a load balancer probes by address, over HTTP
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Cache-Control"] == "no-store"


def test_readyz_reports_each_check_and_nothing_personal(client, make_article, make_comment):
    make_comment(make_article(), author_email="private@example.com")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "storage": "ok", **{r: "ok" for r in replica_aliases()}},
    }


def test_readyz_is_503_when_the_cache_is_unreachable(client, settings, caplog):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "not ready"
    assert body["checks"]["cache"] == "failing"
    assert body["checks"]["database"] == "ok"
    assert "127.0.0.1" not in response.content.decode()  # the reason is in the log, not in the answer
    assert "Readiness check cache failed" in caplog.text


def test_readyz_is_503_when_the_media_storage_is_unreachable(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": "media", "endpoint_url": "http://127.0.0.1:1", "access_key": "x", "secret_key": "x",
            "region_name": "us-east-1",
        }},
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["storage"] == "failing"


def test_request_id_from_the_proxy_is_kept_else_made(client):
    assert client.get("/robots.txt", HTTP_X_REQUEST_ID="3f2a9c1e7b6d4a5f").headers["X-Request-ID"] == "3f2a9c1e7b6d4a5f"
    made = client.get("/robots.txt", HTTP_X_REQUEST_ID="<script>").headers["X-Request-ID"]
    assert len(made) == 32 and made != "<script>"


@pytest.fixture
def json_log(settings):
    """The site's JSON log configuration (LOG_FORMAT=json), written to a buffer instead of standard output."""
    buffer = io.StringIO()
    config = {**settings.LOGGING, "handlers": {"console": {**settings.LOGGING["handlers"]["console"], "formatter": "json"}}}
    config["handlers"]["console"].pop("stream")
    config["handlers"]["console"]["class"] = "logging.StreamHandler"
    logging.config.dictConfig(config)
    handler = logging.getLogger().handlers[0]
    handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    logging.config.dictConfig(settings.LOGGING)


def test_each_request_is_logged_once_as_json_with_its_id(client, settings, json_log, make_article):
    settings.LOG_REQUESTS = True
    article = make_article()
    response = client.get(article.get_absolute_url(), HTTP_X_REQUEST_ID="req-0001-abcdef")
    lines = [line for line in json_log() if line["logger"] == "newsroom.request"]
    assert len(lines) == 1
    line = lines[0]
    assert (line["request_id"], line["status"], line["method"], line["path"]) == (
        "req-0001-abcdef", 200, "GET", article.get_absolute_url()
    )
    assert line["level"] == "INFO" and line["duration_ms"] >= 0 and "time" in line
    assert response["X-Request-ID"] == "req-0001-abcdef"


def test_log_lines_written_during_a_request_carry_its_id(client, settings, json_log):
    settings.LOG_REQUESTS = False
    logging.getLogger("articles").warning("outside any request")
    client.get("/no-such-section/", HTTP_X_REQUEST_ID="req-0002-abcdef")  # Django logs the 404
    lines = [(line["logger"], line["message"], line["request_id"]) for line in json_log()]
    assert ("articles", "outside any request", "-") in lines
    assert ("django.request", "Not Found: /no-such-section/", "req-0002-abcdef") in lines


def test_deploy_checks_name_what_keeps_the_site_on_one_server(settings):
    from django.core.checks import run_checks

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert {"newsroom.W001", "newsroom.W002", "newsroom.W003"} <= ids

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/5"}}
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "b"}}}
    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert not {"newsroom.W001", "newsroom.W002", "newsroom.W003"} & ids


def test_readyz_is_503_until_every_migration_is_applied(client, monkeypatch):
    from django.db.migrations.recorder import MigrationRecorder

    from newsroom import operations

    monkeypatch.setattr(operations, "_migrations_applied", False)
    MigrationRecorder.Migration.objects.filter(app="comments").order_by("-id").first().delete()  # a deploy's new migration
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "failing"
