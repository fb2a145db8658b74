"""Keyboard and screen-reader users: labelled controls, a searchable picker, a
landmark panel, text beside every colour, and a list view of the map."""

import pytest

from maps.tests.conftest import settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tab_reaches_every_control_and_the_country_picker(served, page):
    page.goto(served + "/")
    settled(page)
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id"))
        if reached[-1] == "country-picker":
            break
    for control in [
        "focus-picker",
        "organisation-picker",
        "as-of",
        "year",
        "list-toggle",
        "country-picker",
    ]:
        assert control in reached
    assert reached.index("country-picker") < 25  # the map's shapes are not 240 tab stops
    assert page.errors == []


def test_the_searchable_country_picker_does_what_a_click_does(served, page):
    page.goto(served + "/")
    settled(page)
    picker = page.get_by_label("Country", exact=True)
    assert picker.get_attribute("list") == "country-names"
    assert page.locator("#country-names option[value='Japan']").count() == 1
    picker.fill("japan")
    picker.press("Enter")
    settled(page, panel="country:JP")
    assert page.locator("#panel-heading").inner_text() == "Japan"
    assert "country=JP" in page.url
    picker.fill("Atlantis")
    picker.press("Enter")
    assert "No country called “Atlantis”" in page.locator("#panel-status").inner_text()
    assert page.errors == []


def test_enter_on_a_partner_name_opens_the_pair_and_moves_focus_to_the_panel(served, page):
    page.goto(served + "/?country=JP")
    settled(page, panel="country:JP")
    page.locator('#partners li.partner[data-iso2="GB"] .partner-name').focus()
    page.keyboard.press("Enter")
    settled(page, panel="pair:JP:GB")
    assert page.evaluate("document.activeElement.id") == "panel-heading"
    assert page.errors == []


def test_the_panel_is_a_labelled_landmark(served, page):
    page.goto(served + "/?country=JP")
    settled(page, panel="country:JP")
    panel = page.get_by_role("complementary", name="Japan")
    assert panel.count() == 1
    assert panel.get_by_role("heading", name="Japan", exact=True).count() == 1
    assert page.errors == []


def test_hovering_a_country_tells_its_name_and_tie_in_text(served, page):
    page.goto(served + "/")
    settled(page)
    page.locator("path.country-JP").first.hover(force=True)
    tooltip = page.locator(".country-tooltip")
    tooltip.wait_for()
    text = tooltip.inner_text()
    assert "Japan" in text
    assert "Binding agreement with United Kingdom · score 8" in text
    assert tooltip.locator("strong").count() == 1
    assert page.errors == []


def test_the_list_view_lists_the_same_ties_as_a_table(served, page):
    page.goto(served + "/")
    settled(page)
    assert page.locator("#list-view").is_hidden()
    toggle = page.get_by_role("button", name="List view")
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    table = page.locator("#list-table")
    assert table.is_visible()
    assert "view=list" in page.url
    japan = table.locator('tr[data-iso2="JP"]').inner_text()
    assert "Binding agreement" in japan and "8" in japan
    assert table.locator("tbody tr").count() == 5
    table.get_by_role("button", name="Japan").click()
    settled(page, panel="country:JP")
    assert page.locator("#panel-heading").inner_text() == "Japan"
    assert page.errors == []


def test_every_colour_in_the_legend_has_a_text_label(served, page):
    page.goto(served + "/?org=nato")
    settled(page, coloured="org:nato")
    for item in page.locator("#legend-items li").all():
        assert item.inner_text().strip()
    assert page.errors == []
