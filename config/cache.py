"""A cache that can fail: Redis going away or hanging means uncached answers, never errors.

The cache only saves work: every answer can be computed without it. So
`ResilientRedisCache` is Django's Redis backend with bounded socket timeouts
(`cache_settings`), and every failure (refused, reset, timed out) is logged
and treated as a miss: reads return the default, writes are dropped.

After a failure the process leaves Redis alone for `DOWN_SECONDS`: a frozen
Redis would otherwise cost every cache call its full timeout, and a request
makes several. The first call after that pause tries again, so the site
recovers without a restart when Redis returns.
"""

import logging
import os
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# How long one Redis call may take to connect, and to answer, in seconds: a cache
# that takes longer than computing the answer is worse than none.
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.25"))
# How long a process leaves Redis alone after a failure, in seconds.
DOWN_SECONDS = float(os.environ.get("REDIS_DOWN_SECONDS", "5"))


def cache_settings(redis_url):
    """Django's CACHES: local memory without a URL, the resilient Redis cache with one."""
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": redis_url,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }


# Per process (Django makes one cache object per thread): until when Redis is left alone.
_down_until = {}
_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, where a failing Redis is a miss (logged), not an exception."""

    def _guard(self, call, fallback):
        location = self._servers[0]
        if _down_until.get(location, 0) > time.monotonic():
            return fallback
        try:
            return call()
        except Exception as error:  # redis.RedisError, OSError: whatever the socket gave
            import redis

            if not isinstance(error, (redis.RedisError, OSError)):
                raise
            with _lock:
                if _down_until.get(location, 0) <= time.monotonic():
                    logger.warning(
                        "Cache unavailable (%s); answering uncached for %s s", error, DOWN_SECONDS
                    )
                _down_until[location] = time.monotonic() + DOWN_SECONDS
            return fallback

    def get(self, key, default=None, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def get_many(self, keys, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).delete_many(keys, version), None
        )

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._guard(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version), missing
        )
        if result is missing:  # as for a missing key: callers already handle it
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def clear(self):
        return self._guard(lambda: super(ResilientRedisCache, self).clear(), False)
