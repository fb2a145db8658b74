"""GET /api/countries/{iso2}/relationships/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relationships.models import Agreement, AgreementParty, Country


def partners(response):
    return {p["country"]["iso2"]: p for p in response.json()["partners"]}


@pytest.mark.django_db
def test_japan_lists_the_uk_with_the_reciprocal_access_agreement(client, world):
    response = client.get("/api/countries/JP/relationships/", {"as_of": "2025-01-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["country"] == {"iso2": "JP", "name": "Japan"}
    assert body["as_of"] == "2025-01-01"
    uk = partners(response)["GB"]
    assert uk["tier"] == "binding"
    titles = [a["short_title"] for a in uk["agreements"]]
    assert "UK-Japan Reciprocal Access Agreement" in titles
    raa = next(a for a in uk["agreements"] if a["key"] == "gb-jp-raa")
    assert raa["signed_on"] == "2023-01-11" and raa["in_force_on"] == "2023-10-15"
    assert raa["sources"][0]["url"] == "https://example.org/source"
    assert {o["slug"] for o in uk["organisations"]} == {"gcap", "nato"}


@pytest.mark.django_db
def test_partners_are_ordered_strongest_first(client, world):
    tiers = [p["tier"] for p in client.get("/api/countries/GB/relationships/").json()["partners"]]
    assert tiers[0] == "mutual_defence"
    assert tiers.index("binding") > tiers.index("mutual_defence")


@pytest.mark.django_db
def test_as_of_winds_the_map_back(client, world):
    assert "FI" in partners(client.get("/api/countries/GB/relationships/", {"as_of": "2024-01-01"}))
    assert "FI" not in partners(
        client.get("/api/countries/GB/relationships/", {"as_of": "2022-01-01"})
    )


@pytest.mark.django_db
def test_filters_accept_several_values(client, world):
    response = client.get("/api/countries/GB/relationships/", {"kind": "treaty,declaration"})
    assert set(partners(response)) == {"FR", "JP"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"as_of": "2022-13-01"}, "as_of"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"kind": "alliance"}, "kind"),
        ({"organisation": "warsaw-pact"}, "organisation"),
        ({"partner": "ZZ"}, "partner"),
        ({"status": "<script>"}, "status"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, world, params, parameter):
    response = client.get("/api/countries/GB/relationships/", params)
    assert response.status_code == 400
    body = response.json()
    assert parameter in body["errors"]
    assert parameter in body["detail"]


@pytest.mark.django_db
def test_an_unknown_country_is_a_404(client, world):
    assert client.get("/api/countries/ZZ/relationships/").status_code == 404


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_data(client, world):
    with CaptureQueriesContext(connection) as before:
        client.get("/api/countries/GB/relationships/")
    countries = list(Country.objects.filter(iso2__in=["FR", "JP", "IT", "US", "AU", "FI"]))
    for n in range(30):
        agreement = Agreement.objects.create(
            key=f"extra-{n}",
            title=f"Extra {n}",
            kind="mou",
            status="signed",
            legally_binding=False,
            signed_on="2020-01-01",
        )
        agreement.sources.add(world["source"])
        AgreementParty.objects.create(agreement=agreement, country=world["countries"]["GB"])
        AgreementParty.objects.create(agreement=agreement, country=countries[n % len(countries)])
    with CaptureQueriesContext(connection) as after:
        response = client.get("/api/countries/GB/relationships/")
    assert sum(len(p["agreements"]) for p in response.json()["partners"]) >= 33
    assert len(after) == len(before)
    assert len(after) <= 8


@pytest.mark.django_db
def test_api_json_is_gzipped_for_clients_that_accept_it(client, world):
    import gzip
    import json

    response = client.get("/api/countries/GB/relationships/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["country"]["iso2"] == "GB"
    assert "Content-Encoding" not in client.get("/", HTTP_ACCEPT_ENCODING="gzip")


@pytest.mark.django_db
def test_a_tie_says_when_its_treaty_is_not_in_force(client, world):
    data = client.get("/api/countries/GB/relationships/", {"as_of": "2023-05-01"}).json()
    japan = next(p for p in data["partners"] if p["country"]["iso2"] == "JP")
    raa = next(a for a in japan["agreements"] if a["key"] == "gb-jp-raa")
    assert raa["not_in_force"] is True
    assert raa["tier"] == "political"
