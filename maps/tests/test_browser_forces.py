"""The forces layer in the real page: switched on, drawn, clicked, read, kept in the URL."""

import datetime

import pytest

from maps.tests.conftest import settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date


@pytest.fixture
def forces(world):
    """Three presences (two of the UK, one of the US) and one exercise edition."""
    from relationships.forces import ExerciseEdition, ExerciseLocation, ExerciseSeries, Presence

    c = world["countries"]

    def presence(key, name, kind, host, operators, lat, lng, **extra):
        made = Presence.objects.create(
            key=key,
            name=name,
            kind=kind,
            host=c[host],
            latitude=lat,
            longitude=lng,
            started_on=extra.pop("started_on", D(2020, 1, 1)),
            **extra,
        )
        made.operators.set([c[code] for code in operators])
        made.sources.add(world["source"])
        return made

    made = {
        "rotation": presence(
            "gb-jp-rotation",
            "UK rotational force in Japan",
            "rotational_deployment",
            "JP",
            ["GB"],
            35.5,
            139.5,
            started_on=D(2024, 3, 1),
            started_on_precision="month",
            agreement=world["raa"],
            personnel=120,
            summary="A rotational training presence under the Reciprocal Access Agreement.",
            location_name="Camp Fuji",
        ),
        "falklands": presence(
            "gb-fk-base", "Mount Pleasant", "base", "FK", ["GB"], -51.8, -58.4, personnel=1200
        ),
        "us-italy": presence("us-it-base", "Aviano Air Base", "base", "IT", ["US"], 46.0, 12.6),
    }
    series = ExerciseSeries.objects.create(key="talisman-sabre", name="Talisman Sabre")
    edition = ExerciseEdition.objects.create(
        series=series,
        key="talisman-sabre-2026",
        name="Talisman Sabre 2026",
        started_on=datetime.date.today() - datetime.timedelta(days=60),
        ended_on=datetime.date.today() - datetime.timedelta(days=45),
    )
    edition.leads.set([c["AU"], c["US"]])
    edition.participants.set([c["GB"], c["JP"]])
    edition.hosts.set([c["AU"]])
    edition.sources.add(world["source"])
    ExerciseLocation.objects.create(
        edition=edition, name="Shoalwater Bay", country=c["AU"], latitude=-22.4, longitude=150.3
    )
    made["edition"] = edition
    return made


def clickable(found):
    """The first of `found` a click reaches (the legend covers a corner of the map)."""
    from playwright.sync_api import TimeoutError as Covered

    for index in range(found.count()):
        try:
            found.nth(index).click(trial=True, timeout=300)
            return found.nth(index)
        except Covered:
            pass
    raise AssertionError("every marker is covered")


def markers(page):
    page.wait_for_selector("body[data-forces]", state="attached")
    return page.locator(".presence-marker")


def test_switching_the_layer_on_draws_a_symbol_per_presence_and_names_them_in_the_legend(
    served, page, forces
):
    page.goto(served + "/")
    settled(page)
    assert page.locator(".forces-marker").count() == 0
    assert not page.locator("#legend-forces").is_visible()
    page.get_by_label("Forces", exact=True).check()
    assert markers(page).count() == 3
    assert "forces=1" in page.url
    assert page.locator(".presence-marker.kind-base").count() == 2
    assert page.locator(".presence-marker.kind-rotational_deployment svg path").count() == 1
    legend = page.locator("#legend-forces")
    assert legend.is_visible()
    assert "Base" in legend.inner_text() and "Rotational deployment" in legend.inner_text()
    page.get_by_label("Exercises", exact=True).check()
    page.wait_for_selector(".exercise-marker")
    assert page.locator(".exercise-marker").count() == 1
    page.get_by_label("Forces", exact=True).uncheck()
    page.wait_for_function("() => document.body.dataset.forces === '1'")
    assert page.locator(".presence-marker").count() == 0
    assert page.errors == []


def test_the_focus_countrys_presences_stand_out_and_the_rest_are_muted(served, page, forces):
    page.goto(served + "/?forces=1")
    markers(page).first.wait_for()
    assert page.locator('.presence-marker.emphasis-focus[data-key="gb-jp-rotation"]').count() == 1
    assert page.locator('.presence-marker.emphasis-focus[data-key="gb-fk-base"]').count() == 1
    assert page.locator('.presence-marker.emphasis-muted[data-key="us-it-base"]').count() == 1
    page.select_option("#focus-picker", "IT")
    page.wait_for_selector('.presence-marker.emphasis-focus[data-key="us-it-base"]')
    assert page.locator('.presence-marker.emphasis-muted[data-key="gb-fk-base"]').count() == 1
    assert page.errors == []


def test_clicking_a_marker_shows_the_presence_in_the_panel(served, page, forces):
    page.goto(served + "/?forces=1")
    markers(page).first.wait_for()
    page.evaluate("document.querySelector('[data-key=us-it-base]').kept = true")
    page.locator('.presence-marker[data-key="gb-jp-rotation"]').click()
    settled(page, panel="presence:gb-jp-rotation")
    assert page.locator("#panel-heading").inner_text() == "UK rotational force in Japan"
    # Only the chosen marker is restyled: the others are not rebuilt (a click stays fast).
    assert page.evaluate("document.querySelector('[data-key=us-it-base]').kept") is True
    text = page.locator("#partners").inner_text()
    for fact in [
        "Rotational deployment",
        "United Kingdom",
        "Japan",
        "Camp Fuji",
        "Since March 2024",
        "120 personnel",
        "UK-Japan Reciprocal Access Agreement",
        "A rotational training presence under the Reciprocal Access Agreement.",
    ]:
        assert fact in text, fact
    page.locator("#partners .sources summary").click()
    link = page.locator("#partners .sources a").first
    assert link.get_attribute("href") == "https://example.org/source"
    assert "noopener" in link.get_attribute("rel")
    assert "presence=gb-jp-rotation" in page.url
    assert page.locator('.presence-marker.chosen[data-key="gb-jp-rotation"]').count() == 1
    # The agreement behind it: the ties between operator and host, in the panel.
    page.get_by_role("button", name="Ties between United Kingdom and Japan").click()
    settled(page, panel="pair:GB:JP")
    assert "UK-Japan Reciprocal Access Agreement" in page.locator("#partners").inner_text()
    assert page.errors == []


def test_a_hostile_presence_name_and_summary_render_as_text(served, page, forces):
    from relationships.forces import Presence

    hostile = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>Base'
    Presence.objects.filter(key="gb-jp-rotation").update(
        name=hostile, summary='<a href="javascript:window.__xss=3">x</a>', location_name=hostile
    )
    page.goto(served + "/?forces=1&country=GB")
    settled(page, panel="country:GB")
    page.wait_for_selector("body[data-panel-forces]", state="attached")
    page.locator('.presence-marker[data-key="gb-jp-rotation"]').hover()
    assert hostile in page.locator(".forces-tooltip").inner_text()
    page.locator('.presence-marker[data-key="gb-jp-rotation"]').click()
    settled(page, panel="presence:gb-jp-rotation")
    assert page.locator("#panel-heading").inner_text() == hostile
    assert '<a href="javascript:window.__xss=3">x</a>' in page.locator("#partners").inner_text()
    assert page.evaluate("window.__xss") is None
    injected = (
        '#panel img, #panel script, .leaflet-pane img, .leaflet-pane script, a[href^="javascript:"]'
    )
    assert page.locator(injected).count() == 0
    assert page.errors == []


def test_the_layers_and_the_presence_survive_a_reload_and_back_and_forward(served, page, forces):
    page.goto(served + "/")
    settled(page)
    page.get_by_label("Forces", exact=True).check()
    markers(page).first.wait_for()
    page.locator('.presence-marker[data-key="us-it-base"]').click()
    settled(page, panel="presence:us-it-base")
    page.reload()
    settled(page, panel="presence:us-it-base")
    assert page.get_by_label("Forces", exact=True).is_checked()
    assert markers(page).count() == 3
    assert page.locator("#panel-heading").inner_text() == "Aviano Air Base"
    page.go_back()  # the presence closes
    settled(page, panel="none")
    assert page.get_by_label("Forces", exact=True).is_checked()
    page.go_back()  # the layer goes off
    page.wait_for_function("() => !document.querySelector('#forces-toggle').checked")
    page.wait_for_function("() => document.body.dataset.forces === '0'")
    page.go_forward()
    page.wait_for_function("() => document.body.dataset.forces === '3'")
    assert page.get_by_label("Forces", exact=True).is_checked()
    assert page.errors == []


def test_keyboard_users_reach_a_presence_through_the_countrys_panel(served, page, forces):
    page.goto(served + "/?country=JP")
    settled(page, panel="country:JP")
    page.wait_for_selector("body[data-panel-forces]", state="attached")
    section = page.locator(".forces-section")
    assert "Foreign forces in Japan: 1 presence" in section.inner_text()
    assert "Japan’s forces abroad: 0 presences" in section.inner_text()
    assert "Exercises in the year to " in section.inner_text()
    assert ": 1 edition" in section.inner_text()
    page.locator(".forces-hosted summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "UK rotational force in Japan"
    page.keyboard.press("Enter")
    settled(page, panel="presence:gb-jp-rotation")
    assert page.evaluate("document.activeElement.id") == "panel-heading"
    assert "Camp Fuji" in page.locator("#partners").inner_text()
    page.get_by_role("button", name="Back to Japan").press("Enter")
    settled(page, panel="country:JP")
    # The exercise, the same way.
    page.locator(".forces-exercises summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    settled(page, panel="exercise:talisman-sabre-2026")
    text = page.locator("#partners").inner_text()
    assert "Shoalwater Bay" in text and "Australia, United States" in text
    assert page.errors == []


def test_the_list_view_lists_the_markers_with_buttons_to_the_panel(served, page, forces):
    page.goto(served + "/?forces=1&exercises=1&view=list")
    page.wait_for_selector("body[data-forces='4']", state="attached")
    rows = page.locator("#list-forces tbody tr")
    assert rows.count() == 4
    assert "4 in this view." in page.locator("#list-forces-status").inner_text()
    row = page.locator('#list-forces tr[data-key="us-it-base"]')
    cells = row.locator("th, td").all_inner_texts()
    assert [cell.strip() for cell in cells] == ["Aviano Air Base", "Base", "United States", "Italy"]
    row.get_by_role("button").click()
    settled(page, panel="presence:us-it-base")
    assert page.locator("#panel-heading").inner_text() == "Aviano Air Base"
    assert page.errors == []


def test_at_375_px_the_layer_toggles_and_a_marker_opens_the_sheet(served, browser, forces):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    phone = context.new_page()
    phone.goto(served + "/?forces=1")
    phone.wait_for_selector('.presence-marker[data-key="us-it-base"]')
    assert phone.get_by_label("Forces", exact=True).is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    # Italy starts under the legend: drag it into the open, as a thumb would.
    phone.mouse.move(250, 380)
    phone.mouse.down()
    phone.mouse.move(320, 330, steps=5)
    phone.mouse.move(380, 300, steps=5)
    phone.mouse.up()
    phone.locator('.presence-marker[data-key="us-it-base"]').click()
    settled(phone, panel="presence:us-it-base")
    assert phone.locator("#panel-heading").is_visible()
    context.close()


def test_a_dense_view_is_drawn_as_count_bubbles_that_zoom_in_when_clicked(served, page, world):
    from relationships.forces import Presence

    c = world["countries"]
    Presence.objects.bulk_create(
        Presence(
            key=f"dense-{i}",
            name=f"Dense {i}",
            kind="base",
            host=c["FR"],
            latitude=35 + (i % 20) * 1.25,
            longitude=-10 + (i // 20) * 3.1,
            started_on=D(2020, 1, 1),
        )
        for i in range(320)
    )
    page.goto(served + "/?forces=1")
    page.wait_for_selector(".presences-cluster")
    assert page.locator(".presence-marker").count() == 0
    counts = [int(text) for text in page.locator(".presences-cluster").all_inner_texts()]
    assert sum(counts) == 320
    for _ in range(4):
        if page.locator(".presence-marker").count():
            break
        view = page.evaluate("document.body.dataset.forcesView")
        clickable(page.locator(".presences-cluster")).click()
        page.wait_for_function(
            "(view) => document.body.dataset.forces && document.body.dataset.forcesView !== view",
            arg=view,
        )
    assert page.locator(".presence-marker").count() > 0
    assert "zoom=" in page.evaluate("document.body.dataset.forcesView")
    assert page.errors == []
