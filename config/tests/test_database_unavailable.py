"""The database going away: clean 503s with Retry-After, and recovery when it returns."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client


def database_gone(error=OperationalError):
    return mock.patch.object(
        connection, "ensure_connection", side_effect=error("could not connect to server")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_the_api_answers_a_json_503_while_the_database_is_away_and_recovers(world, error):
    client = Client()
    with database_gone(error):
        response = client.get("/api/countries/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert "database is unavailable" in response.json()["detail"]
    assert client.get("/api/countries/").status_code == 200


@pytest.mark.django_db
def test_a_relationship_read_is_a_503_too(world):
    with database_gone():
        response = Client().get("/api/countries/GB/relationships/")
    assert response.status_code == 503
    assert response.json()["detail"]


@pytest.mark.django_db
def test_an_admin_page_is_a_plain_503_page_and_recovers(world, admin_user):
    client = Client()
    client.force_login(admin_user)
    with database_gone():
        response = client.get("/admin/relationships/agreement/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert response["Retry-After"] == "30"
    assert "temporarily unavailable" in response.content.decode()
    assert client.get("/admin/relationships/agreement/").status_code == 200


@pytest.mark.django_db
def test_a_write_while_the_database_is_away_is_a_503_and_writes_nothing(world, admin_user):
    from rest_framework.test import APIClient

    from relationships.models import Source

    client = APIClient()
    client.force_authenticate(admin_user)
    before = Source.objects.count()
    with database_gone():
        response = client.post(
            "/api/sources/",
            {"url": "https://example.org/new", "title": "New"},
            format="json",
        )
    assert response.status_code == 503
    assert Source.objects.count() == before


def test_a_database_error_outside_a_view_is_a_503_from_the_error_handler(rf):
    from config.errors import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/api/countries/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_any_other_error_outside_a_view_is_still_a_500(rf):
    from config.errors import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        api = server_error(rf.get("/api/countries/"))
    assert api.status_code == 500
    assert api["Content-Type"] == "application/json"
