"""The admin refuses to save over a change made after the form was opened, and says what changed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from relationships.models import (
    Agreement,
    AgreementParty,
    ExerciseEdition,
    ExerciseSeries,
    Membership,
    Organisation,
    Presence,
)

from .conftest import agreement_form

VERSION = re.compile(r'name="record_version" value="([^"]*)"')


def opened(client, url):
    """Open a change form: the version it carries."""
    response = client.get(url)
    assert response.status_code == 200
    (version,) = VERSION.findall(response.content.decode())
    return version


@pytest.fixture
def editors(django_user_model):
    clients = []
    for name in ("editor-a", "editor-b"):
        user = django_user_model.objects.create_superuser(name, f"{name}@example.org", "pw")
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def same_parties(world, agreement, **fields):
    """The agreement's form as posted with its parties as they are."""
    parties = [party.country.iso2 for party in agreement.parties.all()]
    return agreement_form(world, agreement, parties=parties, key=agreement.key, **fields)


def change_url(record):
    return reverse(f"admin:relationships_{record._meta.model_name}_change", args=[record.pk])


def refusal(response):
    assert response.status_code == 200, "expected the form back, refused"
    return [str(error) for error in response.context["adminform"].form.non_field_errors()]


@pytest.mark.django_db
def test_the_later_of_two_editors_is_refused_with_what_changed_and_keeps_their_input(
    editors, world
):
    a, b = editors
    raa = world["raa"]
    url = change_url(raa)
    version_a, version_b = opened(a, url), opened(b, url)
    saved = a.post(
        url,
        same_parties(
            world, raa, title="Title by A", short_title="Short by A", record_version=version_a
        ),
    )
    assert saved.status_code == 302

    refused = b.post(
        url,
        same_parties(world, raa, title="Title by B", record_version=version_b),
    )

    errors = refusal(refused)
    assert "changed after you opened it" in errors[0]
    title = next(error for error in errors if error.startswith("Title:"))
    assert f"when you opened it {raa.title!r}" in title
    assert "now 'Title by A'" in title and "by editor-a" in title
    assert any(error.startswith("Short title:") and "now 'Short by A'" in error for error in errors)
    raa.refresh_from_db()
    assert (raa.title, raa.short_title) == ("Title by A", "Short by A")
    assert 'value="Title by B"' in refused.content.decode()  # B's input is kept on the page


@pytest.mark.django_db
def test_after_reloading_the_later_editor_saves(editors, world):
    a, b = editors
    raa = world["raa"]
    url = change_url(raa)
    version_b = opened(b, url)
    a.post(url, same_parties(world, raa, title="A", record_version=opened(a, url)))
    refused = b.post(url, same_parties(world, raa, title="B", record_version=version_b))
    assert refused.status_code == 200

    saved = b.post(url, same_parties(world, raa, title="B", record_version=opened(b, url)))

    assert saved.status_code == 302
    raa.refresh_from_db()
    assert raa.title == "B"


@pytest.mark.django_db
def test_a_party_added_after_the_form_was_opened_refuses_the_save(editors, world):
    a, b = editors
    raa = world["raa"]
    url = change_url(raa)
    version_b = opened(b, url)
    party_url = reverse("admin:relationships_agreementparty_add")
    added = a.post(
        party_url,
        {
            "agreement": raa.pk,
            "country": world["countries"]["FR"].pk,
            "role": "party",
            "joined_on_precision": "day",
            "left_on_precision": "day",
        },
    )
    assert added.status_code == 302

    refused = b.post(url, same_parties(world, raa, title="B", record_version=version_b))

    errors = refusal(refused)
    assert any("France" in error or "FR" in error for error in errors[1:])
    assert AgreementParty.objects.filter(agreement=raa, country__iso2="FR").exists()
    raa.refresh_from_db()
    assert raa.title != "B"


@pytest.mark.django_db
def test_a_new_record_form_is_not_affected(editors, world):
    a, _ = editors
    add = reverse("admin:relationships_agreement_add")
    assert a.get(add).status_code == 200
    assert a.post(add, agreement_form(world)).status_code == 302
    assert Agreement.objects.filter(key="gb-jp-test").exists()


@pytest.mark.django_db
def test_a_hostile_title_in_the_refusal_is_shown_as_text(editors, world):
    a, b = editors
    raa = world["raa"]
    url = change_url(raa)
    version_b = opened(b, url)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    a.post(url, same_parties(world, raa, title=hostile, record_version=opened(a, url)))

    refused = b.post(url, same_parties(world, raa, record_version=version_b))

    refusal(refused)
    page = refused.content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<script>alert(" not in page and "<img src=x" not in page


def as_posted(page):
    """What the change form on `page` posts when saved untouched: its fields and inlines."""

    def values(form):
        found = {}
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, (list, tuple)):
                value = [getattr(item, "pk", item) for item in value]
            found[form.add_prefix(name)] = value
        return found

    data = values(page.context["adminform"].form)
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        for inline in formset.formset.forms:
            data.update(values(inline))
    return data


RECORDS = {
    "organisation": (lambda forces: Organisation.objects.get(slug="nato"), "name", "Name"),
    "membership": (lambda forces: Membership.objects.first(), "note", "Note"),
    "presence": (lambda forces: Presence.objects.get(key="gb-jp-camp"), "name", "Name"),
    "exercise series": (lambda forces: ExerciseSeries.objects.get(key="baltops"), "name", "Name"),
    "exercise edition": (
        lambda forces: ExerciseEdition.objects.order_by("key").first(),
        "note",
        "Note",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", RECORDS)
def test_each_kind_of_record_changed_since_is_refused_too(editors, forces, kind):
    a, b = editors
    find, field, label = RECORDS[kind]
    record = find(forces)
    url = change_url(record)
    version_b = opened(b, url)
    data = as_posted(a.get(url))
    saved = a.post(url, {**data, field: "Changed by A"})
    assert saved.status_code == 302, saved.context["adminform"].form.errors

    refused = b.post(url, {**data, field: "Changed by B", "record_version": version_b})

    assert any(
        error.startswith(f"{label}:") and "now 'Changed by A'" in error
        for error in refusal(refused)
    )
    record.refresh_from_db()
    assert getattr(record, field) == "Changed by A"
