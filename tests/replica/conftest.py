"""
The replica suite runs against a real PostgreSQL streaming replica of the primary (.ci/replica, started by
`make test-replica` and `.ci/run`). Tests commit for real (transaction=True) so that their rows reach the
standby through the WAL stream, as in production.
"""

import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from newsroom import replicas

ROOT = Path(__file__).resolve().parents[2]
REPLICA = "replica1"


def pytest_collection_modifyitems(config, items):
    if REPLICA not in settings.DATABASES or settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise pytest.UsageError(
            "tests/replica needs PostgreSQL and a streaming replica: run `make test-replica` "
            "(DATABASE_URL and DATABASE_REPLICA_URLS, the replica made by .ci/replica)."
        )


def sql(alias, query):
    with connections[alias].cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()[0]


@pytest.fixture
def wait_for_replica():
    """Wait (at most 10 s) until the replica has replayed everything the primary has written so far."""

    def wait():
        target = sql("default", "SELECT pg_current_wal_lsn()")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if sql(REPLICA, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
                return
            time.sleep(0.05)
        raise AssertionError("the replica did not catch up with the primary within 10 s")

    return wait


@pytest.fixture
def replay_paused(wait_for_replica):
    """The replica stops applying the primary's changes (as a lagging replica would) until the test ends."""
    wait_for_replica()
    sql(REPLICA, "SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        sql(REPLICA, "SELECT pg_wal_replay_resume()")


@pytest.fixture
def replica_cluster():
    """Stop and start the real replica server (.ci/replica), to see the site without it and with it back."""

    def run(action):
        subprocess.run([str(ROOT / ".ci" / "replica"), action], check=True, capture_output=True, text=True)

    yield run
    run("start")
    replicas._down_until.clear()


@pytest.fixture(autouse=True)
def _replicas_up():
    replicas._down_until.clear()
    yield
    replicas._down_until.clear()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # These tests count the queries each database gets for a page: a copy from the page cache would make none.
    settings.PAGE_CACHE_SECONDS = 0
