"""The focus country's ties as GeoJSON: /api/countries/{iso2}/relationships.geojson."""

import io
import json

import geopandas
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relationships.models import Boundary


def square(x, y):
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]],
    }


@pytest.fixture
def boundaries(world):
    countries = world["countries"]
    shapes = [
        ("gb", "United Kingdom", countries["GB"]),
        ("fr", "France", countries["FR"]),
        ("jp", "Japan", countries["JP"]),
        ("br", "Brazil", countries["BR"]),
        # A territory is drawn as its sovereign; disputed land as nobody.
        ("fk", "Falkland Is.", countries["GB"]),
        ("siachen", "Siachen Glacier", None),
    ]
    for i, (key, name, country) in enumerate(shapes):
        Boundary.objects.create(key=key, name=name, country=country, geometry=square(i * 2, 0))


@pytest.mark.django_db
def test_geopandas_reads_one_feature_per_boundary_with_tier_and_score(client, boundaries):
    response = client.get("/api/countries/GB/relationships.geojson", {"as_of": "2025-01-01"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    frame = geopandas.read_file(io.BytesIO(response.content))
    assert len(frame) == 6
    assert frame.geometry.is_valid.all()
    by_key = frame.set_index("key")
    assert by_key.loc["fr", "tier"] == "mutual_defence"
    assert by_key.loc["jp", "tier"] == "binding"
    assert by_key.loc["jp", "score"] == 8
    assert by_key.loc["br", "score"] == 0
    assert bool(by_key.loc["gb", "is_focus"]) and bool(by_key.loc["fk", "is_focus"])
    assert by_key.loc["fk", "iso2"] == "GB"


@pytest.mark.django_db
def test_the_format_parameter_gives_the_same_document(client, boundaries):
    a = client.get("/api/countries/GB/relationships.geojson")
    b = client.get("/api/countries/GB/relationships/", {"format": "geojson"})
    assert json.loads(a.content) == json.loads(b.content)
    assert json.loads(a.content)["type"] == "FeatureCollection"


@pytest.mark.django_db
def test_untied_and_unclaimed_features_have_no_tier(client, boundaries):
    features = {
        f["properties"]["key"]: f["properties"]
        for f in client.get("/api/countries/GB/relationships.geojson").json()["features"]
    }
    assert features["siachen"]["tier"] is None and features["siachen"]["iso2"] == ""
    assert features["br"]["tier"] is None


@pytest.mark.django_db
def test_filters_apply_and_errors_are_json(client, boundaries):
    features = client.get("/api/countries/GB/relationships.geojson", {"kind": "treaty"}).json()[
        "features"
    ]
    tiers = {f["properties"]["key"]: f["properties"]["tier"] for f in features}
    assert tiers["fr"] == "binding" and tiers["jp"] is None
    response = client.get("/api/countries/GB/relationships.geojson", {"as_of": "soon"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert client.get("/api/countries/ZZ/relationships.geojson").status_code == 404


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_boundaries(client, boundaries, world):
    with CaptureQueriesContext(connection) as small:
        client.get("/api/countries/GB/relationships.geojson")
    for i in range(30):
        Boundary.objects.create(
            key=f"extra-{i}", name="Extra", country=world["countries"]["JP"], geometry=square(i, 5)
        )
    with CaptureQueriesContext(connection) as large:
        response = client.get("/api/countries/GB/relationships.geojson")
    assert len(response.json()["features"]) == 36
    assert len(small) <= 8
    # New boundaries do not touch Britain's ties: the second answer draws them from the tie
    # history the first fetched (the version read, the country, the boundaries).
    assert len(large) == 3


@pytest.mark.django_db
def test_the_geopackage_holds_the_same_features(client, boundaries, tmp_path):
    response = client.get("/api/countries/GB/relationships.gpkg", {"as_of": "2025-01-01"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    assert "relationships-GB-2025-01-01.gpkg" in response["Content-Disposition"]
    path = tmp_path / "relationships.gpkg"
    path.write_bytes(response.content)
    frame = geopandas.read_file(path, layer="relationships").set_index("key")
    assert len(frame) == 6
    assert frame.loc["jp", "tier"] == "binding" and frame.loc["jp", "score"] == 8


@pytest.mark.django_db
def test_a_geopackage_with_no_boundaries_is_still_a_file(client, world, tmp_path):
    response = client.get("/api/countries/GB/relationships/", {"format": "gpkg"})
    assert response.status_code == 200
    path = tmp_path / "empty.gpkg"
    path.write_bytes(response.content)
    assert len(geopandas.read_file(path)) == 0
