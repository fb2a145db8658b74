"""Abuse is bounded: bad or oversized input gets a JSON 4xx under /api/, never a 500.

Each test here reproduces a finding of issue 15 ("Cheap to break").
"""

import json

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def editor_api(world, editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.mark.django_db
def test_patching_parties_with_empty_objects_is_a_400_naming_the_field(world, editor_api):
    pk = world["raa"].pk
    response = editor_api.patch(f"/api/agreements/{pk}/", {"parties": [{}, {}]}, format="json")
    assert response.status_code == 400, response.content
    assert "parties" in response.json()["errors"]


@pytest.mark.django_db
def test_deeply_nested_json_to_the_token_endpoint_is_a_400(world):
    body = "[" * 100_000 + "]" * 100_000
    response = APIClient().generic(
        "POST", "/api/auth/token/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.django_db
def test_deeply_nested_json_to_a_write_endpoint_is_a_400(world, editor_api):
    body = '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = editor_api.generic("POST", "/api/agreements/", body, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.django_db
def test_a_body_over_the_limit_gets_a_json_413_under_the_api(world, editor_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
    body = json.dumps({"title": "x" * 2_000_000})
    response = editor_api.generic("POST", "/api/agreements/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "too large" in response.json()["detail"].lower()


@pytest.mark.django_db
def test_head_on_the_boundaries_answers_like_get_without_a_body(world):
    from relationships.models import BoundaryTopology

    BoundaryTopology.objects.create(
        name="countries", topojson="{}", digest="0" * 64, feature_count=1, tolerance=0.03
    )
    got = APIClient().get("/api/boundaries/")
    response = APIClient().head("/api/boundaries/")
    assert response.status_code == 200
    assert response["ETag"] == got["ETag"]
    assert response.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["ıt", "İT", "ＧＢ", "g b"])
def test_look_alike_letters_are_not_country_codes(world, code):
    client = APIClient()
    assert client.get(f"/api/countries/{code}/").status_code == 404
    assert client.get(f"/api/countries/{code}/relationships/").status_code == 404
    refused = client.get("/api/agreements/", {"country": code})
    assert refused.status_code in (400, 404)
    assert refused.json()["detail"]


@pytest.mark.django_db
def test_a_search_of_many_terms_is_refused_with_the_limit_named(world):
    response = APIClient().get("/api/agreements/", {"search": " ".join(["word"] * 1300)})
    assert response.status_code == 400
    assert "search" in response.json()["errors"]


@pytest.mark.django_db
def test_a_very_long_search_is_refused(world):
    response = APIClient().get("/api/sources/", {"search": "x" * 5000})
    assert response.status_code == 400
    assert "search" in response.json()["errors"]


@pytest.mark.django_db
def test_a_search_of_a_few_terms_still_works(world):
    response = APIClient().get("/api/agreements/", {"search": "reciprocal access"})
    assert response.status_code == 200


@pytest.fixture
def low_rates(settings):
    settings.API_THROTTLE_RATES = {"anon": "3/minute", "write": "2/minute", "token": "4/minute"}


@pytest.mark.django_db
def test_a_forged_x_forwarded_for_does_not_buy_more_requests(world, low_rates):
    statuses = [
        APIClient(HTTP_X_FORWARDED_FOR=f"198.51.100.{index}").get("/api/countries/").status_code
        for index in range(10)
    ]
    assert statuses.count(200) == 3
    assert statuses.count(429) == 7


@pytest.mark.django_db
def test_behind_a_configured_proxy_the_address_it_saw_is_the_client(world, low_rates, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for _ in range(3):
        APIClient(HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1").get("/api/countries/")
    # The proxy appended 198.51.100.1; what the client wrote before it is not trusted.
    assert (
        APIClient(HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.1")
        .get("/api/countries/")
        .status_code
        == 429
    )
    assert (
        APIClient(HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.2")
        .get("/api/countries/")
        .status_code
        == 200
    )


@pytest.mark.django_db
def test_the_counts_are_not_kept_in_one_worker_s_memory(world, low_rates):
    from django.core.cache import cache

    for _ in range(3):
        assert APIClient().get("/api/countries/").status_code == 200
    cache.clear()  # the answers cache emptied: the counts are kept elsewhere
    assert APIClient().get("/api/countries/").status_code == 429


@pytest.mark.django_db
def test_the_token_endpoint_has_its_own_rate_limit(world, low_rates, django_user_model):
    django_user_model.objects.create_user("reader", password="a long reader password")
    client = APIClient()
    for _ in range(4):
        answer = client.post("/api/auth/token/", {"username": "nobody", "password": "x"})
        assert answer.status_code == 400
    refused = client.post(
        "/api/auth/token/", {"username": "reader", "password": "a long reader password"}
    )
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff", password="a long staff password")


@pytest.mark.django_db
def test_a_locked_account_gets_a_json_429_from_the_token_endpoint(staff):
    client = APIClient()
    for _ in range(5):
        client.post("/api/auth/token/", {"username": "staff", "password": "wrong"}, format="json")
    refused = client.post(
        "/api/auth/token/",
        {"username": "staff", "password": "a long staff password"},
        format="json",
    )
    assert refused.status_code == 429
    assert "locked" in refused.json()["detail"]
    assert int(refused["Retry-After"]) == 15 * 60
    assert "token" not in refused.json()


@pytest.mark.django_db
def test_a_token_login_resets_the_failure_count(staff):
    client = APIClient()
    for _ in range(4):
        client.post("/api/auth/token/", {"username": "staff", "password": "wrong"}, format="json")
    ok = client.post(
        "/api/auth/token/",
        {"username": "staff", "password": "a long staff password"},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["token"]
    for _ in range(4):
        client.post("/api/auth/token/", {"username": "staff", "password": "wrong"}, format="json")
    again = client.post(
        "/api/auth/token/",
        {"username": "staff", "password": "a long staff password"},
        format="json",
    )
    assert again.status_code == 200


@pytest.mark.django_db
def test_unknown_parameters_do_not_become_cache_entries(world, django_assert_max_num_queries):
    from django.core.cache import cache

    client = APIClient()
    client.get("/api/agreements/", {"kind": "treaty", "page": 1})
    before = len(cache._list_cache_files())  # the default cache's files
    for index in range(30):
        assert (
            client.get("/api/agreements/", {"kind": "treaty", f"junk{index}": "x"}).status_code
            == 200
        )
    assert len(cache._list_cache_files()) == before
    # A known URL is still answered from the cache: only the data versions are read.
    with django_assert_max_num_queries(1):
        assert client.get("/api/agreements/", {"kind": "treaty", "page": 1}).status_code == 200


@pytest.mark.django_db
def test_the_relationships_action_s_own_parameters_are_known(world):
    from django.core.cache import cache

    client = APIClient()
    before = len(cache._list_cache_files())
    client.get("/api/countries/GB/relationships/", {"view": "tiers", "as_of": "2024-01-01"})
    assert len(cache._list_cache_files()) > before


@pytest.mark.django_db
def test_the_geopackage_is_written_once_per_data_version(world, admin_user, monkeypatch):
    from rest_framework.authtoken.models import Token

    from relationships.api.exports import GeoPackageRenderer
    from relationships.models import Boundary

    Boundary.objects.create(
        key="gb",
        name="UK",
        country=world["countries"]["GB"],
        geometry={"type": "Polygon", "coordinates": [[[0, 50], [1, 50], [1, 51], [0, 50]]]},
    )
    writes = []
    real = GeoPackageRenderer.write
    monkeypatch.setattr(
        GeoPackageRenderer, "write", staticmethod(lambda data: writes.append(1) or real(data))
    )
    client = APIClient()
    # Signed-in requests skip the response cache: what is kept here is the file itself.
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=admin_user).key}")
    first = client.get("/api/countries/FR/relationships.gpkg")
    second = client.get("/api/countries/FR/relationships.gpkg")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.content[:16] == b"SQLite format 3\x00"
    assert len(writes) == 1
    world["raa"].save()  # a new data version: written afresh
    assert client.get("/api/countries/FR/relationships.gpkg").status_code == 200
    assert len(writes) == 2
