"""What is on screen leaves the page: CSV and GeoJSON of the view, the map as
PNG and SVG with its legend, date and filters, and the view's link."""

import os
import struct
from pathlib import Path

import pytest
from playwright.sync_api import expect

from maps.tests.conftest import settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEW = "/?country=FR&as_of=2024-03-01&kind=treaty"


def download(page, name):
    page.locator("#downloads summary").click()
    with page.expect_download() as info:
        page.get_by_role("button", name=name).click()
    return info.value


def test_the_png_export_is_an_image_of_the_map_with_its_legend_band(served, page):
    page.goto(served + VIEW)
    settled(page, coloured="tier:GB", panel="country:FR")
    saved = download(page, "Map image (PNG)")
    assert saved.suggested_filename == "defence-map-GB-2024-03-01.png"
    data = Path(saved.path()).read_bytes()
    if os.environ.get("SCREENSHOT_DIR"):  # kept to look at
        Path(os.environ["SCREENSHOT_DIR"], saved.suggested_filename).write_bytes(data)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    map_box = page.locator("#map").bounding_box()
    assert width == round(map_box["width"] * 2)
    assert height > map_box["height"] * 2  # the map, then the legend band below
    # It opens: the browser decodes it to the same size.
    decoded = page.evaluate(
        """async (bytes) => {
            const blob = new Blob([new Uint8Array(bytes)], { type: "image/png" });
            const bitmap = await createImageBitmap(blob);
            return [bitmap.width, bitmap.height];
        }""",
        list(data),
    )
    assert decoded == [width, height]
    assert "saved as defence-map-GB-2024-03-01.png" in page.locator("#share-status").inner_text()
    assert page.errors == []


def test_the_svg_export_draws_the_map_the_legend_the_date_and_the_filters(served, page):
    page.goto(served + VIEW)
    settled(page, coloured="tier:GB", panel="country:FR")
    saved = download(page, "Map drawing (SVG)")
    assert saved.suggested_filename == "defence-map-GB-2024-03-01.svg"
    text = Path(saved.path()).read_text(encoding="utf-8")
    assert text.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in text
    assert text.count("<path") > 100  # every country
    assert "Tie with United Kingdom" in text
    assert "Binding agreement (1)" in text  # France, by the Lancaster House Treaty alone
    assert "As of 1 March 2024. Filters: Kind: treaty." in text
    assert "Boundaries: Natural Earth" in text
    assert page.errors == []


def test_the_csv_and_geojson_links_follow_the_date_and_the_filters(served, page):
    page.goto(served + VIEW)
    settled(page, coloured="tier:GB", panel="country:FR")
    csv_href = page.locator("#download-csv").get_attribute("href")
    assert csv_href == "/api/agreements/?format=csv&country=FR&active_on=2024-03-01&kind=treaty"
    csv = page.request.get(served + csv_href)
    assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "gb-fr-lancaster-house" in csv.text()
    geojson_href = page.locator("#download-geojson").get_attribute("href")
    assert geojson_href == (
        "/api/countries/GB/relationships/?format=geojson&as_of=2024-03-01&kind=treaty"
    )
    geojson = page.request.get(served + geojson_href)
    assert geojson.status == 200
    assert geojson.headers["content-type"].startswith("application/geo+json")
    assert geojson.json()["type"] == "FeatureCollection"
    # A change of date moves the links with it.
    page.locator("#as-of").fill("2020-01-01")
    page.locator("#as-of").dispatch_event("change")
    settled(page, panel="country:FR")
    assert "active_on=2020-01-01" in page.locator("#download-csv").get_attribute("href")
    assert page.errors == []


def unverified_mou(world):
    """Brazil tied to the UK by an unverified MoU only."""
    import datetime

    from relationships.models import Agreement, AgreementParty

    mou = Agreement.objects.create(
        key="gb-br-mou",
        title="UK-Brazil MoU",
        kind="mou",
        legally_binding=False,
        status="in_force",
        signed_on=datetime.date(2020, 1, 1),
        unverified=True,
    )
    mou.sources.add(world["source"])
    for iso2 in ["GB", "BR"]:
        AgreementParty.objects.create(agreement=mou, country=world["countries"][iso2])


def test_the_svg_export_draws_the_unverified_hatch_and_names_it_in_its_legend(served, world, page):
    unverified_mou(world)
    page.goto(served + "/?country=BR")
    settled(page, coloured="tier:GB", panel="country:BR")
    text = Path(download(page, "Map drawing (SVG)").path()).read_text(encoding="utf-8")
    assert 'fill="url(#unverified-hatch)"' in text  # Brazil, hatched
    assert '<pattern id="unverified-hatch"' in text  # defined in the drawing itself
    assert "Unverified only (1)" in text
    assert 'fill="url(#legend-hatch)"' in text and '<pattern id="legend-hatch"' in text
    assert page.errors == []


def test_verified_only_reaches_the_downloads_and_the_drawings_filters_line(served, world, page):
    unverified_mou(world)
    page.goto(served + "/?country=BR&verified=1&as_of=2024-03-01")
    settled(page, coloured="tier:GB:verified", panel="country:BR")
    csv_href = page.locator("#download-csv").get_attribute("href")
    geojson_href = page.locator("#download-geojson").get_attribute("href")
    assert "verified=true" in csv_href and "verified=true" in geojson_href
    assert "gb-br-mou" not in page.request.get(served + csv_href).text()
    features = page.request.get(served + geojson_href).json()["features"]
    assert all(f["properties"]["tier"] is None for f in features if f["properties"]["iso2"] == "BR")
    text = Path(download(page, "Map drawing (SVG)").path()).read_text(encoding="utf-8")
    assert "As of 1 March 2024. Filters: verified only." in text
    assert "url(#unverified-hatch)" not in text  # nothing hatched
    assert page.errors == []


def test_copy_link_puts_the_view_on_the_clipboard(served, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served + VIEW)
    settled(page, panel="country:FR")
    page.get_by_role("button", name="Copy link").click()
    status = page.locator("#share-status")
    assert status.get_attribute("aria-live") == "polite"
    # Polled from outside the page: a predicate string evaluated in the page is refused
    # by the CSP (no 'unsafe-eval') whenever the clipboard has not answered at once.
    expect(status).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert "country=FR" in page.url and "kind=treaty" in page.url
    context.close()


def test_the_svg_export_of_changes_since_a_date_draws_their_legend_and_names_the_date(served, page):
    page.goto(served + "/?since=2023-01-01&as_of=2023-12-31")
    settled(page, coloured="changes:GB:2023-01-01")
    saved = download(page, "Map drawing (SVG)")
    assert saved.suggested_filename == "defence-map-GB-since-2023-01-01-2023-12-31.svg"
    text = Path(saved.path()).read_text(encoding="utf-8")
    assert "Changes since 1 January 2023 in ties with United Kingdom" in text
    assert "Rose: a new or stronger tie (2)" in text  # Finland and Japan
    assert "As of 31 December 2023. Changes since 1 January 2023. No filters." in text
    assert 'fill="#004488"' in text  # the countries that rose, drawn
    assert page.errors == []
