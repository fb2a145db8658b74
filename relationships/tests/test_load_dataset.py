"""manage.py load_dataset: idempotent, all or nothing, errors with file and line."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relationships.importers.dataset import parse_date
from relationships.models import Agreement, AgreementParty, Membership, Organisation, Source

JEF = """\
slug: jef
name: Joint Expeditionary Force
short_name: JEF
kind: framework
obligation: cooperation
founded_on: 2014
sources:
  - url: https://www.example.org/page
    title: A page
    publisher: A government
    published_on: 2023-10
    accessed_on: 2026-11-22
members:
  - {country: GB, role: framework_nation, joined_on: 2014-09}
  - {country: FI, joined_on: 2017-06-28}
"""

AGREEMENTS = """\
- key: gb-it-test-mou
  title: A test memorandum between the UK and Italy
  kind: mou
  status: signed
  domains: [air, industrial]
  organisation: jef
  signed_on: 2022-12
  parties: [GB, IT]
  sources:
    - url: https://www.example.org/page
      title: A page
      publisher: A government
      published_on: 2023-10
      accessed_on: 2026-11-22
- key: nato-test-pledge
  title: A pledge by every NATO Ally
  kind: declaration
  status: in_force
  signed_on: 2024-07-10
  parties_from: nato
  sources:
    - url: https://www.example.org/other
      title: Another page
      publisher: NATO
      accessed_on: 2026-11-22
"""


def write(directory, name, text):
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def dataset(tmp_path, world):
    write(tmp_path, "organisations/jef.yaml", JEF)
    write(tmp_path, "agreements/test.yaml", AGREEMENTS)
    return tmp_path


@pytest.mark.parametrize(
    "value, expected",
    [
        (datetime.date(2023, 1, 11), (datetime.date(2023, 1, 11), "day")),
        ("2022-12", (datetime.date(2022, 12, 1), "month")),
        (2014, (datetime.date(2014, 1, 1), "year")),
        (None, (None, "day")),
    ],
)
def test_dates_keep_their_precision(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["2022-13", "next year", "2023-02-30", "22-01-01"])
def test_a_malformed_date_is_refused(value):
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.django_db
def test_the_dataset_is_loaded_with_precision_and_sources(dataset):
    call_command("load_dataset", dir=dataset)
    jef = Organisation.objects.get(slug="jef")
    assert (jef.founded_on, jef.founded_on_precision) == (datetime.date(2014, 1, 1), "year")
    uk = Membership.objects.get(organisation=jef, country__iso2="GB")
    assert (uk.role, uk.joined_on_precision) == ("framework_nation", "month")
    mou = Agreement.objects.get(key="gb-it-test-mou")
    assert mou.legally_binding is False  # the default for a memorandum
    assert mou.signed_on_precision == "month"
    assert sorted(mou.domains.values_list("slug", flat=True)) == ["air", "industrial"]
    assert mou.sources.get().published_on_precision == "month"


@pytest.mark.django_db
def test_parties_from_takes_the_organisations_members_on_the_date(dataset):
    call_command("load_dataset", dir=dataset)
    pledge = Agreement.objects.get(key="nato-test-pledge")
    # Full members on 10 July 2024: Japan is only a partner.
    assert sorted(pledge.parties.values_list("country__iso2", flat=True)) == [
        "FI",
        "FR",
        "GB",
        "IT",
        "US",
    ]


@pytest.mark.django_db
def test_loading_twice_changes_nothing(dataset, capsys):
    call_command("load_dataset", dir=dataset)
    capsys.readouterr()
    call_command("load_dataset", dir=dataset)
    output = capsys.readouterr().out
    assert " 0 new, 0 changed" in output
    assert "1 new" not in output and "1 changed" not in output
    assert Agreement.objects.filter(key="gb-it-test-mou").count() == 1
    assert Source.objects.filter(url="https://www.example.org/page").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "broken, message",
    [
        ("  kind: pact\n", "kind: 'pact' is not one of"),
        ("  signed_on: 2022-14-01\n", "signed_on"),
        ("  parties: [GB, ZZ]\n", "unknown country code 'ZZ'"),
        ("  parties: [GB, GB]\n", "listed twice"),
        ("  parties: [GB]\n", "at least two parties"),
        ("  colour: blue\n", "unknown field 'colour'"),
        ("  ended_on: 2020-01-01\n", "An agreement with an end date must have the status 'ended'."),
    ],
)
def test_a_broken_record_stops_the_load_with_file_and_line_and_writes_nothing(
    dataset, broken, message
):
    path = dataset / "agreements" / "test.yaml"
    lines = path.read_text().splitlines(keepends=True)
    key_line = next(i for i, line in enumerate(lines) if "key: gb-it-test-mou" in line)
    field = broken.split(":")[0].strip()
    existing = next(
        (i for i in range(key_line, key_line + 10) if lines[i].strip().startswith(f"{field}:")),
        None,
    )
    if existing is not None:
        lines[existing] = broken
        line_number = existing + 1
    else:
        lines.insert(key_line + 1, broken)
        line_number = key_line + 2
    path.write_text("".join(lines))
    with pytest.raises(CommandError) as error:
        call_command("load_dataset", dir=dataset)
    assert message in str(error.value)
    assert "nothing was written" in str(error.value)
    if field != "parties" or "ZZ" in broken or "twice" in message:
        assert f"test.yaml:{line_number}" in str(error.value)
    assert not Agreement.objects.filter(key="gb-it-test-mou").exists()
    assert not Organisation.objects.filter(slug="jef").exists()


@pytest.mark.django_db
def test_invalid_yaml_names_the_file_and_line(dataset):
    write(dataset, "agreements/bad.yaml", "- key: x\n  title: [unclosed\n")
    with pytest.raises(CommandError, match=r"bad.yaml:\d+: not valid YAML"):
        call_command("load_dataset", dir=dataset)
    assert AgreementParty.objects.count() == 6  # the world fixture's, untouched


@pytest.mark.django_db
def test_a_record_without_a_source_is_refused(dataset):
    write(dataset, "organisations/bare.yaml", "slug: bare\nname: Bare\nkind: forum\n")
    with pytest.raises(
        CommandError, match="bare.yaml:1: An organisation needs at least one source."
    ):
        call_command("load_dataset", dir=dataset)


@pytest.mark.django_db
def test_overlapping_membership_periods_are_refused(dataset):
    path = dataset / "organisations" / "jef.yaml"
    path.write_text(path.read_text() + "  - {country: FI, joined_on: 2018-01-01}\n")
    with pytest.raises(CommandError, match="FI is listed twice for overlapping periods"):
        call_command("load_dataset", dir=dataset)


@pytest.mark.django_db
def test_a_membership_before_its_organisations_founding_is_refused_with_its_line(dataset):
    path = dataset / "organisations" / "jef.yaml"
    text = path.read_text() + "  - {country: IT, joined_on: 2012-05-01}\n"
    path.write_text(text)
    line = len(text.splitlines())
    with pytest.raises(CommandError) as error:
        call_command("load_dataset", dir=dataset)
    assert f"jef.yaml:{line}: A member cannot join before its organisation was founded" in str(
        error.value
    )


@pytest.mark.django_db
def test_a_membership_after_its_organisations_dissolution_is_refused_with_its_line(dataset):
    path = dataset / "organisations" / "jef.yaml"
    text = path.read_text().replace("founded_on: 2014\n", "founded_on: 2014\ndissolved_on: 2020\n")
    text += "  - country: IT\n    joined_on: 2015\n    left_on: 2021-03\n"
    path.write_text(text)
    line = len(text.splitlines())
    with pytest.raises(CommandError) as error:
        call_command("load_dataset", dir=dataset)
    assert f"jef.yaml:{line}: A member cannot leave after its organisation was dissolved" in str(
        error.value
    )


@pytest.mark.django_db
def test_a_membership_in_the_founding_year_at_year_precision_is_accepted(dataset):
    path = dataset / "organisations" / "jef.yaml"
    path.write_text(
        path.read_text().replace("founded_on: 2014\n", "founded_on: 2014-06-05\n")
        + "  - {country: IT, joined_on: 2014}\n"
    )
    call_command("load_dataset", dir=dataset)
    assert Membership.objects.filter(organisation__slug="jef", country__iso2="IT").exists()


@pytest.mark.django_db
def test_the_planner_knows_the_loaded_rows_once_the_load_is_done(dataset):
    # After `make data` no table had been analysed: the relationships query for the
    # United States planned 2 party rows for 1,476 and took 39 ms instead of 8.
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the planner's statistics are PostgreSQL's")
    call_command("load_dataset", dir=dataset)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s", [AgreementParty._meta.db_table]
        )
        (estimate,) = cursor.fetchone()
    assert estimate >= AgreementParty.objects.count() > 0
