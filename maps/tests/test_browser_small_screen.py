"""At 375 px wide the panel is a bottom sheet and nothing overflows sideways."""

import pytest

from maps.tests.conftest import settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_panel_is_a_bottom_sheet_and_nothing_overflows(served, phone):
    phone.goto(served + "/?country=JP")
    settled(phone, panel="country:JP")
    assert no_sideways_scroll(phone)
    sheet = phone.locator("#panel").bounding_box()
    assert sheet["width"] == 375
    assert sheet["y"] > 740 / 2
    assert abs(sheet["y"] + sheet["height"] - 740) < 1
    phone.locator("#filters summary").click()
    assert no_sideways_scroll(phone)
    phone.get_by_role("button", name="List view").click()
    assert no_sideways_scroll(phone)
    assert phone.errors == []


def test_resizing_a_desktop_page_to_375_px(served, page):
    page.goto(served + "/?org=nato")
    settled(page, coloured="org:nato", panel="org:nato")
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("path.country-IT").first.click(force=True)
    settled(page, panel="country:IT")
    assert page.locator("#panel-heading").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.errors == []
