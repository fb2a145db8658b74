"""GET /api/countries/ and /api/countries/{iso2}/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
def test_the_list_gives_every_country_with_its_codes_and_region(client, world):
    response = client.get("/api/countries/")
    assert response.status_code == 200
    rows = {row["iso2"]: row for row in response.json()}
    assert len(rows) == 9
    assert rows["JP"] == {
        "iso2": "JP",
        "iso3": "JPN",
        "name": "Japan",
        "region": "Asia",
        "subregion": "",
        "is_state": True,
    }


@pytest.mark.django_db
def test_the_detail_lists_memberships_with_roles_and_dates(client, world):
    body = client.get("/api/countries/jp/").json()
    assert body["iso2"] == "JP"
    roles = {(m["organisation"]["slug"], m["role"], m["joined_on"]) for m in body["memberships"]}
    assert roles == {("nato", "partner", None), ("gcap", "member", "2022-12-09")}


@pytest.mark.django_db
def test_a_territory_names_its_sovereign(client, world):
    assert client.get("/api/countries/FK/").json()["sovereign"] == {
        "iso2": "GB",
        "name": "United Kingdom",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["ZZ", "zz", "G1", "GBR"])
def test_an_unknown_code_is_a_json_404(client, world, code):
    response = client.get(f"/api/countries/{code}/")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.django_db
def test_the_list_and_detail_have_fixed_query_budgets(client, world):
    with CaptureQueriesContext(connection) as list_queries:
        client.get("/api/countries/")
    with CaptureQueriesContext(connection) as detail_queries:
        client.get("/api/countries/GB/")
    # Each request also reads the data versions (one query; see relationships.cache).
    assert len(list_queries) == 1 + 1
    assert len(detail_queries) == 2 + 1
