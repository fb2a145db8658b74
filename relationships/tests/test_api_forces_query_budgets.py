"""The forces endpoints run a fixed number of queries, however many presences there are."""

import datetime

import pytest

from relationships.api.exports import CLUSTER_THRESHOLD
from relationships.models import ExerciseEdition, ExerciseLocation, Presence

from .test_api_query_budgets import count

# (url, budget). A country or organisation parameter is checked with one
# query of its own. An exercise edition has five many-to-many relations (leads,
# participants, hosts, organisations, sources) and its locations, each one
# prefetch query: its lists are over the six of issue 7's other endpoints.
# Each budget + 1: every request reads the data versions once (relationships.cache).
ENDPOINTS = [
    ("/api/presences/", 4 + 1),
    ("/api/presences/?country=GB&kind=base,mission&search=a&bbox=-180,-90,180,90", 5 + 1),
    ("/api/presences/gb-jp-camp/", 3 + 1),
    ("/api/presences.geojson", 3 + 1),
    ("/api/presences.geojson?operator=GB&zoom=5", 4 + 1),
    ("/api/presences.csv", 4),
    ("/api/exercises/", 6 + 1),
    ("/api/exercises/?country=GB&from=2020-01-01&organisation=nato", 8 + 1),
    ("/api/exercises.geojson", 4 + 1),
    ("/api/exercises.csv", 6),
    ("/api/countries/GB/forces/", 9 + 1),
]


def grow(world, forces, n):
    """`n` more presences (GB in France) and editions; over the clustering threshold."""
    c = world["countries"]
    presences = Presence.objects.bulk_create(
        Presence(
            key=f"more-{i}",
            name=f"More {i}",
            kind="facility",
            host=c["FR"],
            latitude=40 + i % 10,
            longitude=i % 20,
            started_on=datetime.date(2020, 1, 1),
        )
        for i in range(n)
    )
    Presence.operators.through.objects.bulk_create(
        Presence.operators.through(presence=p, country=c["GB"]) for p in presences
    )
    Presence.sources.through.objects.bulk_create(
        Presence.sources.through(presence=p, source=world["source"]) for p in presences
    )
    for i in range(20):
        edition = ExerciseEdition.objects.create(
            series=forces["series"],
            key=f"more-{i}",
            name=f"More {i}",
            started_on=datetime.date.today() - datetime.timedelta(days=i),
        )
        edition.participants.set([c["GB"], c["FR"]])
        edition.leads.set([c["GB"]])
        edition.hosts.set([c["FR"]])
        edition.organisations.set([world["nato"]])
        edition.sources.add(world["source"])
        ExerciseLocation.objects.create(edition=edition, name="x", latitude=1, longitude=2)


@pytest.mark.django_db
@pytest.mark.parametrize("url, budget", ENDPOINTS)
def test_the_query_count_is_within_budget_and_does_not_grow(client, world, forces, url, budget):
    # The fixture may skip a prefetch (no rows) and a dense view clusters in fewer
    # queries than it lists points: so each count is held to the budget, which one
    # query per row (350 of them) would break.
    small = count(client, url)
    grow(world, forces, CLUSTER_THRESHOLD + 50)
    large = count(client, url)
    assert small <= budget, f"{url}: {small} queries with the fixture, budget {budget}"
    assert large <= budget, f"{url}: {large} queries with many more rows, budget {budget}"
