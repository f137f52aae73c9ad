"""Deployment checks of the project as a whole (registered from ``accounts.apps``)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.core.checks import Tags, Warning, register
from django.utils.module_loading import import_string

# Django's Redis backend, or one made from it (``dialogkurs.cache.RedisCache``).
SHARED_CACHES = (RedisCache,)


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """The rate limits of the public forms are counted in the default cache: a cache in each
    process's memory lets every web process count on its own (README "Rate limits")."""
    if issubclass(import_string(settings.CACHES["default"]["BACKEND"]), SHARED_CACHES):
        return []
    return [
        Warning(
            "The cache is not shared between processes: each web process counts the rate limits on its own.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/1).",
            id="dialogkurs.W001",
        )
    ]
