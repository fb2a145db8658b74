"""The API's JSON renderer (orjson) writes exactly what DRF's own writes."""

import datetime
import decimal
import uuid
import zoneinfo

import pytest
from django.utils.functional import lazy
from rest_framework.renderers import JSONRenderer as DRFRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from relationships.api.renderers import JSONRenderer

lazy_text = lazy(lambda: "Lazy «text»", str)

VALUES = [
    None,
    {},
    [],
    "",
    {"title": "Traité de l'Élysée", "note": "a\u2028b\u2029c", "quote": '"<script>"'},
    {"emoji": "🛡️", "control": "tab\there\nnewline\x01", "backslash": "C:\\path"},
    {"when": datetime.datetime(2023, 4, 6, 12, 30, 15, 123456, tzinfo=datetime.UTC)},
    {"when": datetime.datetime(2023, 4, 6, 12, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))},
    {"naive": datetime.datetime(2023, 4, 6, 12, 30, 15, 5), "date": datetime.date(1949, 4, 4)},
    {"time": datetime.time(9, 30, 1, 250000), "span": datetime.timedelta(days=2, seconds=3)},
    {"amount": decimal.Decimal("12.50"), "id": uuid.UUID(int=7), "lazy": lazy_text()},
    {"numbers": [0, -1, 2**63 - 1, -(2**63), 1.5, -0.25, 51.507222, 0.1 + 0.2]},
    {"flags": [True, False, None], "tuple": (1, "two"), "set": sorted({3, 1, 2})},
    ReturnDict({"partners": ReturnList([{"iso2": "GB"}], serializer=None)}, serializer=None),
    {"big": 2**70},  # past 64 bits: DRF's renderer writes it
    {1: "integer key", "2": "string key"},  # not a string: DRF's renderer writes it
    [{"nested": [{"deeper": [{"deepest": "x" * 1000}]}]}],
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_the_bytes_are_drfs(value):
    assert JSONRenderer().render(value) == DRFRenderer().render(value)


def test_an_indented_answer_is_drfs():
    value = {"a": [1, {"b": "c"}]}
    media_type = "application/json; indent=2"
    ours = JSONRenderer().render(value, media_type, {})
    assert ours == DRFRenderer().render(value, media_type, {})
    assert b'\n  "a"' in ours


def test_what_drf_refuses_is_refused():
    with pytest.raises(TypeError):
        JSONRenderer().render({"object": object()})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/countries/GB/relationships/?as_of=2024-01-01",
        "/api/countries/GB/relationships/JP/",
        "/api/agreements/?page_size=100",
        "/api/organisations/nato/",
        "/api/countries/GB/relationships/?as_of=not-a-date",
        "/api/countries/XX/relationships/",
    ],
)
def test_the_apis_answers_are_drfs_bytes(client, world, url):
    response = client.get(url)
    assert response.content == DRFRenderer().render(response.data)
