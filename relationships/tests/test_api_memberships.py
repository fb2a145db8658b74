"""GET /api/memberships/ and /api/memberships/{id}/, with their filters."""

import pytest


def members(client, **params):
    response = client.get("/api/memberships/", params)
    assert response.status_code == 200, response.content
    return [(m["organisation"], m["country"], m["role"]) for m in response.json()["results"]]


@pytest.mark.django_db
def test_the_list_is_paginated_with_codes_and_slugs(client, world):
    body = client.get("/api/memberships/").json()
    assert body["count"] == 9
    assert ("gcap", "JP", "member") in members(client)


@pytest.mark.django_db
def test_filters_by_organisation_country_role_and_date(client, world):
    assert {m[1] for m in members(client, organisation="gcap")} == {"GB", "IT", "JP"}
    assert {m[0] for m in members(client, country="jp")} == {"nato", "gcap"}
    assert members(client, role="partner") == [("nato", "JP", "partner")]
    assert ("nato", "FI", "member") not in members(
        client, organisation="nato", active_on="2022-01-01"
    )
    assert ("nato", "FI", "member") in members(client, organisation="nato", active_on="2024-01-01")


@pytest.mark.django_db
def test_the_detail_gives_one_membership_and_an_unknown_id_is_a_404(client, world):
    first = client.get("/api/memberships/").json()["results"][0]
    assert client.get(f"/api/memberships/{first['id']}/").json() == first
    assert client.get("/api/memberships/999999/").status_code == 404
