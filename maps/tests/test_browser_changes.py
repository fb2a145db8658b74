"""What changed (issue 14, item 5): the map's "Changes since" colouring, the
panel's "What changed" section, and the play button that walks the years."""

import datetime

import pytest
from playwright.sync_api import expect

from maps.tests.conftest import fill_of, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date
ROSE, FELL, SAME, NO_TIE = "#004488", "#994455", "#7a7a76", "#f4f4f2"
BINDING = "#3b528b"


@pytest.fixture
def france_left_nato(world):
    """France leaves NATO in mid-2023: its tie with the UK falls to the Lancaster House Treaty."""
    world["nato"].memberships.filter(country__iso2="FR").update(left_on=D(2023, 6, 1))
    world["raa"].save()  # a new data version
    return world


def test_changes_since_a_date_draw_who_rose_and_who_fell_with_the_legend(
    served, page, france_left_nato
):
    page.goto(served + "/?since=2023-01-01&as_of=2023-12-31")
    settled(page, coloured="changes:GB:2023-01-01:2023-12-31")
    # Finland joined NATO and the RAA entered into force with Japan: rose. France left: fell.
    assert fill_of(page, "FI") == ROSE
    assert fill_of(page, "JP") == ROSE
    assert fill_of(page, "FR") == FELL
    assert fill_of(page, "US") == SAME
    assert fill_of(page, "BR") == NO_TIE
    legend = page.locator("#legend").inner_text()
    assert "Changes since 1 January 2023 in ties with United Kingdom" in legend
    assert "From 1 January 2023 to 31 December 2023." in legend
    for entry in [
        "Rose: a new or stronger tie (2)",
        "Fell: a weaker or ended tie (1)",
        "Tied, unchanged (2)",
        "No recorded tie on either date",
    ]:
        assert entry in legend
    assert page.locator("#since").input_value() == "2023-01-01"
    assert page.errors == []


def test_the_changes_since_date_is_kept_in_the_url_and_back_and_forward_restore_it(
    served, page, france_left_nato
):
    page.goto(served + "/?as_of=2023-12-31")
    settled(page, coloured="tier:GB:2023-12-31")
    assert fill_of(page, "FR") == BINDING  # by the Lancaster House Treaty, out of NATO
    page.locator("#filters summary").click()
    page.fill("#since", "2023-01-01")
    page.locator("#since").dispatch_event("change")
    settled(page, coloured="changes:GB:2023-01-01:2023-12-31")
    assert "since=2023-01-01" in page.url
    assert fill_of(page, "FR") == FELL
    assert page.locator("#colour-mode").is_disabled()
    page.go_back()
    settled(page, coloured="tier:GB:2023-12-31")
    assert fill_of(page, "FR") == BINDING
    assert page.locator("#since").input_value() == ""
    page.go_forward()
    settled(page, coloured="changes:GB:2023-01-01:2023-12-31")
    assert fill_of(page, "FR") == FELL
    assert page.errors == []


def test_a_since_date_after_the_as_of_date_says_so_and_draws_nothing_wrong(served, page, world):
    page.goto(served + "/?since=2024-01-01&as_of=2023-01-01")
    expect(page.locator("#map-status")).to_contain_text("Invalid parameter: from.")
    # The field offers no date after the as-of date.
    assert page.locator("#since").get_attribute("max") == "2023-01-01"
    assert page.errors == []
