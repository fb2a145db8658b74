"""A cache every worker shares, that can fail: a store going away or hanging means
uncached answers, never errors.

Shared, because an answer computed by one gunicorn worker then serves the
others: with each worker's own local memory, an edit made each of three
workers recompute the same answers (`make load`: 34% of the quiet rate with
an edit a second, against 63% with a shared cache). Without `REDIS_URL` the
cache is Django's file cache in `CACHE_DIR`, shared by the processes of one
machine; with it, Redis, shared by every machine. Either way coherence comes
from the data versions in the database (`relationships.cache`), not from
the cache.

The cache only saves work: every answer can be computed without it. So
both backends are Django's own, with every failure (a refused, reset or
timed-out Redis with bounded socket timeouts, a full or unwritable disk)
logged and treated as a miss: reads return the default, writes are dropped.

After a failure the process leaves the store alone for `DOWN_SECONDS`: a
frozen Redis would otherwise cost every cache call its full timeout, and a
request makes several. The first call after that pause tries again, so the
site recovers without a restart when the store returns.
"""

import hashlib
import logging
import os
import pickle
import threading
import time
import zlib
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# How long one Redis call may take to connect, and to answer, in seconds: a cache
# that takes longer than computing the answer is worse than none.
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.25"))
# How long a process leaves Redis alone after a failure, in seconds.
DOWN_SECONDS = float(os.environ.get("REDIS_DOWN_SECONDS", "5"))
# The file cache's size, in entries (each at most a rendered answer of 1 MB, most a few KB);
# past it the third written longest ago are removed.
FILE_MAX_ENTRIES = int(os.environ.get("CACHE_MAX_ENTRIES", "3000"))
# zlib's level for the file cache's entries (`ResilientFileCache._write_content`).
FILE_COMPRESSION = 1


def code_version(base_dir, packages=("config", "relationships", "maps", "templates")):
    """A digest of the code that shapes the answers (Python modules and templates, tests
    left out): part of every cache key and ETag, so that answers cached before a deploy
    (in files or Redis, which outlive the processes) are never served after it."""
    digest = hashlib.sha256()
    for package in packages:
        for path in sorted(Path(base_dir, package).rglob("*")):
            if path.suffix in (".py", ".html") and "tests" not in path.parts:
                digest.update(str(path.relative_to(base_dir)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_settings(redis_url, directory=None, prefix=""):
    """Django's CACHES: the resilient Redis cache with a URL, else the resilient file
    cache in `directory`, which every worker of one machine shares."""
    if not redis_url:
        return {
            "default": {
                "BACKEND": "config.cache.ResilientFileCache",
                "LOCATION": str(directory),
                "KEY_PREFIX": prefix,
                # Old versions' entries are never read again; past this many files the
                # third written longest ago are removed at the next write (`_cull`).
                "OPTIONS": {"MAX_ENTRIES": FILE_MAX_ENTRIES},
            }
        }
    return {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }


# Per process (Django makes one cache object per thread): until when Redis is left alone.
_down_until = {}
_lock = threading.Lock()


class FailSafeCache:
    """A cache backend's calls, where a failing store is a miss (logged), not an exception.

    Mixed in before a Django backend; `FAILURES` are the exceptions that mean the
    store failed (anything else is a bug, and raised).
    """

    FAILURES = (OSError,)

    def _guard(self, call, fallback):
        location = self._where()
        if _down_until.get(location, 0) > time.monotonic():
            return fallback
        try:
            return call()
        except self.FAILURES as error:
            with _lock:
                if _down_until.get(location, 0) <= time.monotonic():
                    logger.warning(
                        "Cache unavailable (%s); answering uncached for %s s", error, DOWN_SECONDS
                    )
                _down_until[location] = time.monotonic() + DOWN_SECONDS
            return fallback

    def get(self, key, default=None, version=None):
        return self._guard(lambda: super(FailSafeCache, self).get(key, default, version), default)

    def get_many(self, keys, version=None):
        return self._guard(lambda: super(FailSafeCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guard(lambda: super(FailSafeCache, self).has_key(key, version), False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(FailSafeCache, self).add(key, value, timeout, version), False
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(FailSafeCache, self).set(key, value, timeout, version), None
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(FailSafeCache, self).set_many(data, timeout, version), list(data)
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(lambda: super(FailSafeCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None):
        return self._guard(lambda: super(FailSafeCache, self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        return self._guard(lambda: super(FailSafeCache, self).delete_many(keys, version), None)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._guard(lambda: super(FailSafeCache, self).incr(key, delta, version), missing)
        if result is missing:  # as for a missing key: callers already handle it
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def clear(self):
        return self._guard(lambda: super(FailSafeCache, self).clear(), False)


class ResilientRedisCache(FailSafeCache, RedisCache):
    """Django's Redis cache; a Redis refused, reset or timed out is a miss."""

    @property
    def FAILURES(self):  # noqa: N802 - the mixin's attribute, known once redis is imported
        import redis

        return (redis.RedisError, OSError)

    def _where(self):
        return self._servers[0]


class ResilientFileCache(FailSafeCache, FileBasedCache):
    """Django's file cache, shared by every process on the machine, with each process's
    recent entries in its own memory in front of it; a full or unwritable disk, or a
    damaged file, is a miss.

    The memory in front makes a hit cost what local memory costs (a file read and
    its decompression halved the boundaries' rate in `make bench`), and it is never
    stale: every key carries the data versions and the code's version, so the value
    under a key never changes.
    """

    # What reading a damaged or truncated file can raise (pickle's errors on bad bytes
    # are many), besides the disk's own.
    FAILURES = (
        OSError,
        EOFError,
        pickle.UnpicklingError,
        zlib.error,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
    )

    def __init__(self, directory, params):
        self._memory = LocMemCache(f"in-front-of:{directory}", {**params, "OPTIONS": {}})
        try:
            super().__init__(directory, params)  # makes the directory
        except OSError as error:  # it cannot be made: each call fails then, a miss
            logger.warning("Cache directory unusable (%s); answering uncached", error)

    def _where(self):
        return self._dir

    # Writes by this process since it last listed the directory, and the room it found.
    _written = _room = 0

    def _cull(self):
        """Past MAX_ENTRIES files, remove the third written longest ago (Django's removes
        a third at random: under edits, the answers in use as often as the old
        versions' that are never read again).

        Django lists the directory at every write: 8% of a worker's time under edits
        (3,000 files). It is listed again once this process has written a tenth of the
        room left at the last listing: the other processes write meanwhile too, and
        ten of them together would not fill it."""
        self._written += 1
        if self._written < self._room // 10:
            return
        files = self._list_cache_files()
        self._written, self._room = 0, self._max_entries - len(files)
        if len(files) < self._max_entries:
            return
        written = []
        for path in files:
            try:
                written.append((os.stat(path).st_mtime, path))
            except FileNotFoundError:  # removed by another process meanwhile
                continue
        removed = sorted(written)[: len(written) // self._cull_frequency]
        for _, path in removed:
            self._delete(path)
        self._room = self._max_entries - (len(written) - len(removed))

    def _write_content(self, file, timeout, value):
        """Django's, compressed at zlib's fastest level rather than its default (6): most
        values are rendered answers already gzipped, and the rest compress 3.2 to 1
        rather than 3.7 to 1, in 2.0 ms rather than 5.5 for the United States' full
        answer (137 KB pickled). Read back by Django's own `zlib.decompress`."""
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), FILE_COMPRESSION))

    def get(self, key, default=None, version=None):
        value = self._memory.get(key, _MISSING, version)
        if value is _MISSING:
            value = super().get(key, _MISSING, version)
            if value is _MISSING:
                return default
            self._memory.set(key, value, version=version)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._memory.set(key, value, timeout, version)
        return super().set(key, value, timeout, version)

    def delete(self, key, version=None):
        self._memory.delete(key, version)
        return super().delete(key, version)

    def clear(self):
        self._memory.clear()
        return super().clear()


_MISSING = object()
