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
def test_an_agreement_counts_on_its_end_date_the_last_day_in(world):
    lancaster = world["lancaster"]
    lancaster.ended_on = D(2020, 1, 1)
    lancaster.status = "ended"
    lancaster.save()
    assert lancaster in Agreement.objects.active_on(D(2019, 12, 31))
    assert lancaster in Agreement.objects.active_on(D(2020, 1, 1))
    assert lancaster not in Agreement.objects.active_on(D(2020, 1, 2))


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
    assert nato.active_on(D(2024, 1, 1)).filter(country=finland).exists()  # the last day in
    assert not nato.active_on(D(2024, 1, 2)).filter(country=finland).exists()


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


# Unknown starts; periods within their organisation's dates (issue 12, change 8) --


def group_founded(world, founded_on, precision="day", dissolved_on=None, members=("GB", "FI")):
    """A grouping founded on `founded_on` whose members' starts are unknown."""
    from relationships.models import Organisation

    group = Organisation.objects.create(
        slug="nb8-like",
        name="A group",
        kind="grouping",
        founded_on=founded_on,
        founded_on_precision=precision,
        dissolved_on=dissolved_on,
    )
    for iso2 in members:
        Membership.objects.create(organisation=group, country=world["countries"][iso2])
    return group


@pytest.mark.django_db
def test_a_membership_with_unknown_start_counts_from_its_organisations_founding(world):
    group = group_founded(world, D(2010, 6, 1))
    memberships = Membership.objects.filter(organisation=group)
    assert not memberships.active_on(D(1950, 1, 1)).exists()
    assert not memberships.active_on(D(2010, 5, 31)).exists()
    assert memberships.active_on(D(2010, 6, 1)).count() == 2


@pytest.mark.django_db
def test_a_start_known_to_the_year_never_counts_before_the_founding(world):
    group = group_founded(world, D(2010, 6, 15), members=())
    Membership.objects.create(
        organisation=group,
        country=world["countries"]["GB"],
        joined_on=D(2010, 1, 1),
        joined_on_precision="year",
    )
    memberships = Membership.objects.filter(organisation=group)
    assert not memberships.active_on(D(2010, 3, 1)).exists()
    assert memberships.active_on(D(2010, 6, 15)).exists()


@pytest.mark.django_db
def test_a_membership_never_counts_after_its_organisation_was_dissolved(world):
    group = group_founded(world, D(1955, 1, 1), dissolved_on=D(1977, 6, 30))
    memberships = Membership.objects.filter(organisation=group)
    assert memberships.active_on(D(1970, 1, 1)).count() == 2
    assert not memberships.active_on(D(1980, 1, 1)).exists()


@pytest.mark.django_db
def test_a_party_never_counts_before_its_agreements_start(world):
    lancaster = world["lancaster"]
    party = lancaster.parties.get(country__iso2="FR")
    party.joined_on, party.joined_on_precision = D(2010, 1, 1), "year"
    party.save()
    assert party not in AgreementParty.objects.active_on(D(2010, 6, 1))
    assert party in AgreementParty.objects.active_on(D(2010, 11, 2))


# End dates are the last day in; a month or year end counts to the period's end
# (issue 12, change 2) -------------------------------------------------------


@pytest.mark.django_db
def test_a_state_that_left_at_the_end_of_a_day_was_in_on_that_day(world):
    membership = Membership.objects.get(organisation=world["nato"], country__iso2="FR")
    membership.left_on = D(2020, 1, 31)  # as the UK left the EU, at the end of 31 January
    membership.save()
    nato = Membership.objects.filter(pk=membership.pk)
    assert nato.active_on(D(2020, 1, 31)).exists()
    assert not nato.active_on(D(2020, 2, 1)).exists()


@pytest.mark.parametrize(
    "precision, last_day_in",
    [("day", D(2018, 12, 1)), ("month", D(2018, 12, 31)), ("year", D(2018, 12, 31))],
)
@pytest.mark.django_db
def test_an_end_known_to_the_month_or_year_counts_to_the_end_of_its_period(
    world, precision, last_day_in
):
    stored = D(2018, 12, 1) if precision != "year" else D(2018, 1, 1)
    lancaster = world["lancaster"]
    lancaster.ended_on, lancaster.ended_on_precision, lancaster.status = (
        stored,
        precision,
        "ended",
    )
    lancaster.save()
    membership = Membership.objects.get(organisation=world["nato"], country__iso2="FR")
    membership.left_on, membership.left_on_precision = stored, precision
    membership.save()
    party = lancaster.parties.get(country__iso2="FR")
    party.left_on, party.left_on_precision = stored, precision
    party.save()
    following = last_day_in + datetime.timedelta(days=1)
    assert lancaster in Agreement.objects.active_on(last_day_in)
    assert lancaster not in Agreement.objects.active_on(following)
    assert Membership.objects.active_on(last_day_in).filter(pk=membership.pk).exists()
    assert not Membership.objects.active_on(following).filter(pk=membership.pk).exists()
    assert party in AgreementParty.objects.active_on(last_day_in)
    assert party not in AgreementParty.objects.active_on(following)


@pytest.mark.django_db
def test_an_organisation_dissolved_in_a_month_holds_its_members_to_the_months_end(world):
    group = group_founded(world, D(1955, 1, 1), dissolved_on=D(1977, 6, 1))
    group.dissolved_on_precision = "month"
    group.save()
    memberships = Membership.objects.filter(organisation=group)
    assert memberships.active_on(D(1977, 6, 30)).count() == 2
    assert not memberships.active_on(D(1977, 7, 1)).exists()
