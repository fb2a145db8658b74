"""The country panel answers first with the tie with the focus, lists a
multilateral tie once, folds partners and can be searched."""

import os

import pytest

from maps.tests.conftest import settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_france_with_the_uk_as_focus_shows_the_uk_tie_first_in_full(served, page, world):
    world["lancaster"].summary = "Defence and security co-operation, <b>not</b> markup."
    world["lancaster"].save()
    page.goto(served + "/?country=FR&as_of=2024-03-01")
    settled(page, panel="country:FR")
    first = page.locator("#partners > li").first
    assert "focus-tie" in first.get_attribute("class")
    assert first.get_attribute("data-iso2") == "GB"
    text = first.inner_text()
    assert "Tie with United Kingdom, the focus" in text
    assert "Mutual defence · score" in text
    # Every tie, dated, cited, with its summary as text, none folded away.
    assert "Lancaster House Treaty" in text
    assert "1 July 2011" in text
    assert "Defence and security co-operation, <b>not</b> markup." in text
    assert "NATO" in text and "Obligation: mutual defence" in text
    assert first.locator("details.sources").count() >= 1
    assert first.locator("details.partner-ties").count() == 0
    assert page.errors == []


def test_a_country_with_no_tie_to_the_focus_says_so_plainly(served, page):
    page.goto(served + "/?country=BR&as_of=2024-03-01")
    settled(page, panel="country:BR")
    assert (
        page.locator("#partners > li.focus-tie").inner_text()
        == "No recorded tie with United Kingdom on 1 March 2024."
    )
    # The focus itself has no "tie with the focus".
    page.goto(served + "/?country=GB")
    settled(page, panel="country:GB")
    assert page.locator("#partners > li.focus-tie").count() == 0
    page.goto(served + "/?org=nato&country=GB")  # not even from an organisation's view
    settled(page, panel="country:GB")
    assert page.locator("#partners > li.focus-tie").count() == 0
    assert page.errors == []


def test_a_multilateral_tie_is_listed_once_with_its_partners(served, page):
    page.goto(served + "/?country=FR")
    settled(page, panel="country:FR")
    groups = page.locator("#partners li.group")
    assert groups.count() == 1
    assert groups.locator("summary").inner_text() == "NATO: 4 allies"
    # Not repeated under each partner: named there, folded, its details once.
    us = page.locator('#partners li.partner[data-iso2="US"]')
    assert "Also shared: NATO (listed once above)." in us.inner_text()
    assert "Obligation: mutual defence" not in us.inner_text()
    assert not groups.locator(".group-partners").is_visible()
    groups.locator("summary").click()
    partners = groups.locator(".group-partners li")
    assert sorted(partners.all_inner_texts()) == [
        "Finland",
        "Italy",
        "Japan (partner)",
        "United States",
    ]
    partners.get_by_role("button", name="Italy").click()
    settled(page, panel="pair:FR:IT")
    assert page.errors == []


def test_the_search_box_filters_partners_and_ties_by_name_and_says_how_many(served, page):
    page.goto(served + "/?country=JP")
    settled(page, panel="country:JP")
    search = page.get_by_label("Find a partner or tie")
    others = page.locator("#partners li.partner:not(.focus-tie)")
    assert others.count() == 4
    search.fill("ital")
    assert others.count() == 1
    assert others.first.get_attribute("data-iso2") == "IT"
    assert "1 of 4 other partners" in page.locator("#panel-status").inner_text()
    assert page.locator("#panel-status").get_attribute("aria-live") == "polite"
    # By a tie's name: the partner's ties unfold to show it.
    search.fill("combat air")
    assert others.count() == 1
    assert "GCAP — both members" in others.first.inner_text()
    search.fill("nothing like this")
    assert others.count() == 0
    assert "0 of 4 other partners" in page.locator("#panel-status").inner_text()
    # The tie with the focus stays, whatever the query.
    assert page.locator("#partners li.focus-tie").count() == 1
    search.fill("")
    assert others.count() == 4
    assert page.errors == []


@pytest.mark.parametrize("width,height", [(1280, 800), (375, 740)])
def test_france_with_the_uk_as_focus_on_desktop_and_phone(served, browser, width, height):
    """The answer is on screen without scrolling the panel; a screenshot is kept
    when SCREENSHOT_DIR is set (to look at)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served + "/?country=FR")
    settled(page, panel="country:FR")
    caption = page.locator("#partners li.focus-tie .focus-caption")
    caption.scroll_into_view_if_needed()
    assert caption.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], f"france-uk-{width}.png"))
    context.close()
    assert errors == []


def test_a_country_with_one_partner_says_one_partner(served, page, world):
    # It said "1 partners.".
    from relationships.models import Agreement, AgreementParty, Country

    mou = Agreement.objects.create(
        key="gb-br-test",
        title="A UK-Brazil memorandum",
        kind="mou",
        status="signed",
        signed_on="2020-01-01",
    )
    mou.sources.add(world["source"])
    for code in ("GB", "BR"):
        AgreementParty.objects.create(agreement=mou, country=Country.objects.get(iso2=code))
    page.goto(served + "/?country=BR&as_of=2024-03-01")
    settled(page, panel="country:BR")
    assert page.locator("#panel-status").inner_text() == "1 partner."
    assert page.errors == []


def test_a_folded_partners_ties_are_there_the_moment_it_is_opened(served, page):
    # They were built on the "toggle" event, which the browser fires after the
    # click returns: a reader (or a test) looking straight away found "1 tie" and
    # nothing under it (CI, 3 December 2026).
    page.goto(served + "/?country=GB")
    settled(page, panel="country:GB")
    texts = page.evaluate(
        """() => {
            const details = document.querySelector('#partners li.partner details.partner-ties');
            const before = details.textContent;
            details.querySelector('summary').click();
            return [before, details.textContent, details.open];
        }"""
    )
    before, after, is_open = texts
    assert is_open
    assert len(after) > len(before)
    group = page.evaluate(
        """() => {
            const details = document.querySelector('#partners li.group details');
            details.querySelector('summary').click();
            return details.querySelectorAll('.group-partners li').length;
        }"""
    )
    assert group > 0
    assert page.errors == []
