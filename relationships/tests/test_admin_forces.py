"""The forces admin: presences and exercises added and edited with history, checked, and a
point outside the host country saved with a warning."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from relationships.models import Boundary, ExerciseEdition, Presence

ADD = reverse("admin:relationships_presence_add")

# Japan drawn as a box: 30-45°N, 129-146°E.
JAPAN = {
    "type": "Polygon",
    "coordinates": [[[129, 30], [146, 30], [146, 45], [129, 45], [129, 30]]],
}


def presence_form(world, **fields):
    data = {
        "name": "A test base",
        "key": "gb-jp-test-base",
        "kind": "base",
        "host": world["countries"]["JP"].pk,
        "operators": [world["countries"]["GB"].pk],
        "organisation": "",
        "agreement": world["raa"].pk,
        "location_name": "Near Tokyo",
        "latitude": "35.5",
        "longitude": "139.25",
        "started_on": "2023-10-15",
        "started_on_precision": "day",
        "ended_on": "",
        "ended_on_precision": "day",
        "personnel": "",
        "personnel_as_of": "",
        "personnel_as_of_precision": "day",
        "units": "",
        "sources": [world["source"].pk],
        "summary": "",
        "note": "",
    }
    data.update(fields)
    return data


def warnings(response):
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


@pytest.fixture
def japan(world):
    return Boundary.objects.create(
        key="japan", name="Japan", country=world["countries"]["JP"], geometry=JAPAN
    )


@pytest.mark.django_db
def test_the_add_form_has_the_point_picker_on_leaflet(admin_client, world):
    page = admin_client.get(ADD).content.decode()
    assert "data-point-picker" in page
    assert "leaflet/leaflet.js" in page and "admin/point-picker.js" in page
    assert 'name="latitude"' in page and 'name="longitude"' in page


@pytest.mark.django_db
def test_a_valid_presence_inside_its_host_saves_without_a_warning(admin_client, world, japan):
    response = admin_client.post(ADD, presence_form(world))
    assert response.status_code == 302
    presence = Presence.objects.get(key="gb-jp-test-base")
    assert [c.iso2 for c in presence.operators.all()] == ["GB"]
    assert warnings(response) == []
    assert presence.history.count() >= 1 and presence.history.first().history_user is not None


@pytest.mark.django_db
def test_a_point_outside_the_host_is_saved_with_a_warning(admin_client, world, japan):
    # Latitude and longitude swapped: a classic slip, far outside Japan.
    response = admin_client.post(ADD, presence_form(world, latitude="13.9", longitude="35.5"))
    assert response.status_code == 302
    assert Presence.objects.filter(key="gb-jp-test-base").exists()
    (warning,) = warnings(response)
    assert "outside Japan" in warning


@pytest.mark.django_db
def test_a_point_just_off_the_coast_is_not_warned_about(admin_client, world, japan):
    response = admin_client.post(ADD, presence_form(world, longitude="146.05"))
    assert response.status_code == 302 and warnings(response) == []


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"operators": [], "organisation": ""}, "needs an operating country or an organisation"),
        ({"latitude": "91"}, "less than or equal to 90"),
        ({"longitude": "-181"}, "greater than or equal to -180"),
        ({"ended_on": "2020-01-01"}, "cannot end before it started"),
        ({"sources": []}, "needs at least one source"),
    ],
)
@pytest.mark.django_db
def test_a_bad_presence_comes_back_with_a_message(admin_client, world, fields, message):
    response = admin_client.post(ADD, presence_form(world, **fields))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert message in " ".join(str(e) for errors in form.errors.values() for e in errors)
    assert not Presence.objects.exists()


@pytest.mark.django_db
def test_an_edit_is_in_the_history_and_can_be_reverted(admin_client, world, forces):
    camp = forces["camp"]
    url = reverse("admin:relationships_presence_change", args=[camp.pk])
    data = presence_form(world, key=camp.key, name="Renamed camp")
    assert admin_client.post(url, data).status_code == 302
    camp.refresh_from_db()
    assert camp.name == "Renamed camp"
    first = camp.history.order_by("history_date").first()
    history = admin_client.get(reverse("admin:relationships_presence_history", args=[camp.pk]))
    assert history.status_code == 200 and "Renamed camp" in history.content.decode()
    revert = reverse("admin:relationships_presence_simple_history", args=[camp.pk, first.pk])
    page = admin_client.get(revert)
    assert page.status_code == 200 and "UK camp in Japan" in page.content.decode()


@pytest.mark.django_db
def test_an_edition_is_added_with_locations_and_warned_about_a_point_abroad(
    admin_client, world, forces, japan
):
    c = world["countries"]
    data = {
        "series": forces["series"].pk,
        "key": "baltops-2026",
        "name": "BALTOPS 2026",
        "started_on": "2026-06-01",
        "started_on_precision": "day",
        "ended_on": "2026-06-10",
        "ended_on_precision": "day",
        "leads": [c["US"].pk],
        "participants": [c["US"].pk, c["GB"].pk],
        "hosts": [c["JP"].pk],
        "organisations": [],
        "personnel": "",
        "scale": "",
        "summary": "",
        "note": "",
        "sources": [world["source"].pk],
        "locations-TOTAL_FORMS": "1",
        "locations-INITIAL_FORMS": "0",
        "locations-MIN_NUM_FORMS": "0",
        "locations-MAX_NUM_FORMS": "1000",
        "locations-0-name": "Off Brazil",
        "locations-0-country": c["JP"].pk,
        "locations-0-latitude": "-10",
        "locations-0-longitude": "-40",
    }
    response = admin_client.post(reverse("admin:relationships_exerciseedition_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    edition = ExerciseEdition.objects.get(key="baltops-2026")
    assert edition.locations.get().name == "Off Brazil"
    assert any("outside Japan" in w for w in warnings(response))


@pytest.mark.django_db
def test_presences_export_and_import_back_unchanged(admin_client, world, forces):
    from relationships.resources import PresenceResource

    exported = PresenceResource().export()
    assert "gb-jp-camp" in exported.csv
    result = PresenceResource().import_data(exported, dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}


@pytest.mark.django_db
def test_an_imported_presence_with_an_unknown_host_is_a_row_error(world, forces):
    import tablib

    from relationships.resources import PresenceResource

    dataset = PresenceResource().export()
    rows = list(dataset.dict)
    rows[0]["host"] = "ZZ"
    broken = tablib.Dataset(headers=dataset.headers)
    for row in rows:
        broken.append([row[h] for h in dataset.headers])
    result = PresenceResource().import_data(broken, dry_run=True)
    assert result.has_validation_errors()
    assert Presence.objects.get(key=rows[0]["key"]).host.iso2 != "ZZ"
