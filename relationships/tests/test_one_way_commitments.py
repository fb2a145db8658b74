"""One-way commitments (issue 12, change 5): assurances given by some parties to others
tie each giver to each receiver, never the givers together or the receivers together."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relationships.models import Agreement, AgreementParty
from relationships.ties import relationships_of

from .test_load_dataset import write

D = datetime.date
IN_2000 = D(2000, 1, 1)


def by_partner(country, date=IN_2000):
    return {r.country.iso2: r for r in relationships_of(country, date)}


@pytest.fixture
def assurances(world):
    """A Budapest-like memorandum: GB, FR and US assure Japan (stand-ins for Ukraine)."""
    memorandum = Agreement.objects.create(
        key="assurances-to-jp",
        title="Memorandum on security assurances",
        kind="mou",
        legally_binding=False,
        status="in_force",
        obligation="security_assurance",
        signed_on=D(1994, 12, 5),
    )
    memorandum.sources.add(world["source"])
    for iso2, role in [("GB", "guarantor"), ("FR", "guarantor"), ("US", "guarantor")]:
        AgreementParty.objects.create(
            agreement=memorandum, country=world["countries"][iso2], role=role
        )
    AgreementParty.objects.create(
        agreement=memorandum, country=world["countries"]["JP"], role="beneficiary"
    )
    return memorandum


def keys(relationship):
    return {tie.agreement.key for tie in relationship.agreements} if relationship else set()


@pytest.mark.django_db
def test_an_assurance_ties_each_guarantor_to_the_beneficiary(world, assurances):
    from_japan = by_partner(world["countries"]["JP"])
    for giver in ("GB", "FR", "US"):
        tie = next(t for t in from_japan[giver].agreements if t.agreement == assurances)
        assert (tie.role, tie.partner_role) == ("beneficiary", "guarantor")
        assert tie.tier == "political"  # a political memorandum, not mutual defence


@pytest.mark.django_db
def test_guarantors_are_not_tied_to_one_another_by_it(world, assurances):
    from_uk = by_partner(world["countries"]["GB"])
    assert "assurances-to-jp" in keys(from_uk["JP"])
    assert "assurances-to-jp" not in keys(from_uk.get("FR"))
    assert "assurances-to-jp" not in keys(from_uk.get("US"))


@pytest.mark.django_db
def test_the_relationships_api_names_each_sides_role(client, world, assurances):
    body = client.get("/api/countries/JP/relationships/?as_of=2000-01-01").json()
    uk = next(p for p in body["partners"] if p["country"]["iso2"] == "GB")
    tie = next(a for a in uk["agreements"] if a["key"] == "assurances-to-jp")
    assert (tie["role"], tie["partner_role"]) == ("beneficiary", "guarantor")
    assert tie["obligation"] == "security_assurance"
    detail = client.get(f"/api/agreements/{assurances.pk}/").json()
    assert {p["country"]["iso2"]: p["role"] for p in detail["parties"]} == {
        "GB": "guarantor",
        "FR": "guarantor",
        "US": "guarantor",
        "JP": "beneficiary",
    }


ASSURANCE = """\
- key: assurances
  title: Security assurances
  kind: mou
  status: signed
  obligation: security_assurance
  signed_on: 1994-12-05
  parties:
    - {country: GB, role: guarantor}
    - {country: US, role: guarantor}
    - {country: JP, role: beneficiary}
  sources:
    - url: https://www.example.org/assurances
      title: A page
      publisher: A government
      accessed_on: 2026-11-22
"""


@pytest.mark.django_db
def test_the_loader_reads_the_roles(tmp_path, world):
    write(tmp_path, "agreements/a.yaml", ASSURANCE)
    call_command("load_dataset", dir=tmp_path)
    parties = AgreementParty.objects.filter(agreement__key="assurances")
    assert dict(parties.values_list("country__iso2", "role")) == {
        "GB": "guarantor",
        "US": "guarantor",
        "JP": "beneficiary",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, message",
    [
        ("{country: JP, role: guarantor}", "at least one guarantor and one beneficiary"),
        ("JP", "give each country party the role guarantor or beneficiary"),
        ("{country: JP, role: donor}", "role: 'donor' is not one of"),
    ],
)
def test_the_loader_refuses_a_one_way_commitment_without_both_sides(
    tmp_path, world, change, message
):
    write(
        tmp_path, "agreements/a.yaml", ASSURANCE.replace("{country: JP, role: beneficiary}", change)
    )
    with pytest.raises(CommandError) as error:
        call_command("load_dataset", dir=tmp_path)
    assert message in str(error.value)
    assert "a.yaml:" in str(error.value)
    assert not Agreement.objects.filter(key="assurances").exists()


@pytest.mark.django_db
def test_an_api_write_of_a_security_assurance_needs_both_sides(client, world, django_user_model):
    user = django_user_model.objects.create_superuser("admin", password="a long password here")
    client.force_login(user)
    body = {
        "key": "api-assurance",
        "title": "Assurances",
        "kind": "mou",
        "status": "signed",
        "obligation": "security_assurance",
        "signed_on": "1994-12-05",
        "parties": [{"country": "GB", "role": "guarantor"}, {"country": "JP"}],
        "sources": [world["source"].pk],
    }
    response = client.post("/api/agreements/", body, content_type="application/json")
    assert response.status_code == 400
    assert "guarantor" in str(response.json())
    body["parties"][1]["role"] = "beneficiary"
    response = client.post("/api/agreements/", body, content_type="application/json")
    assert response.status_code == 201, response.content
