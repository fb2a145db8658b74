"""Trust on the map: partners tied by unverified records only are hatched and named in
the legend and the panel; "Verified only" leaves them out and stays in the URL; the
organisation panel shows its summary and every membership's sources."""

import datetime
import os

import pytest

from maps.tests.conftest import fill_of, settled
from relationships.models import Agreement, AgreementParty, Membership, Source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date
POLITICAL = "#2c728e"
NO_TIE = "#f4f4f2"


@pytest.fixture
def unverified(world):
    """Brazil tied to the UK by an unverified MoU only; Australia by an unverified GCAP
    membership only."""
    c = world["countries"]
    mou = Agreement.objects.create(
        key="gb-br-mou",
        title="UK-Brazil defence MoU",
        short_title="UK-Brazil MoU",
        kind="mou",
        legally_binding=False,
        status="in_force",
        signed_on=D(2020, 1, 1),
        unverified=True,
        note="The signature date is not confirmed.",
    )
    mou.sources.add(world["source"])
    for iso2 in ["GB", "BR"]:
        AgreementParty.objects.create(agreement=mou, country=c[iso2])
    Membership.objects.create(
        organisation=world["gcap"], country=c["AU"], joined_on=D(2024, 1, 1), unverified=True
    )
    return world


def hatched(page, iso2):
    return page.locator(f"path.unverified-hatch.hatch-{iso2}")


def test_a_partner_tied_by_unverified_records_only_is_hatched_and_named(served, unverified, page):
    page.goto(served + "/?country=BR")
    settled(page, coloured="tier:GB", panel="country:BR")
    # Its tier's colour stays, with the hatch drawn over it.
    assert fill_of(page, "BR") == POLITICAL
    assert hatched(page, "BR").count() >= 1
    assert hatched(page, "BR").first.get_attribute("fill") == "url(#unverified-hatch)"
    assert page.locator("#map pattern#unverified-hatch").count() == 1
    assert hatched(page, "AU").count() >= 1  # by its unverified GCAP membership
    assert hatched(page, "JP").count() == 0 and hatched(page, "FR").count() == 0
    legend = page.locator("#legend").inner_text()
    assert "Unverified only (2)" in legend
    assert page.locator("#legend-items li.legend-pattern .swatch-unverified").count() == 1
    # The panel says so at the tie with the focus.
    focus_tie = page.locator("#partners li.focus-tie")
    assert "Unverified records only" in focus_tie.inner_text()
    assert "UK-Brazil MoU" in focus_tie.inner_text()
    # The list view too.
    page.locator("#list-toggle").click()
    assert "(unverified only)" in page.locator("#list-view tr", has_text="Brazil").inner_text()
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], "trust-1280.png"))
    assert page.errors == []


def test_an_unverified_membership_is_flagged_at_its_tie(served, unverified, page):
    page.goto(served + "/?country=AU")
    settled(page, coloured="tier:GB", panel="country:AU")
    focus_tie = page.locator("#partners li.focus-tie")
    assert "Unverified records only" in focus_tie.inner_text()
    gcap = focus_tie.locator("li.organisation", has_text="GCAP")
    assert gcap.locator("details.flag-unverified summary").inner_text() == "Unverified"
    assert page.errors == []


def test_verified_only_leaves_them_out_and_the_url_reload_and_back_keep_it(
    served, unverified, page
):
    page.goto(served + "/?country=BR")
    settled(page, coloured="tier:GB", panel="country:BR")
    page.locator("#filters summary").click()
    page.get_by_label("Verified only").check()
    settled(page, coloured="tier:GB:verified", panel="country:BR")
    assert "verified=1" in page.url
    assert fill_of(page, "BR") == NO_TIE and fill_of(page, "AU") == NO_TIE
    assert hatched(page, "BR").count() == 0
    assert fill_of(page, "JP") == "#3b528b"  # its verified treaties still tie it
    legend = page.locator("#legend").inner_text()
    assert "Verified records only." in legend and "Unverified only" not in legend
    assert "No recorded tie with United Kingdom" in page.locator("#partners").inner_text()
    assert "(1 on)" in page.locator("#filters summary").inner_text()
    # Reload keeps it.
    page.reload()
    settled(page, coloured="tier:GB:verified", panel="country:BR")
    assert page.get_by_label("Verified only").is_checked()
    assert fill_of(page, "BR") == NO_TIE
    # Back restores the view before the switch.
    page.go_back()
    settled(page, coloured="tier:GB:2", panel="country:BR")  # "tier:GB:<date>": unfiltered
    assert "verified" not in page.url
    assert not page.get_by_label("Verified only").is_checked()
    assert fill_of(page, "BR") == POLITICAL and hatched(page, "BR").count() >= 1
    # Forward again.
    page.go_forward()
    settled(page, coloured="tier:GB:verified", panel="country:BR")
    assert fill_of(page, "BR") == NO_TIE
    assert page.errors == []


def test_the_organisation_panel_shows_its_summary_and_each_memberships_sources(served, world, page):
    gcap = world["gcap"]
    gcap.summary = "A <b>sixth-generation</b> fighter programme."
    gcap.save()
    source = Source.objects.create(
        url="https://example.org/italy-joins-gcap",
        title="<img src=x onerror=alert(1)> Italy joins",
        publisher="Ministry of Defence",
        accessed_on=D(2026, 11, 22),
    )
    Membership.objects.get(organisation=gcap, country__iso2="IT").sources.add(source)
    page.goto(served + "/?org=gcap")
    settled(page, coloured="org:gcap", panel="org:gcap")
    about = page.locator("#partners li.organisation-about")
    assert about.locator("p.summary").inner_text() == "A <b>sixth-generation</b> fighter programme."
    assert about.locator("details.sources summary").inner_text() == "1 source"
    italy = page.locator('#partners li.member[data-iso2="IT"]')
    italy.locator("details.sources summary").click()
    link = italy.locator("details.sources a")
    assert link.inner_text() == "Ministry of Defence: <img src=x onerror=alert(1)> Italy joins"
    assert link.get_attribute("href") == "https://example.org/italy-joins-gcap"
    assert "noopener" in link.get_attribute("rel")
    assert page.locator("#partners img").count() == 0
    # A membership with no sources of its own lists none (the organisation's apply).
    assert page.locator('#partners li.member[data-iso2="JP"] details.sources').count() == 0
    assert page.errors == []
