"""backup_data and restore_data: every table, history included, round-trips on
PostgreSQL and on SQLite."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token

from relationships.importers import dataset as importer
from relationships.models import Agreement
from relationships.tests.test_faults import snapshot
from relationships.tests.test_load_dataset import AGREEMENTS, JEF, write  # noqa: F401

# The data versions are bumped by a restore, on purpose: they are not part of a backup.
NOT_BACKED_UP = {"relationships.DataVersion"}


def compared():
    counts, _ = snapshot()
    return {label: count for label, count in counts.items() if label not in NOT_BACKED_UP}


def grant(user):
    from django.contrib.auth.models import Group, Permission

    editors = Group.objects.create(name="editors")
    editors.permissions.add(*Permission.objects.filter(codename__endswith="_agreement"))
    user.groups.add(editors)


def rows():
    """Every backed-up row, as a comparable value (the data versions left out)."""
    from django.apps import apps

    found = {}
    for label in ["relationships", "auth", "authtoken"]:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label in NOT_BACKED_UP | {"auth.Permission"}:
                continue  # permissions are rebuilt by migrate, under new keys
            fields = [f.attname for f in model._meta.concrete_fields]
            if model._meta.auto_created:  # a many-to-many link: its two ends are the data
                fields = [f for f in fields if f != "id"]
            if "permission_id" in fields:  # a grant: compared by the permission's name
                fields = [f for f in fields if f not in ("id", "permission_id")]
                fields.append("permission__codename")
            found[model._meta.label] = json.dumps(
                sorted(model._base_manager.values_list(*fields), key=str), default=str
            )
    return found


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_emptied_postgresql_database_loses_nothing(
    tmp_path, world, admin_user
):
    write(tmp_path, "organisations/jef.yaml", JEF)
    write(tmp_path, "agreements/test.yaml", AGREEMENTS)
    importer.load_dataset(tmp_path)
    mou = Agreement.objects.get(key="gb-it-test-mou")
    mou.title = "Edited by a person ✓ <b>"
    mou._history_user = admin_user
    mou.save()
    Token.objects.create(user=admin_user)
    grant(admin_user)
    before = rows()
    assert compared()["relationships.HistoricalAgreement"] > 0
    backup = tmp_path / "backup.xml"
    call_command("backup_data", str(backup))
    with pytest.raises(CommandError, match="already holds facts"):
        call_command("restore_data", str(backup))
    call_command("flush", interactive=False, verbosity=0)
    assert not Agreement.objects.exists()
    call_command("restore_data", str(backup))
    assert rows() == before
    # The sequences were reset: new rows get fresh keys.
    Agreement.objects.create(key="after-restore", title="New", kind="mou", status="signed")


SQLITE_STEPS = {
    "fill": """
import django; django.setup()
from django.contrib.auth import get_user_model
from relationships.models import Country, Source, Agreement, AgreementParty
user = get_user_model().objects.create_user("editor", password="a long passphrase 1")
gb = Country.objects.create(iso2="GB", iso3="GBR", name="United Kingdom")
jp = Country.objects.create(iso2="JP", iso3="JPN", name="Japan")
source = Source.objects.create(url="https://example.org/s", title="S", publisher="P",
                               accessed_on="2026-01-01")
agreement = Agreement(key="gb-jp", title="UK-Japan", kind="agreement", status="in_force",
                      signed_on="2023-01-11")
agreement._history_user = user
agreement.save()
agreement.sources.add(source)
for country in (gb, jp):
    AgreementParty.objects.create(agreement=agreement, country=country)
agreement.title = "UK-Japan, edited"
agreement.save()
""",
    "digest": """
import django, json; django.setup()
from relationships.tests.test_backups import rows
print(json.dumps(rows()))
""",
}


def sqlite(database, *args, code=None):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    command = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *args]
    result = subprocess.run(  # noqa: S603 - fixed arguments
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_a_backup_restored_into_a_fresh_sqlite_database_loses_nothing(tmp_path):
    original, fresh, backup = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3", tmp_path / "b.xml"
    for database in (original, fresh):
        sqlite(database, "migrate", "--no-input", "-v", "0")
    sqlite(original, code=SQLITE_STEPS["fill"])
    sqlite(original, "backup_data", str(backup))
    sqlite(fresh, "restore_data", str(backup))
    before = json.loads(sqlite(original, code=SQLITE_STEPS["digest"]).splitlines()[-1])
    after = json.loads(sqlite(fresh, code=SQLITE_STEPS["digest"]).splitlines()[-1])
    assert json.loads(before["relationships.HistoricalAgreement"]) != []
    assert after == before
