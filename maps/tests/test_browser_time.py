"""Winding the map back: the date field and the year slider recolour map and panel."""

import datetime

import pytest

from maps.tests.conftest import fill_of, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_winding_the_year_slider_back_to_2022_drops_finland_from_nato(served, page):
    page.goto(served + "/?org=nato")
    settled(page, coloured="org:nato", panel="org:nato")
    assert fill_of(page, "FI") == "#0072b2"
    slider = page.get_by_label("Year")
    assert slider.get_attribute("type") == "range"
    slider.focus()
    for _ in range(datetime.date.today().year - 2022):
        page.keyboard.press("ArrowLeft")
    assert page.locator("#year-output").inner_text() == "2022"
    page.wait_for_selector('body[data-coloured^="org:nato:2022-"]', state="attached")
    settled(page, panel="org:nato")
    assert fill_of(page, "FI") == "#f4f4f2"
    assert fill_of(page, "FR") == "#0072b2"
    assert page.locator('#partners li.member[data-iso2="FI"]').count() == 0
    assert page.locator("#partners li.member").count() == 5
    assert "Member (4)" in page.locator("#legend").inner_text()
    assert page.locator("#as-of").input_value().startswith("2022-")
    assert "as_of=2022-" in page.url
    assert page.errors == []


def test_a_date_before_the_reciprocal_access_agreement_recolours_map_and_panel(served, page):
    page.goto(served + "/?country=JP")
    settled(page, coloured="tier:GB", panel="country:JP")
    assert fill_of(page, "JP") == "#3b528b"  # binding: the RAA
    page.fill("#as-of", "2022-12-20")
    page.locator("#as-of").dispatch_event("change")
    page.wait_for_selector('body[data-coloured="tier:GB:2022-12-20"]', state="attached")
    settled(page, panel="country:JP")
    # Before the RAA and the Hiroshima Accord, only GCAP (programme) and NATO remain.
    assert fill_of(page, "JP") == "#2c728e"
    uk = page.locator('#partners li.partner[data-iso2="GB"]').inner_text()
    assert "Reciprocal Access Agreement" not in uk
    assert "GCAP" in uk
    assert "20 December 2022" in page.locator("#panel-intro").inner_text()
    assert "On 20 December 2022." in page.locator("#legend").inner_text()
    assert page.locator("#year-output").inner_text() == "2022"
    assert page.errors == []


def test_between_signature_and_entry_into_force_the_panel_says_the_treaty_is_not_in_force(
    served, page
):
    # The RAA was signed on 11 January 2023 and entered into force on 15 October 2023.
    page.goto(served + "/?country=JP&as_of=2023-06-01")
    settled(page, coloured="tier:GB:2023-06-01", panel="country:JP")
    raa = page.locator('#partners li.partner[data-iso2="GB"] li.agreement', has_text="Reciprocal")
    assert "Signed, not in force on this date: counted as a political commitment." in (
        raa.inner_text()
    )
    hiroshima = page.locator(
        '#partners li.partner[data-iso2="GB"] li.agreement', has_text="Hiroshima"
    )
    assert "not in force" not in hiroshima.inner_text()
    page.goto(served + "/?country=JP&as_of=2023-11-01")
    settled(page, coloured="tier:GB:2023-11-01", panel="country:JP")
    raa = page.locator('#partners li.partner[data-iso2="GB"] li.agreement', has_text="Reciprocal")
    assert "not in force" not in raa.inner_text()
    assert page.errors == []


# --- the play button: the slider walks through the years -------------------------


def test_the_play_button_walks_the_years_to_today_in_one_history_entry(served, page):
    this_year = datetime.date.today().year
    start = this_year - 3
    page.goto(served + f"/?org=nato&as_of={start}-06-01")
    settled(page, coloured=f"org:nato:{start}-06-01", panel="org:nato")
    before = page.evaluate("history.length")
    play = page.get_by_role("button", name="Play")
    assert play.get_attribute("aria-controls") == "year"
    box = play.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    play.click()
    assert page.locator("#play").inner_text() == "Pause"
    page.wait_for_selector(f'body[data-coloured="org:nato:{start + 1}-06-01"]', state="attached")
    page.wait_for_selector(f'body[data-coloured="org:nato:{start + 2}-06-01"]', state="attached")
    # The last step is today; then it stops by itself.
    page.wait_for_selector("#play:not([data-playing])", state="attached", timeout=10_000)
    assert page.locator("#play").inner_text() == "Play"
    assert page.locator("#year-output").inner_text() == str(this_year)
    assert "as_of" not in page.url
    assert page.evaluate("history.length") == before + 1
    page.go_back()
    settled(page, coloured=f"org:nato:{start}-06-01", panel="org:nato")
    assert page.locator("#year-output").inner_text() == str(start)
    assert page.errors == []


def test_the_play_button_pauses_and_touching_the_slider_stops_it(served, page):
    page.goto(served + "/?as_of=2000-03-01")
    settled(page, coloured="tier:GB:2000-03-01")
    page.locator("#play").focus()
    page.keyboard.press("Space")
    page.wait_for_selector('body[data-coloured="tier:GB:2002-03-01"]', state="attached")
    page.get_by_role("button", name="Pause").click()
    assert page.locator("#play").inner_text() == "Play"
    paused_at = page.locator("#year-output").inner_text()
    page.wait_for_timeout(1500)
    assert page.locator("#year-output").inner_text() == paused_at
    # Playing again, then a touch of the slider's keys: it stops where the user put it.
    page.locator("#play").click()
    page.wait_for_selector("#play[data-playing]", state="attached")
    page.locator("#year").focus()
    page.keyboard.press("ArrowLeft")
    assert page.locator("#play").inner_text() == "Play"
    held = page.locator("#year-output").inner_text()
    page.wait_for_timeout(1500)
    assert page.locator("#year-output").inner_text() == held
    assert page.errors == []
