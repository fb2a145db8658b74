"""The validity rule: a record counts on D when started by D and not ended by D."""

import datetime

import pytest

from relationships.models import Agreement, AgreementParty, Membership

D = datetime.date


@pytest.mark.django_db
def test_an_agreement_counts_from_its_signature_not_its_entry_into_force(world):
    raa = world["raa"]
    assert raa not in Agreement.objects.active_on(D(2023, 1, 10))
    assert raa in Agreement.objects.active_on(D(2023, 1, 11))
    assert raa in Agreement.objects.active_on(D(2023, 5, 1))  # signed, not yet in force


@pytest.mark.django_db
def test_an_unsigned_agreement_counts_from_entry_into_force(world):
    raa = world["raa"]
    raa.signed_on = None
    raa.save()
    assert raa not in Agreement.objects.active_on(D(2023, 10, 14))
    assert raa in Agreement.objects.active_on(D(2023, 10, 15))


@pytest.mark.django_db
def test_an_agreement_stops_counting_on_the_day_it_ends(world):
    lancaster = world["lancaster"]
    lancaster.ended_on = D(2020, 1, 1)
    lancaster.status = "ended"
    lancaster.save()
    assert lancaster in Agreement.objects.active_on(D(2019, 12, 31))
    assert lancaster not in Agreement.objects.active_on(D(2020, 1, 1))


@pytest.mark.django_db
def test_an_agreement_with_no_dates_never_counts(world):
    world["raa"].__class__.objects.filter(pk=world["raa"].pk).update(
        signed_on=None, in_force_on=None
    )
    assert not Agreement.objects.active_on(D(2030, 1, 1)).filter(pk=world["raa"].pk).exists()


@pytest.mark.django_db
def test_memberships_count_between_joining_and_leaving(world):
    finland = world["countries"]["FI"]
    nato = Membership.objects.filter(organisation=world["nato"])
    assert not nato.active_on(D(2023, 4, 3)).filter(country=finland).exists()
    assert nato.active_on(D(2023, 4, 4)).filter(country=finland).exists()
    membership = nato.get(country=finland)
    membership.left_on = D(2024, 1, 1)
    membership.save()
    assert not nato.active_on(D(2024, 1, 1)).filter(country=finland).exists()


@pytest.mark.django_db
def test_a_membership_with_unknown_start_counts_on_any_date(world):
    japan = world["countries"]["JP"]
    assert (
        Membership.objects.active_on(D(1990, 1, 1)).filter(country=japan, role="partner").exists()
    )


@pytest.mark.django_db
def test_a_later_joiner_counts_as_party_only_from_its_own_date(world):
    raa = world["raa"]
    italy = AgreementParty.objects.create(
        agreement=raa, country=world["countries"]["IT"], joined_on=D(2024, 6, 1)
    )
    assert italy not in AgreementParty.objects.active_on(D(2024, 5, 31))
    assert italy in AgreementParty.objects.active_on(D(2024, 6, 1))


@pytest.mark.django_db
def test_involving_lists_the_agreements_a_country_is_party_to(world):
    japan = world["countries"]["JP"]
    assert set(Agreement.objects.involving(japan)) == {world["raa"], world["hiroshima"]}
    assert Agreement.objects.involving(world["countries"]["BR"]).count() == 0
