"""The country view: colours by tier or score, obligations, the pairwise view."""

import pytest

from maps.tests.conftest import fill_of, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_colouring_by_score_repaints_the_map_and_names_each_band_in_the_legend(served, page):
    page.goto(served + "/")
    settled(page, coloured="tier:GB")
    assert fill_of(page, "JP") == "#3b528b"  # binding agreement
    page.locator("#filters summary").click()
    page.select_option("#colour-mode", "score")
    settled(page, coloured="score:GB")
    # Japan: RAA 3 + Hiroshima 2 + GCAP 2 + NATO partner 1 = 8; the US: NATO only = 4.
    assert fill_of(page, "JP") == "#bcbddc"
    assert fill_of(page, "US") == "#dadaeb"
    assert fill_of(page, "GB") == "#d55e00"
    legend = page.locator("#legend").inner_text()
    assert "Score of ties with United Kingdom" in legend
    assert "score 1–4 (2)" in legend  # the US and Finland
    assert "score 5–9 (3)" in legend  # Japan, France, Italy
    assert "score 20 or more (0)" in legend
    assert "colour=score" in page.url
    assert page.errors == []


def test_each_agreement_in_the_panel_names_its_obligation(served, page):
    page.goto(served + "/?country=FR")
    settled(page, panel="country:FR")
    uk = page.locator('#partners li.partner[data-iso2="GB"]').inner_text()
    assert "Lancaster House Treaty" in uk
    assert "Obligation: cooperation only" in uk
    assert "Obligation: mutual defence" in uk  # NATO
    assert page.errors == []


def test_choosing_a_partner_of_the_selected_country_shows_only_their_ties(served, page):
    page.goto(served + "/")
    settled(page)
    page.locator("path.country-JP").first.click(force=True)
    settled(page, panel="country:JP")
    assert page.locator("#partners li.partner").count() == 5  # the UK, Italy (GCAP), NATO members
    page.locator('#partners li.partner[data-iso2="GB"] .partner-name').click()
    settled(page, panel="pair:JP:GB")
    assert page.locator("#panel-heading").inner_text() == "Japan and United Kingdom"
    partners = page.locator("#partners li.partner")
    assert partners.count() == 1
    text = partners.inner_text()
    assert "UK-Japan Reciprocal Access Agreement" in text
    assert "Hiroshima Accord" in text
    assert "partner=GB" in page.url and "country=JP" in page.url
    # Both countries are outlined on the map.
    assert page.locator("path.country-JP").first.get_attribute("stroke") == "#000"
    assert page.locator("path.country-GB").first.get_attribute("stroke") == "#000"
    page.get_by_role("button", name="All of United Kingdom’s relationships").click()
    settled(page, panel="country:GB")
    assert page.locator("#panel-heading").inner_text() == "United Kingdom"
    assert "partner=" not in page.url
    assert page.errors == []


def test_the_pairwise_view_says_so_when_two_countries_have_no_tie(served, page):
    page.goto(served + "/?country=BR&partner=JP")
    settled(page, panel="pair:BR:JP")
    assert (
        "No recorded relationship between Brazil and Japan"
        in page.locator("#panel-status").inner_text()
    )
    assert page.errors == []
