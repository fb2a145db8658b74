"""The editors group: editors keep the facts but cannot manage users; anonymous users read."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from relationships.models import Agreement

from .conftest import agreement_form

EDITOR_PAGES = [
    ("admin:relationships_agreement_changelist", []),
    ("admin:relationships_agreement_add", []),
    ("admin:relationships_agreement_import", []),
    ("admin:relationships_agreement_export", []),
    ("admin:relationships_membership_import", []),
    ("admin:relationships_organisation_changelist", []),
    ("admin:relationships_source_add", []),
]


def codenames(group):
    return set(group.permissions.values_list("codename", flat=True))


@pytest.mark.django_db
def test_setup_editors_is_idempotent_and_gives_exactly_the_editor_permissions():
    call_command("setup_editors")
    group = Group.objects.get(name="editors")
    first = codenames(group)
    call_command("setup_editors")
    assert codenames(group) == first
    assert {"add_agreement", "change_agreement", "delete_agreement", "view_agreement"} <= first
    assert {"change_membership", "change_agreementparty", "change_source"} <= first
    assert "view_historicalagreement" in first
    assert "change_historicalagreement" not in first  # history is read-only; a revert is a change
    assert not group.permissions.exclude(content_type__app_label="relationships").exists()


@pytest.mark.django_db
def test_setup_editors_repairs_a_group_given_too_much(editor):
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name="editors")
    group.permissions.add(Permission.objects.get(codename="change_user"))
    call_command("setup_editors")
    assert "change_user" not in codenames(group)


@pytest.mark.django_db
@pytest.mark.parametrize("name, args", EDITOR_PAGES)
def test_an_editor_opens_the_editing_pages(editor_client, world, name, args):
    assert editor_client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name, args", EDITOR_PAGES)
def test_an_anonymous_user_is_sent_to_the_login_page(client, world, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_an_editor_adds_an_agreement_and_sees_its_history(editor_client, editor, world):
    response = editor_client.post(
        reverse("admin:relationships_agreement_add"), agreement_form(world)
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(key="gb-jp-test")
    # One row for the agreement, one per many-to-many field set: all by the editor.
    assert agreement.history.filter(history_type="+").count() == 1
    assert {record.history_user for record in agreement.history.all()} == {editor}
    history = reverse("admin:relationships_agreement_history", args=[agreement.pk])
    assert editor_client.get(history).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["admin:auth_user_changelist", "admin:auth_user_add", "admin:auth_group_changelist"]
)
def test_an_editor_cannot_manage_users_or_groups(editor_client, name):
    assert editor_client.get(reverse(name)).status_code == 403


@pytest.mark.django_db
def test_the_admin_index_shows_an_editor_no_users(editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert "Agreements" in page
    assert "Users" not in page and "Groups" not in page


@pytest.mark.django_db
def test_an_anonymous_user_reads_the_api_but_cannot_write(client, world):
    assert client.get("/api/agreements/").status_code == 200
    response = client.post("/api/agreements/", {"key": "x"}, content_type="application/json")
    assert response.status_code == 401  # token auth comes first: anonymous is "unauthenticated"
    assert Agreement.objects.count() == 3
