"""GET /api/countries/{iso2}/relationships/?view=tiers: the map's small colouring payload."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
def test_the_tiers_view_has_each_partners_tier_and_score_and_no_ties(client, world):
    full = client.get("/api/countries/GB/relationships/").json()
    tiers = client.get("/api/countries/GB/relationships/", {"view": "tiers"}).json()
    assert tiers["country"] == full["country"]
    assert tiers["as_of"] == full["as_of"]
    assert tiers["tiers"] == full["tiers"]
    assert tiers["partners"] == [
        {key: p[key] for key in ["country", "tier", "tier_label", "score", "verified"]}
        for p in full["partners"]
    ]


@pytest.mark.django_db
def test_the_tiers_view_takes_the_same_filters(client, world):
    response = client.get(
        "/api/countries/GB/relationships/", {"view": "tiers", "kind": "treaty,declaration"}
    )
    assert {p["country"]["iso2"] for p in response.json()["partners"]} == {"FR", "JP"}


@pytest.mark.django_db
def test_an_unknown_view_is_a_400_naming_the_parameter(client, world):
    response = client.get("/api/countries/GB/relationships/", {"view": "everything"})
    assert response.status_code == 400
    assert "view" in response.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"as_of": "2023-06-01"},
        {"kind": "treaty,declaration"},
        {"organisation": "nato"},
        {"verified": "true"},
    ],
    ids=lambda query: "&".join(f"{k}={v}" for k, v in query.items()) or "today",
)
def test_tiers_taken_from_a_cached_full_answer_are_the_tiers_computed_alone(client, world, query):
    world["lancaster"].unverified = True  # a partner resting on unverified ties too
    world["lancaster"].save()
    url = "/api/countries/GB/relationships/"
    alone = client.get(url, {**query, "view": "tiers"}).content
    cache.clear()
    client.get(url, query)  # the click on the focus: its full answer is cached
    with CaptureQueriesContext(connection) as queries:
        taken = client.get(url, {**query, "view": "tiers"}).content
    assert taken == alone
    # The versions, the country, the filters' vocabularies: no party or membership read.
    assert not [q for q in queries if "_agreementparty" in q["sql"] or "_membership" in q["sql"]]
