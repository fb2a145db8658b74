"""Who may do what: every endpoint and admin page for the four kinds of visitor.

anonymous, an editor (staff in the `editors` group), staff with no permission,
and a superuser.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from relationships.editors import setup_editors
from relationships.models import Country, Membership

ROLES = ["anonymous", "editor", "staff", "superuser"]


@pytest.fixture
def users(world):
    group, _, _ = setup_editors()
    editor = User.objects.create_user("editor", password="an editor password", is_staff=True)
    editor.groups.add(group)
    return {
        "anonymous": None,
        "editor": editor,
        "staff": User.objects.create_user("staff", password="a staff password", is_staff=True),
        "superuser": User.objects.create_superuser("root", password="a root password"),
    }


def client_for(user, api=False):
    client = APIClient() if api else Client()
    if user is not None:
        client.force_login(user)
    return client


def public_reads(world):
    raa, nato = world["raa"], world["nato"]
    membership = Membership.objects.first()
    return [
        "/",
        "/api/countries/",
        "/api/countries/GB/",
        "/api/countries/GB/relationships/",
        "/api/countries/GB/relationships/JP/",
        "/api/countries/GB/relationships.geojson",
        "/api/organisations/",
        f"/api/organisations/{nato.slug}/",
        "/api/agreements/",
        f"/api/agreements/{raa.pk}/",
        "/api/agreements.csv",
        "/api/memberships/",
        f"/api/memberships/{membership.pk}/",
        "/api/sources/",
        f"/api/sources/{world['source'].pk}/",
        "/api/schema/",
        "/api/docs/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_read_is_public(users, world, role):
    client = client_for(users[role])
    for path in public_reads(world):
        assert client.get(path).status_code == 200, (role, path)


WRITE_STATUS = {"anonymous": 401, "staff": 403, "editor": None, "superuser": None}


def writes(world):
    source = {
        "url": "https://example.org/matrix",
        "title": "Matrix",
        "publisher": "Us",
        "accessed_on": "2026-11-22",
    }
    agreement = {
        "key": "gb-it-matrix",
        "title": "A matrix agreement",
        "kind": "mou",
        "status": "signed",
        "legally_binding": False,
        "signed_on": "2024-03-01",
        "parties": [{"country": "GB"}, {"country": "IT"}],
        "sources": [world["source"].pk],
    }
    membership = {
        "organisation": "gcap",
        "country": "AU",
        "role": "partner",
        "sources": [world["source"].pk],
    }
    raa = world["raa"].pk
    return [
        ("post", "/api/sources/", source, 201),
        ("post", "/api/agreements/", agreement, 201),
        ("post", "/api/memberships/", membership, 201),
        ("patch", f"/api/agreements/{raa}/", {"summary": "Changed."}, 200),
        ("put", f"/api/sources/{world['source'].pk}/", {**source, "url": "https://e.org/x"}, 200),
        ("delete", f"/api/memberships/{Membership.objects.first().pk}/", None, 204),
        ("delete", f"/api/agreements/{raa}/", None, 204),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_writes_need_the_model_permission(users, world, role):
    client = client_for(users[role], api=True)
    for method, path, body, success in writes(world):
        response = getattr(client, method)(path, body, format="json")
        expected = WRITE_STATUS[role] or success
        assert response.status_code == expected, (role, method, path, response.content[:200])


def admin_pages(world):
    """Every registered model's list, add, change and history pages, and import/export."""
    pages = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        obj = model._default_manager.first()
        if obj is not None:
            pages.append(reverse(f"{prefix}_change", args=[obj.pk]))
            pages.append(reverse(f"{prefix}_history", args=[obj.pk]))
        for extra in ("import", "export"):
            if hasattr(model_admin, f"{extra}_action"):
                pages.append(reverse(f"{prefix}_{extra}"))
    return pages


def expected_admin_status(role, path):
    if role == "anonymous":
        return 302
    if path == reverse("admin:index"):
        return 200
    if role == "superuser":
        # django-axes' records of login attempts are written by axes only.
        return 403 if path.startswith("/admin/axes/") and path.endswith("/add/") else 200
    if role == "editor" and path.startswith("/admin/relationships/"):
        return 200
    return 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_open_to_whom_they_should(users, world, role):
    client = client_for(users[role])
    pages = admin_pages(world)
    assert len(pages) > 30
    for path in pages:
        response = client.get(path)
        assert response.status_code == expected_admin_status(role, path), (role, path)
        if role == "anonymous":
            assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_the_editor_cannot_reach_users_or_groups(users):
    client = client_for(users["editor"])
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


@pytest.mark.django_db
def test_admin_writes_need_the_csrf_token(users, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["superuser"])
    country = Country.objects.get(iso2="BR")
    url = reverse("admin:relationships_country_change", args=[country.pk])
    body = {"iso2": "BR", "iso3": "BRA", "name": "Renamed", "is_state": "on"}
    refused = client.post(url, body)
    assert refused.status_code == 403
    assert Country.objects.get(pk=country.pk).name == "Brazil"
    token = client.get(url).cookies["csrftoken"].value
    accepted = client.post(url, {**body, "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    assert Country.objects.get(pk=country.pk).name == "Renamed"


@pytest.mark.django_db
def test_the_admin_login_form_needs_the_csrf_token(users):
    client = Client(enforce_csrf_checks=True)
    refused = client.post("/admin/login/", {"username": "root", "password": "a root password"})
    assert refused.status_code == 403


@pytest.mark.django_db
def test_session_writes_to_the_api_need_the_csrf_token(users, world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(users["editor"])
    body = {
        "url": "https://example.org/csrf",
        "title": "CSRF",
        "publisher": "Us",
        "accessed_on": "2026-11-22",
    }
    refused = client.post("/api/sources/", body, format="json")
    assert refused.status_code == 403
    token = client.get("/admin/").cookies["csrftoken"].value
    accepted = client.post("/api/sources/", body, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201
