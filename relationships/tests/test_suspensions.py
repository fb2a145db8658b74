"""Suspensions (issue 12, change 1): an obligation suspended between two parties
of a multilateral treaty while it holds among the others, and a membership
suspended rather than ended. The tier follows what is in force between the two."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relationships.models import Agreement, AgreementParty, Membership, Suspension
from relationships.ties import relationships_of

D = datetime.date


def by_partner(country, date):
    return {r.country.iso2: r for r in relationships_of(country, date)}


@pytest.fixture
def anzus(world):
    """A three-party mutual-defence treaty, the US-Australia-Japan stand-ins for ANZUS."""
    treaty = Agreement.objects.create(
        key="au-jp-us-anzus-like",
        title="A tripartite security treaty",
        kind="treaty",
        status="in_force",
        obligation="mutual_defence",
        signed_on=D(1951, 9, 1),
        in_force_on=D(1952, 4, 29),
    )
    treaty.sources.add(world["source"])
    for iso2 in ("AU", "JP", "US"):
        AgreementParty.objects.create(agreement=treaty, country=world["countries"][iso2])
    return treaty


@pytest.mark.django_db
def test_a_pair_suspension_lowers_that_pair_only(world, anzus):
    countries = world["countries"]
    Suspension.objects.create(
        agreement=anzus,
        country=countries["US"],
        partner=countries["JP"],
        suspended_on=D(1986, 8, 11),
        note="The US suspended its obligations to the other party.",
    )
    before = by_partner(countries["US"], D(1986, 8, 10))
    assert before["JP"].tier == "mutual_defence"
    after = by_partner(countries["US"], D(1986, 8, 11))
    tie = next(t for t in after["JP"].agreements if t.agreement == anzus)
    assert tie.suspended
    assert tie.tier == "membership"
    assert after["JP"].tier != "mutual_defence"
    assert after["AU"].tier == "mutual_defence"  # it holds among the others
    from_japan = by_partner(countries["JP"], D(2000, 1, 1))
    assert from_japan["AU"].tier == "mutual_defence"
    assert next(t for t in from_japan["US"].agreements if t.agreement == anzus).suspended


@pytest.mark.django_db
def test_a_lifted_suspension_counts_to_its_last_day(world, anzus):
    countries = world["countries"]
    Suspension.objects.create(
        agreement=anzus,
        country=countries["US"],
        partner=countries["JP"],
        suspended_on=D(1986, 8, 11),
        lifted_on=D(1990, 12, 31),
    )
    assert by_partner(countries["US"], D(1990, 12, 31))["JP"].tier == "membership"
    assert by_partner(countries["US"], D(1991, 1, 1))["JP"].tier == "mutual_defence"


@pytest.mark.django_db
def test_a_suspended_membership_is_not_full_membership(world):
    countries = world["countries"]
    Suspension.objects.create(
        organisation=world["nato"], country=countries["FR"], suspended_on=D(2000, 1, 1)
    )
    from_uk = by_partner(countries["GB"], D(2025, 1, 1))
    nato = next(t for t in from_uk["FR"].organisations if t.organisation.slug == "nato")
    assert nato.suspended and nato.tier == "membership"
    assert from_uk["US"].tier == "mutual_defence"
    from_france = by_partner(countries["FR"], D(2025, 1, 1))
    nato = next(t for t in from_france["US"].organisations if t.organisation.slug == "nato")
    assert nato.suspended
    assert Membership.objects.active_on(D(2025, 1, 1)).filter(country=countries["FR"]).exists()


@pytest.mark.django_db
def test_the_api_says_a_tie_is_suspended(client, world, anzus):
    countries = world["countries"]
    Suspension.objects.create(
        agreement=anzus,
        country=countries["US"],
        partner=countries["JP"],
        suspended_on=D(1986, 8, 11),
    )
    data = client.get("/api/countries/US/relationships/", {"as_of": "2000-01-01"}).json()
    japan = next(p for p in data["partners"] if p["country"]["iso2"] == "JP")
    tie = next(a for a in japan["agreements"] if a["key"] == anzus.key)
    assert tie["suspended"] is True
    assert tie["tier"] == "membership"


SUSPENDED_TREATY = """\
- key: au-jp-us-test-treaty
  title: A tripartite treaty
  kind: treaty
  status: in_force
  obligation: mutual_defence
  signed_on: 1951-09-01
  parties: [AU, JP, US]
  suspensions:
    - country: US
      partner: JP
      suspended_on: 1986-08
      note: Suspended between these two.
      sources:
        - url: https://www.example.org/suspension
          title: A page
          publisher: A newspaper
          accessed_on: 2026-11-22
  sources:
    - url: https://www.example.org/treaty
      title: A page
      publisher: A government
      accessed_on: 2026-11-22
"""


@pytest.mark.django_db
def test_the_dataset_loads_suspensions(tmp_path, world):
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / "t.yaml").write_text(SUSPENDED_TREATY)
    call_command("load_dataset", dir=tmp_path)
    suspension = Suspension.objects.get()
    assert (suspension.country.iso2, suspension.partner.iso2) == ("US", "JP")
    assert (suspension.suspended_on, suspension.suspended_on_precision) == (D(1986, 8, 1), "month")
    assert [s.url for s in suspension.sources.all()] == ["https://www.example.org/suspension"]
    call_command("load_dataset", dir=tmp_path)
    assert Suspension.objects.count() == 1


@pytest.mark.django_db
def test_a_suspension_of_a_country_that_is_not_a_party_is_refused(tmp_path, world):
    (tmp_path / "agreements").mkdir()
    text = SUSPENDED_TREATY.replace("partner: JP", "partner: BR")
    (tmp_path / "agreements" / "t.yaml").write_text(text)
    with pytest.raises(CommandError) as error:
        call_command("load_dataset", dir=tmp_path)
    assert "t.yaml:10: BR is not a party" in str(error.value)


def test_the_dataset_records_the_us_suspension_of_anzus_towards_new_zealand():
    import csv

    from django.conf import settings

    from relationships.importers.dataset import Reader

    with open(settings.BASE_DIR / "fixtures" / "countries.csv", encoding="utf-8") as handle:
        countries = {row["iso2"]: True for row in csv.DictReader(handle)}
    reader = Reader(settings.DATASET_DIR, countries)
    reader.read_agreement(
        settings.DATASET_DIR / "agreements" / "indo-pacific-and-global.yaml",
        next(
            record
            for record in reader.load_file(
                settings.DATASET_DIR / "agreements" / "indo-pacific-and-global.yaml"
            )
            if record["key"] == "au-nz-us-anzus-treaty"
        ),
    )
    assert reader.problems == []
    [suspension] = reader.agreements["au-nz-us-anzus-treaty"]["suspensions"]
    assert (suspension["country"], suspension["partner"]) == ("US", "NZ")
    assert (suspension["suspended_on"], suspension["suspended_on_precision"]) == (
        D(1986, 8, 11),
        "day",
    )
    assert suspension["sources"]


@pytest.mark.django_db
def test_a_suspension_is_checked_by_the_rules_even_under_an_unsaved_agreement(world):
    from django.core.exceptions import ValidationError

    countries = world["countries"]
    new = Agreement(key="new", title="New", kind="treaty", status="in_force")
    Suspension(
        agreement=new, country=countries["US"], partner=countries["JP"], suspended_on=D(2000, 1, 1)
    ).clean()
    with pytest.raises(ValidationError, match="towards itself"):
        Suspension(
            agreement=new,
            country=countries["US"],
            partner=countries["US"],
            suspended_on=D(2000, 1, 1),
        ).clean()
    with pytest.raises(ValidationError, match="one agreement or one organisation"):
        Suspension(country=countries["US"], suspended_on=D(2000, 1, 1)).clean()
