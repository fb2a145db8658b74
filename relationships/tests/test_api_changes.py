"""Issue 14, item 5: what changed between two dates, for a country or an organisation."""

import datetime

import pytest

from relationships.models import AgreementParty

D = datetime.date


def changes(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def summary(events):
    return [(e["date"], e["event"], e["key"]) for e in events]


@pytest.mark.django_db
def test_a_countrys_agreements_signed_and_in_force_in_the_period_by_date(client, world):
    answer = changes(
        client, "/api/countries/GB/changes/", **{"from": "2023-01-01", "to": "2023-12-31"}
    )
    assert answer["from"] == "2023-01-01" and answer["to"] == "2023-12-31"
    assert answer["country"] == {"iso2": "GB", "name": "United Kingdom"}
    assert summary(answer["events"]) == [
        ("2023-01-11", "signed", "gb-jp-raa"),
        ("2023-05-18", "signed", "gb-jp-hiroshima-accord"),
        ("2023-10-15", "entered_into_force", "gb-jp-raa"),
    ]
    raa = answer["events"][0]
    assert raa["record_type"] == "agreement" and raa["precision"] == "day"
    assert raa["title"] == "UK-Japan Reciprocal Access Agreement"
    assert raa["url"] == f"/api/agreements/{world['raa'].pk}/"
    assert client.get(raa["url"]).json()["key"] == "gb-jp-raa"


@pytest.mark.django_db
def test_a_countrys_accessions_withdrawals_and_later_party_joins(client, world):
    AgreementParty.objects.create(
        agreement=world["lancaster"],
        country=world["countries"]["IT"],
        joined_on=D(2015, 3, 1),
        left_on=D(2016, 6, 1),
    )
    answer = changes(
        client, "/api/countries/IT/changes/", **{"from": "2015-01-01", "to": "2016-12-31"}
    )
    assert summary(answer["events"]) == [
        ("2015-03-01", "joined_agreement", "gb-fr-lancaster-house"),
        ("2016-06-01", "left_agreement", "gb-fr-lancaster-house"),
    ]
    gcap = changes(
        client, "/api/countries/IT/changes/", **{"from": "2022-12-09", "to": "2022-12-09"}
    )
    assert [(e["event"], e["record_type"], e["key"], e["url"]) for e in gcap["events"]] == [
        ("joined", "organisation", "gcap", "/api/organisations/gcap/")
    ]


@pytest.mark.django_db
def test_tier_changes_name_who_rose_and_who_fell(client, world):
    answer = changes(
        client, "/api/countries/GB/changes/", **{"from": "2023-01-01", "to": "2023-12-31"}
    )
    rows = {
        c["partner"]["iso2"]: (c["tier_before"], c["tier_after"], c["change"])
        for c in answer["tier_changes"]
    }
    # Finland joined NATO; the RAA entered into force (Japan was tied by GCAP, political).
    assert rows == {
        "FI": (None, "mutual_defence", "rose"),
        "JP": ("political", "binding", "rose"),
    }
    world["lancaster"].ended_on, world["lancaster"].status = D(2024, 6, 1), "ended"
    world["lancaster"].save()
    fell = changes(
        client, "/api/countries/GB/changes/", **{"from": "2024-01-01", "to": "2024-12-31"}
    )
    assert summary(fell["events"]) == [("2024-06-01", "ended", "gb-fr-lancaster-house")]
    assert fell["tier_changes"] == []  # France stays a NATO ally: mutual defence both times
    world["nato"].memberships.filter(country__iso2="FR").update(left_on=D(2024, 3, 1))
    world["lancaster"].save()  # a new data version
    fell = changes(
        client, "/api/countries/GB/changes/", **{"from": "2024-01-01", "to": "2024-12-31"}
    )
    assert [
        (c["partner"]["iso2"], c["tier_before"], c["tier_after"], c["change"])
        for c in fell["tier_changes"]
    ] == [("FR", "mutual_defence", None, "fell")]


@pytest.mark.django_db
def test_an_organisations_accessions_and_withdrawals(client, world):
    world["nato"].memberships.filter(country__iso2="FR").update(left_on=D(1966, 7, 1))
    answer = changes(
        client, "/api/organisations/nato/changes/", **{"from": "1966-01-01", "to": "2023-12-31"}
    )
    assert answer["organisation"]["slug"] == "nato"
    assert [(e["date"], e["event"], e["country"]["iso2"]) for e in answer["events"]] == [
        ("1966-07-01", "left", "FR"),
        ("2023-04-04", "joined", "FI"),
    ]
    assert "tier_changes" not in answer


@pytest.mark.django_db
def test_an_organisations_agreements(client, world):
    world["raa"].organisation = world["gcap"]
    world["raa"].save()
    answer = changes(
        client, "/api/organisations/gcap/changes/", **{"from": "2023-01-01", "to": "2023-01-31"}
    )
    assert summary(answer["events"]) == [("2023-01-11", "signed", "gb-jp-raa")]
    assert answer["events"][0]["country"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "period, counted",
    [
        # Known to the month (April 2023): counted when the period overlaps April.
        (("2023-04-20", "2023-05-10"), True),
        (("2023-03-01", "2023-04-01"), True),
        (("2023-05-01", "2023-12-31"), False),
        (("2023-01-01", "2023-03-31"), False),
    ],
)
def test_a_date_known_to_the_month_counts_when_its_month_overlaps(client, world, period, counted):
    world["nato"].memberships.filter(country__iso2="FI").update(
        joined_on=D(2023, 4, 1), joined_on_precision="month"
    )
    world["raa"].save()  # a new data version
    answer = changes(
        client, "/api/organisations/nato/changes/", **{"from": period[0], "to": period[1]}
    )
    found = [(e["event"], e["date"], e["precision"]) for e in answer["events"]]
    assert found == ([("joined", "2023-04-01", "month")] if counted else [])


@pytest.mark.django_db
def test_a_date_known_to_the_year_counts_in_any_period_of_that_year(client, world):
    world["raa"].signed_on, world["raa"].signed_on_precision = D(2023, 1, 1), "year"
    world["raa"].save()
    answer = changes(
        client, "/api/countries/JP/changes/", **{"from": "2023-06-01", "to": "2023-06-30"}
    )
    assert ("signed", "gb-jp-raa", "year") in [
        (e["event"], e["key"], e["precision"]) for e in answer["events"]
    ]


@pytest.mark.django_db
def test_the_default_period_is_the_365_days_to_today(client, world):
    answer = changes(client, "/api/countries/GB/changes/")
    today = datetime.date.today()
    assert answer["to"] == today.isoformat()
    assert answer["from"] == (today - datetime.timedelta(days=365)).isoformat()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, params, status, parameter",
    [
        ("/api/countries/GB/changes/", {"from": "2023-13-01"}, 400, "from"),
        ("/api/countries/GB/changes/", {"to": "yesterday"}, 400, "to"),
        ("/api/countries/GB/changes/", {"from": "2024-01-01", "to": "2023-01-01"}, 400, "from"),
        ("/api/organisations/nato/changes/", {"from": "0001-01-01"}, 400, "from"),
        ("/api/countries/ZZ/changes/", {}, 404, None),
        ("/api/organisations/nope/changes/", {}, 404, None),
    ],
)
def test_bad_input_is_a_json_4xx_naming_the_parameter(
    client, world, url, params, status, parameter
):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    if parameter:
        assert parameter in response.json()["errors"]
