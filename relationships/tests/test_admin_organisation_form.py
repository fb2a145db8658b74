"""Organisation and membership forms in the admin: constraint violations come back as messages."""

import pytest
from django.urls import reverse

from relationships.models import Membership


def organisation_form(world, **fields):
    data = {
        "slug": "test-org",
        "name": "A test organisation",
        "short_name": "TO",
        "kind": "forum",
        "obligation": "consultation",
        "founded_on": "2000-01-01",
        "founded_on_precision": "day",
        "dissolved_on": "",
        "dissolved_on_precision": "day",
        "summary": "",
        "note": "",
        "sources": [world["source"].pk],
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def membership_form(world, **fields):
    data = {
        "organisation": world["nato"].pk,
        "country": world["countries"]["BR"].pk,
        "role": "partner",
        "joined_on": "2020-01-01",
        "joined_on_precision": "day",
        "left_on": "",
        "left_on_precision": "day",
        "note": "",
    }
    data.update(fields)
    return data


def messages(response):
    assert response.status_code == 200, "expected the form back with errors"
    form = response.context["adminform"].form
    found = [str(message) for errors in form.errors.values() for message in errors]
    for formset in response.context["inline_admin_formsets"]:
        for form_errors in formset.formset.errors:
            found += [str(m) for errors in form_errors.values() for m in errors]
    return found


@pytest.mark.django_db
def test_an_organisation_dissolved_before_founding_shows_a_message(admin_client, world):
    url = reverse("admin:relationships_organisation_add")
    response = admin_client.post(url, organisation_form(world, dissolved_on="1999-01-01"))
    assert "An organisation cannot be dissolved before it was founded." in messages(response)


@pytest.mark.django_db
def test_a_member_leaving_before_joining_shows_a_message(admin_client, world):
    url = reverse("admin:relationships_membership_add")
    response = admin_client.post(url, membership_form(world, left_on="2019-01-01"))
    assert "A member cannot leave before it joined." in messages(response)
    assert not Membership.objects.filter(country__iso2="BR").exists()


@pytest.mark.django_db
def test_a_second_membership_from_the_same_date_shows_a_message(admin_client, world):
    url = reverse("admin:relationships_membership_add")
    data = membership_form(world, country=world["countries"]["GB"].pk, joined_on="1949-08-24")
    response = admin_client.post(url, data)
    assert (
        "This country already has a membership of this organisation starting on that date."
        in messages(response)
    )


@pytest.mark.django_db
def test_a_valid_membership_is_saved(admin_client, world):
    response = admin_client.post(
        reverse("admin:relationships_membership_add"), membership_form(world)
    )
    assert response.status_code == 302
    assert Membership.objects.get(country__iso2="BR").role == "partner"


@pytest.mark.django_db
def test_an_organisation_without_a_source_shows_the_rules_message(admin_client, world):
    url = reverse("admin:relationships_organisation_add")
    response = admin_client.post(url, organisation_form(world, sources=[]))
    assert "An organisation needs at least one source." in messages(response)
