"""The whole view is in the URL: reload, back/forward and a shared link restore it."""

import pytest

from maps.tests.conftest import fill_of, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_shared_link_restores_organisation_date_filters_colours_and_selection(
    served, browser, page
):
    shared = served + "/?focus=FR&org=nato&as_of=2022-06-01&country=IT&kind=treaty&colour=score"
    page.goto(shared)
    settled(page, coloured="org:nato:2022-06-01", panel="country:IT")
    other = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    other.goto(page.url)
    settled(other, coloured="org:nato:2022-06-01", panel="country:IT")
    assert other.locator("#focus-picker").input_value() == "FR"
    assert other.locator("#organisation-picker").input_value() == "nato"
    assert other.locator("#as-of").input_value() == "2022-06-01"
    assert other.locator("#filter-kind").input_value() == "treaty"
    assert other.locator("#colour-mode").input_value() == "score"
    assert other.locator("#country-picker").input_value() == "Italy"
    assert other.locator("#panel-heading").inner_text() == "Italy"
    assert fill_of(other, "FI") == "#f4f4f2"  # not in NATO yet
    other.context.close()
    assert page.errors == []


def test_reload_keeps_the_view(served, page):
    page.goto(served + "/")
    settled(page)
    page.locator("path.country-JP").first.click(force=True)
    settled(page, panel="country:JP")
    page.locator("#filters summary").click()
    page.select_option("#colour-mode", "score")
    settled(page, coloured="score:GB")
    page.reload()
    settled(page, coloured="score:GB", panel="country:JP")
    assert page.locator("#panel-heading").inner_text() == "Japan"
    assert fill_of(page, "JP") == "#bcbddc"
    assert page.errors == []


def test_back_and_forward_walk_through_the_views(served, page):
    page.goto(served + "/")
    settled(page, panel="none")
    page.locator("path.country-JP").first.click(force=True)
    settled(page, panel="country:JP")
    page.locator('#partners li.partner[data-iso2="GB"] .partner-name').click()
    settled(page, panel="pair:JP:GB")
    page.get_by_label("Focus country").select_option("FR")
    settled(page, coloured="tier:FR", panel="pair:JP:GB")
    page.go_back()
    settled(page, coloured="tier:GB", panel="pair:JP:GB")
    assert page.locator("#focus-picker").input_value() == "GB"
    page.go_back()
    settled(page, panel="country:JP")
    assert page.locator("#panel-heading").inner_text() == "Japan"
    page.go_back()
    settled(page, panel="none")
    assert page.locator("#panel-heading").inner_text() == "Select a country"
    page.go_forward()
    settled(page, panel="country:JP")
    page.go_forward()
    settled(page, panel="pair:JP:GB")
    assert page.locator("#panel-heading").inner_text() == "Japan and United Kingdom"
    assert page.errors == []
