"""Migrations run backwards to zero and forwards again, on PostgreSQL and on SQLite."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def tables():
    return set(connection.introspection.table_names())


@pytest.mark.django_db(transaction=True)
def test_relationships_migrate_to_zero_and_back_on_the_test_database():
    call_command("migrate", "relationships", "zero", verbosity=0)
    assert "relationships_agreement" not in tables()
    assert "relationships_historicalagreement" not in tables()
    call_command("migrate", verbosity=0)
    assert {"relationships_agreement", "relationships_historicalagreement"} <= tables()


def test_relationships_migrate_to_zero_and_back_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'migrations.sqlite3'}",
        "DJANGO_DEBUG": "1",
    }

    def manage(*args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args, "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr

    manage("migrate")
    manage("migrate", "relationships", "zero")
    manage("migrate")
    manage("makemigrations", "--check", "--dry-run")
