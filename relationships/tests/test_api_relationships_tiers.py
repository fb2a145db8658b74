"""GET /api/countries/{iso2}/relationships/?view=tiers: the map's small colouring payload."""

import pytest


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
