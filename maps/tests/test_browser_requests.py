"""Boundaries arrive once; a new focus or date fetches only the relationships."""

import pytest

from maps.tests.conftest import settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_changing_focus_and_date_does_not_fetch_the_boundaries_again(served, page):
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(served + "/")
    settled(page, coloured="tier:GB")
    page.get_by_label("Focus country").select_option("FR")
    settled(page, coloured="tier:FR")
    page.fill("#as-of", "2020-01-01")
    page.locator("#as-of").dispatch_event("change")
    settled(page, coloured="tier:FR:2020-01-01")
    page.get_by_label("Organisation").select_option("nato")
    settled(page, coloured="org:nato:2020-01-01")
    assert sum("/api/boundaries/" in url for url in urls) == 1
    relationships = [url for url in urls if "/relationships/" in url]
    assert len(relationships) == 3  # GB, FR, FR in 2020; the organisation needs none
    assert "as_of=2020-01-01" in relationships[-1]
    assert page.errors == []
