"""API writes honour If-Match: a stale ETag is a 412 that writes nothing."""

import pytest
from rest_framework.test import APIClient

from relationships.models import Agreement, Source


@pytest.fixture
def editor_client(admin_user):
    client = APIClient()
    client.force_authenticate(admin_user)
    return client


def url(agreement):
    return f"/api/agreements/{agreement.pk}/"


@pytest.mark.django_db
def test_a_detail_get_and_a_write_answer_the_records_etag(editor_client, world):
    read = editor_client.get(url(world["raa"]))
    assert read.status_code == 200
    assert read["ETag"]
    written = editor_client.patch(
        url(world["raa"]), {"title": "New"}, format="json", HTTP_IF_MATCH=read["ETag"]
    )
    assert written.status_code == 200
    assert written["ETag"] != read["ETag"]
    assert editor_client.get(url(world["raa"]))["ETag"] == written["ETag"]


@pytest.mark.django_db
def test_the_second_of_two_editors_saving_the_same_version_gets_a_412(editor_client, world):
    etag = editor_client.get(url(world["raa"]))["ETag"]
    first = editor_client.patch(
        url(world["raa"]), {"title": "First"}, format="json", HTTP_IF_MATCH=etag
    )
    assert first.status_code == 200
    second = editor_client.patch(
        url(world["raa"]), {"title": "Second"}, format="json", HTTP_IF_MATCH=etag
    )
    assert second.status_code == 412
    assert second["Content-Type"] == "application/json"
    assert "changed since you read it" in second.json()["detail"]
    assert Agreement.objects.get(pk=world["raa"].pk).title == "First"


@pytest.mark.django_db
def test_an_unrelated_change_does_not_make_a_records_etag_stale(editor_client, world):
    etag = editor_client.get(url(world["raa"]))["ETag"]
    world["lancaster"].title = "Another record"
    world["lancaster"].save()
    response = editor_client.patch(
        url(world["raa"]), {"title": "Mine"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_delete_with_a_stale_etag_is_a_412_and_deletes_nothing(editor_client, world):
    source = Source.objects.create(
        url="https://example.org/x", title="X", publisher="P", accessed_on="2026-01-01"
    )
    etag = editor_client.get(f"/api/sources/{source.pk}/")["ETag"]
    source.title = "Changed"
    source.save()
    response = editor_client.delete(f"/api/sources/{source.pk}/", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert Source.objects.filter(pk=source.pk).exists()


@pytest.mark.django_db
def test_a_write_without_if_match_still_goes_through(editor_client, world):
    response = editor_client.patch(url(world["raa"]), {"title": "No header"}, format="json")
    assert response.status_code == 200
