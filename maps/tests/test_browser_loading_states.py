"""Loading, empty and error states say what is happening."""

import pytest

from maps.tests.conftest import settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RELATIONSHIPS = "**/api/countries/*/relationships/**"


def test_the_map_says_it_is_loading_until_the_answer_arrives(served, page):
    held = []
    page.route(RELATIONSHIPS, lambda route: held.append(route))
    page.goto(served + "/")
    # A function, not a string: the page's CSP forbids evaluating strings.
    page.wait_for_function("() => document.getElementById('map-status').textContent === 'Loading…'")
    assert page.locator("#map-status").is_visible()
    for route in held:
        route.continue_()
    settled(page)
    assert page.locator("#map-status").inner_text() == ""
    assert page.errors == []


def test_a_date_with_no_ties_says_so(served, page):
    page.goto(served + "/?as_of=1900-01-01&country=GB")
    settled(page, coloured="tier:GB:1900-01-01", panel="country:GB")
    assert page.locator("#map-status").inner_text() == "No recorded relationships on this date."
    assert "No recorded relationships on this date." in page.locator("#panel-status").inner_text()
    assert page.errors == []


def test_a_server_that_does_not_answer_is_named(served, page):
    page.route(RELATIONSHIPS, lambda route: route.abort())
    page.goto(served + "/?country=JP")
    page.wait_for_selector("#map-status.error")
    assert "The server did not answer" in page.locator("#map-status").inner_text()
    page.wait_for_selector("#panel-status.error")
    assert "The server did not answer" in page.locator("#panel-status").inner_text()
    assert page.errors == []


def test_a_server_error_is_named_and_the_next_change_tries_again(served, page):
    page.route(RELATIONSHIPS, lambda route: route.fulfill(status=500, body="<h1>oops</h1>"))
    page.goto(served + "/")
    page.wait_for_selector("#map-status.error")
    assert (
        "The server did not answer properly (error 500)" in page.locator("#map-status").inner_text()
    )
    page.unroute(RELATIONSHIPS)
    page.get_by_label("Focus country").select_option("FR")
    settled(page, coloured="tier:FR")
    assert page.locator("#map-status").inner_text() == ""
    assert page.errors == []
