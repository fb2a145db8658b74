"""Each filter of GET /api/agreements/, alone."""

import pytest

from relationships.models import Agreement, AgreementParty


def keys(client, **params):
    response = client.get("/api/agreements/", params)
    assert response.status_code == 200, response.content
    return [a["key"] for a in response.json()["results"]]


@pytest.fixture
def under_nato(world):
    agreement = Agreement.objects.create(
        key="nato-fi-us",
        title="A NATO arrangement",
        kind="arrangement",
        status="ended",
        obligation="consultation",
        organisation=world["nato"],
        signed_on="2019-01-01",
        ended_on="2021-01-01",
    )
    for iso2 in ["FI", "US"]:
        AgreementParty.objects.create(agreement=agreement, country=world["countries"][iso2])
    return agreement


@pytest.mark.django_db
def test_country_and_partner_together_give_what_the_two_share(client, world):
    assert set(keys(client, country="gb", partner="jp")) == {
        "gb-jp-raa",
        "gb-jp-hiroshima-accord",
    }
    assert keys(client, country="FR", partner="JP") == []


@pytest.mark.django_db
def test_organisation_gives_the_agreements_under_it(client, under_nato):
    assert keys(client, organisation="nato") == ["nato-fi-us"]
    assert keys(client, organisation="gcap") == []


@pytest.mark.django_db
def test_status_and_obligation_narrow_by_value(client, under_nato):
    assert keys(client, status="ended") == ["nato-fi-us"]
    assert len(keys(client, status="in_force,ended")) == 4
    assert keys(client, obligation="consultation") == ["nato-fi-us"]


@pytest.mark.django_db
def test_active_on_leaves_out_what_had_ended(client, under_nato):
    assert "nato-fi-us" in keys(client, active_on="2020-01-01")
    assert "nato-fi-us" in keys(client, active_on="2021-01-01")  # its end date: the last day in
    assert "nato-fi-us" not in keys(client, active_on="2021-01-02")


@pytest.mark.django_db
def test_search_finds_a_party_by_name(client, world):
    assert keys(client, search="France") == ["gb-fr-lancaster-house"]


@pytest.mark.django_db
def test_ordering_by_a_field_either_way(client, world):
    forwards = keys(client, ordering="signed_on")
    assert forwards[0] == "gb-fr-lancaster-house"
    assert keys(client, ordering="-signed_on") == list(reversed(forwards))
    assert keys(client, ordering="kind,title")[0] == "gb-jp-raa"  # "agreement" < "declaration"


@pytest.mark.django_db
def test_filters_combine(client, under_nato):
    assert keys(client, country="GB", kind="treaty", active_on="2020-01-01") == [
        "gb-fr-lancaster-house"
    ]
