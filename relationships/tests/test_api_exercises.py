"""/api/exercises/: editions as rows, their filters, GeoJSON and CSV."""

import csv
import io

import pytest

URL = "/api/exercises/"


def keys(response):
    assert response.status_code == 200, response.content
    return [e["key"] for e in response.json()["results"]]


@pytest.mark.django_db
def test_an_edition_has_the_contracts_shape(client, forces):
    edition = client.get(URL + "baltops-2025/").json()
    assert edition["series"] == {"key": "baltops", "name": "BALTOPS"}
    assert edition["started_on"] == "2025-06-05" and edition["ended_on_precision"] == "day"
    assert edition["leads"] == [{"iso2": "US", "name": "United States"}]
    assert sorted(c["iso2"] for c in edition["participants"]) == ["FI", "GB", "US"]
    assert sorted(c["iso2"] for c in edition["hosts"]) == ["FI", "IT"]
    assert edition["organisations"] == [
        {"slug": "nato", "short_name": "NATO", "name": "North Atlantic Treaty Organization"}
    ]
    assert edition["locations"] == [
        {"name": "Off Helsinki", "country": "FI", "latitude": 60.0, "longitude": 25.0}
    ]
    assert edition["summary"] == "Baltic."  # the series' summary, the edition having none
    assert client.get(URL + "nope/").status_code == 404


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["baltops-2025", "baltops-2023"]),
        ({"country": "gb"}, ["baltops-2025", "baltops-2023"]),
        ({"host": "IT"}, ["baltops-2025"]),
        ({"country": "JP"}, []),
        ({"organisation": "nato"}, ["baltops-2025", "baltops-2023"]),
        ({"series": "baltops"}, ["baltops-2025", "baltops-2023"]),
        ({"as_of": "2023-06-20"}, ["baltops-2023"]),
        ({"as_of": "2023-06-21"}, []),
        ({"from": "2024-01-01"}, ["baltops-2025"]),
        ({"to": "2024-01-01"}, ["baltops-2023"]),
        ({"from": "2023-06-19", "to": "2025-06-05"}, ["baltops-2025", "baltops-2023"]),
        ({"bbox": "20,55,30,65"}, ["baltops-2025", "baltops-2023"]),
        ({"bbox": "100,0,110,10"}, []),
        ({"search": "BALTOPS 2023"}, ["baltops-2023"]),
    ],
)
@pytest.mark.django_db
def test_filters_narrow_the_editions(client, forces, params, expected):
    assert keys(client.get(URL, params)) == expected


@pytest.mark.parametrize(
    "params, parameter",
    [({"country": "ZZ"}, "country"), ({"series": "x"}, "series"), ({"from": "2024"}, "from")],
)
@pytest.mark.django_db
def test_a_bad_parameter_is_a_400_naming_it(client, forces, params, parameter):
    response = client.get(URL, params)
    assert response.status_code == 400 and parameter in response.json()["errors"]


@pytest.mark.django_db
def test_geojson_gives_a_point_per_location(client, forces):
    body = client.get("/api/exercises.geojson", {"host": "IT"}).json()
    (feature,) = body["features"]
    assert feature["geometry"]["coordinates"] == [25.0, 60.0]
    assert feature["properties"] == {
        "key": "baltops-2025",
        "name": "BALTOPS 2025",
        "series": "baltops",
        "started_on": "2025-06-05",
        "ended_on": "2025-06-20",
        "hosts": ["FI", "IT"],
        "leads": ["US"],
    }


@pytest.mark.django_db
def test_csv_lists_the_editions(client, forces):
    response = client.get(URL, {"format": "csv"})
    assert 'filename="exercises.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["key"] for row in rows] == ["baltops-2025", "baltops-2023"]
    assert rows[0]["participants"] == "FI;GB;US" and rows[0]["series"] == "baltops"
    assert rows[0]["locations"] == "Off Helsinki (60.0,25.0)"
