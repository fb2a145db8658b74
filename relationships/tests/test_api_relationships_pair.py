"""GET /api/countries/{iso2}/relationships/{partner}/."""

import pytest

URL = "/api/countries/GB/relationships/JP/"


@pytest.mark.django_db
def test_the_pair_lists_every_agreement_and_organisation_tying_the_two(client, world):
    response = client.get(URL, {"as_of": "2025-01-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["country"]["iso2"] == "GB" and body["partner"]["iso2"] == "JP"
    assert body["as_of"] == "2025-01-01"
    assert {a["key"] for a in body["agreements"]} == {"gb-jp-raa", "gb-jp-hiroshima-accord"}
    assert {o["slug"] for o in body["organisations"]} == {"nato", "gcap"}
    assert body["tier"] == "binding"
    assert body["score"] == 3 + 2 + 2 + 1


@pytest.mark.django_db
def test_the_pair_agrees_with_the_partner_row_of_the_full_list(client, world):
    pair = client.get(URL).json()
    row = next(
        p
        for p in client.get("/api/countries/GB/relationships/").json()["partners"]
        if p["country"]["iso2"] == "JP"
    )
    assert (pair["tier"], pair["score"]) == (row["tier"], row["score"])


@pytest.mark.django_db
def test_codes_are_case_insensitive(client, world):
    assert client.get("/api/countries/gb/relationships/jp/").json()["partner"]["iso2"] == "JP"


@pytest.mark.django_db
def test_untied_countries_have_no_tier_and_a_zero_score(client, world):
    body = client.get("/api/countries/GB/relationships/BR/").json()
    assert body["tier"] is None and body["score"] == 0
    assert body["agreements"] == [] and body["organisations"] == []


@pytest.mark.django_db
def test_the_date_and_filters_narrow_the_pair(client, world):
    before = client.get(URL, {"as_of": "2023-02-01"}).json()
    assert {a["key"] for a in before["agreements"]} == {"gb-jp-raa"}
    treaties = client.get(URL, {"kind": "declaration"}).json()
    assert [a["key"] for a in treaties["agreements"]] == ["gb-jp-hiroshima-accord"]
    assert treaties["organisations"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/countries/GB/relationships/ZZ/", "/api/countries/ZZ/relationships/JP/"]
)
def test_an_unknown_code_on_either_side_is_a_json_404(client, world, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, parameter",
    [({"as_of": "2023-02-30"}, "as_of"), ({"kind": "pact"}, "kind"), ({"domain": "x"}, "domain")],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, world, params, parameter):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert parameter in response.json()["errors"]
