"""GET /api/organisations/ and /api/organisations/{slug}/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
def test_the_list_gives_every_organisation(client, world):
    slugs = [o["slug"] for o in client.get("/api/organisations/").json()]
    assert sorted(slugs) == ["gcap", "nato"]


@pytest.mark.django_db
def test_the_detail_lists_members_on_the_date(client, world):
    body = client.get("/api/organisations/nato/", {"as_of": "2022-01-01"}).json()
    members = {m["country"]["iso2"]: m["role"] for m in body["members"]}
    assert "FI" not in members
    assert members["JP"] == "partner"
    body = client.get("/api/organisations/nato/", {"as_of": "2024-01-01"}).json()
    assert "FI" in {m["country"]["iso2"] for m in body["members"]}
    assert body["obligation"] == "mutual_defence"
    assert body["sources"][0]["publisher"] == "A publisher"


@pytest.mark.django_db
def test_an_unknown_slug_is_a_404_and_a_bad_date_a_400(client, world):
    assert client.get("/api/organisations/warsaw-pact/").status_code == 404
    response = client.get("/api/organisations/nato/", {"as_of": "1949-02-30"})
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]


@pytest.mark.django_db
def test_the_detail_has_a_fixed_query_budget(client, world):
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/organisations/nato/")
    # Itself, sources, members, their sources, what it is party to; + the data versions.
    assert len(queries) <= 5 + 1
