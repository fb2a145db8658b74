"""A data version: one number that changes whenever the facts change.

The API's ETags and its cached relationship payloads are keyed by it, so a
repeat GET is a 304 and the heavier computations run once per version. Any
saved or deleted row of this app (and any change to a many-to-many link)
bumps it, and every key built on the old version is simply never read again.

Why signals here, when the house style keeps logic out of them: the facts are
written from the admin, the API, `load_dataset` and the shell, and only
signals see all of them (including the admin's many-to-many saves). The
receivers hold no business logic; they only bump a counter, so forgetting a
writer can never serve stale data.

The version lives in Django's cache. With local memory (the default) each
process has its own, which is right for one process (`make run`); several
workers, or edits from another process, need the shared Redis cache
(`REDIS_URL`).
"""

import time

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "relationships:data-version"
# Cached payloads are dropped by a version bump; the timeout only frees memory.
PAYLOAD_TIMEOUT = 60 * 60 * 24
APP_LABEL = "relationships"


def data_version():
    """The current data version (a fresh, time-based one when the cache is empty)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # Time-based, so a restarted process never reuses an ETag from before.
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump():
    """Make every cached payload and ETag built on the old version stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): start a fresh version
        cache.set(VERSION_KEY, time.time_ns() // 1000, timeout=None)


def cached(key, compute):
    """`compute()`, cached under `key` for the current data version."""
    full_key = f"relationships:{data_version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout=PAYLOAD_TIMEOUT)
    return value


def _changed(sender, action="post_", **kwargs):
    # m2m_changed fires before and after each change; once (after) is enough.
    if sender._meta.app_label == APP_LABEL and action.startswith("post_"):
        bump()


def connect():
    """Called once from the app config's `ready()`."""
    post_save.connect(_changed, dispatch_uid="relationships-cache-save")
    post_delete.connect(_changed, dispatch_uid="relationships-cache-delete")
    m2m_changed.connect(_changed, dispatch_uid="relationships-cache-m2m")
