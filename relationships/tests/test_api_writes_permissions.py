"""Who may write: anonymous, a user without permissions, an editor, a superuser."""

import pytest
from django.contrib.auth.models import Permission, User
from django.http import HttpRequest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from relationships.models import Agreement, Membership, Source


def payload(world, key="gb-it-new"):
    return {
        "key": key,
        "title": "A new agreement",
        "kind": "mou",
        "status": "signed",
        "legally_binding": False,
        "signed_on": "2024-03-01",
        "parties": [{"country": "GB"}, {"country": "IT"}],
        "sources": [world["source"].pk],
    }


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="pw-editor-123")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="relationships",
            codename__regex=r"^(add|change|delete)_(agreement|membership|source)$",
        )
    )
    return user


@pytest.fixture
def bystander(db):
    return User.objects.create_user("bystander", password="pw-bystander-123")


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("admin", password="pw-admin-123")


def as_user(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_anonymous_writes_are_a_401_naming_the_token_scheme(world):
    client = APIClient()
    response = client.post("/api/agreements/", payload(world), format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert client.delete(f"/api/agreements/{world['raa'].pk}/").status_code == 401
    assert client.post("/api/sources/", {}, format="json").status_code == 401
    assert client.post("/api/memberships/", {}, format="json").status_code == 401
    assert Agreement.objects.filter(pk=world["raa"].pk).exists()


@pytest.mark.django_db
def test_a_user_without_the_model_permission_gets_a_403_but_may_read(world, bystander):
    client = as_user(bystander)
    assert client.post("/api/agreements/", payload(world), format="json").status_code == 403
    assert (
        client.patch(
            f"/api/agreements/{world['raa'].pk}/", {"title": "x"}, format="json"
        ).status_code
        == 403
    )
    assert client.delete(f"/api/sources/{world['source'].pk}/").status_code == 403
    assert client.get("/api/agreements/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["editor", "admin"])
def test_editors_and_superusers_create_update_and_delete_agreements(world, request, who):
    client = as_user(request.getfixturevalue(who))
    created = client.post("/api/agreements/", payload(world), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert {p["country"]["iso2"] for p in body["parties"]} == {"GB", "IT"}
    assert body["sources"][0]["url"] == "https://example.org/source"
    url = f"/api/agreements/{body['id']}/"
    changed = client.patch(
        url, {"title": "Renamed", "parties": [{"country": "gb"}, {"country": "FR"}]}, format="json"
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["title"] == "Renamed"
    assert {p["country"]["iso2"] for p in changed.json()["parties"]} == {"GB", "FR"}
    assert client.delete(url).status_code == 204
    assert not Agreement.objects.filter(key="gb-it-new").exists()


@pytest.mark.django_db
def test_an_editor_writes_memberships_and_sources(world, editor):
    client = as_user(editor)
    source = client.post(
        "/api/sources/",
        {
            "url": "https://example.org/jef",
            "title": "JEF",
            "publisher": "UK MOD",
            "accessed_on": "2026-11-01",
        },
        format="json",
    )
    assert source.status_code == 201, source.json()
    membership = client.post(
        "/api/memberships/",
        {
            "organisation": "gcap",
            "country": "au",
            "role": "observer",
            "joined_on": "2024-01-01",
            "sources": [source.json()["id"]],
        },
        format="json",
    )
    assert membership.status_code == 201, membership.json()
    assert membership.json()["country"] == "AU"
    url = f"/api/memberships/{membership.json()['id']}/"
    assert client.patch(url, {"left_on": "2025-01-01"}, format="json").status_code == 200
    assert client.delete(url).status_code == 204
    assert client.delete(f"/api/sources/{source.json()['id']}/").status_code == 204
    assert not Membership.objects.filter(country__iso2="AU").exists()


@pytest.mark.django_db
def test_a_source_still_cited_cannot_be_deleted(world, admin):
    response = as_user(admin).delete(f"/api/sources/{world['source'].pk}/")
    assert response.status_code == 409
    assert Source.objects.filter(pk=world["source"].pk).exists()


@pytest.mark.django_db
def test_a_token_authenticates_a_write(world, editor):
    token = Token.objects.create(user=editor)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.post("/api/agreements/", payload(world), format="json").status_code == 201
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.post("/api/agreements/", payload(world, "x"), format="json").status_code == 401


@pytest.mark.django_db
def test_the_token_endpoint_swaps_a_password_for_a_token(world, editor):
    response = APIClient().post(
        "/api/auth/token/", {"username": "editor", "password": "pw-editor-123"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=editor).key


@pytest.mark.django_db
def test_session_writes_need_the_csrf_token(world, editor):
    client = APIClient(enforce_csrf_checks=True)
    # django-axes needs the request that a login comes with.
    client.login(request=HttpRequest(), username="editor", password="pw-editor-123")
    refused = client.post("/api/agreements/", payload(world), format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/admin/login/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/agreements/", payload(world), format="json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 201, accepted.json()


@pytest.mark.django_db
def test_each_write_needs_its_own_permission(world, bystander):
    bystander.user_permissions.set(
        Permission.objects.filter(codename__in=["change_agreement", "add_source"])
    )
    client = as_user(bystander)
    url = f"/api/agreements/{world['raa'].pk}/"
    assert client.patch(url, {"title": "Renamed"}, format="json").status_code == 200
    assert client.delete(url).status_code == 403
    assert client.post("/api/agreements/", payload(world), format="json").status_code == 403
    assert client.post("/api/memberships/", {}, format="json").status_code == 403
    source = {"url": "https://example.org/x", "title": "X", "publisher": "P"}
    response = client.post("/api/sources/", {**source, "accessed_on": "2026-01-01"}, format="json")
    assert response.status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize("record", ["presence", "edition", "series"])
def test_a_source_cited_only_by_forces_cannot_be_deleted(world, forces, admin, record):
    source = Source.objects.create(
        url="https://example.org/forces-only", title="T", publisher="P", accessed_on="2026-12-03"
    )
    {
        "presence": forces["camp"],
        "edition": forces["editions"][2025],
        "series": forces["series"],
    }[record].sources.add(source)
    response = as_user(admin).delete(f"/api/sources/{source.pk}/")
    assert response.status_code == 409
    assert Source.objects.filter(pk=source.pk).exists()
