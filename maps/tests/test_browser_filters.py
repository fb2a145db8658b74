"""Filters by kind, domain and obligation: the map, the legend and the panel agree."""

import pytest

from maps.tests.conftest import fill_of, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filtering_by_kind_narrows_map_legend_and_panel_alike(served, page):
    page.goto(served + "/?country=GB")
    settled(page, coloured="tier:GB", panel="country:GB")
    page.locator("#filters summary").click()
    page.get_by_label("Kind").select_option("treaty")
    settled(page, coloured="tier:GB:treaty", panel="country:GB")
    # Only the Lancaster House Treaty is left: France is tied by a binding agreement.
    assert fill_of(page, "FR") == "#3b528b"
    assert fill_of(page, "JP") == "#f4f4f2"
    assert fill_of(page, "US") == "#f4f4f2"
    legend = page.locator("#legend").inner_text()
    assert "Binding agreement (1)" in legend
    assert "Mutual defence (0)" in legend
    assert "Only ties with kind treaty." in legend
    partners = page.locator("#partners li.partner")
    assert partners.count() == 1
    assert partners.first.get_attribute("data-iso2") == "FR"
    partners.first.locator("details.partner-ties > summary").click()  # a partner's ties fold
    assert "Lancaster House Treaty" in partners.first.inner_text()
    assert "kind=treaty" in page.url
    assert "(1 on)" in page.locator("#filters summary").inner_text()
    assert page.errors == []


def test_filtering_by_domain_and_obligation(served, page):
    page.goto(served + "/?domain=training_exercises")
    settled(page, coloured="tier:GB:,training_exercises,")
    assert fill_of(page, "JP") == "#3b528b"  # the RAA covers training and exercises
    assert fill_of(page, "FR") == "#f4f4f2"
    assert page.get_by_label("Domain").input_value() == "training_exercises"
    page.locator("#filters summary").click()
    page.get_by_label("Domain").select_option("")
    page.get_by_label("Obligation").select_option("mutual_defence")
    settled(page, coloured="tier:GB:,,mutual_defence")
    assert fill_of(page, "FR") == "#440154"
    assert fill_of(page, "JP") == "#21918c"  # NATO partner: shared membership only
    assert "obligation=mutual_defence" in page.url and "domain=" not in page.url
    assert page.errors == []
