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


def open_changes(page):
    page.locator("#what-changed summary").click()


def test_the_panel_lists_what_changed_for_a_country_between_two_dates(served, page, world):
    page.goto(served + "/?country=JP&as_of=2023-12-31")
    settled(page, coloured="tier:GB", panel="country:JP")
    section = page.locator("#what-changed")
    assert section.locator("summary").inner_text() == "What changed"
    assert page.locator("#changes-from").input_value() == "2022-12-31"
    assert page.locator("#changes-to").input_value() == "2023-12-31"
    open_changes(page)
    page.wait_for_selector(
        'body[data-panel-changes="country:JP:2022-12-31:2023-12-31"]', state="attached"
    )
    assert [item.inner_text() for item in section.locator("li.change").all()] == [
        "11 January 2023 Signed UK-Japan Reciprocal Access Agreement",
        "18 May 2023 Signed Hiroshima Accord",
        "15 October 2023 Entered into force UK-Japan Reciprocal Access Agreement",
    ]
    raa = section.locator("li.change a", has_text="Reciprocal").first
    assert raa.get_attribute("href") == "/agreements/gb-jp-raa/"
    assert "3 changes between 31 December 2022 and 31 December 2023." in section.inner_text()
    # The RAA entered into force: the tie with the UK rose from a programme to binding.
    assert "United Kingdom rose: Political commitment or programme → Binding agreement" in (
        section.locator('li.tier-rose[data-iso2="GB"]').inner_text()
    )
    # An earlier start brings in Japan's accession to GCAP (9 December 2022).
    page.fill("#changes-from", "2022-12-01")
    page.locator("#changes-from").dispatch_event("change")
    page.wait_for_selector(
        'body[data-panel-changes="country:JP:2022-12-01:2023-12-31"]', state="attached"
    )
    first = section.locator("li.change").first
    assert first.inner_text() == "9 December 2022 Accession GCAP"
    assert first.locator("a").get_attribute("href") == "/organisations/gcap/"
    assert page.errors == []


def test_the_panel_lists_an_organisations_accessions_and_withdrawals(served, page, world):
    world["nato"].memberships.filter(country__iso2="FR").update(left_on=D(2023, 6, 1))
    world["raa"].save()  # a new data version
    page.goto(served + "/?org=nato&as_of=2023-12-31")
    settled(page, coloured="org:nato", panel="org:nato")
    open_changes(page)
    page.wait_for_selector(
        'body[data-panel-changes="organisation:nato:2022-12-31:2023-12-31"]', state="attached"
    )
    items = page.locator("#what-changed li.change")
    assert [item.inner_text() for item in items.all()] == [
        "4 April 2023 Accession Finland, NATO",
        "1 June 2023 Withdrawal France, NATO",
    ]
    assert items.first.locator("a").first.get_attribute("href") == "/countries/FI/"
    # Left open, it answers at once for the next view: a bad period says so, nothing is lost.
    page.fill("#changes-from", "2024-06-01")
    page.locator("#changes-from").dispatch_event("change")
    assert "must not be after" in page.locator("#what-changed .status").inner_text()
    assert page.errors == []


def test_a_link_whose_since_is_not_a_date_draws_the_ties_and_says_so(served, page, world):
    page.goto(served + "/?since=2023-02-30")
    settled(page, coloured="tier:GB")
    status = page.locator("#map-status").inner_text()
    assert "“changes since” date “2023-02-30” is not a date" in status
    assert "since=" not in page.url
    assert page.errors == []
