"""Data versions: numbers that change whenever the facts (or the boundaries) change.

The API's ETags and its cached answers are keyed by a version, so a repeat GET
is a 304 and the heavier computations run once per version. Any saved or
deleted row of this app (and any change to a many-to-many link) bumps the
version of what it belongs to, and every key built on the old version is
simply never read again.

Coherent across processes. The versions live in the database (one small
table, `DataVersion`), not in a process's memory, so every gunicorn worker,
the shell and `load_dataset` agree on them whatever the cache backend: with
local memory (the default) each worker keeps its own answers, but all of them
key those answers by the version the database holds.

Bumped after the commit (`transaction.on_commit`), never inside the writer's
transaction: a reader that read the new version before the commit would
otherwise compute from the old rows and keep that under the new version.

Read once per request, at its start (the first time a request needs a
version: before any query for the answer), and kept for the rest of the
request. An answer is stored under the version read *before* its data, so a
bump during the request leaves it under the old version, never read again.
That read is the whole cost of coherence: one primary-key query per request
that uses the cache (measured in `make bench`).

Two versions, so a change invalidates no more than it touches: `facts` for
every answer of the API and the about page, `boundaries` for the map's
TopoJSON document (an edited agreement does not make every worker re-read
and re-gzip the boundaries).

Why signals here, when the house style keeps logic out of them: the facts are
written from the admin, the API, `load_dataset` and the shell, and only
signals see all of them (including the admin's many-to-many saves). The
receivers hold no business logic; they only schedule a bump, so forgetting a
writer can never serve stale data. Bulk writers that bypass signals
(`synthetic_data`) call `bump()` themselves.
"""

import contextvars
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

FACTS = "facts"
BOUNDARIES = "boundaries"
# Models whose changes touch the boundaries' version rather than the facts'.
BOUNDARY_MODELS = {"Boundary", "BoundaryTopology"}
# Cached payloads are dropped by a version bump; the timeout only frees memory.
PAYLOAD_TIMEOUT = 60 * 60 * 24
APP_LABEL = "relationships"

# The versions read by the current request (None outside a request: read afresh).
_request_versions = contextvars.ContextVar("data_versions", default=None)


def _read():
    """Every version, from the database (rows created on first use)."""
    from .models import DataVersion

    versions = dict(DataVersion.objects.values_list("name", "value"))
    for name in (FACTS, BOUNDARIES):
        if name not in versions:
            # Time-based, so an emptied table never brings back a version from before.
            row, _ = DataVersion.objects.get_or_create(
                name=name, defaults={"value": time.time_ns() // 1000}
            )
            versions[name] = row.value
    return versions


def data_version(name=FACTS):
    """The version of `name` (facts or boundaries), as read at the start of this request."""
    versions = _request_versions.get()
    if versions is None:
        return _read()[name]
    if not versions:
        versions.update(_read())
    return versions[name]


class VersionPerRequestMiddleware:
    """Each request reads the data versions once (lazily) and keeps them to its end."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_versions.set({})
        try:
            return self.get_response(request)
        finally:
            _request_versions.reset(token)


def bump(name=FACTS):
    """Make every cached payload and ETag built on the old version stale, now."""
    from .models import DataVersion

    if not DataVersion.objects.filter(name=name).update(value=F("value") + 1):
        DataVersion.objects.get_or_create(name=name, defaults={"value": time.time_ns() // 1000})


def _bump_facts():
    bump(FACTS)


def _bump_boundaries():
    bump(BOUNDARIES)


def after_commit(function, using=None):
    """Run `function` once after the current transaction commits (now outside one).

    A load that saves a thousand rows schedules one bump, not a thousand.
    """
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(
        scheduled is function for _, scheduled, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(function, using=using)


def cached(key, compute):
    """`compute()`, cached under `key` for the current facts version."""
    full_key = f"relationships:{data_version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout=PAYLOAD_TIMEOUT)
    return value


def _changed(sender, action="post_", using=None, **kwargs):
    # m2m_changed fires before and after each change; once (after) is enough.
    if sender._meta.app_label != APP_LABEL or not action.startswith("post_"):
        return
    if sender._meta.object_name == "DataVersion":
        return
    bumper = _bump_boundaries if sender._meta.object_name in BOUNDARY_MODELS else _bump_facts
    after_commit(bumper, using=using)


def connect():
    """Called once from the app config's `ready()`."""
    post_save.connect(_changed, dispatch_uid="relationships-cache-save")
    post_delete.connect(_changed, dispatch_uid="relationships-cache-delete")
    m2m_changed.connect(_changed, dispatch_uid="relationships-cache-m2m")
