"""History: every change is recorded with who, when and what, and can be reverted."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from relationships.models import Agreement, AgreementParty, Membership, Organisation, Source

from .conftest import agreement_form
from .test_load_dataset import AGREEMENTS, JEF, write

HISTORIES = [Agreement, AgreementParty, Membership, Organisation, Source]


def history_rows():
    return sum(model.history.count() for model in HISTORIES)


def resubmit(form):
    """The POST data a browser would send for a rendered admin form, as it stands."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, list | tuple):
            value = [getattr(item, "pk", item) for item in value]
        data[bound.html_name] = value
    return data


@pytest.mark.django_db
def test_an_admin_change_is_recorded_with_who_and_what(admin_client, admin_user, world):
    raa = world["raa"]
    url = reverse("admin:relationships_agreement_change", args=[raa.pk])
    data = agreement_form(world, raa, parties=["JP", "GB"], key=raa.key, title="Renamed")
    assert admin_client.post(url, data).status_code == 302
    record = raa.history.filter(title="Renamed").latest()
    assert record.history_user == admin_user
    assert record.history_type == "~"
    delta = record.diff_against(record.prev_record)
    assert "title" in delta.changed_fields

    page = admin_client.get(reverse("admin:relationships_agreement_history", args=[raa.pk]))
    assert page.status_code == 200
    assert "Renamed" in page.content.decode()
    assert admin_user.username in page.content.decode()


@pytest.mark.django_db
def test_a_change_reverted_through_the_history_view_is_back(admin_client, world):
    raa = world["raa"]
    original = raa.history.latest()
    url = reverse("admin:relationships_agreement_change", args=[raa.pk])
    data = agreement_form(
        world, raa, parties=["JP", "GB"], key=raa.key, title="Wrong", in_force_on="2024-01-01"
    )
    assert admin_client.post(url, data).status_code == 302
    raa.refresh_from_db()
    assert (raa.title, raa.in_force_on) == ("Wrong", datetime.date(2024, 1, 1))

    revert_url = reverse(
        "admin:relationships_agreement_simple_history", args=[raa.pk, original.history_id]
    )
    page = admin_client.get(revert_url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form["title"].value() == "gb-jp-raa"
    assert admin_client.post(revert_url, resubmit(form)).status_code == 302

    raa.refresh_from_db()
    assert (raa.title, raa.in_force_on) == ("gb-jp-raa", datetime.date(2023, 10, 15))
    assert raa.history.latest().history_type == "~"  # the revert is itself recorded


@pytest.mark.django_db
def test_party_changes_made_inline_are_recorded_with_the_editor(admin_client, admin_user, world):
    raa = world["raa"]
    url = reverse("admin:relationships_agreement_change", args=[raa.pk])
    data = agreement_form(world, raa, parties=["JP", "GB", "AU"], key=raa.key)
    assert admin_client.post(url, data).status_code == 302
    added = AgreementParty.history.get(country__iso2="AU", history_type="+")
    assert added.history_user == admin_user


@pytest.mark.django_db
def test_a_deleted_party_can_be_found_and_restored_from_its_history(admin_client, world):
    party = world["lancaster"].parties.get(country__iso2="FR")
    party_id = party.pk
    AgreementParty.objects.create(agreement=world["lancaster"], country=world["countries"]["AU"])
    party.delete()
    history = reverse("admin:relationships_agreementparty_history", args=[party_id])
    assert admin_client.get(history).status_code == 200
    record = AgreementParty.history.filter(id=party_id, history_type="+").latest()
    record.instance.save()
    assert world["lancaster"].parties.filter(country__iso2="FR").exists()


@pytest.mark.django_db
def test_sources_and_domains_changes_are_part_of_an_agreements_history(world):
    raa = world["raa"]
    before = raa.history.count()
    raa.domains.clear()
    record = raa.history.latest()
    assert raa.history.count() == before + 1
    assert list(record.prev_record.domains.values_list("domain__slug", flat=True)) == [
        "training_exercises"
    ]
    assert list(record.domains.all()) == []


@pytest.mark.django_db
def test_loading_the_dataset_twice_records_no_new_history(tmp_path, world):
    write(tmp_path, "organisations/jef.yaml", JEF)
    write(tmp_path, "agreements/test.yaml", AGREEMENTS)
    call_command("load_dataset", dir=tmp_path)
    after_first = history_rows()
    assert after_first > 0
    jef_mou = Agreement.history.filter(key="gb-it-test-mou")
    assert set(jef_mou.values_list("history_change_reason", flat=True)) == {"load_dataset"}
    call_command("load_dataset", dir=tmp_path)
    assert history_rows() == after_first


@pytest.mark.django_db
def test_a_revert_brings_back_the_domains_and_sources_recorded(admin_client, world):
    raa = world["raa"]
    original = raa.history.latest()
    other = Source.objects.create(
        url="https://example.org/other", title="Other", publisher="P", accessed_on="2026-11-22"
    )
    url = reverse("admin:relationships_agreement_change", args=[raa.pk])
    data = agreement_form(world, raa, parties=["JP", "GB"], key=raa.key, domains=[])
    data["sources"] = [other.pk]
    assert admin_client.post(url, data).status_code == 302
    assert list(raa.domains.all()) == [] and list(raa.sources.all()) == [other]

    revert_url = reverse(
        "admin:relationships_agreement_simple_history", args=[raa.pk, original.history_id]
    )
    form = admin_client.get(revert_url).context["adminform"].form
    assert admin_client.post(revert_url, resubmit(form)).status_code == 302
    assert list(raa.domains.all()) == [world["training"]]
    assert list(raa.sources.all()) == [world["source"]]
