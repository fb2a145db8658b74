"""load_dataset leaves what a person changed since the last load, and says so."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from relationships.models import Agreement, AgreementParty, Domain, Membership, Suspension

from .test_load_dataset import AGREEMENTS, JEF, write


@pytest.fixture
def dataset(tmp_path, world):
    write(tmp_path, "organisations/jef.yaml", JEF)
    write(tmp_path, "agreements/test.yaml", AGREEMENTS)
    call_command("load_dataset", dir=tmp_path)
    return tmp_path


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor")


def edit(instance, user, **fields):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance._history_user = user
    instance.save()


@pytest.mark.django_db
def test_a_field_a_person_changed_is_kept_and_the_conflict_reported(dataset, editor, capsys):
    mou = Agreement.objects.get(key="gb-it-test-mou")
    edit(mou, editor, title="A title an editor corrected", status="in_force")
    call_command("load_dataset", dir=dataset)
    mou.refresh_from_db()
    assert mou.title == "A title an editor corrected"
    assert mou.status == "in_force"
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if ": title:" in line)
    assert "gb-it-test-mou" in line or "A title an editor corrected" in line
    assert "file 'A test memorandum between the UK and Italy'" in line
    assert "database 'A title an editor corrected'" in line
    assert "changed by editor on " in line
    assert "status: file 'signed', database 'in_force'" in out
    assert "0 changed" in out  # nothing written over the person's work
    assert "1 record(s) a person changed since the last load" in out


@pytest.mark.django_db
def test_take_file_writes_the_files_values_over_a_persons_change(dataset, editor, capsys):
    mou = Agreement.objects.get(key="gb-it-test-mou")
    edit(mou, editor, title="A title an editor corrected")
    call_command("load_dataset", dir=dataset, take_file=True)
    mou.refresh_from_db()
    assert mou.title == "A test memorandum between the UK and Italy"
    assert "Kept a person's change" not in capsys.readouterr().out
    call_command("load_dataset", dir=dataset)  # and the loader's values now stand
    assert "Kept a person's change" not in capsys.readouterr().out


@pytest.mark.django_db
def test_a_party_and_domains_a_person_added_are_kept(dataset, editor, world, capsys):
    mou = Agreement.objects.get(key="gb-it-test-mou")
    party = AgreementParty(agreement=mou, country=world["countries"]["FR"])
    party._history_user = editor
    party.save()
    edit(mou, editor)  # the admin saves the agreement with its inline parties
    mou.domains.add(Domain.objects.get(slug="training_exercises"))
    call_command("load_dataset", dir=dataset)
    assert set(mou.parties.values_list("country__iso2", flat=True)) == {"GB", "IT", "FR"}
    assert "training_exercises" in set(mou.domains.values_list("slug", flat=True))
    out = capsys.readouterr().out
    assert "domains: file" in out
    assert "France" in out or "FR" in out


@pytest.mark.django_db
def test_a_record_only_the_loader_wrote_still_takes_the_files_values(dataset, capsys):
    path = dataset / "agreements" / "test.yaml"
    path.write_text(AGREEMENTS.replace("A test memorandum", "A renamed memorandum"))
    call_command("load_dataset", dir=dataset)
    assert Agreement.objects.get(key="gb-it-test-mou").title.startswith("A renamed")
    assert "Kept a person's change" not in capsys.readouterr().out


SUSPENDED = AGREEMENTS.replace(
    "  parties: [GB, IT]\n",
    "  parties: [GB, IT]\n"
    "  suspensions:\n"
    "    - {country: IT, partner: GB, suspended_on: 2023-05, note: From the files.}\n",
    1,
)


@pytest.fixture
def suspended(tmp_path, world):
    write(tmp_path, "organisations/jef.yaml", JEF)
    write(tmp_path, "agreements/test.yaml", SUSPENDED)
    call_command("load_dataset", dir=tmp_path)
    assert Suspension.objects.filter(agreement__key="gb-it-test-mou").count() == 1
    return tmp_path


@pytest.mark.django_db
def test_a_suspension_a_person_deleted_is_not_brought_back_and_the_conflict_is_reported(
    suspended, editor, capsys
):
    suspension = Suspension.objects.get(agreement__key="gb-it-test-mou")
    suspension._history_user = editor
    suspension.delete()
    capsys.readouterr()

    call_command("load_dataset", dir=suspended)

    assert not Suspension.objects.filter(agreement__key="gb-it-test-mou").exists()
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "Kept a person's change: suspension" in line)
    assert "IT towards GB" in line and "deleted" in line and "changed by editor on " in line
    call_command("load_dataset", dir=suspended, take_file=True)  # the files' value, on request
    assert Suspension.objects.filter(agreement__key="gb-it-test-mou").count() == 1


@pytest.mark.django_db
def test_a_suspension_a_person_added_survives_a_prune_and_the_conflict_is_reported(
    suspended, editor, world, capsys
):
    mou = Agreement.objects.get(key="gb-it-test-mou")
    added = Suspension(
        agreement=mou,
        country=world["countries"]["GB"],
        suspended_on=datetime.date(2024, 1, 1),
        note="Added in the admin.",
    )
    added._history_user = editor
    added.save()
    capsys.readouterr()

    call_command("load_dataset", dir=suspended, prune=True)

    assert Suspension.objects.filter(pk=added.pk).exists()
    out = capsys.readouterr().out
    assert any(
        "Kept a person's change: suspension" in line and "GB suspended" in line
        for line in out.splitlines()
    ), out


@pytest.mark.django_db
def test_a_link_between_instruments_a_person_set_is_kept_and_reported(dataset, editor, capsys):
    mou = Agreement.objects.get(key="gb-it-test-mou")
    edit(
        mou, editor, predecessor=Agreement.objects.get(key="nato-test-pledge"), succession="amends"
    )
    capsys.readouterr()

    call_command("load_dataset", dir=dataset)

    mou.refresh_from_db()
    assert (mou.predecessor.key, mou.succession) == ("nato-test-pledge", "amends")
    out = capsys.readouterr().out
    assert "predecessor: file None" in out and "changed by editor on " in out


@pytest.mark.django_db
def test_a_party_a_person_removed_is_not_brought_back_and_the_conflict_is_reported(
    dataset, editor, capsys
):
    party = AgreementParty.objects.get(agreement__key="gb-it-test-mou", country__iso2="IT")
    party._history_user = editor
    party.delete()
    capsys.readouterr()

    call_command("load_dataset", dir=dataset)

    parties = AgreementParty.objects.filter(agreement__key="gb-it-test-mou")
    assert sorted(parties.values_list("country__iso2", flat=True)) == ["GB"]
    out = capsys.readouterr().out
    line = next(
        line for line in out.splitlines() if "Kept a person's change: agreement party" in line
    )
    assert "deleted" in line and "changed by editor on " in line
    call_command("load_dataset", dir=dataset, take_file=True)  # the files' value, on request
    assert parties.count() == 2


@pytest.mark.django_db
def test_a_membership_a_person_removed_is_not_brought_back_and_the_conflict_is_reported(
    dataset, editor, capsys
):
    membership = Membership.objects.get(organisation__slug="jef", country__iso2="FI")
    membership._history_user = editor
    membership.delete()
    capsys.readouterr()

    call_command("load_dataset", dir=dataset)

    members = Membership.objects.filter(organisation__slug="jef")
    assert sorted(members.values_list("country__iso2", flat=True)) == ["GB"]
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "Kept a person's change: membership" in line)
    assert "deleted" in line and "changed by editor on " in line
    call_command("load_dataset", dir=dataset, take_file=True)
    assert members.count() == 2
