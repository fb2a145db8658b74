"""Issue 14, item 3: the memberships and a country's relationships as CSV, and the
agreements CSV carrying summaries, notes and source details."""

import csv
import io

import pytest

from relationships.models import Source


def rows(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_the_agreements_csv_carries_summary_note_unverified_and_sources(client, world):
    raa = world["raa"]
    raa.summary = "Lets forces train in each other's country."
    raa.note = "=cmd|' /C calc'!A0"
    raa.unverified = True
    raa.save()
    raa.sources.add(
        Source.objects.create(
            url="https://example.org/b",
            title="B title",
            publisher="B publisher",
            accessed_on="2026-01-01",
        )
    )
    exported = {row["key"]: row for row in rows(client.get("/api/agreements.csv"))}
    row = exported["gb-jp-raa"]
    assert row["summary"] == "Lets forces train in each other's country."
    assert row["note"] == "'=cmd|' /C calc'!A0"
    assert row["unverified"] == "True"
    # One source per position, in the same order in the three columns.
    urls, titles = row["sources"].split(";"), row["source_titles"].split(";")
    publishers = row["source_publishers"].split(";")
    assert sorted(zip(urls, titles, publishers, strict=True)) == [
        ("https://example.org/b", "B title", "B publisher"),
        ("https://example.org/source", "A source", "A publisher"),
    ]


@pytest.mark.django_db
def test_the_memberships_csv_follows_the_filters(client, world):
    exported = rows(
        client.get("/api/memberships/", {"format": "csv", "organisation": "nato", "role": "member"})
    )
    assert {row["country"] for row in exported} == {"GB", "FR", "US", "IT", "FI"}
    assert {row["organisation"] for row in exported} == {"nato"}
    fi = next(row for row in exported if row["country"] == "FI")
    assert fi["joined_on"] == "2023-04-04" and fi["role"] == "member"
    on_2000 = rows(client.get("/api/memberships.csv", {"active_on": "2000-01-01"}))
    assert "FI" not in {row["country"] for row in on_2000 if row["organisation"] == "nato"}
    assert "gcap" not in {row["organisation"] for row in on_2000}


@pytest.mark.django_db
def test_the_memberships_csv_is_not_paginated_and_neutralises_formulas(client, world):
    membership = world["nato"].memberships.get(country__iso2="FI")
    membership.note = "@SUM(A1)"
    membership.save()
    exported = rows(client.get("/api/memberships.csv", {"page_size": 1}))
    assert len(exported) == 9
    assert next(row for row in exported if row["country"] == "FI")["note"] == "'@SUM(A1)"


@pytest.mark.django_db
def test_a_bad_filter_on_the_memberships_csv_is_a_json_400(client, world):
    response = client.get("/api/memberships.csv", {"active_on": "2024-13-01"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "active_on" in response.json()["errors"]


@pytest.mark.django_db
def test_a_countrys_relationships_as_csv_one_row_per_partner(client, world):
    exported = rows(client.get("/api/countries/GB/relationships/", {"format": "csv"}))
    by_partner = {row["partner"]: row for row in exported}
    json_partners = client.get("/api/countries/GB/relationships/").json()["partners"]
    # The same partners, in the same order, as the JSON.
    assert [row["partner"] for row in exported] == [p["country"]["iso2"] for p in json_partners]
    jp = by_partner["JP"]
    assert jp["tier"] == "binding" and jp["tier_label"] == "Binding agreement"
    assert set(jp["agreements"].split(";")) == {"gb-jp-raa", "gb-jp-hiroshima-accord"}
    assert set(jp["organisations"].split(";")) == {"gcap", "nato"}
    fr = by_partner["FR"]
    assert fr["tier"] == "mutual_defence"
    assert fr["agreements"] == "gb-fr-lancaster-house" and fr["organisations"] == "nato"
    assert {row["focus"] for row in exported} == {"GB"}


@pytest.mark.django_db
def test_the_relationships_csv_follows_the_date_and_the_filters(client, world):
    before_finland = rows(
        client.get("/api/countries/GB/relationships.csv", {"as_of": "2020-01-01"})
    )
    assert "FI" not in {row["partner"] for row in before_finland}
    assert {row["as_of"] for row in before_finland} == {"2020-01-01"}
    only_treaties = rows(
        client.get("/api/countries/GB/relationships.csv", {"kind": "treaty", "as_of": "2024-01-01"})
    )
    assert [(row["partner"], row["agreements"]) for row in only_treaties] == [
        ("FR", "gb-fr-lancaster-house")
    ]
    response = client.get("/api/countries/GB/relationships.csv", {"as_of": "2024-02-30"})
    assert response.status_code == 400 and "as_of" in response.json()["errors"]


@pytest.mark.django_db
def test_options_on_the_relationships_with_the_csv_format_is_no_500(client, world):
    # Found by the fuzz test: OPTIONS' metadata (one object) reached the CSV renderer.
    response = client.options("/api/countries/GB/relationships/?format=csv")
    assert response.status_code < 500
