"""The committed dataset itself: sourced, known codes, dates in order, no duplicates."""

import pytest
from django.conf import settings
from django.core.management import call_command

from relationships.importers.dataset import read_dataset
from relationships.models import Agreement, Membership, Organisation


@pytest.fixture
def countries(db):
    from relationships.importers.boundaries import import_countries

    import_countries(settings.COUNTRIES_FILE)


@pytest.mark.django_db
def test_the_committed_dataset_reads_with_no_problem(countries):
    # read_dataset checks every rule of fixtures/dataset/README.md and raises
    # DatasetError listing each problem with its file and line.
    reader = read_dataset(settings.DATASET_DIR)
    assert len(reader.organisations) >= 20
    assert len(reader.agreements) >= 20


@pytest.mark.django_db
def test_every_record_has_a_complete_source(countries):
    reader = read_dataset(settings.DATASET_DIR)
    records = list(reader.organisations.values()) + list(reader.agreements.values())
    for record in records:
        assert record["sources"], record.get("slug") or record.get("key")
        for source in record["sources"]:
            assert source["url"].startswith(("http://", "https://"))
            assert source["title"] and source["publisher"] and source["accessed_on"]


@pytest.mark.django_db
def test_the_dataset_loads_and_every_membership_and_agreement_is_cited(countries):
    call_command("load_dataset")
    assert not Agreement.objects.filter(sources__isnull=True).exists()
    assert not Organisation.objects.filter(sources__isnull=True).exists()
    uncited = Membership.objects.filter(sources__isnull=True, organisation__sources__isnull=True)
    assert not uncited.exists()
    for agreement in Agreement.objects.prefetch_related("parties"):
        assert agreement.parties.count() >= 2, agreement.key


@pytest.mark.django_db
def test_for_the_uk_every_nato_ally_is_at_the_strongest_tier_and_japan_and_australia_lower(
    countries,
):
    import datetime

    from relationships.models import Country
    from relationships.ties import relationships_of

    call_command("load_dataset")
    today = datetime.date(2026, 11, 22)
    tiers = {
        r.country.iso2: r.tier for r in relationships_of(Country.objects.get(iso2="GB"), today)
    }
    allies = Membership.objects.active_on(today).filter(organisation__slug="nato", role="member")
    allies = set(allies.exclude(country__iso2="GB").values_list("country__iso2", flat=True))
    assert len(allies) == 31
    assert {iso2: tiers.get(iso2) for iso2 in allies} == dict.fromkeys(allies, "mutual_defence")
    assert tiers["JP"] not in (None, "mutual_defence")
    assert tiers["AU"] not in (None, "mutual_defence")


@pytest.mark.django_db
def test_no_membership_counts_before_its_organisation_existed(countries):
    # An unknown start counts from the organisation's founding; with neither
    # known it would count for ever back (the Quad tying the US to India in
    # 1975). Every organisation with an undated member has a founding date.
    reader = read_dataset(settings.DATASET_DIR)
    undated = [
        slug
        for slug, record in reader.organisations.items()
        if not record.get("founded_on")
        and any(not member.get("joined_on") for member in record.get("members") or [])
    ]
    assert undated == []


@pytest.mark.django_db
def test_the_converted_records_say_what_the_model_now_can(countries):
    """Issue 12: the Budapest memoranda are one-way assurances, the Warsaw Pact's members
    are the states they were, and successions the notes state are linked."""
    import datetime

    from relationships.models import AgreementParty, Country
    from relationships.ties import relationships_of

    call_command("load_dataset")
    budapest = AgreementParty.objects.filter(agreement__key="gb-ru-ua-us-budapest-memorandum-1994")
    assert dict(budapest.values_list("country__iso2", "role")) == {
        "GB": "guarantor",
        "RU": "guarantor",
        "US": "guarantor",
        "UA": "beneficiary",
    }
    in_1995 = datetime.date(1995, 1, 1)
    ukraine = {r.country.iso2: r for r in relationships_of(Country.objects.get(iso2="UA"), in_1995)}
    assert "gb-ru-ua-us-budapest-memorandum-1994" in [
        t.agreement.key for t in ukraine["RU"].agreements
    ]
    uk = {r.country.iso2: r for r in relationships_of(Country.objects.get(iso2="GB"), in_1995)}
    assert "gb-ru-ua-us-budapest-memorandum-1994" not in [
        t.agreement.key for t in uk["RU"].agreements
    ]
    members = Membership.objects.filter(organisation__slug="warsaw-pact")
    assert {"SU", "CS", "DD"} <= set(members.values_list("country__iso2", flat=True))
    assert not members.filter(country__iso2__in=["RU", "CZ", "SK", "DE"]).exists()
    kenya = Agreement.objects.get(key="gb-ke-defence-cooperation-agreement-2021")
    assert (kenya.predecessor.key, kenya.succession) == (
        "gb-ke-defence-cooperation-agreement-2015",
        "replaces",
    )
