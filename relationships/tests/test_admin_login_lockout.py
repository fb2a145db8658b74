"""The admin login locks a user name from an address after repeated failures (django-axes)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

PASSWORD = "a long staff password"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff", password=PASSWORD, is_staff=True)


def attempt(client, password):
    return client.post("/admin/login/?next=/admin/", {"username": "staff", "password": password})


@pytest.mark.django_db
def test_five_failures_lock_the_login_even_for_the_right_password(staff, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200  # the form again, with its error
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    assert "locked" in locked.content.decode().lower()
    assert attempt(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_lifts_after_the_fifteen_minute_cool_off(staff, settings):
    assert settings.AXES_COOLOFF_TIME == 0.25  # hours
    client = Client()
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 429
    # Sixteen minutes pass: the failures are recorded that much earlier.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    response = attempt(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_a_successful_login_resets_the_count(staff):
    client = Client()
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="staff").exists()
    other = Client()
    for _ in range(4):
        assert attempt(other, "wrong").status_code == 200


@pytest.mark.django_db
def test_another_user_name_is_not_locked_by_someone_else_s_failures(staff, django_user_model):
    django_user_model.objects.create_user("other", password=PASSWORD, is_staff=True)
    client = Client()
    for _ in range(5):
        attempt(client, "wrong")
    response = client.post("/admin/login/", {"username": "other", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_api_token_endpoint_counts_failures_too(staff):
    from rest_framework.test import APIClient

    client = APIClient()
    for _ in range(5):
        client.post("/api/auth/token/", {"username": "staff", "password": "wrong"})
    refused = client.post("/api/auth/token/", {"username": "staff", "password": PASSWORD})
    assert refused.status_code == 429
    assert "token" not in refused.content.decode()
