"""Faults lose nothing: an import interrupted half-way; a pg_dump restored into a fresh DB."""

import hashlib
import json
import os
import subprocess
from unittest import mock

import pytest
from django.apps import apps
from django.db import connection, transaction

from relationships.importers import dataset as importer
from relationships.models import Agreement, Source
from relationships.tests.test_load_dataset import AGREEMENTS, dataset  # noqa: F401

BACKED_UP = ["relationships", "auth", "authtoken"]


def models():
    for label in BACKED_UP:
        yield from apps.get_app_config(label).get_models(include_auto_created=True)


def snapshot():
    """Every row of every backed-up table (history and many-to-many links included):
    a count per table and one digest of them all."""
    counts, digest = {}, hashlib.sha256()
    for model in models():
        rows = list(model._base_manager.order_by("pk").values())
        counts[model._meta.label] = len(rows)
        digest.update(json.dumps([model._meta.label, rows], default=str).encode())
    return counts, digest.hexdigest()


class Interrupted(Exception):
    pass


def failing_after(calls):
    """importer.upsert that raises on its `calls`-th call, as a crash half-way would."""
    real, seen = importer.upsert, []

    def upsert(*args, **kwargs):
        seen.append(1)
        if len(seen) == calls:
            raise Interrupted(f"crash at write {calls}")
        return real(*args, **kwargs)

    return mock.patch.object(importer, "upsert", upsert)


def writes_in_a_load(directory):
    """How many upserts a load makes (counted in a transaction that is rolled back)."""
    with mock.patch.object(importer, "upsert", wraps=importer.upsert) as counted:
        try:
            with transaction.atomic():
                importer.load_dataset(directory)
                raise Interrupted
        except Interrupted:
            pass
    return counted.call_count


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_first_load_interrupted_half_way_writes_nothing(dataset, where):  # noqa: F811
    total = writes_in_a_load(dataset)
    assert total > 20
    calls = {"first": 1, "middle": total // 2, "last": total}[where]
    before = snapshot()
    with failing_after(calls), pytest.raises(Interrupted):
        importer.load_dataset(dataset)
    assert snapshot() == before


@pytest.mark.django_db
def test_an_update_interrupted_half_way_leaves_the_previous_load_as_it_was(dataset):  # noqa: F811
    importer.load_dataset(dataset)
    loaded = snapshot()
    path = dataset / "agreements" / "test.yaml"
    path.write_text(AGREEMENTS.replace("A test memorandum", "A renamed memorandum"))
    with failing_after(writes_in_a_load(dataset) // 2), pytest.raises(Interrupted):
        importer.load_dataset(dataset)
    assert snapshot() == loaded
    assert Agreement.objects.get(key="gb-it-test-mou").title.startswith("A test memorandum")
    importer.load_dataset(dataset)  # and the next run, uninterrupted, goes through
    assert Agreement.objects.get(key="gb-it-test-mou").title.startswith("A renamed")


def pg(command, *args, database):
    """Run a PostgreSQL client tool against the test server."""
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    where = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432)]
    where += ["-U", db.get("USER") or "postgres"]
    target = [database] if command in ("createdb", "dropdb") else ["-d", database]
    return subprocess.run(
        [command, *where, *args, *target],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


def table_digests(database):
    """Each table's row count and a digest of its rows (in a stable order), and each
    sequence's position, read straight from PostgreSQL."""
    sql = """
        SELECT format('SELECT %L, count(*), md5(coalesce(string_agg(t::text, chr(10) '
                      'ORDER BY t::text), %L)) FROM %I t', table_name, '', table_name)
        FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
    """
    queries = pg("psql", "-Atc", sql, database=database).stdout.split("\n")
    union = " UNION ALL ".join(q for q in queries if q) + " ORDER BY 1"
    tables = pg("psql", "-Atc", union, database=database).stdout
    sequences = pg(
        "psql",
        "-Atc",
        "SELECT sequencename, last_value FROM pg_sequences ORDER BY 1",
        database=database,
    ).stdout
    return tables, sequences


@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_restored_into_a_fresh_database_loses_nothing(
    dataset,  # noqa: F811
    tmp_path,
    admin_user,
):
    from rest_framework.authtoken.models import Token

    importer.load_dataset(dataset)
    Source.objects.filter(url="https://www.example.org/page").update(title="Changed ✓ <b>")
    Token.objects.create(user=admin_user)
    assert snapshot()[0]["relationships.HistoricalAgreement"] > 0
    name = connection.settings_dict["NAME"]
    fresh = f"{name}_restore"
    backup = tmp_path / "backup.dump"
    pg("pg_dump", "--format=custom", "--no-owner", "-f", str(backup), database=name)
    pg("dropdb", "--if-exists", database=fresh)
    pg("createdb", database=fresh)
    try:
        pg("pg_restore", "--no-owner", "--exit-on-error", str(backup), database=fresh)
        original, restored = table_digests(name), table_digests(fresh)
    finally:
        pg("dropdb", "--if-exists", database=fresh)
    assert "relationships_agreement|" in original[0]
    assert restored == original
