"""The shared cache on Redis: Django's own backend, with one Redis client per connection pool.

Django's ``RedisCacheClient.get_client`` makes a new ``redis.Redis`` for every cache operation,
and redis-py builds the client's table of response callbacks (some 170 entries) each time: 0.2 ms
of Python per operation on the machine of issue 13, more than the Redis round trip itself. A
public sign-up asks the cache three times (its rate limit: ``add``, then ``incr``, which is
``exists`` + ``incr``). The client is safe to share: it takes a connection from its pool for each
command, as Django's does.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
