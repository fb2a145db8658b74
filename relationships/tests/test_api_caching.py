"""ETags for repeat GETs, and the cached relationship payloads an editor's save invalidates."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relationships import cache
from relationships.models import Agreement, AgreementParty


def only_the_version_read(queries):
    """A cached answer's one query: the data versions, so every process sees a commit."""
    return len(queries) == 1 and 'FROM "relationships_dataversion"' in queries[0]["sql"]


URLS = [
    "/api/countries/",
    "/api/countries/GB/",
    "/api/countries/GB/relationships/",
    "/api/countries/GB/relationships/JP/",
    "/api/organisations/nato/",
    "/api/agreements/",
    "/api/agreements.csv",
    "/api/memberships/",
    "/api/sources/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_a_repeat_get_with_the_etag_is_a_304_with_one_query_for_the_data_version(
    client, world, url
):
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert only_the_version_read(queries.captured_queries)


@pytest.mark.django_db
def test_the_etag_differs_by_query_and_by_format(client, world):
    etags = {
        client.get("/api/agreements/")["ETag"],
        client.get("/api/agreements/", {"country": "FR"})["ETag"],
        client.get("/api/agreements/", {"format": "csv"})["ETag"],
    }
    assert len(etags) == 3


@pytest.mark.django_db
def test_a_save_changes_the_etag(client, world):
    etag = client.get("/api/agreements/")["ETag"]
    world["raa"].title = "Renamed"
    world["raa"].save()
    response = client.get("/api/agreements/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.django_db
def test_the_relationships_payload_is_computed_once_per_data_version(client, world):
    client.get("/api/countries/GB/relationships/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/countries/GB/relationships/", HTTP_ACCEPT_ENCODING="gzip")
    assert len(queries) == 2  # the data versions, the focus country; the payload is cached


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_a_repeat_get_from_another_client_is_served_from_the_cache_with_only_the_version_read(
    client, world, url
):
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert only_the_version_read(queries.captured_queries)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again.get("Content-Encoding") == first.get("Content-Encoding")
    assert again["ETag"] == first["ETag"]


@pytest.mark.django_db
def test_a_cached_response_is_dropped_when_the_data_changes(client, world):
    url = "/api/countries/GB/relationships/"
    assert client.get(url).json()["partners"][0]["score"] > 0
    before = client.get(url).json()
    world["lancaster"].delete()
    after = client.get(url).json()
    assert after != before
    assert "FR" in {p["country"]["iso2"] for p in after["partners"]}  # still NATO allies


@pytest.mark.django_db
def test_a_request_with_a_bad_token_is_refused_even_when_the_response_is_cached(client, world):
    client.get("/api/agreements/")
    response = client.get("/api/agreements/", HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401


@pytest.mark.django_db
def test_saving_an_agreement_party_invalidates_the_cached_relationships(client, world):
    url = "/api/countries/GB/relationships/"

    def partners():
        return {p["country"]["iso2"] for p in client.get(url).json()["partners"]}

    assert "BR" not in partners()
    agreement = Agreement.objects.create(
        key="gb-br", title="GB-BR", kind="mou", status="signed", signed_on="2020-01-01"
    )
    AgreementParty.objects.create(agreement=agreement, country=world["countries"]["GB"])
    AgreementParty.objects.create(agreement=agreement, country=world["countries"]["BR"])
    assert "BR" in partners()
    agreement.delete()
    assert "BR" not in partners()


@pytest.mark.django_db
def test_a_many_to_many_change_bumps_the_data_version(world):
    before = cache.data_version()
    world["raa"].domains.clear()
    assert cache.data_version() > before


@pytest.mark.django_db
def test_an_api_write_invalidates_the_cached_pair(world, django_user_model):
    from rest_framework.test import APIClient

    client = APIClient()
    url = "/api/countries/GB/relationships/JP/"
    assert client.get(url).json()["tier"] == "binding"
    client.force_authenticate(django_user_model.objects.create_superuser("admin"))
    response = client.patch(
        f"/api/agreements/{world['raa'].pk}/", {"obligation": "mutual_defence"}, format="json"
    )
    assert response.status_code == 200
    assert client.get(url).json()["tier"] == "mutual_defence"


@pytest.mark.django_db
def test_a_body_over_the_size_limit_is_rebuilt_rather_than_cached(client, world, monkeypatch):
    from relationships.api.caching import ConditionalGetMixin

    monkeypatch.setattr(ConditionalGetMixin, "MAX_CACHED_BYTES", 10)
    client.get("/api/agreements/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/agreements/").status_code == 200
    assert len(queries) > 0


@pytest.mark.django_db
def test_saving_an_agreement_does_not_reread_or_regzip_the_boundaries(client, world):
    from relationships.models import BoundaryTopology

    BoundaryTopology.objects.create(
        name="countries", topojson="{}", digest="0" * 64, feature_count=1, tolerance=0.03
    )
    assert client.get("/api/boundaries/", HTTP_ACCEPT_ENCODING="gzip").status_code == 200
    world["raa"].title = "Renamed"
    world["raa"].save()
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/boundaries/", HTTP_ACCEPT_ENCODING="gzip")
    assert again.status_code == 200
    assert only_the_version_read(queries.captured_queries)


@pytest.mark.django_db
def test_an_answer_computed_during_a_bump_is_kept_under_the_version_read_before(client, world):
    """The version is read at the start of the request: a bump while it runs (another
    process's commit) leaves the answer under the old version, never read again."""
    from relationships import ties

    real = ties.history_of

    def bumped_meanwhile(*args, **kwargs):
        world["raa"].title = "Changed while the answer was computed"
        world["raa"].save()  # bumps the version (at once: this test rolls back)
        return real(*args, **kwargs)

    ties.history_of = bumped_meanwhile
    try:
        first = client.get("/api/countries/GB/relationships/JP/")
    finally:
        ties.history_of = real
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/countries/GB/relationships/JP/")
    assert len(queries) > 1  # computed afresh under the new version, not served from the cache
