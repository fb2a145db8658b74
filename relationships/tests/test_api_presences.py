"""/api/presences/: filters, the as-of date, bbox, GeoJSON with clustering, CSV."""

import csv
import io

import pytest

from relationships.api.exports import CLUSTER_THRESHOLD
from relationships.models import Country, Presence

URL = "/api/presences/"


def keys(response):
    assert response.status_code == 200, response.content
    return sorted(p["key"] for p in response.json()["results"])


@pytest.mark.django_db
def test_a_presence_has_the_contracts_shape(client, forces):
    presence = client.get(URL, {"host": "JP"}).json()["results"][0]
    assert presence["key"] == "gb-jp-camp"
    assert presence["kind"] == "base" and presence["kind_label"] == "base"
    assert presence["host"] == {"iso2": "JP", "name": "Japan"}
    assert presence["operators"] == [{"iso2": "GB", "name": "United Kingdom"}]
    assert presence["organisation"] is None
    assert presence["agreement"]["key"] == "gb-jp-raa"
    assert presence["agreement"]["short_title"] == "UK-Japan Reciprocal Access Agreement"
    assert (presence["latitude"], presence["longitude"]) == (35.5, 139.25)
    assert presence["started_on"] == "2023-10-15" and presence["started_on_precision"] == "day"
    assert presence["personnel"] == 120
    assert presence["sources"][0]["url"] == "https://example.org/source"


@pytest.mark.django_db
def test_the_list_answers_for_today_by_default_and_for_any_as_of_date(client, forces):
    assert keys(client.get(URL)) == ["gb-jp-camp", "nato-fi-flf", "us-it-base"]
    assert keys(client.get(URL, {"as_of": "1995-06-01"})) == ["gb-fr-old-mission", "us-it-base"]
    # The end, December 1999 (month precision), is the last month in.
    assert "gb-fr-old-mission" in keys(client.get(URL, {"as_of": "1999-12-31"}))
    assert "gb-fr-old-mission" not in keys(client.get(URL, {"as_of": "2000-01-01"}))
    # A start known to the year counts from its first day.
    assert "us-it-base" in keys(client.get(URL, {"as_of": "1955-01-01"}))


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"host": "jp"}, ["gb-jp-camp"]),
        ({"operator": "GB", "as_of": "1995-01-01"}, ["gb-fr-old-mission"]),
        ({"country": "IT"}, ["us-it-base"]),
        ({"country": "US"}, ["us-it-base"]),
        ({"kind": "base,rotational_deployment"}, ["gb-jp-camp", "nato-fi-flf"]),
        ({"organisation": "nato"}, ["nato-fi-flf"]),
        ({"search": "camp"}, ["gb-jp-camp"]),
        ({"search": "Italy"}, ["us-it-base"]),
        ({"bbox": "100,20,150,50"}, ["gb-jp-camp"]),
        ({"bbox": "0,40,30,70"}, ["nato-fi-flf", "us-it-base"]),
        # A box across 180°: west of its east edge is Japan's 139°E.
        ({"bbox": "130,20,-170,50"}, ["gb-jp-camp"]),
    ],
)
@pytest.mark.django_db
def test_filters_narrow_the_list(client, forces, params, expected):
    assert keys(client.get(URL, params)) == expected


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"host": "ZZ"}, "host"),
        ({"kind": "castle"}, "kind"),
        ({"organisation": "nope"}, "organisation"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "0,50,10,40"}, "bbox"),
        ({"bbox": "0,0,200,10"}, "bbox"),
        ({"zoom": "99", "format": "geojson"}, "zoom"),
        ({"zoom": "x", "format": "geojson"}, "zoom"),
    ],
)
@pytest.mark.django_db
def test_a_bad_parameter_is_a_400_naming_it(client, forces, params, parameter):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert parameter in response.json()["errors"]


@pytest.mark.django_db
def test_one_presence_by_key_whatever_the_date_and_404_for_an_unknown_key(client, forces):
    response = client.get(URL + "gb-fr-old-mission/")
    assert response.status_code == 200 and response.json()["ended_on"] == "1999-12-01"
    assert response.json()["ended_on_precision"] == "month"
    missing = client.get(URL + "no-such-base/")
    assert missing.status_code == 404 and "detail" in missing.json()


@pytest.mark.django_db
def test_geojson_gives_a_point_per_presence_with_the_markers_properties(client, forces):
    response = client.get(URL, {"format": "geojson", "country": "GB"})
    assert response["Content-Type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection" and "clustered" not in body
    (feature,) = body["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [139.25, 35.5]}
    assert feature["properties"] == {
        "key": "gb-jp-camp",
        "name": "UK camp in Japan",
        "kind": "base",
        "host": "JP",
        "operators": ["GB"],
        "organisation": None,
        "unverified": False,
    }
    assert (
        client.get("/api/presences.geojson?organisation=nato").json()["features"][0]["properties"][
            "organisation"
        ]
        == "nato"
    )


def many_presences(n, world, spread=60.0):
    """`n` presences in a grid over Europe (one source, one operator each)."""
    gb, fr = world["countries"]["GB"], world["countries"]["FR"]
    presences = Presence.objects.bulk_create(
        Presence(
            key=f"synthetic-{i}",
            name=f"Synthetic {i}",
            kind=["base", "facility", "mission"][i % 3],
            host=fr,
            latitude=30 + (i * 7.3) % 30,
            longitude=(i * 13.7) % spread - spread / 2,
        )
        for i in range(n)
    )
    Presence.operators.through.objects.bulk_create(
        Presence.operators.through(presence=p, country=gb) for p in presences
    )
    return presences


@pytest.mark.django_db
def test_a_dense_view_answers_grid_clusters_whose_counts_add_up(client, world):
    many_presences(CLUSTER_THRESHOLD + 200, world)
    body = client.get(URL, {"format": "geojson", "zoom": "3"}).json()
    assert body["clustered"] is True and body["total"] == CLUSTER_THRESHOLD + 200
    assert sum(f["properties"]["count"] for f in body["features"]) == CLUSTER_THRESHOLD + 200
    feature = body["features"][0]
    assert feature["properties"]["cluster"] is True
    assert sum(feature["properties"]["kinds"].values()) == feature["properties"]["count"]
    assert set(feature["properties"]["kinds"]) <= {"base", "facility", "mission"}
    # A view holding few of them answers points again.
    zoomed = client.get(URL, {"format": "geojson", "zoom": "9", "bbox": "-10,30,-9,31"}).json()
    assert "clustered" not in zoomed
    assert all("key" in f["properties"] for f in zoomed["features"])


@pytest.mark.django_db
def test_clusters_stay_bounded_whatever_zoom_a_client_sends(client, world):
    many_presences(CLUSTER_THRESHOLD * 4, world, spread=340.0)
    body = client.get(URL, {"format": "geojson", "zoom": "22"}).json()
    assert body["clustered"] is True
    assert len(body["features"]) <= 49 * 25  # MAX_COLUMNS across, half as many down


@pytest.mark.django_db
def test_a_presence_with_two_operators_counts_once_in_a_cluster(client, world):
    presences = many_presences(CLUSTER_THRESHOLD + 1, world)
    presences[0].operators.add(world["countries"]["US"])
    body = client.get(URL, {"format": "geojson", "country": "GB"}).json()
    assert sum(f["properties"]["count"] for f in body["features"]) == CLUSTER_THRESHOLD + 1


@pytest.mark.django_db
def test_csv_export_lists_every_matching_presence_with_codes_and_source_urls(client, forces):
    response = client.get("/api/presences.csv", {"operator": "GB"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="presences.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["key"] for row in rows] == ["gb-jp-camp"]
    assert rows[0]["host"] == "JP" and rows[0]["operators"] == "GB"
    assert rows[0]["agreement"] == "gb-jp-raa"
    assert rows[0]["sources"] == "https://example.org/source"
    assert rows[0]["kind_label"] == "base"


HOSTILE = '<img src=x onerror=alert(1)> =HYPERLINK("http://evil") "quoted" \\ ünïcode'


@pytest.mark.django_db
def test_hostile_strings_come_back_as_data(client, forces):
    Presence.objects.filter(key="gb-jp-camp").update(name=HOSTILE, note=HOSTILE)
    presence = client.get(URL + "gb-jp-camp/").json()
    assert presence["name"] == HOSTILE and presence["note"] == HOSTILE
    feature = client.get(URL, {"format": "geojson", "host": "JP"}).json()["features"][0]
    assert feature["properties"]["name"] == HOSTILE
    rows = list(csv.DictReader(io.StringIO(client.get(URL + "?format=csv").content.decode())))
    name = next(row["name"] for row in rows if row["key"] == "gb-jp-camp")
    assert not name.startswith("=")  # a spreadsheet formula is neutralised
    assert client.get(URL, {"search": HOSTILE}).status_code == 200


@pytest.mark.django_db
def test_an_unknown_country_is_a_404_and_the_panel_groups_hosted_and_abroad(client, forces):
    assert client.get("/api/countries/ZZ/forces/").status_code == 404
    gb = client.get("/api/countries/GB/forces/", {"as_of": "2025-07-01"}).json()
    assert gb["country"] == {"iso2": "GB", "name": "United Kingdom"}
    assert gb["as_of"] == "2025-07-01"
    assert gb["hosted"] == {"count": 0, "presences": []}
    assert [p["key"] for p in gb["abroad"]["presences"]] == ["gb-jp-camp"]
    assert gb["abroad"]["count"] == 1
    assert [e["key"] for e in gb["exercises"]["editions"]] == ["baltops-2025"]
    fi = client.get("/api/countries/FI/forces/", {"as_of": "2025-07-01"}).json()
    assert [p["key"] for p in fi["hosted"]["presences"]] == ["nato-fi-flf"]
    old = client.get("/api/countries/FR/forces/", {"as_of": "1995-01-01"}).json()
    assert [p["key"] for p in old["hosted"]["presences"]] == ["gb-fr-old-mission"]
    assert client.get("/api/countries/GB/forces/", {"as_of": "x"}).status_code == 400


def test_country_codes_are_real(db):
    assert not Country.objects.filter(iso2="ZZ").exists()
