"""Data versions: numbers that change whenever the facts (or the boundaries) change.

The API's ETags and its cached answers are keyed by a version, so a repeat GET
is a 304 and the heavier computations run once per version. Any saved or
deleted row of this app (and any change to a many-to-many link) bumps the
versions of what it touches, and every key built on an old version is simply
never read again.

Coherent across processes. The versions live in the database (one small
table, `DataVersion`), not in a process's memory, so every gunicorn worker,
the shell and `load_dataset` agree on them whatever the cache backend (files
shared by one machine's workers, Redis, or any other): every process keys
its answers by the versions the database holds.

Bumped after the commit (`transaction.on_commit`), never inside the writer's
transaction: a reader that read the new version before the commit would
otherwise compute from the old rows and keep that under the new version. A
save outside a transaction (autocommit: the shell, a script) is bumped once,
after its write, with what the row touched before its update.

Read once per request, at its start (the first time a request needs a
version: before any query for the answer), and kept for the rest of the
request. An answer is stored under the versions read *before* its data, so a
bump during the request leaves it under the old versions, never read again.
That read is the whole cost of coherence: one primary-key query per request
that uses the cache (measured in `make bench`).

A change invalidates no more than it touches:

- `facts`: bumped by every change of a fact; every answer but the scoped ones
  below is keyed by it (lists, exports, details, the about page).
- `boundaries`: the map's TopoJSON document (an edited agreement does not make
  every worker re-read and re-gzip the boundaries).
- Scopes, for the answers that cost most to compute or are asked for most: a
  country's relationships (its list, pair, CSV, GeoJSON), its changes and the
  agreement lists filtered by it are keyed by `shared`, `country-<ISO2>` and
  `ties-<ISO2>`; its tie history, tiers and changes of tier, which show no
  agreement's words, by `shared` and `ties-<ISO2>` alone; the list of countries
  by `shared` alone; an organisation's detail and the agreement
  lists filtered by organisation (`?organisation=`) by `shared` and
  `organisation-<slug>`; the forces (a country's forces, the presences and
  exercises) by `shared` and `forces`. A change to an agreement, a party, a
  membership or a suspension bumps the scopes it can reach (`Scopes.resolve`:
  the agreement's parties, its predecessor's and successors' parties, every
  member ever of an organisation involved, the states today's states are drawn
  for, the organisation the agreement is or was under (its list, not its
  members), and `forces` when a presence rests on the agreement); a change to a
  presence or an exercise bumps `forces`; any other change of a fact (a
  country, an organisation, a source, a domain) bumps `shared`, so every
  scoped answer. A change reaching a country bumps its `ties-<ISO2>` too,
  unless it changes an agreement's words alone (DETAIL_FIELDS: its titles,
  summary and note) or its sources: the map's colours and the tie histories
  then stay cached, and the answers that list the words read them afresh
  (`ties.agreement_details`). The history tables feed no scoped answer: they bump `facts`
  only.

Why signals here, when the house style keeps logic out of them: the facts are
written from the admin, the API, `load_dataset` and the shell, and only
signals see all of them (including the admin's many-to-many saves). The
receivers hold no business logic; they only note what changed, so forgetting a
writer can never serve stale data. Bulk writers that bypass signals
(`synthetic_data`, a restore) call `bump()` themselves.
"""

import contextvars
import logging
import pickle
import threading
import time
from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

logger = logging.getLogger(__name__)

FACTS = "facts"
BOUNDARIES = "boundaries"
SHARED = "shared"
FORCES = "forces"
# Read with every request's versions (one query) and created when missing.
BASE = (FACTS, BOUNDARIES, SHARED, FORCES)
# Models whose changes touch the boundaries' version rather than the facts'.
BOUNDARY_MODELS = {"Boundary", "BoundaryTopology"}
# Models (and their link tables) no scoped answer reads: their changes bump `facts` only.
UNSCOPED_PREFIXES = ("Historical",)
# The forces' models (and their link tables): their changes bump `facts` and `forces`.
FORCES_PREFIXES = ("Presence", "Exercise")
# The models whose rows `_touched` follows to the scopes they reach; any other
# change of a fact bumps `shared`.
SCOPED_MODELS = {"Agreement", "AgreementParty", "Membership", "Suspension"}
# The fields of an agreement no tie rests on: its words. A change to these alone (or to
# an agreement's sources) bumps its countries' scopes but not their ties (`ties_scope`):
# their tie histories and tiers stay cached, and the answers that list the words read
# them afresh (`ties.agreement_details`).
DETAIL_FIELDS = frozenset({"title", "short_title", "summary", "note"})
# Set by `_before_save` on an agreement whose update changes DETAIL_FIELDS only.
WORDS_ONLY = "_relationships_words_only"
# Past this many countries (or agreements: a load) a change bumps `shared`, one row,
# rather than each scope.
MAX_SCOPES = 80
MAX_AGREEMENTS = 400
# Cached payloads are dropped by a version bump; the timeout only frees memory.
PAYLOAD_TIMEOUT = 60 * 60 * 24
APP_LABEL = "relationships"

# The versions read by the current request (None outside a request: read afresh).
_request_versions = contextvars.ContextVar("data_versions", default=None)


def country_scope(iso2):
    return f"country-{iso2.upper()}"


def ties_scope(iso2):
    """The version of a country's ties alone (`country_scope` less the agreements' words):
    its tie history and tiers are keyed by it."""
    return f"ties-{iso2.upper()}"


def organisation_scope(slug):
    return f"organisation-{slug}"


def _read(names=()):
    """The versions of BASE and `names`, from the database in one query (BASE rows
    created on first use; a scope never bumped reads as 0)."""
    from .models import DataVersion

    wanted = set(BASE) | set(names)
    versions = dict(DataVersion.objects.filter(name__in=wanted).values_list("name", "value"))
    for name in BASE:
        if name not in versions:
            # Time-based, so an emptied table never brings back a version from before.
            row, _ = DataVersion.objects.get_or_create(
                name=name, defaults={"value": time.time_ns() // 1000}
            )
            versions[name] = row.value
    return {name: versions.get(name, 0) for name in wanted}


def data_versions(*names):
    """The versions of `names`, as read at the start of this request (one query for all
    the names a request asks for first; a later, new name is one more)."""
    versions = _request_versions.get()
    if versions is None:
        read = _read(names)
        return tuple(read[name] for name in names)
    missing = [name for name in names if name not in versions]
    if missing or not versions:
        for name, value in _read(missing).items():
            versions.setdefault(name, value)  # never a newer value of one already read
    return tuple(versions[name] for name in names)


def data_version(name=FACTS):
    """The version of `name` (facts, boundaries, a scope), as read at the start of the request."""
    return data_versions(name)[0]


def scoped_version(*scopes):
    """The version of answers built from `scopes` (`country_scope`, `organisation_scope`,
    FORCES): `shared` and each scope's, as one string for a key."""
    return ".".join(str(value) for value in data_versions(SHARED, *scopes))


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


def _bump(names):
    """Change every version in `names`: a reader that read one before sees a new value."""
    from .models import DataVersion

    names = sorted(set(names))
    if not names:
        return
    rows = DataVersion.objects.filter(name__in=names)
    if rows.update(value=F("value") + 1) == len(names):
        return  # the usual case: one query
    # Some rows are missing (a scope never bumped): create them (time-based, see
    # `_read`), then +1 for those: a row another writer created meanwhile, and a
    # reader read, changes too.
    missing = set(names) - set(rows.values_list("name", flat=True))
    start = time.time_ns() // 1000
    DataVersion.objects.bulk_create(
        [DataVersion(name=name, value=start) for name in missing], ignore_conflicts=True
    )
    DataVersion.objects.filter(name__in=missing).update(value=F("value") + 1)


def bump(name=FACTS):
    """Make every cached payload and ETag built on the old version stale, now.

    `bump(FACTS)` (a bulk write, a restore) means every fact may have changed:
    the scoped answers go too.
    """
    _bump([FACTS, SHARED] if name == FACTS else [name])


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


def _versioned(key, version):
    return f"relationships:{data_version() if version is None else version}:{key}"


def cached(key, compute, version=None):
    """`compute()`, cached under `key` for the current facts version (or `version`,
    from `scoped_version`, for a scoped answer)."""
    full_key = _versioned(key, version)
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout=PAYLOAD_TIMEOUT)
    return value


# Values `remembered` keeps in this process's memory: a few countries' tie histories.
REMEMBERED = 32
_remembered = OrderedDict()
_remembered_lock = threading.Lock()


def remembered(key, compute, version, shared=True):
    """`compute()` for `version` (a `scoped_version`), kept in this process's memory, for
    values costly to build and used by many answers (`ties.TieHistory`), and shared with
    the other processes through the cache: after a change, the first process that needs
    the value computes it and the others read it. Reading the United States' history
    from the cache takes 4-5 ms where fetching it takes 57-63 (3 December 2026): with an
    edit a second, each of three workers fetched it after each edit.

    The key carries the version read from the database, as `cached`'s does, so no
    process reuses a value across a commit that changed it. This process keeps the
    REMEMBERED it used last; the cache keeps them as long as `cached` answers. Not
    `shared`: kept by this process only (a value cheap to derive from shared ones)."""
    with _remembered_lock:
        value = _remembered.get((key, version))
        if value is not None:
            _remembered.move_to_end((key, version))
            return value
    value = _shared(f"remembered:{key}", compute, version) if shared else compute()
    with _remembered_lock:
        _remembered[(key, version)] = value
        while len(_remembered) > REMEMBERED:
            _remembered.popitem(last=False)
    return value


# What unpickling bytes written by other code can raise (the keys carry the code's
# version, so only a damaged store).
UNREADABLE = (
    pickle.UnpicklingError,
    EOFError,
    AttributeError,
    ImportError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
)


# A process that needs a shared value another process is computing waits for it
# (`_shared`), looking every WAIT_STEP seconds, for at most WAIT_SECONDS; a claim to
# compute one lasts at most CLAIM_SECONDS (its process may die meanwhile).
WAIT_SECONDS = 2.0
WAIT_STEP = 0.01
CLAIM_SECONDS = 10
_ABSENT = object()


def _shared(key, compute, version):
    """`cached`, for a value pickled once here rather than by each layer of the cache
    (the file cache and the memory in front of it each pickled the history: their
    writes took 12% of the workers' time under edits): the cache holds the bytes.

    Computed by one process at a time: the first to miss claims the value (`cache.add`),
    the others wait for it rather than compute it too. After each edit of `make load`,
    three workers asked for the United States' history at once: it was fetched 1.7
    times per version (95 fetches of 56 versions, 3 December 2026). A claim that
    cannot be made because the cache fails is no claim: the value is computed."""
    full_key = _versioned(key, version)
    value = _unpacked(full_key, key)
    if value is not _ABSENT:
        return value
    claim = f"{full_key}:computing"
    claimed = cache.add(claim, True, timeout=CLAIM_SECONDS)
    if not claimed:
        value = _awaited(full_key, claim, key)
        if value is not _ABSENT:
            return value
    try:
        value = compute()
        cache.set(full_key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), timeout=PAYLOAD_TIMEOUT)
    finally:
        if claimed:
            cache.delete(claim)
    return value


def _unpacked(full_key, key):
    """The value the cache holds under `full_key`, or _ABSENT (none, or unreadable)."""
    packed = cache.get(full_key)
    if packed is not None:
        try:
            return pickle.loads(packed)  # noqa: S301 - bytes this site's cache holds
        except UNREADABLE as error:
            logger.warning("Unreadable cached %s (%s); computed anew", key, error)
    return _ABSENT


def _awaited(full_key, claim, key):
    """The value another process claimed, once it is stored, or _ABSENT when the claim
    went without it (that process failed) or WAIT_SECONDS passed."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        value = _unpacked(full_key, key)
        if value is not _ABSENT or not cache.has_key(claim):
            # The claim is gone: its holder stored the value just before releasing it
            # (look once more), or failed.
            return value if value is not _ABSENT else _unpacked(full_key, key)
    logger.warning("Waited %s s for %s; computed here too", WAIT_SECONDS, key)
    return _ABSENT


def forget():
    """Empty this process's `remembered` values (the tests, between databases)."""
    with _remembered_lock:
        _remembered.clear()


def cached_value(key, version=None):
    """What `cached(key, ...)` holds for the same version, or None when nothing is."""
    return cache.get(_versioned(key, version))


class Scopes:
    """What one transaction changed, as the records it touched, bumped after its commit."""

    def __init__(self):
        self.agreements, self.organisations, self.countries = set(), set(), set()
        # Organisations an agreement was (before an update) or is under: their lists of
        # agreements change, not their members' relationships.
        self.listing = set()
        self.shared = self.forces = self.flushed = False
        # Whether a change can reach ties (not the words alone): `ties_scope` bumped too.
        self.ties = False
        # One bound method, so `after_commit` and `_scopes` recognise it as scheduled.
        self.callback = self.flush

    def note(self, agreements=(), organisations=(), countries=(), listing=(), ties=True):
        self.ties = self.ties or ties
        self.agreements.update(pk for pk in agreements if pk is not None)
        self.listing.update(pk for pk in listing if pk is not None)
        self.organisations.update(pk for pk in organisations if pk is not None)
        self.countries.update(pk for pk in countries if pk is not None)

    def resolve(self):
        """The scope names the noted records reach (a few queries), or None for `shared`."""
        from .forces import Presence
        from .models import Agreement, AgreementParty, Country, Membership, Organisation

        if self.shared or len(self.agreements) > MAX_AGREEMENTS:
            return None
        agreements, listing = set(self.agreements), set(self.listing)
        forces = self.forces
        if agreements:
            # Its predecessor names its title (as successor), its successors too; a
            # presence resting on it names it (the forces); the lists of the agreements
            # under its organisation show it, parties included (the CSV).
            rows = (
                Agreement.objects.filter(Q(pk__in=agreements) | Q(predecessor_id__in=agreements))
                .annotate(cited=Exists(Presence.objects.filter(agreement=OuterRef("pk"))))
                .values_list("pk", "predecessor_id", "cited", "organisation_id")
            )
            for pk, predecessor, cited, organisation in rows:
                if pk in self.agreements:
                    forces = forces or cited
                    listing.add(organisation)
                agreements.update({pk, predecessor} - {None})
        countries, organisations = set(self.countries), set(self.organisations)
        for country, organisation in AgreementParty.objects.filter(
            agreement_id__in=agreements
        ).values_list("country_id", "organisation_id"):
            countries.add(country)
            organisations.add(organisation)
        organisations.discard(None)
        countries |= set(
            Membership.objects.filter(organisation_id__in=organisations).values_list(
                "country_id", flat=True
            )
        )
        countries.discard(None)
        # The countries, and the states a historical one among them is drawn as.
        codes = set(
            Country.objects.filter(
                Q(pk__in=countries) | Q(historical_states__in=countries)
            ).values_list("iso2", flat=True)
        )
        if len(codes) > MAX_SCOPES:
            return None
        listing.discard(None)
        slugs = Organisation.objects.filter(pk__in=organisations | listing).values_list(
            "slug", flat=True
        )
        return (
            [country_scope(code) for code in codes]
            + ([ties_scope(code) for code in codes] if self.ties else [])
            + [organisation_scope(slug) for slug in slugs]
            + ([FORCES] if forces else [])
        )

    def flush(self):
        if self.flushed:
            return
        self.flushed = True
        scopes = self.resolve()
        _bump([FACTS, SHARED] if scopes is None else [FACTS, *scopes])


def _scopes(using):
    """The `Scopes` of the current transaction on `using`, scheduled to flush on commit."""
    connection = transaction.get_connection(using)
    scopes = getattr(connection, "relationships_scopes", None)
    if scopes is None or scopes.flushed or not _still_scheduled(scopes, connection):
        scopes = connection.relationships_scopes = Scopes()
    return scopes


def _still_scheduled(scopes, connection):
    """Whether `scopes` waits for this transaction's commit (not rolled back with it)."""
    return any(scheduled is scopes.callback for _, scheduled, _ in connection.run_on_commit)


def _schedule(scopes, using):
    if not scopes.flushed:
        after_commit(scopes.callback, using=using)


def _touched(instance):
    """The records whose scopes a saved or deleted row of a scoped model reaches
    (None when the model is not scoped: the change bumps `shared`)."""
    name = instance._meta.object_name
    if name not in SCOPED_MODELS:
        return None
    if name == "Agreement":
        return {
            "agreements": [instance.pk, instance.predecessor_id],
            "listing": [instance.organisation_id],
        }
    if name == "AgreementParty":
        return {
            "agreements": [instance.agreement_id],
            "countries": [instance.country_id],
            "organisations": [instance.organisation_id],
        }
    if name == "Membership":
        return {"countries": [instance.country_id], "organisations": [instance.organisation_id]}
    if name == "Suspension":
        return {
            "agreements": [instance.agreement_id],
            "organisations": [instance.organisation_id],
            "countries": [instance.country_id, instance.partner_id],
        }
    return None


def _touched_by_link(sender, instance, pk_set):
    """The records a many-to-many change reaches (None: bump `shared`)."""
    from .models import Agreement, Membership, Suspension

    if isinstance(instance, (Agreement, Membership, Suspension)):
        return _touched(instance)
    model = {
        Agreement.sources.through: "agreements",
        Agreement.domains.through: "agreements",
    }.get(sender)
    if model and pk_set:  # from a source's or a domain's side: the agreements linked
        return {model: pk_set}
    return None


def _kind(sender):
    name = sender._meta.object_name
    if name == "DataVersion":
        return None
    if name in BOUNDARY_MODELS:
        return BOUNDARIES
    if name.startswith(UNSCOPED_PREFIXES):
        return FACTS
    if name.startswith(FORCES_PREFIXES):
        return FORCES
    return SHARED


def _changed(sender, instance=None, action="post_", using=None, pk_set=None, signal=None, **kwargs):
    # m2m_changed fires before and after each change; once (after) is enough.
    if sender._meta.app_label != APP_LABEL or not action.startswith("post_"):
        return
    kind = _kind(sender)
    if kind is None:
        return
    if kind == BOUNDARIES:
        after_commit(_bump_boundaries, using=using)
        return
    scopes = _scopes(using)
    if kind == FORCES:
        scopes.forces = True
    elif kind == SHARED:
        link = action != "post_"  # m2m_changed: post_add, post_remove, post_clear
        touched = _touched_by_link(sender, instance, pk_set) if link else _touched(instance)
        ties = not (
            _links_sources(sender)
            if link
            else signal is post_save and instance.__dict__.pop(WORDS_ONLY, False)
        )
        if touched is None:
            scopes.shared = True
        else:
            scopes.note(**touched, ties=ties)
        if not link:  # an update outside a transaction: what the row touched before, too
            before = _before_saves(transaction.get_connection(using)).pop(
                (sender, instance.pk), None
            )
            if before is not None:
                scopes.note(**before, ties=ties)
        if signal is post_delete and sender._meta.object_name == "Agreement":
            # Its presences lose it by an UPDATE (SET_NULL) no signal reports.
            scopes.forces = True
    _schedule(scopes, using)


def _before_save(sender, instance, raw=False, using=None, **kwargs):
    """An update of a scoped row: the records it touched before count too (a party
    moved from one country to another changes both countries' relationships)."""
    if sender._meta.app_label != APP_LABEL or instance._state.adding or instance.pk is None:
        return
    if _kind(sender) != SHARED or sender._meta.object_name not in SCOPED_MODELS:
        return
    old = sender._default_manager.using(using).filter(pk=instance.pk).first()
    if old is None:
        return
    words_only = sender._meta.object_name == "Agreement" and _words_only(old, instance)
    instance.__dict__[WORDS_ONLY] = words_only  # for its `post_save` (`_changed`)
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        # Autocommit: each statement commits alone, so a bump scheduled now would run
        # now, before the write, and readers would compute the old row under a version
        # the save's own bump replaces at once. The records it touched wait for that bump.
        _before_saves(connection)[(sender, instance.pk)] = _touched(old)
        return
    scopes = _scopes(using)
    scopes.note(**_touched(old), ties=not words_only)
    _schedule(scopes, using)


def _words_only(old, new):
    """Whether an agreement's update changes its words alone (DETAIL_FIELDS). A save that
    changes nothing bumps everything, as it always did: a script that wrote rows without
    signals (`update`) saves one to say so."""
    changed = {
        field.name
        for field in new._meta.concrete_fields
        if getattr(old, field.attname) != getattr(new, field.attname)
    }
    return bool(changed) and changed <= DETAIL_FIELDS


def _links_sources(sender):
    """Whether `sender` is the table linking agreements to their sources: the words
    around a tie (`ties.agreement_details`), not the tie."""
    from .models import Agreement

    return sender is Agreement.sources.through


def _before_saves(connection):
    """The records rows updated outside a transaction touched before their update, by
    (model, primary key), until their `post_save` (`_changed`)."""
    if not hasattr(connection, "relationships_before_saves"):
        connection.relationships_before_saves = {}
    return connection.relationships_before_saves


def connect():
    """Called once from the app config's `ready()`."""
    pre_save.connect(_before_save, dispatch_uid="relationships-cache-before-save")
    post_save.connect(_changed, dispatch_uid="relationships-cache-save")
    post_delete.connect(_changed, dispatch_uid="relationships-cache-delete")
    m2m_changed.connect(_changed, dispatch_uid="relationships-cache-m2m")
