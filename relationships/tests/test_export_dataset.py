"""manage.py export_dataset: the database back in the files' format; loading it changes nothing."""

import json

import pytest
import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from relationships.importers.dataset import load_dataset
from relationships.models import (
    Agreement,
    AgreementParty,
    Country,
    Domain,
    ExerciseEdition,
    ExerciseLocation,
    ExerciseSeries,
    Membership,
    Organisation,
    Presence,
    Source,
    Suspension,
)

from .test_load_dataset import AGREEMENTS, JEF, write

NATURAL = {
    Country: "iso2",
    Organisation: "slug",
    Agreement: "key",
    Source: "url",
    Domain: "slug",
    Presence: "key",
    ExerciseSeries: "key",
    ExerciseEdition: "key",
}
DUMPED = [
    Organisation,
    Membership,
    Agreement,
    AgreementParty,
    Suspension,
    Source,
    Presence,
    ExerciseSeries,
    ExerciseEdition,
    ExerciseLocation,
]


def natural(obj):
    return None if obj is None else getattr(obj, NATURAL[type(obj)])


def dump():
    """Every fact the files hold, row by row, with links by natural key (no ids)."""
    found = {}
    for model in DUMPED:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        links = [f.name for f in fields if f.is_relation]
        many = [f.name for f in model._meta.many_to_many]
        rows = []
        for obj in model.objects.select_related(*links).prefetch_related(*many):
            row = {
                f.name: natural(getattr(obj, f.name)) if f.is_relation else getattr(obj, f.name)
                for f in fields
            }
            if model is ExerciseLocation:  # no key of its own: its place in its edition
                row["place"] = list(obj.edition.locations.order_by("id")).index(obj)
            for name in many:
                row[name] = sorted(natural(o) for o in getattr(obj, name).all())
            rows.append(json.dumps(row, default=str, sort_keys=True))
        found[model._meta.label] = sorted(rows)
    found["historical states"] = sorted(
        json.dumps(
            [c.iso2, c.iso3, c.name, c.official_name, str(c.dissolved_on)]
            + sorted(s.iso2 for s in c.shown_as.all())
        )
        for c in Country.objects.filter(dissolved_on__isnull=False)
    )
    return found


def wipe():
    """An empty database but for the countries: as a fresh one before load_dataset."""
    # Deleting a predecessor would leave its successors' `succession` without one.
    Agreement.objects.update(predecessor=None, succession="")
    Agreement.objects.all().delete()
    Presence.objects.all().delete()
    ExerciseSeries.objects.all().delete()
    Organisation.objects.all().delete()
    Source.objects.all().delete()
    Country.objects.filter(dissolved_on__isnull=False).delete()
    assert not Membership.objects.exists()


def written_nothing(counts):
    return not counts.created and not counts.updated and not counts.conflicts


def files(directory):
    return {
        str(path.relative_to(directory)): path.read_text()
        for path in sorted(directory.rglob("*.yaml"))
    }


@pytest.fixture
def countries(db):
    from relationships.importers.boundaries import import_countries

    import_countries(settings.COUNTRIES_FILE)


NATO = """\
slug: nato
name: North Atlantic Treaty Organization
short_name: NATO
kind: alliance
obligation: mutual_defence
founded_on: 1949-08-24
sources:
  - url: https://www.example.org/nato
    title: Member countries
    publisher: NATO
    accessed_on: 2026-11-22
members:
  - {country: GB, joined_on: 1949-08-24}
  - {country: IT, joined_on: 1949-08-24}
  - {country: FI, joined_on: 2023-04-04, note: "Joined after the 2022 invasion."}
  - {country: TR, joined_on: 1952, unverified: true}
suspensions:
  - country: TR
    partner: IT
    suspended_on: 2020-05
    lifted_on: 2021
    note: A made-up suspension for the test.
"""

PRESENCES = """\
- key: gb-cy-test-base
  name: A test base
  kind: base
  host: CY
  operators: [GB]
  latitude: 0.0
  longitude: 32.988
  started_on: 1960
  personnel: 0
  personnel_as_of: 2023-07
  agreement: gb-it-test-mou
  sources:
    - url: https://www.example.org/base
      title: A base
      publisher: MOD
      accessed_on: 2026-11-22
"""

EXERCISES = """\
- key: test-series
  name: Test Series
  organisation: nato
  sources:
    - url: https://www.example.org/series
      title: The series
      publisher: NATO
      accessed_on: 2026-11-22
  editions:
    - key: test-series-2024
      started_on: 2024-06
      leads: [GB]
      participants: [GB, IT, FI]
      hosts: [IT]
      organisations: [nato]
      locations:
        - {name: At sea, latitude: 40.5, longitude: 10.25}
        - {name: A port, country: IT, latitude: 41.0, longitude: 12.0}
      sources:
        - url: https://www.example.org/edition
          title: The edition
          publisher: NATO
          accessed_on: 2026-11-22
"""


@pytest.fixture
def small_dataset(tmp_path, countries):
    """A small dataset in files, loaded: every kind of record the files hold."""
    directory = tmp_path / "dataset"
    write(directory, "organisations/jef.yaml", JEF)
    write(directory, "organisations/nato.yaml", NATO)
    write(directory, "agreements/test.yaml", AGREEMENTS)
    write(directory, "presences/test.yaml", PRESENCES)
    write(directory, "exercises/test.yaml", EXERCISES)
    load_dataset(directory)
    return directory


def export_and_reload(tmp_path, layout):
    """Export, check loading the export over the database writes nothing, then load it
    into an emptied database; returns (the export's directory, the dump before, after)."""
    before = dump()
    exported = tmp_path / "export"
    call_command("export_dataset", str(exported), layout=layout)
    assert written_nothing(load_dataset(exported))
    assert dump() == before
    wipe()
    load_dataset(exported)
    return exported, before, dump()


@pytest.mark.django_db
def test_the_export_of_the_committed_dataset_loads_back_to_the_same_rows(tmp_path, countries):
    load_dataset(settings.DATASET_DIR)
    exported, before, after = export_and_reload(tmp_path, settings.DATASET_DIR)
    assert after == before
    assert len(before["relationships.Agreement"]) > 500
    # Each record stays in the file it came from.
    assert set(files(exported)) == set(files(settings.DATASET_DIR))
    again = tmp_path / "again"
    call_command("export_dataset", str(again))
    assert files(again) == files(exported)  # the export of the export is the same files


@pytest.mark.django_db
def test_a_small_dataset_keeps_every_field_precision_and_link(tmp_path, small_dataset):
    exported, before, after = export_and_reload(tmp_path, small_dataset)
    assert after == before
    nato = yaml.safe_load((exported / "organisations/nato.yaml").read_text())
    assert nato["founded_on"].isoformat() == "1949-08-24"
    assert nato["members"][3] == {"country": "TR", "joined_on": "1952", "unverified": True}
    assert nato["suspensions"][0]["suspended_on"] == "2020-05"
    pledge = yaml.safe_load((exported / "agreements/test.yaml").read_text())[1]
    assert pledge["parties_from"] == "nato"
    assert "parties" not in pledge
    (base,) = yaml.safe_load((exported / "presences/test.yaml").read_text())
    assert (base["latitude"], base["personnel"], base["personnel_as_of"]) == (0.0, 0, "2023-07")


@pytest.mark.django_db
def test_an_editors_api_changes_are_exported_and_reproduced_in_another_database(
    tmp_path, small_dataset
):
    editor = get_user_model().objects.create_superuser("editor")
    client = APIClient()
    client.force_authenticate(editor)
    mou = Agreement.objects.get(key="gb-it-test-mou")
    source = Source.objects.get(url="https://www.example.org/page")
    changed = client.patch(
        f"/api/agreements/{mou.pk}/",
        {
            "title": "A title an editor corrected",
            "domains": ["air", "cyber"],
            "parties": [
                {"country": "GB"},
                {"country": "IT"},
                {"country": "FR", "role": "party", "joined_on": "2024-01-01"},
            ],
        },
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    created = client.post(
        "/api/agreements/",
        {
            "key": "gb-fr-added-by-an-editor",
            "title": "An agreement an editor added",
            "kind": "mou",
            "status": "signed",
            "legally_binding": False,
            "signed_on": "2024-03-01",
            "signed_on_precision": "month",
            "parties": [{"country": "GB"}, {"country": "FR"}],
            "sources": [source.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    ExerciseEdition.objects.filter(key="test-series-2024").update(personnel=1200)

    exported, before, after = export_and_reload(tmp_path, small_dataset)

    assert after == before
    added = yaml.safe_load((exported / "agreements/added.yaml").read_text())
    assert [record["key"] for record in added] == ["gb-fr-added-by-an-editor"]
    assert added[0]["signed_on"] == "2024-03"
    mou = Agreement.objects.get(key="gb-it-test-mou")
    assert mou.title == "A title an editor corrected"
    assert set(mou.domains.values_list("slug", flat=True)) == {"air", "cyber"}
    assert set(mou.parties.values_list("country__iso2", flat=True)) == {"GB", "IT", "FR"}
    assert ExerciseEdition.objects.get(key="test-series-2024").personnel == 1200


HOSTILE = [
    'He said "no": - yes',
    "key: value\n- item\n&anchor *anchor",
    "!!python/object/apply:os.system ['echo pwned']",
    "'single' and \"double\" quotes, # not a comment, {not: a map}, [nor, a list]",
    "null",
    "2022-12",
    "tab\there and a trailing backslash \\",
    "<script>alert(1)</script> & ümlaut — dash",
]


@pytest.mark.django_db
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_as_text(tmp_path, small_dataset, text):
    mou = Agreement.objects.get(key="gb-it-test-mou")
    one_line = " ".join(text.split())  # the loader folds a title's white space
    mou.title, mou.note, mou.summary = one_line, text, text
    mou.save()
    Source.objects.filter(url="https://www.example.org/page").update(title=one_line)
    Organisation.objects.filter(slug="jef").update(note=text, short_name=one_line[:60])

    exported, before, after = export_and_reload(tmp_path, small_dataset)

    assert after == before
    mou = Agreement.objects.get(key="gb-it-test-mou")
    assert (mou.title, mou.note, mou.summary) == (one_line, text.strip(), text.strip())
    for content in files(exported).values():
        yaml.safe_load(content)  # plain YAML: no tag a safe loader refuses


@pytest.mark.django_db
def test_a_directory_with_dataset_files_is_written_over_only_with_force(tmp_path, small_dataset):
    target = tmp_path / "export"
    call_command("export_dataset", str(target), layout=small_dataset)
    stale = write(target, "agreements/gone.yaml", "[]\n")
    with pytest.raises(CommandError, match="--force"):
        call_command("export_dataset", str(target), layout=small_dataset)
    assert stale.exists()
    call_command("export_dataset", str(target), layout=small_dataset, force=True)
    assert not stale.exists()  # its records are not in the database: loading must not bring them
    assert (target / "agreements/test.yaml").exists()
