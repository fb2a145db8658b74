"""The rules a record must keep, each written once, with its one message.

Four paths write the data: the admin's forms, the API's write serializers,
the admin's CSV/XLSX import and the dataset loader. Each calls the functions
below and puts the violations where its user looks:

| path | where a violation goes |
|---|---|
| admin | the form field, or the parties inline (`Model.clean`, `PartyFormSet`) |
| API | a 400 naming the field (`api/serializers.py`) |
| import | the row's error (`resources.py`, through `Model.clean`) |
| dataset loader | `file:line` of the value at fault (`importers/dataset.py`) |

A function takes plain values (dates, country codes, lists) and returns a
list of `Violation`s, empty when the record is sound, so each path can report
every problem at once. The database's constraints in `models.py` hold the
same rules as a last guard and reuse these messages.
"""

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass

from .vocabularies import ONE_WAY_ROLES, AgreementStatus, Obligation, Precision

# The messages. The constraints in models.py name these too, so the text an
# editor reads is the same whichever way the record came in.
IN_FORCE_BEFORE_SIGNATURE = "Entry into force cannot come before signature."
ENDED_BEFORE_START = "An agreement cannot end before it was signed or entered into force."
END_NEEDS_ENDED_STATUS = "An agreement with an end date must have the status 'ended'."
PARTY_LEFT_BEFORE_JOINING = "A party cannot leave before it joined."
MEMBER_LEFT_BEFORE_JOINING = "A member cannot leave before it joined."
DISSOLVED_BEFORE_FOUNDED = "An organisation cannot be dissolved before it was founded."
TOO_FEW_PARTIES = "An agreement needs at least two parties: add every country that is party to it."
PARTY_LISTED_TWICE = "Party {code} is listed twice: list each country once."
PARTY_ALREADY_LISTED = "This country is already a party to the agreement."
NEEDS_A_SOURCE = "{what} needs at least one source."
JOINED_BEFORE_FOUNDED = "A member cannot join before its organisation was founded."
LEFT_AFTER_DISSOLVED = "A member cannot leave after its organisation was dissolved."
PARTY_JOINED_BEFORE_START = "A party cannot join before the agreement was signed or in force."
PARTY_LEFT_AFTER_END = "A party cannot leave after the agreement ended."
SUSPENSION_OF_ONE_RECORD = "A suspension is of one agreement or one organisation: give one."
LIFTED_BEFORE_SUSPENDED = "A suspension cannot be lifted before it began."
SUSPENDED_TOWARDS_ITSELF = "A country cannot be suspended towards itself."
NOT_A_PARTY = "{code} is not a party or member of the suspended record."
PRESENCE_ENDED_BEFORE_START = "A presence cannot end before it started."
EDITION_ENDED_BEFORE_START = "An exercise cannot end before it started."
NEEDS_AN_OPERATOR = "A presence needs an operating country or an organisation."
LATITUDE_OUT_OF_RANGE = "A latitude lies between -90 and 90 degrees."
LONGITUDE_OUT_OF_RANGE = "A longitude lies between -180 and 180 degrees."
COUNTRY_LISTED_TWICE = "{code} is listed twice: list each country once."
PARTY_IS_ONE_THING = "A party is either a country or an organisation: give one."
SUCCESSION_INCOMPLETE = (
    "Give both the earlier agreement and how this one follows it (amends, replaces, renews), "
    "or neither; an agreement cannot follow itself."
)
ONE_WAY_NEEDS_BOTH_SIDES = (
    "A one-way commitment needs at least one guarantor and one beneficiary among its parties."
)
ASSURANCE_NEEDS_ROLES = (
    "A security assurance is one-way: give each country party the role guarantor or beneficiary."
)
MEMBERSHIP_STARTS_TWICE = (
    "This country already has a membership of this organisation starting on that date."
)


@dataclass(frozen=True)
class Violation:
    """One broken rule.

    `field` is where a form or the API shows the message (the value an editor
    changes); `culprit` the value whose presence breaks the rule, which a file
    points at by its line (they differ only for an end date without the
    "ended" status: the form flags the status, the file the end date).
    """

    field: str
    message: str
    code: str
    culprit: str = ""

    @property
    def at(self):
        return self.culprit or self.field


def _ordered(start, end):
    return not (start and end and end < start)


def agreement_dates(*, status, signed_on, in_force_on, ended_on):
    """Signed <= in force <= ended, and an end date means the status "ended"."""
    found = []
    if not _ordered(signed_on, in_force_on):
        found.append(Violation("in_force_on", IN_FORCE_BEFORE_SIGNATURE, "in_force_before_signed"))
    if not (_ordered(signed_on, ended_on) and _ordered(in_force_on, ended_on)):
        found.append(Violation("ended_on", ENDED_BEFORE_START, "ended_before_start"))
    if ended_on and status != AgreementStatus.ENDED:
        found.append(
            Violation("status", END_NEEDS_ENDED_STATUS, "end_needs_ended_status", "ended_on")
        )
    return found


def period_end(date, precision):
    """The last day a date of this precision may mean: 2022-12 (month) -> 31 December 2022.

    A stored date is the first day of its period (see `models`).
    """
    if date is None or precision == Precision.DAY:
        return date
    if precision == Precision.YEAR:
        return datetime.date(date.year, 12, 31)
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])


def _within(joined_on, joined_precision, left_on, start, end, end_precision, messages, codes):
    """A period [joined, left] that cannot lie within [start, end] at the dates' precision.

    A start known to the year only breaks the rule when its whole year lies
    before `start`; an end, when it lies wholly after `end`'s period.
    """
    found = []
    if joined_on and start and period_end(joined_on, joined_precision) < start:
        found.append(Violation("joined_on", messages[0], codes[0]))
    if left_on and end and left_on > period_end(end, end_precision):
        found.append(Violation("left_on", messages[1], codes[1]))
    return found


def membership_within_organisation(
    *, joined_on, joined_precision, left_on, founded_on, dissolved_on, dissolved_precision
):
    """A membership lies within its organisation's life: not before founding, not after
    dissolution."""
    return _within(
        joined_on,
        joined_precision,
        left_on,
        founded_on,
        dissolved_on,
        dissolved_precision,
        (JOINED_BEFORE_FOUNDED, LEFT_AFTER_DISSOLVED),
        ("joined_before_founded", "left_after_dissolved"),
    )


def party_within_agreement(
    *, joined_on, joined_precision, left_on, starts_on, ended_on, ended_precision
):
    """A party's own period lies within its agreement's: not before it started, not after
    it ended."""
    return _within(
        joined_on,
        joined_precision,
        left_on,
        starts_on,
        ended_on,
        ended_precision,
        (PARTY_JOINED_BEFORE_START, PARTY_LEFT_AFTER_END),
        ("party_joined_before_start", "party_left_after_end"),
    )


def party_dates(*, joined_on, left_on):
    """A party joins an agreement before it leaves it."""
    if _ordered(joined_on, left_on):
        return []
    return [Violation("left_on", PARTY_LEFT_BEFORE_JOINING, "party_left_before_joining")]


def membership_dates(*, joined_on, left_on):
    """A member joins an organisation before it leaves it."""
    if _ordered(joined_on, left_on):
        return []
    return [Violation("left_on", MEMBER_LEFT_BEFORE_JOINING, "member_left_before_joining")]


def organisation_dates(*, founded_on, dissolved_on):
    """An organisation is founded before it is dissolved."""
    if _ordered(founded_on, dissolved_on):
        return []
    return [Violation("dissolved_on", DISSOLVED_BEFORE_FOUNDED, "dissolved_before_founded")]


def suspension(*, agreement, organisation, country, partner, suspended_on, lifted_on, among=None):
    """One record suspended, between two different countries, lifted after it began.

    `among`, when given, lists the record's parties or members (ISO codes):
    both countries must be among them.
    """
    found = []
    if bool(agreement) == bool(organisation):
        found.append(Violation("agreement", SUSPENSION_OF_ONE_RECORD, "suspension_of_one_record"))
    if partner and partner == country:
        found.append(Violation("partner", SUSPENDED_TOWARDS_ITSELF, "suspended_towards_itself"))
    if not _ordered(suspended_on, lifted_on):
        found.append(Violation("lifted_on", LIFTED_BEFORE_SUSPENDED, "lifted_before_suspended"))
    if among is not None:
        for key, code in (("country", country), ("partner", partner)):
            if code and code not in among:
                found.append(Violation(key, NOT_A_PARTY.format(code=code), "not_a_party"))
    return found


def succession(*, predecessor, succession, itself=False):
    """An earlier agreement and the way this one follows it come together, never itself."""
    if bool(predecessor) != bool(succession) or itself:
        return [Violation("predecessor", SUCCESSION_INCOMPLETE, "succession_incomplete")]
    return []


def roles(*, obligation, roles):
    """One-way commitments: `roles` lists the country parties' roles. A guarantor needs a
    beneficiary and the reverse; a security assurance gives every country a side."""
    sides = set(roles) & ONE_WAY_ROLES
    found = []
    if sides and sides != ONE_WAY_ROLES:
        found.append(Violation("parties", ONE_WAY_NEEDS_BOTH_SIDES, "one_way_needs_both_sides"))
    if obligation == Obligation.SECURITY_ASSURANCE and not set(roles) <= ONE_WAY_ROLES:
        found.append(Violation("parties", ASSURANCE_NEEDS_ROLES, "assurance_needs_roles"))
    return found


def parties(codes):
    """At least two parties, each listed once. `codes` are ISO codes, in the order given."""
    found = [
        Violation("parties", PARTY_LISTED_TWICE.format(code=code), "party_listed_twice")
        for code, count in Counter(codes).items()
        if count > 1
    ]
    if len(set(codes)) < 2:
        found.append(Violation("parties", TOO_FEW_PARTIES, "too_few_parties"))
    return found


def cited(sources, what="agreement"):
    """At least one source (an agreement, an organisation; a membership may borrow its
    organisation's)."""
    if sources:
        return []
    message = NEEDS_A_SOURCE.format(what=f"An {what}" if what[0] in "aeiou" else f"A {what}")
    return [Violation("sources", message, "no_source")]


def _ends_after_start(started_on, ended_on, ended_precision):
    """An end, at its precision, not before the start: started 14 October 2024 and ended
    in October 2024 (month) is in order."""
    return not (started_on and ended_on and period_end(ended_on, ended_precision) < started_on)


def presence_dates(*, started_on, ended_on, ended_precision=Precision.DAY):
    """A presence ends after it starts (the end at its precision)."""
    if _ends_after_start(started_on, ended_on, ended_precision):
        return []
    return [Violation("ended_on", PRESENCE_ENDED_BEFORE_START, "ended_before_start")]


def operated(*, operators, organisation):
    """A presence has an operator: a country or an organisation."""
    if operators or organisation:
        return []
    return [Violation("operators", NEEDS_AN_OPERATOR, "needs_an_operator")]


def edition_dates(*, started_on, ended_on, ended_precision=Precision.DAY):
    """An exercise edition ends after it starts (the end at its precision)."""
    if _ends_after_start(started_on, ended_on, ended_precision):
        return []
    return [Violation("ended_on", EDITION_ENDED_BEFORE_START, "ended_before_start")]


def coordinates(*, latitude, longitude):
    """A point on the globe: WGS84 degrees in range."""
    found = []
    if latitude is not None and not -90 <= latitude <= 90:
        found.append(Violation("latitude", LATITUDE_OUT_OF_RANGE, "latitude_out_of_range"))
    if longitude is not None and not -180 <= longitude <= 180:
        found.append(Violation("longitude", LONGITUDE_OUT_OF_RANGE, "longitude_out_of_range"))
    return found


def listed_once(codes, field):
    """Each country once in a list (`codes`: ISO codes in the order given)."""
    return [
        Violation(field, COUNTRY_LISTED_TWICE.format(code=code), "listed_twice")
        for code, count in Counter(codes).items()
        if count > 1
    ]


def by_field(violations):
    """{field: [message, ...]}: the shape Django's ValidationError and DRF's errors take."""
    errors = {}
    for violation in violations:
        errors.setdefault(violation.field, []).append(violation.message)
    return errors
