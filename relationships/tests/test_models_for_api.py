"""Each QuerySet's `for_api()` bundle loads what the API shows in a fixed number of queries."""

import datetime

import pytest

from relationships.models import Agreement, Country, Membership, Organisation


@pytest.mark.django_db
def test_agreements_for_api_load_organisation_and_domains(world, django_assert_num_queries):
    with django_assert_num_queries(2):  # agreements (with organisation), domains
        shown = [(a.organisation, list(a.domains.all())) for a in Agreement.objects.for_api()]
    assert shown


@pytest.mark.django_db
def test_agreements_for_api_with_details_load_parties_and_sources(world, django_assert_num_queries):
    with django_assert_num_queries(4):  # agreements, domains, parties with countries, sources
        shown = [
            ([p.country.iso2 for p in a.parties.all()], list(a.sources.all()))
            for a in Agreement.objects.for_api(details=True)
        ]
    assert all(len(parties) >= 2 for parties, _ in shown)


@pytest.mark.django_db
def test_memberships_for_api_load_organisation_country_and_sources(
    world, django_assert_num_queries
):
    with django_assert_num_queries(2):  # memberships (with both keys), sources
        shown = [
            (m.organisation.slug, m.country.iso2, list(m.sources.all()))
            for m in Membership.objects.for_api()
        ]
    assert shown


@pytest.mark.django_db
def test_countries_for_api_load_sovereign_and_memberships(world, django_assert_num_queries):
    with django_assert_num_queries(2):  # countries (with sovereign), memberships
        countries = list(Country.objects.for_api())
        sovereigns = {c.iso2: c.sovereign and c.sovereign.iso2 for c in countries}
        organisations = {
            c.iso2: [m.organisation.slug for m in c.memberships.all()] for c in countries
        }
    assert sovereigns["FK"] == "GB" and "nato" in organisations["GB"]


@pytest.mark.django_db
def test_organisations_for_api_hold_only_the_members_on_the_date(world, django_assert_num_queries):
    # The organisation, its sources, members, their sources, the agreements it is party to.
    with django_assert_num_queries(5):
        nato = Organisation.objects.for_api(members_on=datetime.date(2022, 1, 1)).get(slug="nato")
        members = {m.country.iso2: list(m.sources.all()) for m in nato.memberships.all()}
        assert list(nato.sources.all())
    assert "FI" not in members and "GB" in members


@pytest.mark.django_db
def test_countries_coded_finds_codes_in_either_case(world):
    assert {c.iso2 for c in Country.objects.coded(["gb", "Fr", "ZZ"])} == {"GB", "FR"}
