"""
The cache backend for CACHE_URL=redis://...: Django's RedisCache, with one redis client per process.

Django's RedisCacheClient makes a new `redis.Redis` for every cache call, and redis-py's constructor
builds a table of some eighty response callbacks each time: on a page-cache hit (two calls) that
was an eighth of the request's CPU. A `redis.Redis` is safe to share between threads (it takes a
connection from its pool per command), so this keeps one per connection pool. Replies are parsed by
hiredis (requirements.txt), which redis-py picks up by itself.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class NewsroomRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def get_many_raw(self, keys):
        """
        The stored bytes of `keys` (None where missing), in order, in one MGET, with nothing unpickled
        and no check of the keys' shape: for values compared, never read (the page cache's generations).
        """
        return self._cache.get_client().mget([self.make_key(key) for key in keys])

    def loads_raw(self, raw):
        """A value read by get_many_raw(), as get() would have given it (None stays None)."""
        return None if raw is None else self._cache._serializer.loads(raw)
