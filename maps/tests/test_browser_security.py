"""Hostile text runs nothing in the real page, and every page works under the CSP.

Each page is checked with a listener for `securitypolicyviolation` installed
before any script of the page runs, and a `window.__xss` marker that any
injected script or handler would set.
"""

import pytest

from maps.tests.conftest import settled
from relationships.models import Agreement, Country, Organisation, Source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=2">'
SVG = '<svg onload="window.__xss=3"></svg>'
LINK = '<a href="javascript:window.__xss=4">x</a>'
RTL = "\u202eevil\u202c\u200b"
LONG = "Ω" * 10_000
EMOJI = "🛡️🇬🇧"

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""
INJECTED = (
    'img[src="x"], [onerror], [onload], [onmouseover], a[href^="javascript:"], '
    "#partners script, #panel script, #legend script, .leaflet-tooltip script"
)


@pytest.fixture
def watched(page):
    page.add_init_script(WATCH)
    page.console = []
    page.on("console", lambda message: page.console.append(message.text))
    return page


def violations(page):
    found = page.evaluate("window.__csp")
    return found + [m for m in page.console if "Content Security Policy" in m]


def assert_nothing_ran(page):
    assert page.evaluate("window.__xss") is None
    assert page.locator(INJECTED).count() == 0
    assert page.errors == []  # no page error and no dialog
    assert violations(page) == []


@pytest.fixture
def hostile(world):
    Country.objects.filter(iso2="JP").update(name=SCRIPT + SVG + RTL)
    Country.objects.filter(iso2="GB").update(name=IMG + EMOJI)
    Agreement.objects.filter(pk=world["raa"].pk).update(
        title=SCRIPT + IMG + LINK, short_title=SVG + RTL + SCRIPT, summary=LONG
    )
    Source.objects.filter(pk=world["source"].pk).update(title=LINK + IMG)
    Organisation.objects.filter(pk=world["nato"].pk).update(name=SCRIPT + SVG, short_name=IMG[:60])
    return world


def test_hostile_names_and_titles_show_as_text_in_panel_tooltip_and_legend(
    served, watched, hostile
):
    page = watched
    page.goto(served + "/?country=JP")
    settled(page, panel="country:JP")
    assert SCRIPT + SVG in page.locator("#panel").inner_text()
    assert SVG + RTL + SCRIPT in page.locator("#panel").inner_text()
    assert IMG in page.locator("#legend").inner_text()  # the focus, GB
    page.locator("path.country-JP").first.hover(force=True)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert SCRIPT in tooltip.inner_text()
    assert_nothing_ran(page)


def test_a_hostile_organisation_name_shows_as_text_in_the_organisation_view(
    served, watched, hostile
):
    page = watched
    page.goto(served + "/?org=nato")
    settled(page, coloured="org:nato", panel="org:nato")
    options = page.locator("#organisation-picker option").all_inner_texts()
    assert any(SCRIPT in option for option in options)
    assert_nothing_ran(page)


def test_the_map_colours_under_the_csp_with_no_violation(served, watched):
    page = watched
    response = page.goto(served + "/")
    assert (
        "'unsafe-inline'"
        not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    )
    settled(page)
    assert page.locator("path.country-FR").first.get_attribute("fill") != "#f4f4f2"
    assert page.locator("#map.leaflet-container").count() == 1  # the nonced set-up ran
    assert_nothing_ran(page)


def test_the_api_docs_render_under_the_csp_with_no_violation(served, watched):
    page = watched
    page.goto(served + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Defence relationships map API" in page.locator(".info .title").inner_text()
    page.wait_for_selector(".opblock-tag")
    assert page.locator(".opblock").count() > 10
    assert_nothing_ran(page)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/relationships/agreement/",
        "/admin/relationships/agreement/add/",
        "/admin/relationships/agreement/{raa}/change/",
        "/admin/relationships/agreement/{raa}/history/",
        "/admin/relationships/agreement/import/",
        "/admin/relationships/agreement/export/",
    ],
)
def test_the_admin_works_under_the_csp_with_no_violation(
    served, watched, hostile, admin_user, path
):
    page = watched
    page.goto(served + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url(served + "/admin/")
    page.goto(served + path.format(raa=hostile["raa"].pk))
    page.wait_for_load_state("load")
    assert page.locator("#content").count() == 1
    if path.endswith("/add/"):
        # The admin's own scripts ran: the parties inline has its "Add another" link.
        page.wait_for_selector(".add-row a")
    if path.endswith("/export/"):
        # django-import-export's "Select all" handler (allowed by its hash) runs.
        toggle = page.locator("input.select-toggle")
        toggle.uncheck()
        assert page.locator("input[name^=agreementresource_]:checked").count() == 0
    assert_nothing_ran(page)
