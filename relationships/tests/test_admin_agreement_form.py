"""The agreement form in the admin: valid facts save, bad ones come back with a message."""

import pytest
from django.urls import reverse

from relationships.models import Agreement, AgreementParty

from .conftest import agreement_form

ADD = reverse("admin:relationships_agreement_add")


def errors_of(response):
    """Every error message the admin page shows, form and inlines together."""
    assert response.status_code == 200, "expected the form back with errors"
    messages = list(response.context["adminform"].form.non_field_errors())
    for field_errors in response.context["adminform"].form.errors.values():
        messages += list(field_errors)
    for formset in response.context["inline_admin_formsets"]:
        messages += list(formset.formset.non_form_errors())
        for form_errors in formset.formset.errors:
            for field_errors in form_errors.values():
                messages += list(field_errors)
    return messages


@pytest.mark.django_db
def test_the_add_form_shows_party_inline_sources_autocomplete_and_map_link(admin_client, world):
    response = admin_client.get(ADD)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="parties-TOTAL_FORMS"' in page
    assert 'name="sources"' in page and "admin-autocomplete" in page


@pytest.mark.django_db
def test_a_valid_agreement_is_saved_with_its_parties(admin_client, world):
    response = admin_client.post(ADD, agreement_form(world))
    assert response.status_code == 302
    agreement = Agreement.objects.get(key="gb-jp-test")
    assert sorted(agreement.parties.values_list("country__iso2", flat=True)) == ["GB", "JP"]
    assert list(agreement.sources.all()) == [world["source"]]


@pytest.mark.django_db
@pytest.mark.parametrize("parties", [(), ("GB",), ("GB", None)])
def test_an_agreement_needs_at_least_two_parties(admin_client, world, parties):
    data = agreement_form(world, parties=[p for p in parties if p])
    response = admin_client.post(ADD, data)
    assert "An agreement needs at least two parties" in " ".join(errors_of(response))
    assert not Agreement.objects.filter(key="gb-jp-test").exists()


@pytest.mark.django_db
def test_deleting_a_party_down_to_one_is_refused(admin_client, world):
    raa = world["raa"]
    url = reverse("admin:relationships_agreement_change", args=[raa.pk])
    data = agreement_form(world, raa, parties=["JP", None], key=raa.key)
    response = admin_client.post(url, data)
    assert "An agreement needs at least two parties" in " ".join(errors_of(response))
    assert raa.parties.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields, message",
    [
        ({"in_force_on": "2022-01-01"}, "Entry into force cannot come before signature."),
        ({"ended_on": "2024-01-01"}, "An agreement with an end date must have the status 'ended'."),
        (
            {"ended_on": "2020-01-01", "status": "ended"},
            "An agreement cannot end before it was signed or entered into force.",
        ),
        ({"key": "gb-jp-raa"}, "Agreement with this Key already exists."),
    ],
)
def test_each_agreement_constraint_shows_its_message(admin_client, world, fields, message):
    response = admin_client.post(ADD, agreement_form(world, **fields))
    assert message in errors_of(response)
    assert not Agreement.objects.filter(title="A test agreement").exists()


@pytest.mark.django_db
def test_a_party_listed_twice_shows_a_message(admin_client, world):
    response = admin_client.post(ADD, agreement_form(world, parties=["GB", "JP", "GB"]))
    assert "Party GB is listed twice: list each country once." in errors_of(response)


@pytest.mark.django_db
def test_a_party_leaving_before_joining_shows_a_message(admin_client, world):
    parties = ["GB", {"country": "JP", "joined_on": "2024-01-01", "left_on": "2023-01-01"}]
    response = admin_client.post(ADD, agreement_form(world, parties=parties))
    assert "A party cannot leave before it joined." in errors_of(response)


@pytest.mark.django_db
def test_an_agreement_needs_a_source(admin_client, world):
    response = admin_client.post(ADD, agreement_form(world, sources=[]))
    assert "An agreement needs at least one source." in errors_of(response)


@pytest.mark.django_db
def test_the_change_form_links_to_the_map_showing_the_agreement(admin_client, world):
    raa = world["raa"]
    response = admin_client.get(reverse("admin:relationships_agreement_change", args=[raa.pk]))
    assert raa.get_absolute_url() == "/?focus=GB&country=JP"
    assert 'href="/?focus=GB&amp;country=JP"' in response.content.decode()


@pytest.mark.django_db
def test_the_country_page_links_to_the_map_focused_on_it(admin_client, world):
    japan = world["countries"]["JP"]
    response = admin_client.get(reverse("admin:relationships_country_change", args=[japan.pk]))
    assert 'href="/?focus=JP"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "Japan"}, {"gb-jp-raa", "gb-jp-hiroshima-accord"}),
        ({"q": "Lancaster"}, {"gb-fr-lancaster-house"}),
        ({"signed_year": "2010"}, {"gb-fr-lancaster-house"}),
        ({"kind__exact": "declaration"}, {"gb-jp-hiroshima-accord"}),
        ({"domains__id__exact": "DOMAIN"}, {"gb-jp-raa"}),
    ],
)
def test_the_list_searches_party_names_and_filters(admin_client, world, query, expected):
    query = {k: (world["training"].pk if v == "DOMAIN" else v) for k, v in query.items()}
    response = admin_client.get(reverse("admin:relationships_agreement_changelist"), query)
    assert response.status_code == 200
    assert {a.key for a in response.context["cl"].result_list} == expected


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_however_many_agreements(admin_client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:relationships_agreement_changelist")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(url)
        assert response.status_code == 200
        return len(captured.captured_queries), response

    queries()  # warm the session and content types
    few, _ = queries()
    for number in range(5):
        response = admin_client.post(ADD, agreement_form(world, key=f"gb-jp-more-{number}"))
        assert response.status_code == 302
    many, response = queries()
    assert few > 0 and many == few
    assert "/?focus=GB&amp;country=JP" in response.content.decode()


@pytest.mark.django_db
def test_a_party_added_twice_on_its_own_page_shows_the_constraint_message(admin_client, world):
    data = {
        "agreement": world["raa"].pk,
        "country": world["countries"]["GB"].pk,
        "joined_on_precision": "day",
        "left_on_precision": "day",
    }
    response = admin_client.post(reverse("admin:relationships_agreementparty_add"), data)
    assert "This country is already a party to the agreement." in errors_of(response)


@pytest.mark.django_db
def test_a_security_assurance_needs_a_guarantor_and_a_beneficiary(editor_client, world):
    data = agreement_form(
        world,
        obligation="security_assurance",
        parties=({"country": "GB", "role": "guarantor"}, {"country": "JP", "role": "guarantor"}),
    )
    response = editor_client.post("/admin/relationships/agreement/add/", data)
    assert response.status_code == 200
    assert "at least one guarantor and one beneficiary" in response.content.decode()
    data = agreement_form(
        world,
        obligation="security_assurance",
        parties=({"country": "GB", "role": "guarantor"}, {"country": "JP", "role": "beneficiary"}),
    )
    response = editor_client.post("/admin/relationships/agreement/add/", data)
    assert response.status_code == 302
    roles = AgreementParty.objects.filter(agreement__key="gb-jp-test")
    assert dict(roles.values_list("country__iso2", "role")) == {
        "GB": "guarantor",
        "JP": "beneficiary",
    }
