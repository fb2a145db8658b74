"""A synthetic dataset on top of the real one, for the benchmark (`make bench`).

It is there to show how the API and the map behave with far more facts than
the curated dataset holds: every state gets random agreements and memberships
of synthetic organisations, and random presences abroad (bases, missions...)
stand near the centre of their host country. Everything it writes is marked as synthetic, so
it can never be mistaken for a fact and goes away with `--remove`:

- keys and slugs start with `synthetic-`, titles and names with "Synthetic";
- one source, published by "Synthetic benchmark data", is cited by all of it.

The numbers come from a seeded generator, so two runs write the same data.
Rows are written with `bulk_create` (no signals), so the data version is
bumped by hand at the end.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import connection, transaction

from . import cache, planner
from .models import (
    Agreement,
    AgreementParty,
    Boundary,
    Country,
    Domain,
    Membership,
    Obligation,
    Organisation,
    Presence,
    Source,
)

PREFIX = "synthetic-"
PUBLISHER = "Synthetic benchmark data"
SOURCE_URL = "https://example.org/synthetic-benchmark-data"
SEED = 7
BATCH = 5_000


@dataclass
class Counts:
    organisations: int = 0
    memberships: int = 0
    agreements: int = 0
    parties: int = 0
    presences: int = 0

    def summary(self):
        return (
            f"{self.organisations} organisations, {self.memberships} memberships, "
            f"{self.agreements} agreements, {self.parties} parties, "
            f"{self.presences} presences"
        )


def counts():
    """How many synthetic rows are stored now."""
    return Counts(
        organisations=Organisation.objects.filter(slug__startswith=PREFIX).count(),
        memberships=Membership.objects.filter(organisation__slug__startswith=PREFIX).count(),
        agreements=Agreement.objects.filter(key__startswith=PREFIX).count(),
        parties=AgreementParty.objects.filter(agreement__key__startswith=PREFIX).count(),
        presences=Presence.objects.filter(key__startswith=PREFIX).count(),
    )


def remove(log=print):
    """Delete every synthetic row; returns the counts that were removed.

    Plain SQL deletes: the ORM would load and signal each of the ~100,000
    rows one by one (the cache's receivers listen to every model).
    """
    removed = counts()
    agreements = f"SELECT id FROM {Agreement._meta.db_table} WHERE key LIKE %s"  # noqa: S608
    organisations = f"SELECT id FROM {Organisation._meta.db_table} WHERE slug LIKE %s"  # noqa: S608
    presences = f"SELECT id FROM {Presence._meta.db_table} WHERE key LIKE %s"  # noqa: S608
    statements = [
        (Presence.operators.through._meta.db_table, "presence_id", presences),
        (Presence.sources.through._meta.db_table, "presence_id", presences),
        (Presence._meta.db_table, "id", presences),
        (AgreementParty._meta.db_table, "agreement_id", agreements),
        (Agreement.sources.through._meta.db_table, "agreement_id", agreements),
        (Agreement.domains.through._meta.db_table, "agreement_id", agreements),
        (Agreement._meta.db_table, "id", agreements),
        (Membership._meta.db_table, "organisation_id", organisations),
        (Organisation.sources.through._meta.db_table, "organisation_id", organisations),
        (Organisation._meta.db_table, "id", organisations),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for table, column, subquery in statements:
            cursor.execute(
                f"DELETE FROM {table} WHERE {column} IN ({subquery})",  # noqa: S608
                [PREFIX + "%"],
            )
        Source.objects.filter(url=SOURCE_URL).delete()
    cache.bump()
    log(f"synthetic: removed {removed.summary()}")
    return removed


def _date(rng, first_year=1950, last_year=2025):
    return datetime.date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))


KINDS = [
    (Agreement.Kind.TREATY, True),
    (Agreement.Kind.AGREEMENT, True),
    (Agreement.Kind.ARRANGEMENT, False),
    (Agreement.Kind.MOU, False),
    (Agreement.Kind.LOI, False),
    (Agreement.Kind.DECLARATION, False),
    (Agreement.Kind.PROGRAMME, False),
]


@transaction.atomic
def generate(agreements=20_000, parties=80_000, organisations=50, presences=20_000, log=print):
    """Write the synthetic dataset (idempotent: an existing one of this size is kept)."""
    wanted = Counts(
        organisations=organisations, agreements=agreements, parties=parties, presences=presences
    )
    present = counts()
    if (present.organisations, present.agreements, present.parties, present.presences) == (
        wanted.organisations,
        wanted.agreements,
        wanted.parties,
        wanted.presences,
    ) and (present.memberships or not organisations):
        log(f"synthetic: already present ({present.summary()}); nothing to do")
        return present
    if present.agreements or present.organisations or present.presences:
        remove(log=log)

    rng = random.Random(SEED)  # noqa: S311 - repeatable made-up data, not secrets
    states = list(Country.objects.states().order_by("iso2").values_list("pk", flat=True))
    domains = list(Domain.objects.values_list("pk", flat=True))
    source = Source.objects.create(
        url=SOURCE_URL,
        title="Synthetic records for the benchmark; not facts",
        publisher=PUBLISHER,
        accessed_on=datetime.date(2026, 1, 1),
    )

    orgs = Organisation.objects.bulk_create(
        Organisation(
            slug=f"{PREFIX}organisation-{n:02d}",
            name=f"Synthetic organisation {n:02d}",
            short_name=f"SYN{n:02d}",
            kind=rng.choice(Organisation.Kind.values),
            obligation=rng.choice(Obligation.values),
            summary="Synthetic benchmark data, not a real organisation.",
        )
        for n in range(organisations)
    )
    Organisation.sources.through.objects.bulk_create(
        Organisation.sources.through(organisation_id=o.pk, source_id=source.pk) for o in orgs
    )
    members = []
    for org in orgs:
        for country in rng.sample(states, min(len(states), rng.randint(10, 80))):
            members.append(
                Membership(
                    organisation=org,
                    country_id=country,
                    role=rng.choice([Membership.Role.MEMBER] * 4 + [Membership.Role.PARTNER]),
                    joined_on=_date(rng, 1950, 2020),
                )
            )
    Membership.objects.bulk_create(members, batch_size=BATCH)
    log(f"synthetic: {len(orgs)} organisations, {len(members)} memberships")

    # Parties per agreement: 2 to (2 * average - 2), averaging parties / agreements.
    average = parties // agreements
    sizes = [average] * agreements
    for i in range(0, agreements - 1, 2):
        spread = rng.randint(0, max(0, average - 2))
        sizes[i] += spread
        sizes[i + 1] -= spread
    sizes[-1] += parties - sum(sizes)

    rows = []
    for n in range(agreements):
        kind, binding = rng.choice(KINDS)
        signed = _date(rng)
        ended = rng.random() < 0.1
        rows.append(
            Agreement(
                key=f"{PREFIX}agreement-{n:05d}",
                title=f"Synthetic agreement {n:05d}",
                short_title=f"Synthetic {n:05d}",
                kind=kind,
                legally_binding=binding,
                status=Agreement.Status.ENDED if ended else Agreement.Status.IN_FORCE,
                obligation=Obligation.MUTUAL_DEFENCE
                if rng.random() < 0.05
                else Obligation.COOPERATION,
                signed_on=signed,
                ended_on=signed + datetime.timedelta(days=rng.randint(365, 3650))
                if ended
                else None,
                summary="Synthetic benchmark data, not a real agreement.",
            )
        )
    created = Agreement.objects.bulk_create(rows, batch_size=BATCH)
    log(f"synthetic: {len(created)} agreements")

    party_rows, source_rows, domain_rows = [], [], []
    for agreement, size in zip(created, sizes, strict=True):
        for country in rng.sample(states, size):
            party_rows.append(AgreementParty(agreement_id=agreement.pk, country_id=country))
        source_rows.append(
            Agreement.sources.through(agreement_id=agreement.pk, source_id=source.pk)
        )
        if domains:
            domain_rows.append(
                Agreement.domains.through(agreement_id=agreement.pk, domain_id=rng.choice(domains))
            )
    AgreementParty.objects.bulk_create(party_rows, batch_size=BATCH)
    Agreement.sources.through.objects.bulk_create(source_rows, batch_size=BATCH)
    Agreement.domains.through.objects.bulk_create(domain_rows, batch_size=BATCH)
    log(f"synthetic: {len(party_rows)} parties")
    generate_presences(rng, presences, states, source, log)
    planner.analyse()
    cache.bump()
    return counts()


def centres(states):
    """{country pk: (longitude, latitude)} of a point inside each state's largest boundary."""
    from shapely.geometry import shape

    found = {}
    for country, geometry in Boundary.objects.filter(country__in=states).values_list(
        "country", "geometry"
    ):
        polygon = shape(geometry)
        if country not in found or polygon.area > found[country][1]:
            point = polygon.representative_point()
            found[country] = ((point.x, point.y), polygon.area)
    return {country: centre for country, (centre, _) in found.items()}


def generate_presences(rng, n, states, source, log):
    """`n` presences, each in a random host near its centre, run by one to three others."""
    by_centre = centres(states)
    hosts = sorted(by_centre)
    if not n or not hosts:
        return
    rows = []
    for i in range(n):
        host = rng.choice(hosts)
        longitude, latitude = by_centre[host]
        started = _date(rng, 1945, 2025)
        ended = rng.random() < 0.15
        rows.append(
            Presence(
                key=f"{PREFIX}presence-{i:05d}",
                name=f"Synthetic presence {i:05d}",
                kind=rng.choice(Presence.Kind.values),
                host_id=host,
                latitude=max(-90.0, min(90.0, latitude + rng.uniform(-1.5, 1.5))),
                longitude=max(-180.0, min(180.0, longitude + rng.uniform(-1.5, 1.5))),
                started_on=started,
                ended_on=started + datetime.timedelta(days=rng.randint(365, 7300))
                if ended
                else None,
                summary="Synthetic benchmark data, not a real presence.",
            )
        )
    created = Presence.objects.bulk_create(rows, batch_size=BATCH)
    operator_rows, source_rows = [], []
    for presence in created:
        others = [state for state in states if state != presence.host_id]
        for operator in rng.sample(others, rng.choice([1, 1, 1, 2, 3])):
            operator_rows.append(
                Presence.operators.through(presence_id=presence.pk, country_id=operator)
            )
        source_rows.append(Presence.sources.through(presence_id=presence.pk, source_id=source.pk))
    Presence.operators.through.objects.bulk_create(operator_rows, batch_size=BATCH)
    Presence.sources.through.objects.bulk_create(source_rows, batch_size=BATCH)
    log(f"synthetic: {len(created)} presences")
