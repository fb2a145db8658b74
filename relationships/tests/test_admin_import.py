"""Bulk import and export: a preview with row-level errors, and a bad file writes nothing."""

import datetime

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from relationships.models import Agreement, AgreementParty, Membership
from relationships.resources import AgreementResource, MembershipResource

HEADER = "key,title,kind,status,legally_binding,obligation,organisation,parties,domains,"
HEADER += "signed_on,in_force_on,ended_on,sources\n"
GOOD = (
    "gb-it-test,A UK-Italy test memorandum,mou,signed,0,cooperation,gcap,"
    '"GB,IT",training_exercises,2022-12,,,https://example.org/source\n'
)
UNKNOWN_COUNTRY = (
    "gb-zz-test,An agreement with nobody,agreement,signed,1,cooperation,,"
    '"GB,ZZ",,2023-01-01,,,https://example.org/source\n'
)
CSV_FORMAT = "0"  # the admin offers CSV first, then XLSX


def upload(text, name="agreements.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def preview(client, model, text):
    url = reverse(f"admin:relationships_{model}_import")
    return client.post(url, {"import_file": upload(text), "format": CSV_FORMAT})


def row_errors(result):
    messages = []
    for row in result.invalid_rows:
        for field_messages in row.error_dict.values():
            messages += [str(message) for message in field_messages]
    for _, errors in result.row_errors():
        messages += [str(error.error) for error in errors]
    return messages


@pytest.mark.django_db
def test_the_import_page_offers_csv_and_xlsx(admin_client, world):
    response = admin_client.get(reverse("admin:relationships_agreement_import"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "csv" in page and "xlsx" in page and "json" not in page


@pytest.mark.django_db
def test_a_good_file_is_previewed_then_written_on_confirmation(admin_client, world):
    response = preview(admin_client, "agreement", HEADER + GOOD)
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["new"]
    assert "A UK-Italy test memorandum" in response.content.decode()  # the preview table
    assert not Agreement.objects.filter(key="gb-it-test").exists()  # nothing written yet

    confirm = response.context["confirm_form"]
    response = admin_client.post(
        reverse("admin:relationships_agreement_process_import"), confirm.initial
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(key="gb-it-test")
    assert sorted(agreement.parties.values_list("country__iso2", flat=True)) == ["GB", "IT"]
    assert agreement.organisation == world["gcap"]
    assert list(agreement.domains.values_list("slug", flat=True)) == ["training_exercises"]
    assert (agreement.signed_on, agreement.signed_on_precision) == (
        datetime.date(2022, 12, 1),
        "month",
    )
    assert agreement.legally_binding is False


@pytest.mark.django_db
def test_a_file_with_one_bad_row_shows_the_error_and_writes_nothing(admin_client, world):
    agreements, parties = Agreement.objects.count(), AgreementParty.objects.count()
    response = preview(admin_client, "agreement", HEADER + GOOD + UNKNOWN_COUNTRY)
    assert response.status_code == 200
    assert "confirm_form" not in response.context  # no way on from a bad preview
    assert "unknown country code 'ZZ'" in row_errors(response.context["result"])
    page = response.content.decode()
    assert "unknown country code" in page
    assert "admin/import-errors.css" in page  # the errors are shown in the table, not on hover
    assert (Agreement.objects.count(), AgreementParty.objects.count()) == (agreements, parties)


@pytest.mark.parametrize(
    "row, message",
    [
        (GOOD.replace('"GB,IT"', "GB"), "An agreement needs at least two parties"),
        (GOOD.replace('"GB,IT"', '"GB,IT,GB"'), "Party GB is listed twice"),
        (GOOD.replace("gcap", "nope"), "unknown organisation 'nope'"),
        (GOOD.replace("training_exercises", "basket-weaving"), "unknown domain 'basket-weaving'"),
        (
            GOOD.replace("2022-12", "2022-14"),
            "'2022-14' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
        ),
        (GOOD.replace("mou,signed", "mou,nonsense"), "Value 'nonsense' is not a valid choice."),
        (GOOD.replace("2022-12,,", "2022-12,2021-01-01,"), "Entry into force cannot come"),
        (GOOD.replace("https://example.org/source", ""), "An agreement needs at least one source"),
        (GOOD.replace("https://example.org/source", "https://x.org/"), "unknown source URL"),
    ],
)
@pytest.mark.django_db
def test_each_bad_row_is_rejected_with_a_message_and_nothing_written(world, row, message):
    before = Agreement.objects.count()
    dataset = tablib.Dataset().load(HEADER + row, format="csv")
    result = AgreementResource().import_data(dataset, dry_run=False)
    assert any(found.startswith(message) for found in row_errors(result)), row_errors(result)
    assert Agreement.objects.count() == before


@pytest.mark.django_db
def test_a_bad_file_rolls_back_its_good_rows_even_outside_the_admin(world):
    dataset = tablib.Dataset().load(HEADER + GOOD + UNKNOWN_COUNTRY, format="csv")
    result = AgreementResource().import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    assert not Agreement.objects.filter(key="gb-it-test").exists()


@pytest.mark.django_db
def test_an_import_changes_parties_to_those_listed(world):
    row = GOOD.replace("gb-it-test", "gb-jp-raa").replace('"GB,IT"', '"GB,JP,AU"')
    dataset = tablib.Dataset().load(HEADER + row, format="csv")
    result = AgreementResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    codes = world["raa"].parties.values_list("country__iso2", flat=True)
    assert sorted(codes) == ["AU", "GB", "JP"]


@pytest.mark.django_db
def test_an_xlsx_export_reimports_as_unchanged_with_no_new_history(world):
    data = AgreementResource().export(Agreement.objects.all())
    assert data.headers[:2] == ["key", "title"]
    raa = dict(zip(data.headers, data[[r[0] for r in data].index("gb-jp-raa")], strict=True))
    assert (raa["parties"], raa["domains"], raa["signed_on"]) == (
        "GB,JP",
        "training_exercises",
        "2023-01-11",
    )
    xlsx = data.export("xlsx")
    history = Agreement.history.count() + AgreementParty.history.count()
    result = AgreementResource().import_data(tablib.Dataset().load(xlsx, format="xlsx"))
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}
    assert Agreement.history.count() + AgreementParty.history.count() == history


@pytest.mark.django_db
def test_the_admin_exports_agreements_as_csv(admin_client, world):
    url = reverse("admin:relationships_agreement_export")
    assert admin_client.get(url).status_code == 200
    fields = {f"agreementresource_{name}": "on" for name in AgreementResource().get_export_order()}
    response = admin_client.post(url, {"format": CSV_FORMAT, **fields})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "gb-jp-raa" in response.content.decode()


MEMBERS = "organisation,country,role,joined_on,left_on,sources\n"


@pytest.mark.django_db
def test_memberships_import_with_dates_of_any_precision(world):
    text = MEMBERS + "gcap,au,partner,2024-03,,https://example.org/source\n"
    result = MembershipResource().import_data(tablib.Dataset().load(text, format="csv"))
    assert not result.has_errors() and not result.has_validation_errors()
    membership = Membership.objects.get(organisation=world["gcap"], country__iso2="AU")
    assert (membership.role, membership.joined_on_precision) == ("partner", "month")
    assert [s.url for s in membership.sources.all()] == ["https://example.org/source"]

    # The same file again matches the membership it made: nothing changes.
    result = MembershipResource().import_data(tablib.Dataset().load(text, format="csv"))
    assert {row.import_type for row in result.rows} == {"skip"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row, message",
    [
        ("gcap,ZZ,member,2024,,\n", "unknown country code 'ZZ'"),
        ("nope,AU,member,2024,,\n", "unknown organisation 'nope'"),
        ("gcap,AU,member,2024,2023,\n", "A member cannot leave before it joined."),
    ],
)
def test_a_bad_membership_row_is_an_error_and_nothing_is_written(admin_client, world, row, message):
    before = Membership.objects.count()
    response = preview(admin_client, "membership", MEMBERS + "gcap,AU,member,2024,,\n" + row)
    assert "confirm_form" not in response.context
    assert message in row_errors(response.context["result"])
    assert Membership.objects.count() == before
