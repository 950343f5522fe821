"""
Security headers: a Content-Security-Policy without 'unsafe-inline' for scripts on public pages and
in the admin (nonces only where a page has an inline script, never on a page a cache may share), a
Permissions-Policy, HSTS with preload from the environment, and violation reports logged.
"""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key
from django.test import Client

pytestmark = pytest.mark.django_db

CHECKOUT = Path(__file__).resolve().parents[2]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/", "/news/", "/feed/", "/search/?q=x", "/sponsors/"])
def test_public_pages_forbid_inline_script_and_carry_no_nonce(client, make_article, url):
    make_article()
    response = client.get(url)
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy.get("style-src", [])
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert "nonce-" not in response["Content-Security-Policy"]


def test_article_page_has_no_inline_script_at_all(client, make_article):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts, "the comment form's script is there"
    for attributes in scripts:
        assert "src=" in attributes or 'type="application/ld+json"' in attributes or "application/json" in attributes


def test_admin_inline_script_runs_by_nonce_and_the_header_names_it(admin_client):
    response = admin_client.get("/admin/")
    policy = directives(response)
    nonce = next(value[len("'nonce-"):-1] for value in policy["script-src"] if value.startswith("'nonce-"))
    assert "'unsafe-inline'" not in policy["script-src"]
    assert f'<script nonce="{nonce}">' in response.content.decode()
    assert admin_client.get("/admin/").content.decode().count(nonce) == 0  # a fresh nonce per response


def test_no_inline_event_handler_attributes_in_the_admin(admin_client, make_article):
    from articles.workflow import preview_token  # noqa: F401  (the share box is on the change form)

    article = make_article()
    html = admin_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert not re.search(r"\son[a-z]+=\"", html)


def test_permissions_policy_switches_off_what_the_site_never_uses(client):
    policy = client.get("/").headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy
    assert "publickey-credentials-get=(self)" in policy


def test_csp_violation_reports_are_logged(client, caplog):
    report = {"csp-report": {"document-uri": "https://news.example/", "violated-directive": "script-src-elem",
                             "blocked-uri": "https://evil.example/x.js", "source-file": "https://news.example/"}}
    with caplog.at_level(logging.WARNING, logger="newsroom.csp"):
        response = client.post("/csp-report/", json.dumps(report), content_type="application/csp-report")
    assert response.status_code == 204
    assert "https://evil.example/x.js" in caplog.text and "script-src-elem" in caplog.text


def test_reporting_api_batches_are_logged_too(client, caplog):
    batch = [{"type": "csp-violation", "url": "https://news.example/", "body": {
        "documentURL": "https://news.example/", "effectiveDirective": "img-src", "blockedURL": "https://pixel.example/p.gif"}}]
    with caplog.at_level(logging.WARNING, logger="newsroom.csp"):
        response = client.post("/csp-report/", json.dumps(batch), content_type="application/reports+json")
    assert response.status_code == 204
    assert "https://pixel.example/p.gif" in caplog.text


def test_csp_report_endpoint_refuses_garbage_quietly(client):
    assert client.post("/csp-report/", "not json", content_type="application/csp-report").status_code == 400
    assert client.get("/csp-report/").status_code == 405


def test_hsts_preload_and_subdomains_come_from_the_environment(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = Client().get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def production_environment():
    """The production environment as README.md documents it (its settings table's production column)."""
    readme = (CHECKOUT / "README.md").read_text()
    block = re.search(r"<!-- production-environment -->\n```bash\n(.*?)```", readme, re.DOTALL).group(1)
    env = {}
    for line in block.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            # The parts a newsroom fills in: a fresh key, a stand-in elsewhere.
            env[key] = get_random_secret_key() if key == "SECRET_KEY" else re.sub(r"<[^>]*>", "secret", value)
    return env


def test_check_deploy_with_the_documented_production_environment_reports_nothing(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO", "DATABASE_URL", "CACHE_URL"))}
    env.update(production_environment())
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'check.sqlite3'}"  # check --deploy reads no table
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=CHECKOUT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("key", ["$9f!x@2k(q-z=+)w7e^r&t*y_u#i%o8p0a1s2d3f4g5h6j7k8l", "$SITE_NAME"])
def test_a_secret_key_beginning_with_a_dollar_sign_is_used_as_it_is(tmp_path, key):
    # Django's generator starts a key with "$" one time in fifty; django-environ would have read the
    # rest as the name of another variable (the site refused to start, or signed with SITE_NAME).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE_URL", "CACHE_URL"))}
    env.update(production_environment(), SECRET_KEY=key, SITE_NAME="The Daily Example")
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'check.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"],
        cwd=CHECKOUT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == key
