import os

import pytest

from tools.chromium import CHROMIUM, launch


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (its own browser download is not used)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = launch(playwright)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"), dialog.dismiss())
    )
    yield page
    context.close()


_topology = {}


@pytest.fixture
def served(live_server, world, settings):
    """The live site over the `world` fixture, with the real boundaries.

    The first test runs the real import; the others reload its countries and
    restore the TopoJSON it built (the page reads nothing else), which saves
    the simplification, a few seconds per test.
    """
    from django.core.management import call_command

    from relationships.importers.boundaries import import_countries
    from relationships.models import BoundaryTopology

    fields = ["name", "topojson", "digest", "feature_count", "tolerance"]
    if not _topology:
        call_command("import_boundaries", verbosity=0)
        _topology.update(BoundaryTopology.objects.values(*fields).get(name="countries"))
    else:
        import_countries(settings.COUNTRIES_FILE)
        BoundaryTopology.objects.create(**_topology)
    return live_server.url


def fill_of(page, iso2):
    """The colour the map paints a country with."""
    return page.locator(f"path.country-{iso2}").first.get_attribute("fill")


def settled(page, coloured=None, panel=None):
    """Wait until the map and the panel have both drawn (optionally a given view)."""
    map_selector = f'body[data-coloured^="{coloured}"]' if coloured else "body[data-coloured]"
    panel_selector = f'body[data-panel="{panel}"]' if panel else "body[data-panel]"
    page.wait_for_selector(map_selector, state="attached")
    page.wait_for_selector(panel_selector, state="attached")
