"""The organisation view: members and partners coloured by role, listed with dates."""

import pytest

from maps.tests.conftest import fill_of, settled
from relationships.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "#0072b2"  # Okabe-Ito blue
PARTNER = "#e69f00"  # Okabe-Ito orange
NONE = "#f4f4f2"


def test_picking_nato_colours_its_members_and_partners_by_role(served, page):
    page.goto(served + "/")
    settled(page)
    options = page.locator("#organisation-picker option").all_inner_texts()
    assert "NATO (North Atlantic Treaty Organization)" in options
    page.get_by_label("Organisation").select_option("nato")
    settled(page, coloured="org:nato", panel="org:nato")
    assert fill_of(page, "FR") == MEMBER
    assert fill_of(page, "FI") == MEMBER
    assert fill_of(page, "JP") == PARTNER
    assert fill_of(page, "BR") == NONE
    legend = page.locator("#legend").inner_text()
    assert "Role in NATO" in legend
    assert "Member (5)" in legend
    assert "Partner (1)" in legend
    assert "Not a member or partner" in legend
    assert "org=nato" in page.url
    assert page.errors == []


def test_the_panel_lists_members_with_their_dates_at_their_precision(served, page, world):
    Membership.objects.filter(organisation=world["nato"], country__iso2="FI").update(
        joined_on_precision="month"
    )
    page.goto(served + "/?org=nato")
    settled(page, coloured="org:nato", panel="org:nato")
    assert page.locator("#panel-heading").inner_text() == "North Atlantic Treaty Organization"
    members = page.locator("#partners li.member")
    assert members.count() == 6
    # Members first, in the order they joined; partners after them.
    assert members.first.get_attribute("data-iso2") in {"FR", "GB", "IT", "US"}
    assert members.last.get_attribute("data-iso2") == "JP"
    france = page.locator('#partners li.member[data-iso2="FR"]').inner_text()
    assert "member" in france and "joined 24 August 1949" in france
    finland = page.locator('#partners li.member[data-iso2="FI"]').inner_text()
    assert "joined April 2023" in finland
    japan = page.locator('#partners li.member[data-iso2="JP"]').inner_text()
    assert "partner" in japan
    assert page.errors == []


def test_choosing_a_member_lists_its_relationships_and_leads_back(served, page):
    page.goto(served + "/?org=nato")
    settled(page, coloured="org:nato", panel="org:nato")
    page.locator('#partners li.member[data-iso2="FI"] .partner-name').click()
    settled(page, panel="country:FI")
    assert page.locator("#panel-heading").inner_text() == "Finland"
    assert page.locator('#partners li.partner[data-iso2="GB"]').count() == 1
    # The map keeps its organisation colours while a member is read.
    assert fill_of(page, "FI") == MEMBER
    page.get_by_role("button", name="Back to NATO members").click()
    settled(page, panel="org:nato")
    assert page.locator("#partners li.member").count() == 6
    assert page.errors == []


def test_clicking_a_country_on_the_map_in_the_organisation_view_lists_its_relationships(
    served, page
):
    page.goto(served + "/?org=gcap")
    settled(page, coloured="org:gcap", panel="org:gcap")
    page.locator("path.country-JP").first.click(force=True)
    settled(page, panel="country:JP")
    assert page.locator('#partners li.partner[data-iso2="GB"]').count() == 1
    assert "org=gcap" in page.url and "country=JP" in page.url
    assert page.errors == []
