"""The admin's point picker: a click on its small map fills the latitude and longitude, typed
values move the marker, and it all runs under the site's CSP."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_a_click_on_the_map_fills_the_point_and_typing_moves_the_marker(
    served, page, admin_user, tmp_path
):
    page.add_init_script(WATCH)
    page.goto(served + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url(served + "/admin/")
    page.goto(served + "/admin/relationships/presence/add/")
    picker = page.locator("[data-point-picker]")
    picker.wait_for()
    page.wait_for_selector("[data-point-picker].leaflet-container")
    # The countries' outlines are drawn from the site's boundaries (no tile server).
    page.wait_for_selector("[data-point-picker] path.leaflet-interactive, [data-point-picker] path")
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    latitude = float(page.input_value("#id_latitude"))
    longitude = float(page.input_value("#id_longitude"))
    assert -90 <= latitude <= 90 and -180 <= longitude <= 180
    assert page.locator("[data-point-picker] .leaflet-marker-icon").count() == 1
    page.fill("#id_latitude", "34.59")
    page.fill("#id_longitude", "32.99")
    page.dispatch_event("#id_longitude", "change")
    marker = page.locator("[data-point-picker] .leaflet-marker-icon")
    marker_box = marker.bounding_box()
    picker_box = picker.bounding_box()
    # Panned to the typed point: the marker stands at the map's centre.
    assert (
        abs(marker_box["x"] + marker_box["width"] / 2 - (picker_box["x"] + picker_box["width"] / 2))
        < 20
    )
    assert picker_box["width"] > 300 and picker_box["height"] > 200
    page.wait_for_timeout(800)
    page.locator("fieldset").nth(2).screenshot(path=str(tmp_path / "point-picker.png"))
    print(tmp_path / "point-picker.png")
    assert page.evaluate("window.__csp") == []
    assert page.errors == []
