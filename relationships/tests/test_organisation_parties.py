"""Organisations as parties (issue 12, change 4): an agreement between a state and an
organisation is listed for both, and ties the state to the organisation, not to the
organisation's members."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relationships.models import Agreement, AgreementParty
from relationships.ties import relationships_of

from .test_load_dataset import write

D = datetime.date


@pytest.fixture
def partnership(world):
    """A security and defence partnership between Japan and NATO (as the EU's with Japan)."""
    agreement = Agreement.objects.create(
        key="jp-nato-partnership",
        title="Security and defence partnership",
        kind="declaration",
        legally_binding=False,
        status="in_force",
        signed_on=D(2024, 11, 1),
    )
    agreement.sources.add(world["source"])
    AgreementParty.objects.create(agreement=agreement, country=world["countries"]["JP"])
    AgreementParty.objects.create(agreement=agreement, organisation=world["nato"])
    return agreement


@pytest.mark.django_db
def test_it_draws_no_tie_between_the_state_and_the_organisations_members(world, partnership):
    for iso2 in ("JP", "GB", "US"):
        for relationship in relationships_of(world["countries"][iso2], D(2025, 1, 1)):
            assert partnership not in [tie.agreement for tie in relationship.agreements]


@pytest.mark.django_db
def test_the_states_relationships_list_it_under_the_organisation(client, world, partnership):
    body = client.get("/api/countries/JP/relationships/?as_of=2025-01-01").json()
    assert [o["organisation"]["slug"] for o in body["with_organisations"]] == ["nato"]
    assert [a["key"] for a in body["with_organisations"][0]["agreements"]] == [
        "jp-nato-partnership"
    ]
    assert (
        "with_organisations"
        not in client.get("/api/countries/JP/relationships/?as_of=2025-01-01&view=tiers").json()
    )
    before = client.get("/api/countries/JP/relationships/?as_of=2020-01-01").json()
    assert before["with_organisations"] == []


@pytest.mark.django_db
def test_the_organisation_lists_the_agreements_it_is_party_to(client, world, partnership):
    body = client.get("/api/organisations/nato/").json()
    assert [a["key"] for a in body["party_to"]] == ["jp-nato-partnership"]
    detail = client.get(f"/api/agreements/{partnership.pk}/").json()
    organisations = [p["organisation"]["slug"] for p in detail["parties"] if p["organisation"]]
    assert organisations == ["nato"]


@pytest.mark.django_db
def test_a_party_is_a_country_or_an_organisation_never_both(world, partnership):
    party = AgreementParty(
        agreement=partnership, country=world["countries"]["GB"], organisation=world["gcap"]
    )
    with pytest.raises(Exception, match="either a country or an organisation"):
        party.full_clean()


PARTNERSHIP = """\
- key: jp-nato
  title: A partnership with NATO
  kind: declaration
  status: in_force
  signed_on: 2024-11-01
  parties: [JP, {organisation: nato}]
  sources:
    - url: https://www.example.org/partnership
      title: A page
      publisher: NATO
      accessed_on: 2026-11-22
"""


@pytest.mark.django_db
def test_the_loader_takes_an_organisation_as_a_party(tmp_path, world):
    write(tmp_path, "agreements/a.yaml", PARTNERSHIP)
    call_command("load_dataset", dir=tmp_path)
    parties = AgreementParty.objects.filter(agreement__key="jp-nato")
    assert {
        (p.country and p.country.iso2, p.organisation and p.organisation.slug) for p in parties
    } == {
        ("JP", None),
        (None, "nato"),
    }
    call_command("load_dataset", dir=tmp_path)
    assert parties.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "parties, message",
    [
        ("[JP, {organisation: nope}]", "unknown organisation 'nope'"),
        ("[JP, {organisation: nato, country: GB}]", "either a country or an organisation"),
        ("[JP, {organisation: nato}, {organisation: nato}]", "listed twice"),
    ],
)
def test_the_loader_refuses_a_bad_organisation_party_with_file_and_line(
    tmp_path, world, parties, message
):
    write(tmp_path, "agreements/a.yaml", PARTNERSHIP.replace("[JP, {organisation: nato}]", parties))
    with pytest.raises(CommandError) as error:
        call_command("load_dataset", dir=tmp_path)
    assert message in str(error.value)
    assert "a.yaml:6:" in str(error.value)
    assert not Agreement.objects.filter(key="jp-nato").exists()


@pytest.mark.django_db
def test_the_csv_export_names_an_organisation_party_and_an_import_keeps_it(
    client, world, partnership
):
    from relationships.resources import AgreementResource

    rows = client.get("/api/agreements.csv?country=JP").content.decode()
    assert "JP;org:nato" in rows
    exported = AgreementResource().export(queryset=Agreement.objects.filter(pk=partnership.pk))
    assert exported.dict[0]["parties"] == "JP"
    assert AgreementParty.objects.filter(agreement=partnership, organisation__slug="nato").exists()
