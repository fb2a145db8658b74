"""The panel links each record to its own page, and the page leads back to the map."""

import pytest

from maps.tests.conftest import settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agreement_in_the_panel_opens_its_record_page_and_leads_back(served, page):
    page.goto(served + "/?country=FR")
    settled(page, panel="country:FR")
    link = page.locator(
        '#partners li.partner[data-iso2="GB"] a.record-link', has_text="Lancaster House Treaty"
    )
    assert link.get_attribute("href") == "/agreements/gb-fr-lancaster-house/"
    link.click()
    page.wait_for_url("**/agreements/gb-fr-lancaster-house/")
    assert page.locator("h1").inner_text() == "Lancaster House Treaty"
    assert "2 November 2010" in page.locator(".record-facts").inner_text()
    assert "@misc{gb-fr-lancaster-house," in page.locator("#cite-bibtex").text_content()
    page.get_by_role("link", name="← See it on the map").click()
    settled(page, panel="country:FR")
    assert "focus=GB" in page.url
    assert page.errors == []


def test_the_selected_country_and_an_organisation_link_to_their_pages(served, page):
    page.goto(served + "/?country=JP")
    settled(page, panel="country:JP")
    assert (
        page.get_by_role("link", name="Japan’s record page").get_attribute("href")
        == "/countries/JP/"
    )
    nato = page.locator("#partners a.record-link", has_text="NATO").first
    assert nato.get_attribute("href") == "/organisations/nato/"
    assert page.errors == []
