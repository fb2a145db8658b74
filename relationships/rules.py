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

from collections import Counter
from dataclasses import dataclass

from .vocabularies import AgreementStatus

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


def by_field(violations):
    """{field: [message, ...]}: the shape Django's ValidationError and DRF's errors take."""
    errors = {}
    for violation in violations:
        errors.setdefault(violation.field, []).append(violation.message)
    return errors
