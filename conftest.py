"""Fixtures shared by every app's tests: a small, explicit world."""

import datetime
import os
import shutil
import tempfile

import pytest

# Playwright's sync API runs an event loop in the test thread; the test's own
# database calls are still synchronous, so Django's async guard is relaxed.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

D = datetime.date


def pytest_configure(config):
    """The shared file cache in a directory of this run's own (the servers the tests start
    inherit it through CACHE_DIR), never the checkout's `var/cache`."""
    from django.conf import settings

    if settings.CACHES["default"]["BACKEND"] != "config.cache.ResilientFileCache":
        return
    directory = tempfile.mkdtemp(prefix="defence-map-test-cache-")
    config.test_cache_directory = os.environ["CACHE_DIR"] = directory
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": directory},
    }


def pytest_unconfigure(config):
    directory = getattr(config, "test_cache_directory", None)
    if directory:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (test databases roll back without signals),
    and without the process's copy of the boundaries: it is keyed by a data version,
    and a rolled-back test leaves the versions where they were before it, so the next
    test's bumps can reach a value the copy was taken at."""
    from django.core.cache import cache

    from relationships.api import boundaries
    from relationships.cache import forget

    cache.clear()
    forget()  # the tie histories this process remembers, keyed by versions too
    boundaries._loaded = (None, None)


@pytest.fixture(autouse=True)
def _bump_before_the_next_read_under_rollback(request, monkeypatch):
    """In tests that roll back (no `transaction=True`), nothing ever commits, so the bumps
    a commit would run wait instead for the next read of a version (or the next count of
    queries): every write in between is one bump, as in one transaction, and a fixture's
    hundred saves are not a hundred resolutions of their scopes. Tests that commit
    (`transaction=True`, the multi-process ones) keep the real order."""
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    from django.test.utils import CaptureQueriesContext

    from relationships import cache

    pending = []

    def after_commit(function, using=None):
        if not any(waiting is function for waiting in pending):
            pending.append(function)

    def flush():
        while pending:
            pending.pop(0)()

    def read(names=(), _read=cache._read):
        flush()
        return _read(names)

    def count_queries(context, _enter=CaptureQueriesContext.__enter__):
        flush()  # a write's bump is not counted against the next request's budget
        return _enter(context)

    monkeypatch.setattr(cache, "after_commit", after_commit)
    monkeypatch.setattr(cache, "_read", read)
    monkeypatch.setattr(
        cache,
        "_still_scheduled",
        lambda scopes, connection: any(waiting is scopes.callback for waiting in pending),
    )
    monkeypatch.setattr(CaptureQueriesContext, "__enter__", count_queries)


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    """API rate limits are off unless a test sets them (test_api_throttling does)."""
    settings.API_THROTTLE_RATES = {"anon": None, "write": None}


@pytest.fixture
def world(db):
    """Eight countries, two organisations, three agreements, and one source."""
    from relationships.models import (
        Agreement,
        AgreementParty,
        Country,
        Domain,
        Membership,
        Organisation,
        Source,
    )

    countries = {}
    for iso2, iso3, name, region in [
        ("GB", "GBR", "United Kingdom", "Europe"),
        ("FR", "FRA", "France", "Europe"),
        ("FI", "FIN", "Finland", "Europe"),
        ("JP", "JPN", "Japan", "Asia"),
        ("IT", "ITA", "Italy", "Europe"),
        ("AU", "AUS", "Australia", "Oceania"),
        ("US", "USA", "United States", "Americas"),
        ("BR", "BRA", "Brazil", "Americas"),
    ]:
        countries[iso2] = Country.objects.create(iso2=iso2, iso3=iso3, name=name, region=region)
    countries["FK"] = Country.objects.create(
        iso2="FK", iso3="FLK", name="Falkland Islands", is_state=False, sovereign=countries["GB"]
    )
    source = Source.objects.create(
        url="https://example.org/source",
        title="A source",
        publisher="A publisher",
        accessed_on=D(2026, 11, 22),
    )
    nato = Organisation.objects.create(
        slug="nato",
        name="North Atlantic Treaty Organization",
        short_name="NATO",
        kind="alliance",
        obligation="mutual_defence",
    )
    nato.sources.add(source)
    for iso2, joined in [
        ("GB", D(1949, 8, 24)),
        ("FR", D(1949, 8, 24)),
        ("US", D(1949, 8, 24)),
        ("IT", D(1949, 8, 24)),
        ("FI", D(2023, 4, 4)),
    ]:
        Membership.objects.create(organisation=nato, country=countries[iso2], joined_on=joined)
    Membership.objects.create(organisation=nato, country=countries["JP"], role="partner")
    gcap = Organisation.objects.create(
        slug="gcap",
        name="Global Combat Air Programme",
        short_name="GCAP",
        kind="programme",
    )
    gcap.sources.add(source)
    for iso2 in ["GB", "IT", "JP"]:
        Membership.objects.create(
            organisation=gcap, country=countries[iso2], joined_on=D(2022, 12, 9)
        )
    training = Domain.objects.create(slug="training_exercises", name="Training and exercises")

    def agreement(key, parties, **fields):
        instance = Agreement.objects.create(key=key, title=fields.pop("title", key), **fields)
        instance.sources.add(source)
        for iso2 in parties:
            AgreementParty.objects.create(agreement=instance, country=countries[iso2])
        return instance

    raa = agreement(
        "gb-jp-raa",
        ["GB", "JP"],
        short_title="UK-Japan Reciprocal Access Agreement",
        kind="agreement",
        status="in_force",
        signed_on=D(2023, 1, 11),
        in_force_on=D(2023, 10, 15),
    )
    raa.domains.add(training)
    hiroshima = agreement(
        "gb-jp-hiroshima-accord",
        ["GB", "JP"],
        short_title="Hiroshima Accord",
        kind="declaration",
        legally_binding=False,
        status="in_force",
        signed_on=D(2023, 5, 18),
    )
    lancaster = agreement(
        "gb-fr-lancaster-house",
        ["GB", "FR"],
        short_title="Lancaster House Treaty",
        kind="treaty",
        status="in_force",
        signed_on=D(2010, 11, 2),
        in_force_on=D(2011, 7, 1),
    )
    from relationships import cache

    cache.data_version()  # the version rows exist, as after `migrate`, before a test counts queries
    return {
        "countries": countries,
        "source": source,
        "nato": nato,
        "gcap": gcap,
        "raa": raa,
        "hiroshima": hiroshima,
        "lancaster": lancaster,
        "training": training,
    }
