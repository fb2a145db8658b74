"""The facts the map is drawn from.

Validity in time
----------------
Every view of the map answers for one date, the "as of" date. A membership,
an agreement or an agreement's party *counts on date D* when it had started
by D and its end, if any, is D or later:

    start <= D  and  (end is unknown or end >= D)

An end date (`left_on`, `ended_on`, `dissolved_on`) is the *last day in*: a
state that withdrew at the end of a day was still in on that day (the UK left
the EU at the end of 31 January 2020: `left_on: 2020-01-31`), and a treaty
that ceased to have effect from 1 January 1980 ended on 31 December 1979.

For a membership the start is `joined_on` and the end `left_on`. For an
agreement the start is its signature (`signed_on`), or its entry into force
when no signature date is recorded, and the end is `ended_on`; a party's own
`joined_on`/`left_on` narrow that further (later joiners of the European Sky
Shield Initiative). A start left empty means "not known": a membership with
an unknown start counts from its organisation's founding (from the beginning
when that too is unknown), an agreement with neither date never counts (it is
only proposed).

Every period lies within its organisation's or agreement's own dates: a
membership counts only while its organisation exists (from `founded_on` to
`dissolved_on`), an agreement's party only while the agreement counts. So a
start known only to the year never counts before the founding event, and the
dataset loader refuses a period that lies outside them (`rules.py`).

Dates come with a precision (day, month or year) because sources often give
only "December 2022". The stored date is the first day of the period, so a
record counts from the earliest date its source allows (but never before its
organisation or agreement, below); the precision is kept so that the UI
shows "December 2022", not "1 December 2022". An end known only to the month
or year counts until the period is over: `left_on` December 2022 (month)
counts to 31 December 2022, `ended_on` 2018 (year) to 31 December 2018.

The rule lives in `valid_on()` below and every QuerySet uses it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from maps.links import map_url

from . import rules
from .vocabularies import (
    BINDING_KINDS,
    AgreementKind,
    AgreementStatus,
    MembershipRole,
    Obligation,
    OrganisationKind,
    PartyRole,
    Precision,
    Succession,
)


def not_ended(date, end, prefix=""):
    """The end half of the rule: `end` is empty, or its period is not over on `date`.

    `end` names a date field with a `<end>_precision` companion. The end is
    the last day in, and a month or a year ends on its last day: since the
    stored date is the first day of its period, "the period's last day is on
    or after `date`" is "the stored date is on or after the first day of
    `date`'s period", which needs no arithmetic in SQL.
    """
    field, precision = f"{prefix}{end}", f"{prefix}{end}_precision"
    return (
        Q(**{f"{field}__isnull": True})
        | Q(**{precision: Precision.DAY, f"{field}__gte": date})
        | Q(**{precision: Precision.MONTH, f"{field}__gte": date.replace(day=1)})
        | Q(**{precision: Precision.YEAR, f"{field}__gte": date.replace(month=1, day=1)})
    )


def ended_by(date, end, precision):
    """The same rule in Python: an end (with its precision) whose period is over on `date`."""
    return end is not None and rules.period_end(end, precision) < date


def counts_on(date, start, end, end_precision, *, start_required=False):
    """`valid_on` in Python, for rows fetched whatever their dates (`ties.TieHistory`):
    started by `date` (an empty start counts as long ago unless `start_required`),
    not ended by `date`."""
    if start is None and start_required or start is not None and start > date:
        return False
    return not ended_by(date, end, end_precision)


def valid_on(date, start, end, *, prefix="", start_required=False):
    """The validity rule as a Q object: started by `date`, not ended by `date`.

    `start` and `end` name date fields; `prefix` reaches them through a
    relation (`"agreement__"`). An empty start counts as "long ago" unless
    `start_required` is set.
    """
    started = Q(**{f"{prefix}{start}__lte": date})
    if not start_required:
        started |= Q(**{f"{prefix}{start}__isnull": True})
    return started & not_ended(date, end, prefix)


def organisation_valid_on(date, prefix=""):
    """An organisation exists from its founding (or always, when unknown) to its dissolution."""
    return valid_on(date, "founded_on", "dissolved_on", prefix=prefix)


def membership_valid_on(date, prefix=""):
    """A membership counts within its own period and its organisation's lifetime.

    So an unknown start counts from the organisation's founding, a start known
    only to the year never before it, and no membership outlives its
    organisation.
    """
    return valid_on(date, "joined_on", "left_on", prefix=prefix) & organisation_valid_on(
        date, prefix=f"{prefix}organisation__"
    )


def agreement_valid_on(date, prefix=""):
    """An agreement counts from signature, or entry into force when unsigned."""
    started = Q(**{f"{prefix}signed_on__lte": date}) | Q(
        **{f"{prefix}signed_on__isnull": True, f"{prefix}in_force_on__lte": date}
    )
    return started & not_ended(date, "ended_on", prefix)


def check(violations):
    """Raise the rules' violations as a ValidationError on their fields (admin, import)."""
    if violations:
        raise ValidationError(rules.by_field(violations))


def precision_field(of):
    return models.CharField(
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=f"How precise {of} is: day, month or year.",
    )


class Source(models.Model):
    url = models.URLField(max_length=500, unique=True, help_text="Where the fact can be checked.")
    title = models.CharField(max_length=500, help_text="Title of the page or document.")
    publisher = models.CharField(
        max_length=200, help_text="Who published it (a government, NATO, a treaty series...)."
    )
    published_on = models.DateField(
        null=True, blank=True, help_text="When the source was published or last updated, if shown."
    )
    published_on_precision = precision_field("the publication date")
    accessed_on = models.DateField(help_text="When an editor last checked the source.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["publisher", "title"]

    def __str__(self):
        return f"{self.publisher}: {self.title}"


def iso_code(value):
    """An ISO alpha-2 code in upper case, or "" when `value` is not two ASCII letters.

    Python upper-cases some other letters onto ASCII ("ı" becomes "I"), so a
    look-alike such as "ıt" would otherwise be read as Italy's code.
    """
    code = str(value).strip()
    return code.upper() if len(code) == 2 and code.isascii() and code.isalpha() else ""


class CountryQuerySet(models.QuerySet):
    def states(self):
        return self.filter(is_state=True)

    def coded(self, codes):
        """Countries by ISO alpha-2 code, in either case: the one lookup by code."""
        return self.filter(iso2__in=[upper for code in codes if (upper := iso_code(code))])

    def for_api(self):
        """What a country's detail shows: its sovereign and its memberships' organisations."""
        return self.select_related("sovereign").prefetch_related(
            models.Prefetch("memberships", Membership.objects.select_related("organisation"))
        )


class Country(models.Model):
    iso2 = models.CharField(
        max_length=2,
        unique=True,
        help_text="ISO 3166-1 alpha-2 code (XK for Kosovo); the key used in URLs and the API.",
    )
    iso3 = models.CharField(max_length=3, help_text="ISO 3166-1 alpha-3 code.")
    name = models.CharField(max_length=100, help_text="Common English name.")
    official_name = models.CharField(max_length=200, blank=True, help_text="Formal name.")
    region = models.CharField(max_length=50, blank=True, help_text="Continental region.")
    subregion = models.CharField(max_length=50, blank=True, help_text="Sub-region.")
    is_state = models.BooleanField(
        default=True,
        help_text="A state that holds its own relationships (false for dependent territories).",
    )
    sovereign = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="territories",
        help_text="For a dependent territory: the state it belongs to and is drawn as.",
    )
    # Historical states (the Soviet Union, Czechoslovakia, East Germany,
    # Yugoslavia) are rows too, so that a party or member is recorded as the
    # state it was. They have no boundary: the map shows them as `shown_as`
    # (see `ties.py`), and not at all when that is empty.
    dissolved_on = models.DateField(
        null=True,
        blank=True,
        help_text="For a state that no longer exists: the last day it existed.",
    )
    shown_as = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="historical_states",
        help_text="For a state that no longer exists: today's states its ties are drawn as "
        "(Czechoslovakia: Czechia and Slovakia); empty: not drawn.",
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return f"{self.name} ({self.iso2})"

    def get_absolute_url(self):
        return map_url(focus=self.iso2)

    @property
    def is_historical(self):
        return self.dissolved_on is not None


class Boundary(models.Model):
    """One feature of the map: a simplified Natural Earth 1:50m shape."""

    key = models.SlugField(max_length=80, unique=True, help_text="Stable key of the feature.")
    name = models.CharField(max_length=100, help_text="Name of the feature in Natural Earth.")
    iso2 = models.CharField(
        max_length=2, blank=True, help_text="The feature's own ISO code, if it has one."
    )
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="boundaries",
        help_text="The state this feature is drawn and clicked as; empty for disputed land.",
    )
    geometry = models.JSONField(help_text="Simplified GeoJSON geometry, WGS84, rounded.")

    class Meta:
        ordering = ["key"]
        verbose_name_plural = "boundaries"

    def __str__(self):
        return self.name


class BoundaryTopology(models.Model):
    """The whole map as one TopoJSON document, built once at import.

    Neighbours share their borders in TopoJSON, so the browser gets each
    border once and no gaps open between countries; the document is served
    as stored, never rebuilt per request.
    """

    name = models.SlugField(max_length=40, unique=True, help_text="Which layer: countries.")
    topojson = models.TextField(help_text="The TopoJSON document, serialised.")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the document, used as ETag.")
    feature_count = models.PositiveIntegerField(help_text="How many features it holds.")
    tolerance = models.FloatField(help_text="Simplification tolerance used, in degrees.")
    generated_at = models.DateTimeField(auto_now=True, help_text="When it was built.")

    def __str__(self):
        return f"{self.name} ({self.feature_count} features)"


class DataVersion(models.Model):
    """A counter per kind of data (or scope of answers), bumped after each commit that changes it.

    Every process (each gunicorn worker, the shell, `load_dataset`) reads it
    from the database, so a cached answer of any process is known to be stale
    the moment a change commits (see `relationships.cache`).
    """

    name = models.SlugField(
        max_length=100,
        primary_key=True,
        help_text="What it counts changes of: facts, boundaries, shared, "
        "country-GB, organisation-nato.",
    )
    value = models.BigIntegerField(help_text="Grows by one after each committed change.")

    def __str__(self):
        return f"{self.name}: {self.value}"


class OrganisationQuerySet(models.QuerySet):
    def for_api(self, members_on):
        """What an organisation's detail shows: its sources, and as `memberships` only
        the memberships that count on `members_on`, with their countries and sources."""
        members = (
            Membership.objects.active_on(members_on)
            .for_api()
            .order_by("joined_on", "country__name")
        )
        party_to = AgreementParty.objects.select_related("agreement").order_by(
            F("agreement__signed_on").asc(nulls_last=True), "agreement__title"
        )
        return self.prefetch_related(
            "sources",
            models.Prefetch("memberships", members),
            models.Prefetch("agreement_parties", party_to),
        )


class Organisation(models.Model):
    Kind = OrganisationKind

    slug = models.SlugField(max_length=60, unique=True, help_text="Short key used in URLs: nato.")
    name = models.CharField(max_length=200, help_text="Full name.")
    short_name = models.CharField(max_length=60, blank=True, help_text="Acronym or short name.")
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="What sort of body.")
    obligation = models.CharField(
        max_length=20,
        choices=Obligation.choices,
        default=Obligation.COOPERATION,
        help_text="What membership binds a member to (NATO: mutual defence).",
    )
    founded_on = models.DateField(null=True, blank=True, help_text="When it was founded.")
    founded_on_precision = precision_field("the founding date")
    dissolved_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day it existed, if dissolved (a month or year: to its end).",
    )
    dissolved_on_precision = precision_field("the dissolution date")
    summary = models.TextField(blank=True, help_text="One or two plain sentences.")
    unverified = models.BooleanField(
        default=False, help_text="Some fact is not confirmed by a cited source; see the note."
    )
    note = models.TextField(blank=True, help_text="Caveats, and what is unconfirmed.")
    sources = models.ManyToManyField(Source, related_name="organisations", help_text="Citations.")

    history = HistoricalRecords(m2m_fields=[sources])

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["short_name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(dissolved_on__gte=F("founded_on")),
                name="organisation_dates_in_order",
                violation_error_message=rules.DISSOLVED_BEFORE_FOUNDED,
            )
        ]

    def __str__(self):
        return self.short_name or self.name

    def clean(self):
        check(rules.organisation_dates(founded_on=self.founded_on, dissolved_on=self.dissolved_on))

    @property
    def label(self):
        return self.short_name or self.name


class MembershipQuerySet(models.QuerySet):
    def active_on(self, date):
        """Memberships that count on `date` (see the module docstring)."""
        return self.filter(membership_valid_on(date))

    def involving(self, country):
        return self.filter(country=country)

    def for_api(self):
        """Memberships with their organisation, country and sources, as the API lists them."""
        return self.select_related("organisation", "country").prefetch_related("sources")


class Membership(models.Model):
    Role = MembershipRole

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text="The organisation.",
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="memberships", help_text="The member."
    )
    role = models.CharField(
        max_length=20, choices=Role.choices, default=Role.MEMBER, help_text="Its role."
    )
    joined_on = models.DateField(
        null=True, blank=True, help_text="When it joined; empty when no source gives a date."
    )
    joined_on_precision = precision_field("the joining date")
    left_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day it was a member, if it left (a month or year: to its end).",
    )
    left_on_precision = precision_field("the leaving date")
    unverified = models.BooleanField(
        default=False, help_text="Some fact is not confirmed by a cited source; see the note."
    )
    note = models.TextField(blank=True, help_text="Caveats, and what is unconfirmed.")
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="memberships",
        help_text="Citations; when empty, the organisation's sources apply.",
    )

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["organisation", "joined_on", "country__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=F("joined_on")),
                name="membership_dates_in_order",
                violation_error_message=rules.MEMBER_LEFT_BEFORE_JOINING,
            ),
            models.UniqueConstraint(
                fields=["organisation", "country", "joined_on"],
                name="membership_unique_per_start",
                violation_error_message=rules.MEMBERSHIP_STARTS_TWICE,
            ),
        ]

    def __str__(self):
        return f"{self.country.iso2} in {self.organisation} ({self.role})"

    def clean(self):
        violations = rules.membership_dates(joined_on=self.joined_on, left_on=self.left_on)
        if self.organisation_id:
            violations += rules.membership_within_organisation(
                joined_on=self.joined_on,
                joined_precision=self.joined_on_precision,
                left_on=self.left_on,
                founded_on=self.organisation.founded_on,
                dissolved_on=self.organisation.dissolved_on,
                dissolved_precision=self.organisation.dissolved_on_precision,
            )
        check(violations)


class Domain(models.Model):
    slug = models.SlugField(max_length=40, unique=True, help_text="Key used in filters: cyber.")
    name = models.CharField(max_length=80, help_text="Name shown to readers.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class AgreementQuerySet(models.QuerySet):
    def active_on(self, date):
        """Agreements that count on `date` (see the module docstring)."""
        return self.filter(agreement_valid_on(date))

    def involving(self, country):
        """Agreements `country` is (or was) a party to."""
        return self.filter(parties__country=country).distinct()

    def for_api(self, details=False, links=False):
        """Agreements with their organisation and domains; with `details` (the detail
        and the exports) their parties' countries and organisations and their sources too;
        with `links` (the detail) what a historical party is shown as, the agreement it
        follows and those that follow it."""
        queryset = self.select_related("organisation").prefetch_related("domains")
        if details:
            parties = AgreementParty.objects.select_related("country", "organisation")
            if links:
                parties = parties.prefetch_related("country__shown_as")
            queryset = queryset.prefetch_related(models.Prefetch("parties", parties), "sources")
        if links:
            queryset = queryset.select_related("predecessor").prefetch_related("successors")
        return queryset


class Agreement(models.Model):
    Kind = AgreementKind
    BINDING_KINDS = BINDING_KINDS
    Status = AgreementStatus

    key = models.SlugField(
        max_length=120, unique=True, help_text="Stable key, never changed once published."
    )
    title = models.CharField(max_length=500, help_text="Full title of the instrument.")
    short_title = models.CharField(max_length=200, blank=True, help_text="Name used in lists.")
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="Kind of instrument.")
    legally_binding = models.BooleanField(
        default=True, help_text="Binding in international law (treaties), or political only."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, help_text="Where the instrument stands today."
    )
    obligation = models.CharField(
        max_length=20,
        choices=Obligation.choices,
        default=Obligation.COOPERATION,
        help_text="What it binds its parties to.",
    )
    domains = models.ManyToManyField(
        Domain, blank=True, related_name="agreements", help_text="Fields it covers."
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
        help_text="The organisation it sits under, if any.",
    )
    signed_on = models.DateField(null=True, blank=True, help_text="Date of signature.")
    signed_on_precision = precision_field("the signature date")
    in_force_on = models.DateField(null=True, blank=True, help_text="Date of entry into force.")
    in_force_on_precision = precision_field("the entry-into-force date")
    ended_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day it had effect, if it ended (a month or year: to its end).",
    )
    ended_on_precision = precision_field("the end date")
    predecessor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # and its kind with it: see `unlink_successors`
        related_name="successors",
        help_text="The earlier instrument this one amends, replaces or renews, if any.",
    )
    succession = models.CharField(
        max_length=10,
        choices=Succession.choices,
        blank=True,
        help_text="How it follows its predecessor: amends, replaces or renews it.",
    )
    summary = models.TextField(blank=True, help_text="What it does, in plain words.")
    unverified = models.BooleanField(
        default=False, help_text="Some fact is not confirmed by a cited source; see the note."
    )
    note = models.TextField(blank=True, help_text="Caveats, and what is unconfirmed.")
    sources = models.ManyToManyField(Source, related_name="agreements", help_text="Citations.")

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[domains, sources])

    class Meta:
        ordering = ["-signed_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(in_force_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(in_force_on__gte=F("signed_on")),
                name="agreement_in_force_after_signature",
                violation_error_message=rules.IN_FORCE_BEFORE_SIGNATURE,
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | (
                    (Q(signed_on__isnull=True) | Q(ended_on__gte=F("signed_on")))
                    & (Q(in_force_on__isnull=True) | Q(ended_on__gte=F("in_force_on")))
                ),
                name="agreement_ends_after_start",
                violation_error_message=rules.ENDED_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(status="ended"),
                name="agreement_ended_on_implies_ended_status",
                violation_error_message=rules.END_NEEDS_ENDED_STATUS,
            ),
            models.CheckConstraint(
                condition=Q(predecessor__isnull=True, succession="")
                | (Q(predecessor__isnull=False) & ~Q(succession="") & ~Q(predecessor=F("pk"))),
                name="agreement_succession_complete",
                violation_error_message=rules.SUCCESSION_INCOMPLETE,
            ),
        ]

    def __str__(self):
        return self.short_title or self.title

    def get_absolute_url(self):
        """The map focused on a party (the map's default focus when it is one), another selected.

        The panel then lists the relationship between the two, this agreement in it.
        """
        parties = self.parties.all()
        if "parties" not in getattr(self, "_prefetched_objects_cache", {}):
            parties = parties.select_related("country")
        # States only: an organisation or a historical state has no place of its own on the map.
        codes = [
            party.country.iso2 for party in parties if party.country_id and party.country.is_state
        ]
        codes.sort(key=lambda code: code != settings.MAP_DEFAULT_FOCUS)
        if not codes:
            return None
        return map_url(focus=codes[0], country=codes[1] if len(codes) > 1 else None)

    @property
    def label(self):
        return self.short_title or self.title

    def counts_on(self, date):
        """`Agreement.objects.active_on` in Python: signed (or, unsigned, in force) by
        `date` and not ended."""
        start = self.signed_on if self.signed_on is not None else self.in_force_on
        return counts_on(date, start, self.ended_on, self.ended_on_precision, start_required=True)

    def clean(self):
        check(
            rules.agreement_dates(
                status=self.status,
                signed_on=self.signed_on,
                in_force_on=self.in_force_on,
                ended_on=self.ended_on,
            )
            + rules.succession(
                predecessor=self.predecessor_id,
                succession=self.succession,
                itself=self.pk is not None and self.predecessor_id == self.pk,
            )
        )


@receiver(pre_delete, sender=Agreement, dispatch_uid="agreement-unlink-successors")
def unlink_successors(sender, instance, **kwargs):
    """An agreement deleted: the ones that followed it lose the link whole, predecessor
    and kind of succession together (the database refuses a kind without a predecessor,
    so `SET_NULL` alone failed), each saved so that its history says so."""
    for successor in instance.successors.all():
        successor.predecessor, successor.succession = None, ""
        successor.save(update_fields=["predecessor", "succession"])


class AgreementPartyQuerySet(models.QuerySet):
    def active_on(self, date):
        """Parties that count on `date`: the agreement counts and so does the party."""
        return self.filter(agreement_valid_on(date, "agreement__")).filter(
            valid_on(date, "joined_on", "left_on")
        )


class AgreementParty(models.Model):
    """A party to an agreement: a state (or a historical state), or an organisation.

    An organisation as a party (the EU's security and defence partnerships,
    NATO's partnership documents) ties the state to the organisation, not to
    its members: the agreement is listed for both, and draws nothing between
    states (see `ties.py`). A party's `role` marks the two sides of a one-way
    commitment: guarantors give it, beneficiaries receive it.
    """

    Role = PartyRole

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", help_text="The agreement."
    )
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        help_text="A state party (or give an organisation).",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        help_text="An organisation party, such as the EU (or give a country).",
    )
    role = models.CharField(
        max_length=12,
        choices=Role.choices,
        default=Role.PARTY,
        help_text="Party, or a side of a one-way commitment: guarantor or beneficiary.",
    )
    joined_on = models.DateField(
        null=True, blank=True, help_text="When this party joined, if later than the agreement."
    )
    joined_on_precision = precision_field("the joining date")
    left_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day this was a party, if it left (a month or year: to its end).",
    )
    left_on_precision = precision_field("the leaving date")

    objects = AgreementPartyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name"]
        verbose_name_plural = "agreement parties"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "country"],
                name="agreement_party_listed_once",
                violation_error_message=rules.PARTY_ALREADY_LISTED,
            ),
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                name="agreement_organisation_party_listed_once",
                violation_error_message=rules.PARTY_ALREADY_LISTED,
            ),
            models.CheckConstraint(
                condition=Q(country__isnull=True, organisation__isnull=False)
                | Q(country__isnull=False, organisation__isnull=True),
                name="agreement_party_is_a_country_or_an_organisation",
                violation_error_message=rules.PARTY_IS_ONE_THING,
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=F("joined_on")),
                name="agreement_party_dates_in_order",
                violation_error_message=rules.PARTY_LEFT_BEFORE_JOINING,
            ),
        ]

    def __str__(self):
        return f"{self.party_label} in {self.agreement}"

    @property
    def party_label(self):
        return self.country.iso2 if self.country_id else str(self.organisation)

    @property
    def code(self):
        """How the rules name this party: its ISO code, or `org:<slug>` for an organisation."""
        if self.country_id:
            return self.country.iso2
        return f"org:{self.organisation.slug}" if self.organisation_id else None

    def clean(self):
        violations = rules.party_dates(joined_on=self.joined_on, left_on=self.left_on)
        if bool(self.country_id) == bool(self.organisation_id):
            violations.append(rules.Violation("country", rules.PARTY_IS_ONE_THING, "party_is_one"))
        check(violations)


class SuspensionQuerySet(models.QuerySet):
    def active_on(self, date):
        """Suspensions in effect on `date`: from `suspended_on` to `lifted_on`, the last day."""
        return self.filter(valid_on(date, "suspended_on", "lifted_on", start_required=True))


class Suspension(models.Model):
    """Obligations suspended while the record that holds them stays in force.

    Under an agreement: between `country` and `partner` (the United States
    suspended its ANZUS obligations to New Zealand in 1986, while the treaty
    holds between each of them and Australia), or, with no partner, between
    `country` and every other party. Under an organisation: `country`'s
    membership suspended or frozen rather than ended (with a partner, only
    towards that member). The tie between the two counts at the lowest tier,
    flagged as suspended, while the suspension lasts (see `ties.py`).
    """

    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="suspensions",
        help_text="The agreement whose obligations are suspended (or give an organisation).",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="suspensions",
        help_text="The organisation whose membership is suspended (or give an agreement).",
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="suspensions",
        help_text="The party or member whose obligations or membership are suspended.",
    )
    partner = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Only towards this party or member; empty: towards all the others.",
    )
    suspended_on = models.DateField(help_text="The first day of the suspension.")
    suspended_on_precision = precision_field("the suspension date")
    lifted_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day of the suspension, if lifted (a month or year: to its end).",
    )
    lifted_on_precision = precision_field("the date it was lifted")
    note = models.TextField(blank=True, help_text="What is suspended, by whom, and why.")
    sources = models.ManyToManyField(
        Source, blank=True, related_name="suspensions", help_text="Citations."
    )

    objects = SuspensionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["suspended_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=True, organisation__isnull=False)
                | Q(agreement__isnull=False, organisation__isnull=True),
                name="suspension_of_one_record",
                violation_error_message=rules.SUSPENSION_OF_ONE_RECORD,
            ),
            models.CheckConstraint(
                condition=Q(lifted_on__isnull=True) | Q(lifted_on__gte=F("suspended_on")),
                name="suspension_dates_in_order",
                violation_error_message=rules.LIFTED_BEFORE_SUSPENDED,
            ),
            models.CheckConstraint(
                condition=Q(partner__isnull=True) | ~Q(partner=F("country")),
                name="suspension_between_two_countries",
                violation_error_message=rules.SUSPENDED_TOWARDS_ITSELF,
            ),
        ]

    def __str__(self):
        towards = f" towards {self.partner.iso2}" if self.partner_id else ""
        return f"{self.country.iso2}{towards} suspended in {self.agreement or self.organisation}"

    def in_effect_on(self, date):
        """`Suspension.objects.active_on` in Python: in effect on `date`."""
        return counts_on(
            date, self.suspended_on, self.lifted_on, self.lifted_on_precision, start_required=True
        )

    def clean(self):
        check(
            rules.suspension(
                # The record may be unsaved yet (an inline on a new agreement): set, no pk.
                agreement=self._state.fields_cache.get("agreement") or self.agreement_id,
                organisation=self._state.fields_cache.get("organisation") or self.organisation_id,
                country=self.country_id,
                partner=self.partner_id,
                suspended_on=self.suspended_on,
                lifted_on=self.lifted_on,
            )
        )


# Forces abroad (presences, exercises) live in their own module; imported
# here so that Django registers them as this app's models.
from .forces import (  # noqa: E402, F401
    ExerciseEdition,
    ExerciseLocation,
    ExerciseSeries,
    Presence,
)
