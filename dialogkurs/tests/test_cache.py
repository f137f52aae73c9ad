"""The shared cache on Redis: one client per connection pool, shared by every operation."""

from __future__ import annotations

from django.core.cache import cache, caches

from dialogkurs.cache import RedisCache


def test_the_cache_is_redis_and_keeps_one_client_for_every_operation():
    # The suite runs on Redis (make test): this is the backend production has.
    backend = caches["default"]
    assert isinstance(backend, RedisCache)
    client = backend._cache.get_client()
    assert backend._cache.get_client(write=True) is client
    cache.set("test-cache-one-client", 1, 30)
    assert cache.add("test-cache-one-client", 5, 30) is False
    assert cache.incr("test-cache-one-client") == 2
    assert cache.get("test-cache-one-client") == 2
    cache.delete("test-cache-one-client")
    assert cache.get("test-cache-one-client") is None
    assert backend._cache.get_client() is client
