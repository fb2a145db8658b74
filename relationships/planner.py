"""The query planner's statistics, refreshed after a bulk write.

PostgreSQL plans from per-table statistics that autovacuum refreshes some time
after a write. Until then freshly written tables are planned as a handful of
rows: after `make data` the relationships query for the United States nested-
looped 1,336 party rows against 1,336 (103,537 rows filtered, 39 ms instead of
8 ms), and with 80,000 synthetic parties it ran for 145 s. Bulk writers
(`load_dataset`, `synthetic_data`) call `analyse()` when they finish.
"""

from django.db import connection

from .models import (
    Agreement,
    AgreementParty,
    Membership,
    Organisation,
    Presence,
    Suspension,
)

TABLES = [
    model._meta.db_table
    for model in (Organisation, Membership, Agreement, AgreementParty, Suspension, Presence)
] + [
    Agreement.sources.through._meta.db_table,
    Agreement.domains.through._meta.db_table,
    Membership.sources.through._meta.db_table,
]


def analyse():
    """ANALYZE the tables the site's queries read (PostgreSQL; a no-op elsewhere)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in TABLES))
