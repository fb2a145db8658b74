"""manage.py import_boundaries on a small TopoJSON file with the known awkward cases."""

import json

import pytest
import shapely.geometry
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from relationships.models import Boundary, BoundaryTopology, Country


def square(x, y, size=2):
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


FEATURES = [
    ("826", "United Kingdom", square(-5, 50)),
    ("250", "France", square(0, 44)),
    (None, "Kosovo", square(20, 42)),
    ("036", "Australia", square(130, -30, 10)),
    ("036", "Ashmore and Cartier Is.", square(123, -12, 0.5)),
    ("304", "Greenland", square(-50, 65, 10)),
    (None, "N. Cyprus", square(33, 35, 0.5)),
    # Fiji's ring wraps across 180 degrees, as in Natural Earth.
    ("242", "Fiji", [[178, -18], [-179, -18], [-179, -16], [178, -16], [178, -18]]),
]


@pytest.fixture
def small_topology(tmp_path):
    arcs, geometries = [], []
    for index, (code, name, ring) in enumerate(FEATURES):
        arcs.append(ring)
        geometry = {"type": "Polygon", "arcs": [[index]], "properties": {"name": name}}
        if code:
            geometry["id"] = code
        geometries.append(geometry)
    path = tmp_path / "small.json"
    path.write_text(
        json.dumps(
            {
                "type": "Topology",
                "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
                "arcs": arcs,
            }
        )
    )
    return path


def run(path, **options):
    call_command("import_boundaries", file=path, countries=settings.COUNTRIES_FILE, **options)


@pytest.mark.django_db
def test_every_feature_is_stored_and_drawn_as_its_state(small_topology):
    run(small_topology)
    drawn_as = dict(Boundary.objects.values_list("name", "country__iso2"))
    assert drawn_as == {
        "United Kingdom": "GB",
        "France": "FR",
        "Kosovo": "XK",
        "Australia": "AU",
        "Ashmore and Cartier Is.": "AU",
        "Greenland": "DK",  # a dependent territory takes its sovereign's colour
        "N. Cyprus": None,  # disputed: neutral
        "Fiji": "FJ",
    }
    assert Boundary.objects.get(name="Greenland").iso2 == "GL"


@pytest.mark.django_db
def test_countries_come_from_the_committed_list(small_topology):
    run(small_topology)
    assert Country.objects.count() >= 250
    assert Country.objects.get(iso2="XK").is_state
    assert Country.objects.get(iso2="GL").sovereign.iso2 == "DK"
    assert not Country.objects.get(iso2="GL").is_state


@pytest.mark.django_db
def test_the_topology_is_stored_once_with_a_digest(small_topology):
    run(small_topology)
    topology = BoundaryTopology.objects.get(name="countries")
    document = json.loads(topology.topojson)
    assert document["type"] == "Topology"
    assert (
        len(document["objects"]["countries"]["geometries"])
        == len(FEATURES)
        == topology.feature_count
    )
    assert len(topology.digest) == 64


@pytest.mark.django_db
def test_a_ring_across_the_antimeridian_is_cut_in_two(small_topology):
    run(small_topology)
    fiji = shapely.geometry.shape(Boundary.objects.get(name="Fiji").geometry)
    assert fiji.geom_type == "MultiPolygon" and len(fiji.geoms) == 2
    assert fiji.is_valid
    for part in fiji.geoms:
        west, _, east, _ = part.bounds
        assert east - west < 10  # no part spans the world


@pytest.mark.django_db
def test_importing_twice_changes_nothing(small_topology):
    run(small_topology)
    first = dict(Boundary.objects.values_list("key", "geometry"))
    digest = BoundaryTopology.objects.get().digest
    run(small_topology)
    assert dict(Boundary.objects.values_list("key", "geometry")) == first
    assert BoundaryTopology.objects.get().digest == digest
    assert Boundary.objects.count() == len(FEATURES)


@pytest.mark.django_db
def test_if_empty_skips_a_second_import(small_topology, capsys):
    run(small_topology)
    run(small_topology, if_empty=True)
    assert "already imported" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_broken_file_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(CommandError, match="broken.json"):
        run(broken)
    assert not BoundaryTopology.objects.exists()


@pytest.mark.django_db
def test_the_real_file_gives_at_least_240_features_and_every_state_but_tuvalu(transactional_db):
    call_command("import_boundaries")
    assert Boundary.objects.count() >= 240
    without_shape = Country.objects.states().filter(boundaries__isnull=True)
    # Tuvalu is below the 1:50m scale's size threshold; it is reachable from the picker.
    assert list(without_shape.values_list("iso2", flat=True)) == ["TV"]
