"""The faults found trying the map as an analyst would (issue 14): each test
failed before its fix."""

import datetime

import pytest

from maps.tests.conftest import fill_of, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# --- the Country box ------------------------------------------------------------


def test_after_typing_a_country_the_first_click_in_the_panel_lands(served, page):
    page.goto(served + "/?country=JP")
    settled(page, coloured="tier:GB", panel="country:JP")
    page.locator("#country-picker").fill("France")
    settled(page, panel="country:FR")
    # The box still has the focus: leaving it must not rebuild the panel under the pointer.
    page.get_by_role("button", name="Colour the map by ties with France").click(timeout=3000)
    settled(page, coloured="tier:FR", panel="country:FR")
    assert "focus=FR" in page.url
    assert page.errors == []


def test_tab_after_typing_a_country_moves_to_the_panel_not_the_page_body(served, page):
    page.goto(served + "/?country=JP")
    settled(page, coloured="tier:GB", panel="country:JP")
    page.locator("#country-picker").fill("France")
    settled(page, panel="country:FR")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Colour the map by ties with France"
    settled(page, panel="country:FR")
    assert page.evaluate("document.activeElement.textContent") == focused
    assert page.errors == []


# --- a malformed date in a shared link -------------------------------------------


@pytest.mark.parametrize("bad", ["2024-13-45", "abc", "2023-02-29"])
def test_a_malformed_date_in_a_link_falls_back_to_today_with_a_message(served, page, bad):
    today = datetime.date.today().isoformat()
    page.goto(served + f"/?as_of={bad}&country=JP")
    settled(page, coloured=f"tier:GB:{today}", panel="country:JP")
    assert fill_of(page, "FR") != "#f4f4f2"  # the map is drawn, France coloured
    status = page.locator("#map-status")
    assert status.is_visible()
    assert f"“{bad}” is not a date" in status.inner_text()
    assert "today" in status.inner_text()
    assert "error" not in (status.get_attribute("class") or "")
    assert "as_of" not in page.url
    assert page.errors == []


# --- the year slider and the history --------------------------------------------


def history_length(page):
    return page.evaluate("history.length")


def test_steps_of_the_year_slider_make_one_history_entry(served, page):
    page.goto(served + "/?org=nato")
    settled(page, coloured="org:nato", panel="org:nato")
    before = history_length(page)
    slider = page.get_by_label("Year")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    year = datetime.date.today().year - 3
    page.wait_for_selector(f'body[data-coloured^="org:nato:{year}-"]', state="attached")
    assert f"as_of={year}-" in page.url
    assert history_length(page) == before + 1
    page.go_back()
    page.wait_for_function("!location.search.includes('as_of')")
    settled(page, coloured="org:nato", panel="org:nato")
    assert page.locator("#year-output").inner_text() == str(datetime.date.today().year)
    assert page.errors == []


def test_a_drag_of_the_year_slider_is_one_history_entry(served, page):
    page.goto(served + "/?org=nato")
    settled(page, coloured="org:nato", panel="org:nato")
    before = history_length(page)
    box = page.locator("#year").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] - 2, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(box["x"] + box["width"] * (1 - step / 20), y)
    page.mouse.up()
    page.wait_for_function("location.search.includes('as_of')")
    assert history_length(page) == before + 1
    page.go_back()
    page.wait_for_function("!location.search.includes('as_of')")
    assert page.errors == []
