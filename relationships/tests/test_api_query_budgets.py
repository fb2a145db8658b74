"""Every endpoint runs a fixed number of queries, however many rows there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relationships.models import (
    Agreement,
    AgreementParty,
    Boundary,
    BoundaryTopology,
    Country,
    Membership,
    Organisation,
    Source,
)

# No endpoint may run more than this on a cache miss (issue 7's target).
MAX_QUERIES = 6

# Every endpoint also reads the data versions once per request (see relationships.cache):
# the price of answers that are coherent across processes, on top of each budget.
VERSION_READ = 1

# (url, budget): the budget is the most queries the endpoint may run on a cache miss,
# besides the version read.
ENDPOINTS = [
    ("/api/countries/", 1),
    ("/api/countries/GB/", 2),
    ("/api/countries/GB/relationships/", 6),
    ("/api/countries/GB/relationships/?view=tiers", 4),
    ("/api/countries/GB/relationships/?view=tier_changes&from=2000-01-01", 4),
    ("/api/countries/GB/relationships/?view=tier_changes&from=2000-01-01&kind=treaty", 4),
    ("/api/countries/GB/relationships/?kind=mou,treaty&organisation=nato", 5),
    ("/api/countries/GB/relationships/?view=tiers&verified=true", 4),
    ("/api/countries/GB/relationships/JP/", 6),  # both countries in one lookup
    ("/api/countries/GB/relationships/JP/?verified=true", 6),
    ("/api/countries/GB/relationships.geojson", 5),
    ("/api/countries/GB/relationships.gpkg", 5),
    ("/api/countries/GB/relationships.csv", 4),
    ("/api/countries/GB/relationships.csv?kind=treaty&as_of=2020-01-01", 3),
    ("/api/countries/GB/relationships.geojson?verified=true", 5),
    ("/api/organisations/", 1),
    ("/api/organisations/nato/", 5),  # its members, their sources, what it is party to
    ("/api/countries/GB/changes/?from=2000-01-01&to=2024-12-31", 5),
    ("/api/organisations/nato/changes/?from=2000-01-01&to=2024-12-31", 3),
    ("/api/agreements/", 3),
    ("/api/agreements/?country=GB&ordering=title&search=a", 4),
    ("/api/agreements.csv", 4),
    ("/api/agreements.csv?country=GB&kind=mou,treaty", 5),
    ("/api/agreements.csv?country=GB&verified=true", 5),
    ("/api/memberships/", 3),
    ("/api/memberships/?organisation=nato&active_on=2024-01-01", 4),
    ("/api/memberships.csv", 3),
    ("/api/memberships.csv?organisation=nato&active_on=2024-01-01", 4),
    ("/api/sources/", 2),
    ("/api/boundaries/", 1),
]


def grow(world, n):
    """Add `n` of everything: countries with boundaries, sources, agreements, memberships."""
    gb = world["countries"]["GB"]
    nato = world["nato"]
    for i in range(n):
        code = f"Q{chr(ord('A') + i)}"
        country = Country.objects.create(iso2=code, iso3=f"Q{code}", name=f"Country {code}")
        Boundary.objects.create(
            key=f"q-{i}",
            name=country.name,
            country=country,
            geometry={"type": "Point", "coordinates": [i, i]},
        )
        source = Source.objects.create(
            url=f"https://example.org/{i}", title=f"S{i}", publisher="P", accessed_on="2026-01-01"
        )
        membership = Membership.objects.create(
            organisation=nato, country=country, joined_on=datetime.date(2000, 1, 1)
        )
        membership.sources.add(source)
        agreement = Agreement.objects.create(
            key=f"gb-{code.lower()}",
            title=f"GB and {code}",
            kind="mou" if i % 2 else "treaty",
            status="in_force",
            signed_on=datetime.date(2010, 1, 1),
        )
        agreement.sources.add(source, world["source"])
        agreement.domains.add(world["training"])
        AgreementParty.objects.create(agreement=agreement, country=gb)
        AgreementParty.objects.create(agreement=agreement, country=country)
        Organisation.objects.create(slug=f"org-{i}", name=f"Org {i}", kind="forum").sources.add(
            source
        )


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url, budget", ENDPOINTS)
def test_the_query_count_is_within_budget_and_does_not_grow(client, world, url, budget):
    Boundary.objects.create(
        key="gb",
        name="UK",
        country=world["countries"]["GB"],
        geometry={"type": "Point", "coordinates": [0, 51]},
    )
    BoundaryTopology.objects.create(
        name="countries", topojson="{}", digest="0" * 64, feature_count=1, tolerance=0.03
    )
    small = count(client, url) - VERSION_READ
    grow(world, 20)
    large = count(client, url) - VERSION_READ
    assert large == small, f"{url}: {small} queries with the fixture, {large} with 20 more of each"
    assert large <= budget, f"{url}: {large} queries, budget {budget}"


@pytest.mark.parametrize("url, budget", ENDPOINTS)
def test_no_endpoint_is_allowed_more_than_six_queries(url, budget):
    assert budget <= MAX_QUERIES, f"{url}: budget {budget} is over {MAX_QUERIES}"
