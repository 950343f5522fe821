"""`make serve` refuses to start, saying what to set, without the settings production needs (deploy/serve.py)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "SECRET_KEY": "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "news.example.com",
    "DATABASE_URL": "postgres://newsroom@db.internal/newsroom",
    "CACHE_URL": "redis://cache.internal:6379/0",
}


def serve(**settings):
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", **{k: v for k, v in settings.items() if v is not None}}
    return subprocess.run([sys.executable, "deploy/serve.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("missing", sorted(GOOD))
def test_serve_refuses_without_a_production_setting(missing):
    done = serve(**{**GOOD, missing: None})
    assert done.returncode == 1
    assert f"{missing} is not set" in done.stderr
    assert "not starting" in done.stderr
    # Only what is missing is named.
    assert sum(f"{name} is not set" in done.stderr for name in GOOD) == 1


def test_serve_names_everything_missing_at_once():
    done = serve()
    assert done.returncode == 1
    assert all(f"{name} is not set" in done.stderr for name in GOOD)
    assert "make run" in done.stderr


@pytest.mark.parametrize("key", ["short", "change-me-to-50-random-characters-change-me-to-50-random", "a" * 60])
def test_serve_refuses_a_placeholder_secret_key(key):
    done = serve(**{**GOOD, "SECRET_KEY": key})
    assert done.returncode == 1
    assert "SECRET_KEY is too short or a placeholder" in done.stderr


def test_serve_refuses_a_local_memory_cache_shared_by_no_one():
    done = serve(**{**GOOD, "CACHE_URL": "locmemcache://", "GUNICORN_WORKERS": "3"})
    assert done.returncode == 1
    assert "each of the 3 worker processes" in done.stderr


def test_serve_goes_on_to_the_database_when_settings_are_there():
    """With every setting present it gets as far as the database (which does not answer here)."""
    done = serve(**{**GOOD, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none", "DATABASE_CONNECT_TIMEOUT": "1"})
    assert done.returncode == 1
    assert "is not set" not in done.stderr
    assert "run `make migrate`" in done.stderr
