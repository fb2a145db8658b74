"""GET /api/schema/ validates as OpenAPI 3 and documents every parameter; /api/docs/ is local."""

import re

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.validation import validate_schema


@pytest.fixture
def schema(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def parameters(schema, path, method="get"):
    return {p["name"]: p for p in schema["paths"][path][method]["parameters"]}


@pytest.mark.django_db
def test_the_schema_validates_against_the_openapi_3_specification(schema):
    validate_schema(schema)  # raises on an invalid document


@pytest.mark.django_db
def test_generating_the_schema_raises_no_warning(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert yaml.safe_load(target.read_text())["openapi"].startswith("3.")


@pytest.mark.django_db
def test_every_parameter_has_a_type_and_a_description(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                where = f"{method} {path} {parameter['name']}"
                assert parameter["schema"].get("type"), where
                if parameter["in"] == "query":
                    assert parameter.get("description"), where


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/countries/{iso2}/relationships/",
        "/api/countries/{iso2}/relationships/{partner}/",
        "/api/agreements/",
    ],
)
def test_choice_parameters_list_their_allowed_values(schema, path):
    found = parameters(schema, path)
    assert "treaty" in found["kind"]["schema"]["items"]["enum"]
    assert "in_force" in found["status"]["schema"]["items"]["enum"]
    assert "mutual_defence" in found["obligation"]["schema"]["items"]["enum"]
    assert found["kind"]["explode"] is False
    assert found["as_of" if "relationships" in path else "active_on"]["schema"]["format"] == "date"


@pytest.mark.django_db
def test_the_exports_are_documented(schema):
    assert parameters(schema, "/api/agreements/")["format"]["schema"]["enum"] == ["csv", "json"]
    assert "text/csv" in schema["paths"]["/api/agreements/"]["get"]["responses"]["200"]["content"]
    relationships = schema["paths"]["/api/countries/{iso2}/relationships/"]["get"]
    formats = parameters(schema, "/api/countries/{iso2}/relationships/")["format"]["schema"]
    assert set(formats["enum"]) == {"json", "geojson", "gpkg", "csv"}
    assert "text/csv" in relationships["responses"]["200"]["content"]
    memberships = parameters(schema, "/api/memberships/")["format"]["schema"]["enum"]
    assert set(memberships) == {"json", "csv"}
    assert "text/csv" in schema["paths"]["/api/memberships/"]["get"]["responses"]["200"]["content"]
    assert "application/geopackage+sqlite3" in relationships["responses"]["200"]["content"]
    assert "application/geo+json" in relationships["responses"]["200"]["content"]
    ordering = parameters(schema, "/api/agreements/")["ordering"]["schema"]["items"]["enum"]
    assert {"signed_on", "-signed_on"} <= set(ordering)


@pytest.mark.django_db
def test_writes_are_documented_with_their_security(schema):
    create = schema["paths"]["/api/agreements/"]["post"]
    assert {"tokenAuth", "cookieAuth"} <= {name for s in create["security"] for name in s}
    for path in ["/api/memberships/", "/api/sources/"]:
        assert "post" in schema["paths"][path]


@pytest.mark.django_db
def test_the_docs_page_loads_and_references_only_local_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui" in asset for asset in assets)
    assert all(not asset.startswith(("http:", "https:", "//")) for asset in assets), assets
    assert "cdn.jsdelivr" not in html and "unpkg" not in html


FILTERED = [
    ("/api/agreements/", "AgreementFilter"),
    ("/api/memberships/", "MembershipFilter"),
    ("/api/organisations/{slug}/", "OrganisationFilter"),
    ("/api/countries/{iso2}/relationships/", "RelationshipFilter"),
    ("/api/countries/{iso2}/relationships/{partner}/", "PairFilter"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("path, filterset", FILTERED)
def test_the_docs_show_each_filters_own_help_text(schema, path, filterset):
    from relationships.api import filters

    found = parameters(schema, path)
    for name, declared in getattr(filters, filterset).base_filters.items():
        assert found[name]["description"].startswith(str(declared.extra["help_text"])), name


@pytest.mark.django_db
def test_every_export_renderer_is_documented_with_its_media_type(schema):
    from relationships.api.exports import AGREEMENT_EXPORTS, RELATIONSHIP_EXPORTS, ExportRenderer

    for path, exports in [
        ("/api/agreements/", AGREEMENT_EXPORTS),
        ("/api/countries/{iso2}/relationships/", RELATIONSHIP_EXPORTS),
    ]:
        content = schema["paths"][path]["get"]["responses"]["200"]["content"]
        formats = parameters(schema, path)["format"]["schema"]["enum"]
        for renderer in exports:
            assert issubclass(renderer, ExportRenderer)  # JSON errors, cached, a file name
            assert renderer.media_type in content and renderer.format in formats


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/agreements/{id}/", "/api/memberships/{id}/", "/api/sources/{id}/"]
)
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_each_write_that_honours_if_match_documents_the_header_and_the_412(schema, path, method):
    operation = schema["paths"][path][method]
    if_match = parameters(schema, path, method)["If-Match"]
    assert if_match["in"] == "header"
    assert not if_match.get("required", False)
    assert if_match["schema"]["type"] == "string"
    assert "412" in operation["responses"]
    error = operation["responses"]["412"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}


@pytest.mark.django_db
def test_reads_and_creates_document_no_if_match(schema):
    for path, method in [("/api/agreements/{id}/", "get"), ("/api/agreements/", "post")]:
        operation = schema["paths"][path][method]
        assert "If-Match" not in {p["name"] for p in operation.get("parameters", [])}
        assert "412" not in operation["responses"]
