"""Derived relationships: tiers, scores and their change over time."""

import datetime

import pytest

from relationships.ties import Filters, relationships_of

D = datetime.date


def by_partner(country, date, filters=None):
    return {r.country.iso2: r for r in relationships_of(country, date, filters)}


@pytest.mark.django_db
def test_nato_allies_are_tied_by_mutual_defence(world):
    ties = by_partner(world["countries"]["GB"], D(2025, 1, 1))
    assert ties["FR"].tier == "mutual_defence"
    assert ties["US"].tier == "mutual_defence"


@pytest.mark.django_db
def test_a_nato_partner_is_not_an_ally(world):
    ties = by_partner(world["countries"]["GB"], D(2025, 1, 1))
    japan = ties["JP"]
    assert japan.tier == "binding"  # the Reciprocal Access Agreement, not NATO
    nato = next(t for t in japan.organisations if t.organisation.slug == "nato")
    assert nato.tier == "membership"


@pytest.mark.django_db
def test_the_score_is_the_weighted_count_of_ties(world):
    japan = by_partner(world["countries"]["GB"], D(2025, 1, 1))["JP"]
    # RAA (binding, 3) + Hiroshima Accord (political, 2) + GCAP (programme, 2) + NATO partner (1)
    assert japan.score == 3 + 2 + 2 + 1


@pytest.mark.django_db
def test_partners_come_strongest_first(world):
    order = [r.tier for r in relationships_of(world["countries"]["GB"], D(2025, 1, 1))]
    ranks = ["mutual_defence", "binding", "political", "membership"]
    assert order == sorted(order, key=ranks.index)


@pytest.mark.django_db
def test_winding_back_before_finland_joined_drops_the_tie(world):
    assert "FI" in by_partner(world["countries"]["GB"], D(2024, 1, 1))
    assert "FI" not in by_partner(world["countries"]["GB"], D(2022, 1, 1))


@pytest.mark.django_db
def test_before_signature_only_the_older_ties_remain(world):
    japan = by_partner(world["countries"]["GB"], D(2022, 6, 1))["JP"]
    assert japan.agreements == []
    assert [t.organisation.slug for t in japan.organisations] == ["nato"]


@pytest.mark.django_db
def test_a_kind_filter_keeps_matching_agreements_and_drops_memberships(world):
    ties = by_partner(world["countries"]["GB"], D(2025, 1, 1), Filters(kinds=["declaration"]))
    assert list(ties) == ["JP"]
    assert [t.agreement.key for t in ties["JP"].agreements] == ["gb-jp-hiroshima-accord"]
    assert ties["JP"].organisations == []


@pytest.mark.django_db
def test_dependent_territories_are_never_partners(world):
    from relationships.models import Membership

    Membership.objects.create(organisation=world["nato"], country=world["countries"]["FK"])
    assert "FK" not in by_partner(world["countries"]["GB"], D(2025, 1, 1))


@pytest.mark.django_db
def test_the_status_is_the_one_on_the_date(world):
    japan = by_partner(world["countries"]["GB"], D(2023, 5, 1))["JP"]
    raa = next(t for t in japan.agreements if t.agreement.key == "gb-jp-raa")
    assert raa.status == "signed"


@pytest.mark.django_db
def test_a_treaty_known_to_be_in_force_is_in_force_on_past_dates_without_a_date(world):
    from relationships.models import Agreement

    Agreement.objects.filter(pk=world["lancaster"].pk).update(in_force_on=None)
    france = by_partner(world["countries"]["GB"], D(2015, 1, 1))["FR"]
    lancaster = next(t for t in france.agreements if t.agreement.key == "gb-fr-lancaster-house")
    assert lancaster.status == "in_force"


@pytest.mark.django_db
def test_a_treaty_only_signed_today_was_only_signed_in_the_past(world):
    from relationships.models import Agreement

    Agreement.objects.filter(pk=world["lancaster"].pk).update(in_force_on=None, status="signed")
    france = by_partner(world["countries"]["GB"], D(2015, 1, 1))["FR"]
    lancaster = next(t for t in france.agreements if t.agreement.key == "gb-fr-lancaster-house")
    assert lancaster.status == "signed"


@pytest.mark.django_db
def test_an_unverified_tie_is_listed_but_does_not_set_the_tier(world):
    from relationships.models import Agreement, AgreementParty

    treaty = Agreement.objects.create(
        key="gb-au-unverified-treaty",
        title="A treaty",
        kind="treaty",
        status="in_force",
        obligation="mutual_defence",
        signed_on=D(2020, 1, 1),
        unverified=True,
    )
    mou = Agreement.objects.create(
        key="gb-au-mou",
        title="A memorandum",
        kind="mou",
        legally_binding=False,
        status="signed",
        signed_on=D(2021, 1, 1),
    )
    for agreement in (treaty, mou):
        for iso2 in ("GB", "AU"):
            AgreementParty.objects.create(agreement=agreement, country=world["countries"][iso2])
    australia = by_partner(world["countries"]["GB"], D(2025, 1, 1))["AU"]
    assert {t.agreement.key for t in australia.agreements} == {
        "gb-au-unverified-treaty",
        "gb-au-mou",
    }
    assert australia.tier == "political"
    assert australia.score == 2


@pytest.mark.django_db
def test_a_partner_with_only_unverified_ties_still_has_a_tier(world):
    from relationships.models import Agreement

    Agreement.objects.filter(key="gb-fr-lancaster-house").update(unverified=True)
    france = by_partner(world["countries"]["GB"], D(2025, 1, 1))["FR"]
    assert france.tier == "mutual_defence"  # NATO, verified
    world["nato"].__class__.objects.filter(pk=world["nato"].pk).update(unverified=True)
    france = by_partner(world["countries"]["GB"], D(2025, 1, 1))["FR"]
    assert france.tier == "mutual_defence"  # only unverified ties left: they still colour it
    assert france.score == 4 + 3


# Not yet in force (issue 12, change 3) ---------------------------------------


@pytest.mark.django_db
def test_a_binding_treaty_signed_but_not_in_force_ties_at_the_political_tier(world):
    from relationships.models import Agreement

    Agreement.objects.filter(pk=world["lancaster"].pk).update(
        in_force_on=None, status="signed", obligation="mutual_defence"
    )
    from relationships.models import Membership

    Membership.objects.filter(organisation=world["nato"], country__iso2="FR").delete()
    france = by_partner(world["countries"]["GB"], D(2025, 1, 1))["FR"]
    lancaster = next(t for t in france.agreements if t.agreement.key == "gb-fr-lancaster-house")
    assert lancaster.tier == "political"
    assert lancaster.not_in_force
    assert france.tier == "political"
    assert france.score == 2


@pytest.mark.django_db
def test_a_treaty_between_signature_and_entry_into_force_is_not_yet_binding(world):
    japan = by_partner(world["countries"]["GB"], D(2023, 5, 1))["JP"]
    raa = next(t for t in japan.agreements if t.agreement.key == "gb-jp-raa")
    assert raa.tier == "political" and raa.not_in_force
    japan = by_partner(world["countries"]["GB"], D(2023, 10, 15))["JP"]
    raa = next(t for t in japan.agreements if t.agreement.key == "gb-jp-raa")
    assert raa.tier == "binding" and not raa.not_in_force


@pytest.mark.django_db
def test_a_signed_political_instrument_is_not_flagged_not_in_force(world):
    japan = by_partner(world["countries"]["GB"], D(2025, 1, 1))["JP"]
    accord = next(t for t in japan.agreements if t.agreement.key == "gb-jp-hiroshima-accord")
    assert accord.tier == "political" and not accord.not_in_force


# Unknown starts (issue 12, change 8) ------------------------------------------


@pytest.mark.django_db
def test_a_group_founded_in_2010_ties_no_one_in_1950(world):
    from relationships.models import Membership, Organisation

    group = Organisation.objects.create(
        slug="nb8-like", name="A group", kind="framework", founded_on=D(2010, 1, 1)
    )
    for iso2 in ("GB", "BR"):
        Membership.objects.create(organisation=group, country=world["countries"][iso2])
    assert "BR" not in by_partner(world["countries"]["GB"], D(1950, 1, 1))
    assert "BR" in by_partner(world["countries"]["GB"], D(2011, 1, 1))


# End dates (issue 12, change 2) -------------------------------------------------


@pytest.mark.django_db
def test_an_agreement_ending_in_a_year_is_in_force_until_the_31st_of_december(world):
    from relationships.models import Agreement

    Agreement.objects.filter(pk=world["lancaster"].pk).update(
        ended_on=D(2018, 1, 1), ended_on_precision="year", status="ended"
    )
    france = by_partner(world["countries"]["GB"], D(2018, 12, 31))["FR"]
    lancaster = next(t for t in france.agreements if t.agreement.key == "gb-fr-lancaster-house")
    assert lancaster.status == "in_force"
    assert lancaster.tier == "binding"
