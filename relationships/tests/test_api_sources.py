"""GET /api/sources/ and /api/sources/{id}/."""

import pytest


@pytest.mark.django_db
def test_the_list_is_paginated_and_searchable(client, world):
    body = client.get("/api/sources/").json()
    assert body["count"] == 1
    assert body["results"][0]["url"] == "https://example.org/source"
    assert client.get("/api/sources/", {"search": "publisher"}).json()["count"] == 1
    assert client.get("/api/sources/", {"search": "nothing like it"}).json()["count"] == 0


@pytest.mark.django_db
def test_the_detail_gives_the_citation(client, world):
    body = client.get(f"/api/sources/{world['source'].pk}/").json()
    assert body["title"] == "A source" and body["accessed_on"] == "2026-11-22"
