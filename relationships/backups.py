"""Backups that round-trip: every table that holds work, history included, as one file.

`manage.py backup_data FILE.xml` writes Django's own serialisation (`dumpdata`)
of every app's rows, as XML because Django's JSON cuts times to milliseconds
(history dates would not come back as they were), with natural keys for the framework's tables that
`migrate` recreates (content types, permissions), so the file loads into any
freshly migrated database: SQLite or PostgreSQL, the same or another one.
`manage.py restore_data FILE` loads it (`loaddata`, one transaction, which
also resets PostgreSQL's sequences) into a database that holds no facts yet,
or, with `--replace`, empties it first.

Left out, because `migrate` rebuilds them or they are not work: content types,
permissions, sessions and the data versions (a restore bumps them).
"""

import io
from pathlib import Path

from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from . import cache
from .models import Agreement, Country, Organisation, Source

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "relationships.dataversion"]


class RestoreRefused(Exception):
    """A backup or restore that would write the wrong thing."""


def backup(path):
    """Write every table's rows (history, users, tokens and links included) to `path`."""
    if Path(path).suffix != ".xml":
        raise RestoreRefused("name the backup FILE.xml (restore_data reads it by its suffix)")
    call_command(
        "dumpdata",
        format="xml",
        exclude=EXCLUDED,
        natural_foreign=True,
        indent=1,
        output=str(path),
        verbosity=0,
    )


def holds_facts():
    return any(model.objects.exists() for model in (Country, Source, Organisation, Agreement))


def restore(path, replace=False):
    """Load a backup written by `backup`; refuse to mix it into a database with facts."""
    with transaction.atomic():
        if holds_facts():
            if not replace:
                raise RestoreRefused(
                    "the database already holds facts: restore into a freshly migrated "
                    "database, or give --replace to empty this one first"
                )
            call_command("flush", interactive=False, verbosity=0)
        out = io.StringIO()
        # The history rows come from the file: django-simple-history must not add its own
        # for the many-to-many links loaddata sets (SIMPLE_HISTORY_ENABLED is its switch).
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(path), verbosity=1, stdout=out)
    cache.bump(cache.FACTS)
    cache.bump(cache.BOUNDARIES)
    return out.getvalue().strip()
