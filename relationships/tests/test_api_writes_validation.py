"""Writes are validated like the model: a 400 naming the field, never a 500."""

import pytest
from rest_framework.test import APIClient

from relationships.models import Agreement


@pytest.fixture
def client(world, django_user_model):
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create_superuser("admin"))
    return client


def agreement(world, **changes):
    data = {
        "key": "gb-it-new",
        "title": "A new agreement",
        "kind": "agreement",
        "status": "in_force",
        "signed_on": "2024-03-01",
        "in_force_on": "2024-06-01",
        "parties": [{"country": "GB"}, {"country": "IT"}],
        "sources": [world["source"].pk],
    }
    data.update(changes)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, field",
    [
        ({"in_force_on": "2024-01-01"}, "in_force_on"),
        ({"ended_on": "2023-01-01", "status": "ended"}, "ended_on"),
        ({"ended_on": "2025-01-01"}, "status"),
        ({"parties": [{"country": "GB"}]}, "parties"),
        ({"parties": [{"country": "GB"}, {"country": "gb"}]}, "parties"),
        ({"parties": [{"country": "GB"}, {"country": "ZZ"}]}, "parties"),
        ({"parties": [{"country": "GB"}, {"country": 7}]}, "parties"),
        (
            {
                "parties": [
                    {"country": "GB"},
                    {"country": "IT", "joined_on": "2025-01-01", "left_on": "2024-01-01"},
                ]
            },
            "parties",
        ),
        ({"sources": []}, "sources"),
        ({"sources": [999999]}, "sources"),
        ({"kind": "pact"}, "kind"),
        ({"signed_on": "2024-02-30"}, "signed_on"),
        ({"organisation": "warsaw-pact"}, "organisation"),
        ({"domains": ["underwater-basket-weaving"]}, "domains"),
        ({"key": "gb-jp-raa"}, "key"),
        ({"key": "not a slug"}, "key"),
    ],
)
def test_a_bad_agreement_is_a_400_naming_the_field(client, world, changes, field):
    response = client.post("/api/agreements/", agreement(world, **changes), format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body["errors"]
    assert field in body["detail"]
    assert not Agreement.objects.filter(key="gb-it-new").exists()


@pytest.mark.django_db
def test_a_partial_update_is_checked_against_the_stored_dates(client, world):
    url = f"/api/agreements/{world['raa'].pk}/"
    response = client.patch(url, {"in_force_on": "2022-01-01"}, format="json")
    assert response.status_code == 400
    assert "in_force_on" in response.json()["errors"]


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_a_400(client, world):
    response = client.post("/api/agreements/", "{not json", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, field",
    [
        ({"joined_on": "2024-01-01", "left_on": "2023-01-01"}, "left_on"),
        ({"country": "ZZ"}, "country"),
        ({"organisation": "warsaw-pact"}, "organisation"),
        ({"role": "emperor"}, "role"),
        ({"country": "GB", "joined_on": "2022-12-09"}, "joined_on"),
    ],
)
def test_a_bad_membership_is_a_400_naming_the_field(client, world, changes, field):
    data = {"organisation": "gcap", "country": "AU", "role": "member", **changes}
    response = client.post("/api/memberships/", data, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, field",
    [
        ({"url": "not a url"}, "url"),
        ({"url": "https://example.org/source"}, "url"),
        ({"accessed_on": "yesterday"}, "accessed_on"),
        ({"published_on_precision": "century"}, "published_on_precision"),
    ],
)
def test_a_bad_source_is_a_400_naming_the_field(client, world, changes, field):
    data = {
        "url": "https://example.org/new",
        "title": "New",
        "publisher": "Someone",
        "accessed_on": "2026-01-01",
        **changes,
    }
    response = client.post("/api/sources/", data, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, field",
    [
        ({"parties": "GB,IT"}, "parties"),
        ({"parties": ["GB", "IT"]}, "parties"),
        ({"parties": [{"country": None}, {"country": "IT"}]}, "parties"),
        ({"sources": ["one"]}, "sources"),
        ({"sources": None}, "sources"),
        ({"signed_on": 20240301}, "signed_on"),
        ({"legally_binding": "perhaps"}, "legally_binding"),
        ({"title": None}, "title"),
    ],
)
def test_malformed_values_are_a_400_naming_the_field(client, world, changes, field):
    response = client.post("/api/agreements/", agreement(world, **changes), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["[]", '"a string"', "null", "42"])
def test_a_body_that_is_not_an_object_is_a_400(client, world, body):
    response = client.post("/api/agreements/", body, content_type="application/json")
    assert response.status_code == 400
