"""Redis as a cache that fails soft: with Redis stopped, hung or restarting, a read is a miss and
a write is skipped (each logged), so every page still renders and every form still works. The
page cache (`pages`) is the exception where a write must be known to have happened: dropping a
page that changed. `pagecache.services` asks for those strictly (`strict`), and what could not
be dropped is dropped again by the worker once Redis answers."""

from __future__ import annotations

import logging
import time
from functools import cached_property

import redis
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("broadsheet.cache")


# After a failure the cache is not asked again for this long (in this process): a hung Redis
# then costs one request a timeout now and then, not every request every time.
RESTING_SECONDS = 2.0


def _forgiving(name: str, fallback):
    strict = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if time.monotonic() >= self._resting_until:
            try:
                return strict(self, *args, **kwargs)
            except redis.RedisError as exc:
                self._resting_until = time.monotonic() + RESTING_SECONDS
                logger.warning("cache %s failed (%s): treated as a miss", name, exc)
        return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = name
    return method


class ResilientRedisCache(RedisCache):
    """Django's RedisCache with every read a miss and every write skipped while Redis fails;
    `strict` is the same cache with errors raised."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._server, self._params = server, params
        self._resting_until = 0.0

    get = _forgiving("get", lambda key, default=None, version=None: default)
    get_many = _forgiving("get_many", {})
    has_key = _forgiving("has_key", False)
    set = _forgiving("set", None)
    add = _forgiving("add", False)
    touch = _forgiving("touch", False)
    set_many = _forgiving("set_many", lambda data, *args, **kwargs: list(data))
    delete = _forgiving("delete", False)
    delete_many = _forgiving("delete_many", None)
    incr = _forgiving("incr", 1)  # a rate limit counts one: it fails open, not shut

    @cached_property
    def strict(self) -> RedisCache:
        return RedisCache(self._server, self._params)


def strict(cache):
    """`cache` with its errors raised (the file and memory caches raise theirs already)."""
    return cache.strict if isinstance(cache, ResilientRedisCache) else cache
