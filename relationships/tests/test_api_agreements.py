"""GET /api/agreements/ and /api/agreements/{id}/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def keys(response):
    return {a["key"] for a in response.json()["results"]}


@pytest.mark.django_db
def test_the_list_is_paginated(client, world):
    body = client.get("/api/agreements/").json()
    assert body["count"] == 3
    assert {"count", "next", "previous", "results"} <= set(body)
    body = client.get("/api/agreements/", {"page_size": 1}).json()
    assert len(body["results"]) == 1 and body["next"]


@pytest.mark.django_db
def test_filters_by_country_kind_domain_and_date(client, world):
    assert keys(client.get("/api/agreements/", {"country": "fr"})) == {"gb-fr-lancaster-house"}
    assert keys(client.get("/api/agreements/", {"kind": "treaty,declaration"})) == {
        "gb-fr-lancaster-house",
        "gb-jp-hiroshima-accord",
    }
    assert keys(client.get("/api/agreements/", {"domain": "training_exercises"})) == {"gb-jp-raa"}
    assert keys(client.get("/api/agreements/", {"active_on": "2015-01-01"})) == {
        "gb-fr-lancaster-house"
    }
    assert keys(client.get("/api/agreements/", {"search": "Hiroshima"})) == {
        "gb-jp-hiroshima-accord"
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"page_size": 100000}, "page_size"),
        ({"page_size": "many"}, "page_size"),
        ({"kind": "pact"}, "kind"),
        ({"country": "ZZ"}, "country"),
        ({"active_on": "2020-02-31"}, "active_on"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, world, params, parameter):
    response = client.get("/api/agreements/", params)
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


@pytest.mark.django_db
def test_the_detail_includes_parties_and_sources(client, world):
    body = client.get(f"/api/agreements/{world['raa'].pk}/").json()
    assert {p["country"]["iso2"] for p in body["parties"]} == {"GB", "JP"}
    assert body["sources"][0]["title"] == "A source"
    assert client.get("/api/agreements/999999/").status_code == 404


@pytest.mark.django_db
def test_anonymous_writes_are_refused(client, world):
    response = client.post("/api/agreements/", {"title": "x"}, content_type="application/json")
    assert response.status_code in (401, 403, 405)


@pytest.mark.django_db
def test_list_and_detail_have_fixed_query_budgets(client, world):
    with CaptureQueriesContext(connection) as list_queries:
        client.get("/api/agreements/")
    with CaptureQueriesContext(connection) as detail_queries:
        client.get(f"/api/agreements/{world['raa'].pk}/")
    # Each request also reads the data versions (one query; see relationships.cache), and
    # a detail its latest history entry for its ETag (see api/preconditions.py).
    assert len(list_queries) <= 3 + 1
    # Itself, domains, parties, sources, what historical parties are shown as, successors.
    assert len(detail_queries) <= 6 + 1 + 1
