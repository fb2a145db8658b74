"""Rate limits: anonymous clients by address, writes by user (settings.API_THROTTLE_RATES)."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from relationships.tests.test_api_writes_permissions import payload


@pytest.fixture
def low_rates(settings):
    settings.API_THROTTLE_RATES = {"anon": "3/minute", "write": "2/minute"}


@pytest.mark.django_db
def test_an_anonymous_client_over_its_rate_gets_a_json_429_with_retry_after(world, low_rates):
    client = APIClient()
    for _ in range(3):
        assert client.get("/api/countries/").status_code == 200
    refused = client.get("/api/agreements/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "throttled" in refused.json()["detail"].lower()


@pytest.mark.django_db
def test_each_address_has_its_own_allowance(world, low_rates):
    for _ in range(3):
        APIClient(REMOTE_ADDR="192.0.2.1").get("/api/countries/")
    assert APIClient(REMOTE_ADDR="192.0.2.1").get("/api/countries/").status_code == 429
    assert APIClient(REMOTE_ADDR="192.0.2.2").get("/api/countries/").status_code == 200


@pytest.mark.django_db
def test_a_signed_in_reader_is_not_held_to_the_anonymous_rate(world, low_rates, admin_user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=admin_user).key}")
    for _ in range(5):
        assert client.get("/api/countries/").status_code == 200


@pytest.mark.django_db
def test_writes_have_their_own_lower_rate_per_user(world, low_rates, admin_user):
    client = APIClient()
    client.force_authenticate(admin_user)
    for index in range(2):
        body = {**payload(world), "key": f"throttled-{index}"}
        assert client.post("/api/agreements/", body, format="json").status_code == 201
    refused = client.post("/api/agreements/", {**payload(world), "key": "x"}, format="json")
    assert refused.status_code == 429
    assert client.get("/api/agreements/").status_code == 200  # reads are not writes


@pytest.mark.django_db
def test_a_rate_of_none_switches_throttling_off(world, settings):
    settings.API_THROTTLE_RATES = {"anon": "none", "write": None}
    client = APIClient()
    for _ in range(20):
        assert client.get("/api/countries/").status_code == 200


@pytest.mark.django_db
def test_cached_answers_and_304s_count_against_the_anonymous_rate(world, low_rates):
    client = APIClient()
    first = client.get("/api/countries/")
    etag = first["ETag"]
    assert client.get("/api/countries/").status_code == 200  # from the response cache
    assert client.get("/api/countries/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    refused = client.get("/api/countries/", HTTP_IF_NONE_MATCH=etag)
    assert refused.status_code == 429
    assert refused.json()["detail"]
