"""What changed between two dates, for a country or an organisation (issue 14, item 5).

An event is a dated fact about a record: an agreement signed, entered into
force or ended; a membership joined or left (an accession or a withdrawal);
for a country, also its joining or leaving an agreement it was not an
original party to. For a country, `tier_changes` lists the partners whose
tier with it differs between the two dates, and `compare_tiers` (the map's
"Changes since") every partner on either date with its tier on both, both
computed from the country's `ties.TieHistory`.

Precision: a date known only to the month stands for the whole month, one
known only to the year for the whole year; an event counts in the period
`start`..`end` (both inclusive) when that span overlaps it. "2022-12" (month)
is in 2022-12-15..2023-01-10; "2022" (year) is in 2022-06-01..2022-06-30.

Queries: a country's events come in one query (its agreement parties and its
memberships, as a UNION), an organisation's in two; the tiers need the
country's tie history without details (three queries, both dates).
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import CharField, DateField, Value

from .models import Agreement, AgreementParty, Membership
from .ties import TIERS
from .vocabularies import Precision

AGREEMENT_EVENTS = [
    ("signed_on", "signed"),
    ("in_force_on", "entered_into_force"),
    ("ended_on", "ended"),
]
EVENT_KINDS = [
    "signed",
    "entered_into_force",
    "ended",
    "joined_agreement",
    "left_agreement",
    "joined",
    "left",
]


def span(date, precision):
    """The first and last day a date of this precision may stand for."""
    if precision == Precision.YEAR:
        return date.replace(month=1, day=1), date.replace(month=12, day=31)
    if precision == Precision.MONTH:
        last = calendar.monthrange(date.year, date.month)[1]
        return date.replace(day=1), date.replace(day=last)
    return date, date


def in_period(date, precision, start, end):
    if date is None:
        return False
    first, last = span(date, precision)
    return first <= end and last >= start


@dataclass
class Event:
    date: datetime.date
    precision: str
    event: str
    record_type: str  # "agreement" or "organisation"
    key: str  # an agreement's key or an organisation's slug
    title: str
    agreement_id: int | None = None
    country: object = None  # an organisation's member, for its accessions and withdrawals


@dataclass
class TierChange:
    """A partner's tier with a country on two dates (None when untied), its score on the later."""

    partner: object
    tier_before: str | None
    tier_after: str | None
    score: int = 0

    @property
    def change(self):
        """ "rose", "fell" or "same": a tier gained from none rises, one lost falls."""
        if self.tier_before == self.tier_after:
            return "same"
        before = TIERS.index(self.tier_before) if self.tier_before else len(TIERS)
        after = TIERS.index(self.tier_after) if self.tier_after else len(TIERS)
        return "rose" if after < before else "fell"


def sort(events):
    return sorted(events, key=lambda e: (e.date, EVENT_KINDS.index(e.event), e.key))


def agreement_events(agreement, start, end, **extra):
    for field, kind in AGREEMENT_EVENTS:
        date, precision = getattr(agreement, field), getattr(agreement, f"{field}_precision")
        if in_period(date, precision, start, end):
            yield Event(
                date,
                precision,
                kind,
                "agreement",
                agreement.key,
                agreement.label,
                agreement_id=agreement.pk,
                **extra,
            )


NO_DATE = Value(None, output_field=DateField())
NO_TEXT = Value("", output_field=CharField())
ROW = [
    "record_type",
    "key",
    "title",
    "short_title",
    "record_id",
    "signed_on",
    "signed_on_precision",
    "in_force_on",
    "in_force_on_precision",
    "ended_on",
    "ended_on_precision",
    "joined_on",
    "joined_on_precision",
    "left_on",
    "left_on_precision",
]


def country_events(country, start, end):
    """The country's agreements' and memberships' events in the period, by date (one query)."""
    parties = AgreementParty.objects.filter(country=country).values_list(
        Value("agreement", output_field=CharField()),
        "agreement__key",
        "agreement__title",
        "agreement__short_title",
        "agreement_id",
        "agreement__signed_on",
        "agreement__signed_on_precision",
        "agreement__in_force_on",
        "agreement__in_force_on_precision",
        "agreement__ended_on",
        "agreement__ended_on_precision",
        "joined_on",
        "joined_on_precision",
        "left_on",
        "left_on_precision",
    )
    memberships = Membership.objects.filter(country=country).values_list(
        Value("organisation", output_field=CharField()),
        "organisation__slug",
        "organisation__name",
        "organisation__short_name",
        "organisation_id",
        NO_DATE,
        NO_TEXT,
        NO_DATE,
        NO_TEXT,
        NO_DATE,
        NO_TEXT,
        "joined_on",
        "joined_on_precision",
        "left_on",
        "left_on_precision",
    )
    events = []
    for values in parties.union(memberships, all=True):
        row = dict(zip(ROW, values, strict=True))
        title = row["short_title"] or row["title"]
        if row["record_type"] == "agreement":
            agreement = Agreement(
                pk=row["record_id"],
                key=row["key"],
                title=row["title"],
                short_title=row["short_title"],
                **{f: row[f] for f in ROW[5:11]},
            )
            events.extend(agreement_events(agreement, start, end))
            joined, left = "joined_agreement", "left_agreement"
        else:
            joined, left = "joined", "left"
        agreement_id = row["record_id"] if row["record_type"] == "agreement" else None
        for field, kind in [("joined_on", joined), ("left_on", left)]:
            date, precision = row[field], row[f"{field}_precision"]
            if in_period(date, precision, start, end):
                events.append(
                    Event(
                        date,
                        precision,
                        kind,
                        row["record_type"],
                        row["key"],
                        title,
                        agreement_id=agreement_id,
                    )
                )
    return sort(events)


def organisation_events(organisation, start, end):
    """The events of the agreements under the organisation and of its memberships (two queries)."""
    events = []
    for agreement in Agreement.objects.filter(organisation=organisation):
        events.extend(agreement_events(agreement, start, end))
    for membership in Membership.objects.filter(organisation=organisation).select_related(
        "country"
    ):
        for field, kind in [("joined_on", "joined"), ("left_on", "left")]:
            date, precision = getattr(membership, field), getattr(membership, f"{field}_precision")
            if in_period(date, precision, start, end):
                events.append(
                    Event(
                        date,
                        precision,
                        kind,
                        "organisation",
                        organisation.slug,
                        organisation.label,
                        country=membership.country,
                    )
                )
    return sort(events)


def compare_tiers(history, start, end, filters=None):
    """Every partner tied to the country of `history` (a `ties.TieHistory`) on `start`
    or on `end` (only `filters.partners`, when given), its tier on each date: the
    strongest on `end` first, then those no longer tied, by name."""
    partners = filters.partners if filters else ()
    before = {r.country.pk: r for r in history.on(start, partners)}
    after = history.on(end, partners)
    compared = [
        TierChange(
            r.country,
            before.pop(r.country.pk).tier if r.country.pk in before else None,
            r.tier,
            r.score,
        )
        for r in after
    ]
    gone = sorted(before.values(), key=lambda r: r.country.name)
    return compared + [TierChange(r.country, r.tier, None) for r in gone]


def tier_changes(history, start, end):
    """The partners whose tier with the country of `history` on `end` differs from that
    on `start`."""
    changes = [c for c in compare_tiers(history, start, end) if c.change != "same"]
    changes.sort(key=lambda c: (c.change, c.partner.name))
    return changes
