"""The real page in headless Chromium: drawn, coloured, clicked, read."""

import pytest

from relationships.models import Agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_map_draws_every_country_and_colours_it_for_the_uk(served, page):
    page.goto(served + "/")
    page.wait_for_selector("body[data-coloured]")
    assert page.locator("path.country").count() >= 240
    france = page.locator("path.country-FR").first
    assert france.get_attribute("fill") == "#440154"  # mutual defence (NATO)
    assert page.locator("path.country-GB").first.get_attribute("fill") == "#d55e00"  # the focus
    assert "Mutual defence" in page.locator("#legend").inner_text()
    assert page.errors == []


def test_clicking_japan_lists_its_relationship_with_the_uk(served, page):
    page.goto(served + "/")
    page.wait_for_selector("body[data-coloured]")
    page.locator("path.country-JP").first.click(force=True)
    page.wait_for_selector("#partners li.partner")
    assert page.locator("#panel-heading").inner_text() == "Japan"
    uk = page.locator('#partners li.partner[data-iso2="GB"]')
    text = uk.inner_text()
    assert "UK-Japan Reciprocal Access Agreement" in text
    assert "signed 11 January 2023, in force 15 October 2023" in text
    assert "GCAP" in text
    assert "country=JP" in page.url
    assert page.errors == []


def test_a_title_with_html_is_shown_as_text_and_runs_nothing(served, page, world):
    Agreement.objects.filter(pk=world["raa"].pk).update(
        short_title='<img src=x onerror="alert(1)"><script>alert(2)</script>RAA'
    )
    page.goto(served + "/?country=JP")
    page.wait_for_selector("#partners li.partner")
    text = page.locator('#partners li.partner[data-iso2="GB"]').inner_text()
    assert '<img src=x onerror="alert(1)"><script>alert(2)</script>RAA' in text
    assert page.locator("#partners img, #partners script").count() == 0
    assert page.errors == []


def test_a_country_name_with_html_is_text_in_the_panel_list_view_and_tooltip(served, page):
    from relationships.models import Country

    evil = '<img src=x onerror="alert(1)">Japan'
    Country.objects.filter(iso2="JP").update(name=evil)
    page.goto(served + "/?country=GB&view=list")
    page.wait_for_selector('body[data-panel="country:GB"]', state="attached")
    assert evil in page.locator('#partners li.partner[data-iso2="JP"]').inner_text()
    assert evil in page.locator('#list-view tr[data-iso2="JP"]').inner_text()
    page.get_by_role("button", name="List view").click()
    page.locator("path.country-JP").first.hover(force=True)
    assert evil in page.locator(".country-tooltip").inner_text()
    assert page.locator("main img").count() == 0
    assert page.errors == []


def test_an_unverified_agreement_shows_its_flag_and_unfolds_its_note(served, page, world):
    Agreement.objects.filter(pk=world["raa"].pk).update(
        unverified=True, note="No cited page gives the entry-into-force date."
    )
    page.goto(served + "/?country=JP")
    page.wait_for_selector("#partners li.partner")
    flag = page.locator('#partners li.partner[data-iso2="GB"] .flag-unverified').first
    assert flag.locator("summary").inner_text() == "Unverified"
    note = flag.locator("p")
    assert not note.is_visible()
    flag.locator("summary").click()
    assert note.inner_text() == "No cited page gives the entry-into-force date."
    assert page.errors == []


def test_a_country_with_many_partners_lists_every_one_of_them(served, page, world):
    from relationships.models import AgreementParty, Country

    gb = world["countries"]["GB"]
    others = Country.objects.states().exclude(iso2__in=world["countries"]).order_by("iso2")[:60]
    for n, country in enumerate(others):
        agreement = Agreement.objects.create(
            key=f"many-{n}",
            title=f"Memorandum {n:02d}",
            kind="mou",
            status="signed",
            legally_binding=False,
            signed_on="2020-01-01",
        )
        agreement.sources.add(world["source"])
        AgreementParty.objects.create(agreement=agreement, country=gb)
        AgreementParty.objects.create(agreement=agreement, country=country)
    page.goto(served + "/?country=GB")
    page.wait_for_selector("#partners li.partner")
    total = int(page.locator("#panel-status").inner_text().split()[0])
    assert total >= 65  # the world fixture's five and sixty more
    page.wait_for_function(f"document.querySelectorAll('#partners li.partner').length === {total}")
    names = page.locator("#partners li.partner .partner-name").all_inner_texts()
    assert len(set(names)) == total  # every partner once
    assert page.errors == []
