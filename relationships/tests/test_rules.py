"""The business rules: each written once (relationships/rules.py), one message on every write path.

A rule broken through the admin, the API, the admin's import or the dataset
files comes back with the same sentence, each in its own place; a write path
that stopped calling the rule fails here.
"""

import datetime

import pytest
import tablib
from django.urls import reverse
from rest_framework.test import APIClient

from relationships import rules
from relationships.importers.dataset import DatasetError, read_dataset
from relationships.resources import AgreementResource

from .conftest import agreement_form
from .test_admin_agreement_form import errors_of
from .test_admin_import import row_errors

D = datetime.date


def test_sound_agreement_dates_break_no_rule():
    assert (
        rules.agreement_dates(
            status="in_force", signed_on=D(2023, 1, 1), in_force_on=D(2023, 6, 1), ended_on=None
        )
        == []
    )
    assert (
        rules.agreement_dates(status="proposed", signed_on=None, in_force_on=None, ended_on=None)
        == []
    )


@pytest.mark.parametrize(
    "dates, field, culprit, message",
    [
        (
            {"signed_on": D(2023, 1, 1), "in_force_on": D(2022, 1, 1)},
            "in_force_on",
            "in_force_on",
            rules.IN_FORCE_BEFORE_SIGNATURE,
        ),
        (
            {"signed_on": D(2023, 1, 1), "ended_on": D(2022, 1, 1), "status": "ended"},
            "ended_on",
            "ended_on",
            rules.ENDED_BEFORE_START,
        ),
        (
            {"in_force_on": D(2023, 1, 1), "ended_on": D(2022, 1, 1), "status": "ended"},
            "ended_on",
            "ended_on",
            rules.ENDED_BEFORE_START,
        ),
        ({"ended_on": D(2024, 1, 1)}, "status", "ended_on", rules.END_NEEDS_ENDED_STATUS),
    ],
)
def test_each_agreement_date_rule_names_its_field_and_its_culprit(dates, field, culprit, message):
    values = {"status": "signed", "signed_on": None, "in_force_on": None, "ended_on": None}
    [violation] = rules.agreement_dates(**{**values, **dates})
    assert (violation.field, violation.at, violation.message) == (field, culprit, message)


@pytest.mark.parametrize(
    "check, message",
    [
        (
            lambda start, end: rules.party_dates(joined_on=start, left_on=end),
            rules.PARTY_LEFT_BEFORE_JOINING,
        ),
        (
            lambda start, end: rules.membership_dates(joined_on=start, left_on=end),
            rules.MEMBER_LEFT_BEFORE_JOINING,
        ),
        (
            lambda start, end: rules.organisation_dates(founded_on=start, dissolved_on=end),
            rules.DISSOLVED_BEFORE_FOUNDED,
        ),
    ],
)
def test_a_period_ends_after_it_starts(check, message):
    assert check(D(2020, 1, 1), D(2020, 1, 1)) == []
    assert check(None, D(2020, 1, 1)) == [] and check(D(2020, 1, 1), None) == []
    [violation] = check(D(2021, 1, 1), D(2020, 1, 1))
    assert violation.message == message


def test_an_agreement_has_two_parties_each_listed_once():
    assert rules.parties(["GB", "JP"]) == []
    assert [v.message for v in rules.parties(["GB"])] == [rules.TOO_FEW_PARTIES]
    assert [v.message for v in rules.parties([])] == [rules.TOO_FEW_PARTIES]
    assert [v.message for v in rules.parties(["GB", "JP", "GB"])] == [
        "Party GB is listed twice: list each country once."
    ]
    assert [v.code for v in rules.parties(["GB", "GB"])] == [
        "party_listed_twice",
        "too_few_parties",
    ]


def test_a_record_cites_a_source():
    assert rules.cited([1]) == []
    assert [v.message for v in rules.cited([])] == ["An agreement needs at least one source."]
    assert [v.message for v in rules.cited([], "organisation")] == [
        "An organisation needs at least one source."
    ]


# The same broken agreement written four ways ---------------------------------

SOUND = {
    "parties": ["GB", "JP"],
    "sources": True,
    "status": "signed",
    "signed_on": "2023-01-11",
    "in_force_on": "",
    "ended_on": "",
}

BROKEN = {
    "too few parties": ({"parties": ["GB"]}, rules.TOO_FEW_PARTIES),
    "a party twice": (
        {"parties": ["GB", "JP", "GB"]},
        "Party GB is listed twice: list each country once.",
    ),
    "no source": ({"sources": False}, "An agreement needs at least one source."),
    "in force before signed": ({"in_force_on": "2022-01-01"}, rules.IN_FORCE_BEFORE_SIGNATURE),
    "ended before signed": (
        {"ended_on": "2022-01-01", "status": "ended"},
        rules.ENDED_BEFORE_START,
    ),
    "end date without the ended status": ({"ended_on": "2024-01-01"}, rules.END_NEEDS_ENDED_STATUS),
}


def through_admin(client, world, record):
    fields = {k: record[k] for k in ("status", "signed_on", "in_force_on", "ended_on")}
    data = agreement_form(world, parties=record["parties"], **fields)
    if not record["sources"]:
        data["sources"] = []
    client.force_login(world["admin"])
    return errors_of(client.post(reverse("admin:relationships_agreement_add"), data))


def flatten(errors):
    if isinstance(errors, dict):
        return [message for value in errors.values() for message in flatten(value)]
    if isinstance(errors, list):
        return [message for value in errors for message in flatten(value)]
    return [errors]


def through_api(client, world, record):
    data = {
        "key": "gb-jp-test",
        "title": "A test agreement",
        "kind": "agreement",
        "status": record["status"],
        "parties": [{"country": code} for code in record["parties"]],
        "sources": [world["source"].pk] if record["sources"] else [],
        **{k: record[k] or None for k in ("signed_on", "in_force_on", "ended_on")},
    }
    api = APIClient()
    api.force_authenticate(world["admin"])
    response = api.post("/api/agreements/", data, format="json")
    assert response.status_code == 400, response.content
    return flatten(response.json()["errors"])


def through_import(client, world, record):
    header = "key,title,kind,status,parties,signed_on,in_force_on,ended_on,sources\n"
    row = ",".join(
        [
            "gb-jp-test",
            "A test agreement",
            "agreement",
            record["status"],
            '"' + ",".join(record["parties"]) + '"',
            record["signed_on"],
            record["in_force_on"],
            record["ended_on"],
            world["source"].url if record["sources"] else "",
        ]
    )
    result = AgreementResource().import_data(tablib.Dataset().load(header + row + "\n", "csv"))
    return row_errors(result)


def through_files(client, world, record, tmp_path):
    lines = [
        "- key: gb-jp-test",
        "  title: A test agreement",
        "  kind: agreement",
        f"  status: {record['status']}",
        f"  parties: [{', '.join(record['parties'])}]",
    ]
    lines += [f"  {k}: {record[k]}" for k in ("signed_on", "in_force_on", "ended_on") if record[k]]
    if record["sources"]:
        source = (
            f"{{url: '{world['source'].url}', title: T, publisher: P, accessed_on: 2026-01-01}}"
        )
        lines += ["  sources:", f"    - {source}"]
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / "test.yaml").write_text("\n".join(lines) + "\n")
    with pytest.raises(DatasetError) as error:
        read_dataset(tmp_path)
    return [problem.split(": ", 1)[1] for problem in error.value.problems]


@pytest.fixture
def admin_world(world, django_user_model):
    world["admin"] = django_user_model.objects.create_superuser("admin")
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["admin", "api", "import", "files"])
@pytest.mark.parametrize("broken", list(BROKEN))
def test_every_write_path_refuses_a_broken_agreement_with_the_rules_message(
    client, admin_world, tmp_path, path, broken
):
    changes, message = BROKEN[broken]
    record = {**SOUND, **changes}
    write = {
        "admin": through_admin,
        "api": through_api,
        "import": through_import,
        "files": lambda *args: through_files(*args, tmp_path),
    }[path]
    assert message in write(client, admin_world, record)


def test_a_membership_lies_within_its_organisations_life_at_the_dates_precision():
    import datetime

    D = datetime.date
    within = rules.membership_within_organisation
    common = {"founded_on": D(1949, 8, 24), "dissolved_on": D(1977, 6, 1)}
    assert (
        within(
            joined_on=D(1949, 1, 1),
            joined_precision="year",
            left_on=D(1977, 6, 30),
            dissolved_precision="month",
            **common,
        )
        == []
    )
    found = within(
        joined_on=D(1949, 1, 1),
        joined_precision="day",
        left_on=D(1977, 7, 1),
        dissolved_precision="month",
        **common,
    )
    assert [(v.field, v.message) for v in found] == [
        ("joined_on", rules.JOINED_BEFORE_FOUNDED),
        ("left_on", rules.LEFT_AFTER_DISSOLVED),
    ]
