"""load_dataset for forces abroad: presences and exercises, with file and line for each problem."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relationships.models import ExerciseEdition, ExerciseSeries, Presence

from .test_load_dataset import dataset, write  # noqa: F401 - the fixture

PRESENCES = """\
- key: gb-jp-test-base
  name: A test base
  kind: base
  host: jp
  operators: [GB]
  latitude: 35.5
  longitude: 139.25
  location_name: Near Tokyo
  started_on: 2023-10
  personnel: 120
  personnel_as_of: 2024
  agreement: gb-jp-raa
  summary: A base.
  sources:
    - url: https://www.example.org/base
      title: A base page
      publisher: A ministry
      accessed_on: 2026-12-03
- key: nato-fi-test-battlegroup
  name: A forward land force
  kind: rotational_deployment
  host: FI
  organisation: nato
  latitude: 60.2
  longitude: 24.9
  sources:
    - url: https://www.example.org/flf
      title: A NATO page
      publisher: NATO
      accessed_on: 2026-12-03
"""

EXERCISES = """\
- key: test-series
  name: Test Series
  summary: A yearly exercise.
  organisation: nato
  sources:
    - url: https://www.example.org/series
      title: The series
      publisher: NATO
      accessed_on: 2026-12-03
  editions:
    - key: test-series-2024
      started_on: 2024-06-05
      ended_on: 2024-06-20
      leads: [US]
      participants: [US, GB, FI]
      organisations: [nato]
      hosts: [FI]
      locations:
        - {name: Off Helsinki, country: FI, latitude: 60.0, longitude: 25.0}
        - {name: At sea, latitude: 59.5, longitude: 22.0}
      personnel: 9000
      scale: 50 ships
      sources:
        - url: https://www.example.org/2024
          title: The 2024 edition
          publisher: NATO
          accessed_on: 2026-12-03
"""


@pytest.fixture
def forces(dataset):  # noqa: F811
    write(dataset, "presences/test.yaml", PRESENCES)
    write(dataset, "exercises/test.yaml", EXERCISES)
    return dataset


def load(directory, *args):
    call_command("load_dataset", "--dir", str(directory), *args)


@pytest.mark.django_db
def test_presences_and_exercises_load_with_their_relations(forces):
    load(forces)
    base = Presence.objects.get(key="gb-jp-test-base")
    assert base.host.iso2 == "JP"
    assert [c.iso2 for c in base.operators.all()] == ["GB"]
    assert base.agreement.key == "gb-jp-raa"
    assert (base.started_on, base.started_on_precision) == (datetime.date(2023, 10, 1), "month")
    assert (base.personnel, base.personnel_as_of_precision) == (120, "year")
    battlegroup = Presence.objects.get(key="nato-fi-test-battlegroup")
    assert battlegroup.organisation.slug == "nato" and not battlegroup.operators.exists()
    edition = ExerciseEdition.objects.get(key="test-series-2024")
    assert edition.name == "Test Series 2024"  # defaulted from the series and the year
    assert edition.series.organisation.slug == "nato"
    assert sorted(c.iso2 for c in edition.participants.all()) == ["FI", "GB", "US"]
    assert [(loc.name, loc.country and loc.country.iso2) for loc in edition.locations.all()] == [
        ("Off Helsinki", "FI"),
        ("At sea", None),
    ]


@pytest.mark.django_db
def test_loading_forces_twice_changes_nothing(forces):
    load(forces)
    history = (Presence.history.count(), ExerciseEdition.history.count())
    load(forces)
    assert (Presence.history.count(), ExerciseEdition.history.count()) == history


@pytest.mark.django_db
def test_the_loader_works_without_forces_directories(dataset):  # noqa: F811
    (dataset / "presences").mkdir()  # empty; exercises/ missing
    load(dataset)
    assert not Presence.objects.exists() and not ExerciseSeries.objects.exists()


@pytest.mark.django_db
def test_prune_removes_a_presence_dropped_from_the_files(forces):
    load(forces)
    write(forces, "presences/test.yaml", PRESENCES.split("- key: nato-fi")[0])
    write(forces, "exercises/test.yaml", "[]\n")
    load(forces, "--prune")
    assert list(Presence.objects.values_list("key", flat=True)) == ["gb-jp-test-base"]
    assert not ExerciseEdition.objects.exists() and not ExerciseSeries.objects.exists()


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ("host: jp", "host: ZZ", 4, "unknown country code 'ZZ'"),
        ("kind: base", "kind: castle", 3, "kind: 'castle' is not one of"),
        ("latitude: 35.5", "latitude: 95.5", 6, "latitude: 95.5 is not a number from -90 to 90"),
        ("longitude: 139.25", "longitude: east", 7, "longitude: 'east' is not a number"),
        ("agreement: gb-jp-raa", "agreement: no-such-thing", 1, "agreement: unknown key"),
        ("started_on: 2023-10", "started_on: 2023-14", 9, "started_on: '2023-14' is not a date"),
        ("operators: [GB]", "operators: [GB, GB]", 5, "GB is listed twice"),
        ("personnel: 120", "personnel: many", 10, "personnel: 'many' is not a whole number"),
        ("  organisation: nato\n  latitude: 60.2", "  latitude: 60.2", 19, "needs an operating"),
        ("key: gb-jp-test-base", "key: Not A Slug", 1, "is not a slug"),
        ("  name: A test base\n", "", 1, "presence needs 'name'"),
    ],
)
@pytest.mark.django_db
def test_a_broken_presence_is_reported_with_file_and_line(forces, old, new, line, message):
    assert old in PRESENCES
    write(forces, "presences/test.yaml", PRESENCES.replace(old, new, 1))
    with pytest.raises(CommandError) as error:
        load(forces)
    assert f"presences/test.yaml:{line}: " in str(error.value)
    assert message in str(error.value)
    assert not Presence.objects.exists()  # nothing written


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ("ended_on: 2024-06-20", "ended_on: 2024-06-01", 13, "cannot end before it started"),
        ("hosts: [FI]", "hosts: [XX]", 17, "unknown country code 'XX'"),
        ("organisations: [nato]", "organisations: [natoo]", 16, "unknown organisation 'natoo'"),
        ("longitude: 22.0", "longitude: 222.0", 20, "longitude: 222.0 is not a number"),
        ("  editions:\n    - key: test-series-2024", "  editions:\n    - key: test-series", 1, ""),
    ],
)
@pytest.mark.django_db
def test_a_broken_exercise_is_reported_with_file_and_line(forces, old, new, line, message):
    assert old in EXERCISES
    write(forces, "exercises/test.yaml", EXERCISES.replace(old, new, 1))
    if new.endswith("key: test-series"):  # an edition key may equal its series' key
        load(forces)
        return
    with pytest.raises(CommandError) as error:
        load(forces)
    assert f"exercises/test.yaml:{line}: " in str(error.value)
    assert message in str(error.value)
    assert not ExerciseEdition.objects.exists()


@pytest.mark.django_db
def test_an_edition_key_used_twice_is_reported(forces):
    text = EXERCISES + EXERCISES.replace("key: test-series\n", "key: other-series\n")
    write(forces, "exercises/test.yaml", text)
    with pytest.raises(CommandError, match=r"exercises/test.yaml:38: exercise edition key"):
        load(forces)
