"""What fuzzing the API from its own schema found, each kept fixed by a test."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def schema(client, db):
    return client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def parameters(schema, path):
    return {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}


@pytest.mark.django_db
def test_page_and_page_size_are_documented_with_their_bounds(schema):
    found = parameters(schema, "/api/sources/")
    assert found["page"]["minimum"] == 1
    assert (found["page_size"]["minimum"], found["page_size"]["maximum"]) == (1, 500)


@pytest.mark.django_db
def test_an_agreement_under_no_organisation_matches_the_schema(schema, world):
    organisation = schema["components"]["schemas"]["Agreement"]["properties"]["organisation"]
    assert organisation.get("nullable") is True
    listed = APIClient().get("/api/agreements/").json()["results"]
    assert any(agreement["organisation"] is None for agreement in listed)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/agreements/1.5e-08/", "/api/nothing-here/"])
def test_an_unmatched_api_path_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_an_unmatched_page_path_is_still_the_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_an_unsupported_method_asking_for_csv_is_a_405_not_a_404(world):
    response = APIClient().generic("TRACE", "/api/agreements/?format=csv")
    assert response.status_code == 405


@pytest.mark.django_db
def test_every_operation_documents_its_error_answers(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert {"429", "503"} <= statuses, (method, path)
            if method in ("post", "put", "patch", "delete"):
                assert {"400", "401", "403"} <= statuses, (method, path)
            if "{" in path:
                assert "404" in statuses, (method, path)
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"]


@pytest.mark.django_db
def test_reads_are_documented_as_needing_no_credentials(schema):
    assert {} in schema["paths"]["/api/countries/"]["get"]["security"]
    assert {} not in schema["paths"]["/api/agreements/"]["post"]["security"]


@pytest.mark.django_db
def test_writes_are_documented_as_json_only(schema):
    body = schema["paths"]["/api/agreements/"]["post"]["requestBody"]["content"]
    assert list(body) == ["application/json"]


@pytest.mark.django_db
def test_the_token_endpoint_documents_that_blank_credentials_are_refused(schema):
    properties = schema["components"]["schemas"]["AuthToken"]["properties"]
    assert properties["username"]["minLength"] == 1
    assert properties["password"]["minLength"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/countries/G%00/",
        "/api/countries/GB/relationships/?partner=%00",
        "/api/agreements/?search=a%00b",
        "/api/organisations/n%00/",
    ],
)
def test_a_nul_character_in_a_url_is_a_400_not_a_500(world, path):
    response = APIClient().get(path)
    assert response.status_code == 400
    body = response.json()
    assert "NUL" in body["detail"] or "NUL" in str(body["errors"])


@pytest.mark.django_db
def test_a_nul_character_in_an_admin_url_is_a_plain_400(admin_client):
    response = admin_client.get("/admin/relationships/agreement/?q=%00")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
