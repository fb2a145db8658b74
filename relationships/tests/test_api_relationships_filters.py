"""Each filter of GET /api/countries/{iso2}/relationships/, alone."""

import pytest

from relationships.models import Agreement, AgreementParty

URL = "/api/countries/GB/relationships/"


def partners(client, **params):
    response = client.get(URL, {"as_of": "2025-01-01", **params})
    assert response.status_code == 200, response.content
    return {p["country"]["iso2"]: p for p in response.json()["partners"]}


@pytest.mark.django_db
def test_organisation_keeps_only_ties_under_it(client, world):
    found = partners(client, organisation="gcap")
    assert set(found) == {"IT", "JP"}
    assert all(a == [] for a in (p["agreements"] for p in found.values()))


@pytest.mark.django_db
def test_domain_keeps_only_agreements_in_it(client, world):
    found = partners(client, domain="training_exercises")
    assert set(found) == {"JP"}
    assert [a["key"] for a in found["JP"]["agreements"]] == ["gb-jp-raa"]


@pytest.mark.django_db
def test_status_keeps_only_agreements_with_it(client, world):
    ended = Agreement.objects.create(
        key="gb-br-old",
        title="Old",
        kind="mou",
        status="ended",
        signed_on="2000-01-01",
        ended_on="2030-01-01",
    )
    for iso2 in ["GB", "BR"]:
        AgreementParty.objects.create(agreement=ended, country=world["countries"][iso2])
    assert set(partners(client, status="ended")) == {"BR"}
    assert "BR" not in partners(client, status="in_force")


@pytest.mark.django_db
def test_obligation_narrows_agreements_and_organisations(client, world):
    found = partners(client, obligation="mutual_defence")
    assert {iso2 for iso2, p in found.items() if p["tier"] == "mutual_defence"} == {
        "FR",
        "US",
        "IT",
        "FI",
    }
    # Japan is only a NATO partner: a tie through NATO, at the lowest tier.
    assert found["JP"]["tier"] == "membership" and found["JP"]["agreements"] == []


@pytest.mark.django_db
def test_partner_keeps_only_the_named_countries(client, world):
    assert set(partners(client, partner="jp,fr")) == {"JP", "FR"}


@pytest.mark.django_db
def test_repeated_and_reordered_values_give_the_same_answer(client, world):
    a = client.get(URL, {"kind": "treaty,declaration"}).json()
    b = client.get(f"{URL}?kind=declaration&kind=treaty").json()
    assert a == b
