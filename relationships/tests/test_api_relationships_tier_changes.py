"""GET /api/countries/{iso2}/relationships/?view=tier_changes&from=: the map's "Changes since"."""

import datetime

import pytest

D = datetime.date
URL = "/api/countries/GB/relationships/"


def compared(client, **params):
    response = client.get(URL, {"view": "tier_changes", **params})
    assert response.status_code == 200, response.content
    return response.json()


def rows(answer):
    return {
        p["country"]["iso2"]: (p["tier_before"], p["tier"], p["change"]) for p in answer["partners"]
    }


@pytest.mark.django_db
def test_every_partner_on_either_date_with_its_tier_before_and_after_and_whether_it_rose(
    client, world
):
    answer = compared(client, **{"from": "2023-01-01", "as_of": "2023-12-31"})
    assert answer["country"] == {"iso2": "GB", "name": "United Kingdom"}
    assert answer["from"] == "2023-01-01" and answer["as_of"] == "2023-12-31"
    # Finland joined NATO; the RAA entered into force (Japan was tied by GCAP, a programme).
    assert rows(answer) == {
        "FI": (None, "mutual_defence", "rose"),
        "JP": ("political", "binding", "rose"),
        "FR": ("mutual_defence", "mutual_defence", "same"),
        "IT": ("mutual_defence", "mutual_defence", "same"),
        "US": ("mutual_defence", "mutual_defence", "same"),
    }
    finland = next(p for p in answer["partners"] if p["country"]["iso2"] == "FI")
    assert finland["tier_label"] == "Mutual defence" and finland["tier_before_label"] is None
    assert finland["score"] > 0


@pytest.mark.django_db
def test_a_partner_whose_tie_ended_fell_to_no_tie(client, world):
    world["nato"].memberships.filter(country__iso2="FR").update(left_on=D(2024, 3, 1))
    world["lancaster"].ended_on, world["lancaster"].status = D(2024, 6, 1), "ended"
    world["lancaster"].save()  # a new data version
    answer = compared(client, **{"from": "2024-01-01", "as_of": "2024-12-31"})
    france = next(p for p in answer["partners"] if p["country"]["iso2"] == "FR")
    assert (france["tier_before"], france["tier"], france["change"]) == (
        "mutual_defence",
        None,
        "fell",
    )
    assert france["tier_label"] is None and france["score"] == 0


@pytest.mark.django_db
def test_the_comparison_takes_the_same_filters_as_the_map(client, world):
    # Under NATO only, Japan is a NATO partner on both dates: no change; the RAA is not counted.
    answer = compared(
        client, **{"from": "2023-01-01", "as_of": "2023-12-31", "organisation": "nato"}
    )
    assert rows(answer)["JP"] == ("membership", "membership", "same")
    assert rows(answer)["FI"] == (None, "mutual_defence", "rose")


@pytest.mark.django_db
def test_from_defaults_to_a_year_before_the_as_of_date(client, world):
    answer = compared(client, as_of="2023-12-31")
    assert answer["from"] == "2022-12-31"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"from": "2023-02-30"}, "from"),
        ({"from": "last year"}, "from"),
        ({"from": "2024-01-01", "as_of": "2023-01-01"}, "from"),
        ({"from": "2020-01-01", "as_of": "2023-13-01"}, "as_of"),
    ],
)
def test_a_bad_from_date_is_a_json_400_naming_it(client, world, params, parameter):
    response = client.get(URL, {"view": "tier_changes", **params})
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert parameter in response.json()["errors"]


@pytest.mark.django_db
def test_the_answer_is_cached_per_data_version(client, world, django_assert_max_num_queries):
    params = {"view": "tier_changes", "from": "2023-01-01", "as_of": "2023-12-31"}
    first = client.get(URL, params).json()
    # Another Accept header misses the rendered body but not the computed answer:
    # the data version and the country, not the two dates' tiers (four more).
    with django_assert_max_num_queries(2):
        again = client.get(URL, params, HTTP_ACCEPT="application/json").json()
    assert again == first
    world["nato"].memberships.filter(country__iso2="FI").update(joined_on=D(2024, 1, 1))
    world["raa"].save()  # a new data version
    assert "FI" not in rows(client.get(URL, params).json())


@pytest.mark.django_db
def test_the_schema_documents_the_tier_changes_view_and_its_from(client, world):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/countries/{iso2}/relationships/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert "tier_changes" in parameters["view"]["schema"]["enum"]
    assert "tier_changes" in parameters["from"]["description"]
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    names = str(answer)
    assert "TierChanges" in names
