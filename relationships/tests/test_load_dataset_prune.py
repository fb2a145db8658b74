"""load_dataset --prune: what the files dropped goes, an editor's work stays."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from relationships.models import Agreement, Membership

from .test_load_dataset import AGREEMENTS, JEF, write


@pytest.fixture
def dataset(tmp_path, world):
    write(tmp_path, "organisations/jef.yaml", JEF)
    write(tmp_path, "agreements/test.yaml", AGREEMENTS)
    call_command("load_dataset", dir=tmp_path)
    return tmp_path


def drop_the_mou(directory):
    text = AGREEMENTS[AGREEMENTS.index("- key: nato-test-pledge") :]
    write(directory, "agreements/test.yaml", text)


@pytest.mark.django_db
def test_a_record_dropped_from_the_files_is_reported_but_kept_without_prune(dataset, capsys):
    drop_the_mou(dataset)
    call_command("load_dataset", dir=dataset)
    assert Agreement.objects.filter(key="gb-it-test-mou").exists()
    assert "1 record(s) no longer in the files" in capsys.readouterr().out


@pytest.mark.django_db
def test_prune_removes_what_the_loader_wrote_and_the_files_dropped(dataset, capsys):
    drop_the_mou(dataset)
    call_command("load_dataset", dir=dataset, prune=True)
    assert not Agreement.objects.filter(key="gb-it-test-mou").exists()
    assert "removed 1" in capsys.readouterr().out
    # The deletion is in the history, so it can be restored.
    assert Agreement.history.filter(key="gb-it-test-mou", history_type="-").exists()


@pytest.mark.django_db
def test_prune_keeps_records_an_editor_added(dataset, world):
    call_command("load_dataset", dir=dataset, prune=True)
    # The world fixture's agreements were not written by the loader.
    assert Agreement.objects.filter(key="gb-jp-raa").exists()


@pytest.mark.django_db
def test_prune_keeps_a_loader_record_an_editor_has_since_edited(dataset, capsys):
    editor = get_user_model().objects.create_user("editor")
    mou = Agreement.objects.get(key="gb-it-test-mou")
    mou.summary = "Checked by an editor."
    mou._history_user = editor
    mou.save()
    drop_the_mou(dataset)
    call_command("load_dataset", dir=dataset, prune=True)
    assert Agreement.objects.filter(key="gb-it-test-mou").exists()
    assert "kept 1 edited by a person" in capsys.readouterr().out


@pytest.mark.django_db
def test_prune_removes_a_membership_the_files_dropped(dataset):
    path = dataset / "organisations" / "jef.yaml"
    path.write_text(path.read_text().replace("  - {country: FI, joined_on: 2017-06-28}\n", ""))
    call_command("load_dataset", dir=dataset, prune=True)
    assert not Membership.objects.filter(organisation__slug="jef", country__iso2="FI").exists()
    assert Membership.objects.filter(organisation__slug="jef", country__iso2="GB").exists()
