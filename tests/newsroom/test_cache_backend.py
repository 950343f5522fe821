"""
newsroom/cache.py: Django's Redis cache with one client per process, and raw reads for the page cache.
Needs a Redis server (REDIS_TEST_URL, default the local one's database 9); skipped where none answers.
"""

import os

import pytest

from newsroom.cache import NewsroomRedisCache

URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/9")


@pytest.fixture
def redis_cache():
    backend = NewsroomRedisCache(URL, {"KEY_PREFIX": "cache-backend-test"})
    try:
        backend.clear()
    except Exception as error:  # no Redis here
        pytest.skip(f"no Redis at {URL}: {error}")
    yield backend
    backend.clear()


def test_one_client_serves_every_call(redis_cache):
    redis_cache.set("a", 1)
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache.get("a") == 1


def test_raw_reads_give_stored_bytes_in_order_and_none_for_missing_keys(redis_cache):
    redis_cache.set("gen:a", (3, 1.5))
    redis_cache.set("gen:b", 7)
    raw = redis_cache.get_many_raw(["gen:b", "missing", "gen:a"])
    assert raw[0] == b"7" and raw[1] is None and isinstance(raw[2], bytes)
    # The same value stored again reads the same; a changed one does not.
    redis_cache.set("gen:a", (3, 1.5))
    assert redis_cache.get_many_raw(["gen:a"]) == [raw[2]]
    redis_cache.set("gen:a", (4, 1.5))
    assert redis_cache.get_many_raw(["gen:a"]) != [raw[2]]
