"""Every response the API sends has the shape its OpenAPI schema documents.

Each body is validated against the schema drf-spectacular generates, made
strict: an object may hold only the properties the schema lists, so a key
sent but not documented fails as surely as one documented but not sent.
"""

import pytest
from jsonschema import Draft202012Validator

from relationships.models import Membership, Source

SCHEMA_URL = "/api/schema/"


def strict(node):
    """An OpenAPI 3.0 schema as JSON Schema: `nullable` as a null type, no undocumented keys."""
    if isinstance(node, list):
        return [strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: strict(value) for key, value in node.items()}
    if "properties" in node:
        node.setdefault("additionalProperties", False)
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


@pytest.fixture
def schema(client, db):
    return client.get(SCHEMA_URL, HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def check(schema, path, response, method="get"):
    documented = schema["paths"][path][method]["responses"][str(response.status_code)]
    media_type = response["Content-Type"].split(";")[0]
    shape = documented["content"][media_type]["schema"]
    validator = Draft202012Validator({**strict(shape), "components": strict(schema["components"])})
    errors = sorted(validator.iter_errors(response.json()), key=str)
    assert not errors, f"{response.request['PATH_INFO']}: {errors[0].message}"


def responses(world):
    """(URL, the schema path that documents it)."""
    agreement = world["raa"].pk
    membership = Membership.objects.first().pk
    source = Source.objects.first().pk
    relationships = "/api/countries/{iso2}/relationships/"
    return [
        ("/api/countries/", "/api/countries/"),
        ("/api/countries/GB/", "/api/countries/{iso2}/"),
        ("/api/countries/FK/", "/api/countries/{iso2}/"),
        ("/api/countries/GB/relationships/", relationships),
        ("/api/countries/GB/relationships/?view=tiers", relationships),
        ("/api/countries/GB/relationships/?as_of=1900-01-01", relationships),
        ("/api/countries/GB/relationships/?format=geojson", relationships),
        ("/api/countries/GB/relationships/JP/", relationships + "{partner}/"),
        ("/api/countries/GB/relationships/FK/", relationships + "{partner}/"),
        ("/api/organisations/", "/api/organisations/"),
        ("/api/organisations/nato/", "/api/organisations/{slug}/"),
        (
            "/api/countries/GB/changes/?from=2000-01-01&to=2024-12-31",
            "/api/countries/{iso2}/changes/",
        ),
        (
            "/api/organisations/nato/changes/?from=1940-01-01&to=2024-12-31",
            "/api/organisations/{slug}/changes/",
        ),
        ("/api/countries/GB/changes/?from=bad", "/api/countries/{iso2}/changes/"),
        ("/api/agreements/", "/api/agreements/"),
        (f"/api/agreements/{agreement}/", "/api/agreements/{id}/"),
        ("/api/memberships/", "/api/memberships/"),
        (f"/api/memberships/{membership}/", "/api/memberships/{id}/"),
        ("/api/sources/", "/api/sources/"),
        (f"/api/sources/{source}/", "/api/sources/{id}/"),
        # Errors have their documented shape too.
        ("/api/agreements/?kind=alliance", "/api/agreements/"),
        ("/api/countries/GB/relationships/?view=everything", relationships),
        ("/api/countries/ZZ/", "/api/countries/{iso2}/"),
        ("/api/organisations/nato/?as_of=1066", "/api/organisations/{slug}/"),
    ]


@pytest.mark.django_db
def test_every_read_answers_the_shape_its_schema_documents(client, world, schema):
    for url, path in responses(world):
        check(schema, path, client.get(url))


@pytest.mark.django_db
def test_the_tiers_view_sends_no_ties_and_its_schema_does_not_require_them(client, world, schema):
    response = client.get("/api/countries/GB/relationships/", {"view": "tiers"})
    partners = response.json()["partners"]
    assert partners and all("agreements" not in partner for partner in partners)
    check(schema, "/api/countries/{iso2}/relationships/", response)


@pytest.mark.django_db
def test_every_forces_read_answers_the_shape_its_schema_documents(client, forces, schema):
    for url, path in [
        ("/api/presences/", "/api/presences/"),
        ("/api/presences/?as_of=1995-01-01&country=GB", "/api/presences/"),
        ("/api/presences/gb-jp-camp/", "/api/presences/{key}/"),
        ("/api/presences/nato-fi-flf/", "/api/presences/{key}/"),
        ("/api/presences/?format=geojson", "/api/presences/"),
        ("/api/presences/?bbox=1,2", "/api/presences/"),
        ("/api/presences/nope/", "/api/presences/{key}/"),
        ("/api/exercises/", "/api/exercises/"),
        ("/api/exercises/baltops-2025/", "/api/exercises/{key}/"),
        ("/api/exercises/?format=geojson", "/api/exercises/"),
        ("/api/exercises/?from=x", "/api/exercises/"),
        ("/api/countries/GB/forces/", "/api/countries/{iso2}/forces/"),
        ("/api/countries/FI/forces/?as_of=2025-06-10", "/api/countries/{iso2}/forces/"),
        ("/api/countries/ZZ/forces/", "/api/countries/{iso2}/forces/"),
    ]:
        check(schema, path, client.get(url))
