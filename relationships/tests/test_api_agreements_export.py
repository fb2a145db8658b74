"""Agreements as CSV: /api/agreements/?format=csv and /api/agreements.csv."""

import csv
import io

import pytest

from relationships.models import Agreement, AgreementParty


def rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_the_csv_round_trips_through_the_csv_module(client, world):
    exported = {row["key"]: row for row in rows(client.get("/api/agreements/", {"format": "csv"}))}
    assert set(exported) == {"gb-jp-raa", "gb-jp-hiroshima-accord", "gb-fr-lancaster-house"}
    raa = exported["gb-jp-raa"]
    assert raa["parties"] == "GB;JP"
    assert raa["signed_on"] == "2023-01-11" and raa["signed_on_precision"] == "day"
    assert raa["in_force_on"] == "2023-10-15"
    assert raa["domains"] == "training_exercises"
    assert raa["sources"] == "https://example.org/source"
    assert raa["ended_on"] == ""


@pytest.mark.django_db
def test_the_suffix_url_gives_the_same_csv_as_the_format_parameter(client, world):
    by_suffix = client.get("/api/agreements.csv", {"country": "FR"})
    assert by_suffix.content == client.get("/api/agreements/?format=csv&country=FR").content
    assert "attachment" in by_suffix["Content-Disposition"]


@pytest.mark.django_db
def test_the_csv_respects_the_active_filters_and_ordering(client, world):
    keys = [
        row["key"]
        for row in rows(
            client.get("/api/agreements/", {"format": "csv", "country": "JP", "ordering": "title"})
        )
    ]
    assert keys == ["gb-jp-hiroshima-accord", "gb-jp-raa"]


@pytest.mark.django_db
def test_the_csv_is_not_paginated(client, world):
    assert len(rows(client.get("/api/agreements/", {"format": "csv", "page_size": 1}))) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("title", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(client, world, title):
    world["raa"].title = title
    world["raa"].save()
    exported = {row["key"]: row for row in rows(client.get("/api/agreements.csv"))}
    assert exported["gb-jp-raa"]["title"] == "'" + title


@pytest.mark.django_db
def test_a_bad_filter_on_an_export_is_a_json_400(client, world):
    response = client.get("/api/agreements.csv", {"kind": "pact"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "kind" in response.json()["errors"]


@pytest.mark.django_db
def test_the_export_query_count_does_not_grow_with_the_rows(
    client, world, django_assert_num_queries
):
    def grow(n):
        for i in range(n):
            agreement = Agreement.objects.create(
                key=f"extra-{n}-{i}",
                title="Extra",
                kind="mou",
                status="signed",
                signed_on="2020-01-01",
            )
            agreement.sources.add(world["source"])
            agreement.domains.add(world["training"])
            for iso2 in ["GB", "FR", "IT"]:
                AgreementParty.objects.create(agreement=agreement, country=world["countries"][iso2])

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get("/api/agreements.csv")
    grow(20)
    with CaptureQueriesContext(connection) as large:
        assert len(rows(client.get("/api/agreements.csv"))) == 23
    assert len(large) == len(small) <= 4 + 1  # + the data versions (one query per request)
