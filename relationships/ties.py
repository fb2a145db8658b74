"""Relationships between states: derived from the facts, never stored by hand.

On a given date, two countries are tied by every agreement both are party to
and every organisation both belong to (see `models` for when a record
counts). Each tie has a tier; a relationship's tier is the strongest of its
ties and its score a weighted count of them:

    tier             a tie of this tier is                                 weight
    mutual_defence   an agreement or organisation whose obligation is       4
                     mutual defence, where both are parties or full members
    binding          a legally binding agreement (treaty, agreement) in     3
                     force on the date
    political        a political commitment or programme (MoU, letter of    2
                     intent, declaration, programme), or a shared
                     organisation that is a programme, partnership or
                     framework, or that binds its members to consult; or a
                     legally binding agreement signed but not in force on
                     the date (signature is a political commitment)
    membership       shared membership of any other organisation, or any    1
                     organisation where one of them is only a partner

A treaty binds only once in force: between signature and entry into force,
or when it is signed and never ratified, its tie is "political" whatever its
obligation, and says `not_in_force`.

A suspension (`models.Suspension`) lowers the tie between the two countries
it separates to the lowest tier, "membership", flagged `suspended`, while it
lasts: what is in force between them is only that both are still parties or
members (the United States and New Zealand under ANZUS since August 1986).
The treaty's ties among the other parties keep their tier.

One-way commitments: in an agreement whose parties have the roles
`guarantor` and `beneficiary` (the 1994 Budapest memoranda, obligation
`security_assurance`), each guarantor is tied to each beneficiary, at the
agreement's tier as above (a security assurance is never mutual defence:
"binding" when legally binding and in force, else "political"); two
guarantors, or two beneficiaries, are not tied by it at all.

Historical states: a party or member that was a state that no longer exists
(`Country.dissolved_on`) is drawn as each of the states in its `shown_as`
(the Soviet Union as Russia, Czechoslovakia as Czechia and as Slovakia), or
not at all when that is empty (East Germany). The tie says which state each
side was (`as_state`, `partner_as_state`); two successors of one state are
not tied to each other through it.

Organisations as parties: an agreement between a state and an organisation
ties the state to the organisation, not to its members; it colours nothing
and is listed apart (`Partners.with_organisations`).

Shared membership is not an alliance: two OSCE participants are tied at the
lowest tier only. Tier and score come from the verified ties when a
relationship has any: an unverified tie is listed, flagged, but does not
colour the map over a confirmed one. A tie is unverified when its agreement
is flagged unverified, or, through an organisation, when the organisation or
either country's membership of it is. A relationship whose every tie is
unverified is `verified = False`: the map draws it apart. The `verified_only`
filter leaves every unverified tie out, as if those records did not exist.

Agreement filters (kind, domain, status) narrow the agreements and leave
organisations out, since an organisation has no kind or domain; `obligation`
and `organisation` narrow both.

Computed from a country's history: `history_of` fetches every record that
ever tied it (a fixed number of queries, whatever the dates), and
`TieHistory.on(date)` keeps those that count on the date by the rules the
QuerySets' `active_on` apply in SQL (`Row.counts_on`, tested against them
day by day) and builds the relationships in Python. The API remembers a
country's history per version of its ties, in each process and in the
shared cache (`cache.remembered`): a second date, the tiers, a pair or the
changes between two dates cost no query, nor does another process's first.
The agreements' words, sources and domains are read per version of the
country's scope (`agreement_details`), so a change of words alone leaves
the history and the tiers as they were.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import F, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.db.models.base import ModelState
from django.utils import timezone

from .cache import country_scope, remembered, scoped_version, ties_scope
from .models import (
    Agreement,
    AgreementParty,
    Country,
    Membership,
    Obligation,
    Organisation,
    Suspension,
    counts_on,
    ended_by,
)
from .vocabularies import ONE_WAY_ROLES

TIERS = ["mutual_defence", "binding", "political", "membership"]
TIER_LABELS = {
    "mutual_defence": "Mutual defence",
    "binding": "Binding agreement",
    "political": "Political commitment or programme",
    "membership": "Shared membership only",
}
WEIGHTS = {"mutual_defence": 4, "binding": 3, "political": 2, "membership": 1}
# What makes a tie of each tier, in the words the about page and README use.
TIER_MEANINGS = {
    "mutual_defence": "An agreement or organisation with a mutual-defence obligation (an attack "
    "on one is an attack on all), both countries parties or full members.",
    "binding": "A legally binding agreement in force: a treaty or an agreement in international "
    "law.",
    "political": "A memorandum of understanding, letter of intent, declaration or programme; "
    "or a shared programme, partnership or framework, or an organisation whose members consult; "
    "or a treaty signed but not in force (signature is a political commitment).",
    "membership": "Any other shared organisation, or one in which either country is only a "
    "partner or observer. Shared membership is not an alliance.",
}
FULL_MEMBER_ROLES = {Membership.Role.MEMBER, Membership.Role.FRAMEWORK_NATION}
POLITICAL_ORGANISATION_KINDS = {
    Organisation.Kind.PROGRAMME,
    Organisation.Kind.PARTNERSHIP,
    Organisation.Kind.FRAMEWORK,
}


NOT_IN_FORCE = {Agreement.Status.PROPOSED, Agreement.Status.SIGNED}


def not_in_force(agreement, status):
    """A legally binding agreement that, on the date, is signed but not (yet) in force."""
    return agreement.legally_binding and status in NOT_IN_FORCE


def agreement_tier(agreement, status=None):
    """The tier of an agreement whose status on the date is `status`.

    A treaty binds only once in force: signed and not in force, it is a
    political commitment, whatever its obligation.
    """
    if status is not None and not_in_force(agreement, status):
        return "political"
    if agreement.obligation == Obligation.MUTUAL_DEFENCE:
        return "mutual_defence"
    return "binding" if agreement.legally_binding else "political"


def organisation_tier(organisation, role, partner_role):
    both_full = role in FULL_MEMBER_ROLES and partner_role in FULL_MEMBER_ROLES
    if not both_full:
        return "membership"
    if organisation.obligation == Obligation.MUTUAL_DEFENCE:
        return "mutual_defence"
    if (
        organisation.obligation == Obligation.CONSULTATION
        or organisation.kind in POLITICAL_ORGANISATION_KINDS
    ):
        return "political"
    return "membership"


def strongest(tiers):
    return min(tiers, key=TIERS.index)


ENTERED_INTO_FORCE = {
    Agreement.Status.IN_FORCE,
    Agreement.Status.SUSPENDED,
    Agreement.Status.ENDED,
}


def status_on(agreement, date, today):
    """The agreement's status on `date`: today's for `today` or later, derived before."""
    if date >= today:
        return agreement.status
    if ended_by(date, agreement.ended_on, agreement.ended_on_precision):
        return Agreement.Status.ENDED
    if agreement.in_force_on and agreement.in_force_on <= date:
        return Agreement.Status.IN_FORCE
    if agreement.in_force_on is None and agreement.status in ENTERED_INTO_FORCE:
        # It entered into force on a date no source gives: after signature, say so.
        return Agreement.Status.IN_FORCE
    if agreement.signed_on and agreement.signed_on <= date:
        return Agreement.Status.SIGNED
    return Agreement.Status.PROPOSED


def suspended_tier(tier, suspended):
    """What is in force between two countries whose obligations are suspended: no more
    than sharing the record."""
    return "membership" if suspended else tier


@dataclass
class OrganisationTie:
    organisation: Organisation
    role: str
    partner_role: str
    tier: str
    suspended: bool = False
    as_state: object = None  # the historical state the country was in it (None: itself)
    partner_as_state: object = None  # the same for the partner
    # Either country's membership is flagged unverified (the organisation's own flag aside).
    unverified_membership: bool = False

    @property
    def verified(self):
        return not (self.organisation.unverified or self.unverified_membership)


@dataclass
class AgreementTie:
    agreement: Agreement
    tier: str
    status: str
    suspended: bool = False
    role: str = None  # the country's role in it (party, guarantor, beneficiary)
    partner_role: str = None
    as_state: object = None  # the historical state the country was party as (None: itself)
    partner_as_state: object = None

    @property
    def verified(self):
        return not self.agreement.unverified

    @property
    def not_in_force(self):
        """Legally binding, but signed and not in force on the date: tied as political."""
        return not_in_force(self.agreement, self.status)


@dataclass
class Relationship:
    country: object
    agreements: list = field(default_factory=list)
    organisations: list = field(default_factory=list)

    @property
    def ties(self):
        return self.agreements + self.organisations

    @property
    def counted_ties(self):
        """The ties that set tier and score: the verified ones, when there are any.

        An unverified tie is listed, flagged, but a fact no cited source
        confirms does not colour the map while a confirmed one exists.
        """
        verified = [tie for tie in self.ties if tie.verified]
        return verified or self.ties

    @property
    def verified(self):
        """False when every tie is unverified: the tier then rests on unverified records."""
        return any(tie.verified for tie in self.ties)

    @property
    def tier(self):
        return strongest(tie.tier for tie in self.counted_ties)

    @property
    def score(self):
        return sum(WEIGHTS[tie.tier] for tie in self.counted_ties)


@dataclass
class Filters:
    """What narrows a relationships query; every field is optional."""

    organisations: list = field(default_factory=list)  # slugs
    kinds: list = field(default_factory=list)
    domains: list = field(default_factory=list)  # slugs
    statuses: list = field(default_factory=list)
    obligations: list = field(default_factory=list)
    partners: list = field(default_factory=list)  # Country instances
    verified_only: bool = False  # leave unverified agreements, organisations, memberships out

    @property
    def narrows_agreements_only(self):
        return bool(self.kinds or self.domains or self.statuses)

    @property
    def key(self):
        """A stable cache key for these filters (the order of values does not matter)."""
        parts = [
            self.organisations,
            self.kinds,
            self.domains,
            self.statuses,
            self.obligations,
            [country.iso2 for country in self.partners],
        ]
        key = "|".join(",".join(sorted(set(part))) for part in parts)
        return f"{key}|verified" if self.verified_only else key


def agreement_filter(filters):
    query = Q()
    if filters.kinds:
        query &= Q(agreement__kind__in=filters.kinds)
    if filters.statuses:
        query &= Q(agreement__status__in=filters.statuses)
    if filters.obligations:
        query &= Q(agreement__obligation__in=filters.obligations)
    if filters.organisations:
        query &= Q(agreement__organisation__slug__in=filters.organisations)
    if filters.domains:
        query &= Q(agreement__domains__slug__in=filters.domains)
    if filters.verified_only:
        query &= Q(agreement__unverified=False)
    return query


def membership_filter(filters):
    """The memberships a relationships query keeps: with `verified_only`, those neither
    flagged unverified themselves nor of an organisation flagged unverified."""
    if filters.verified_only:
        return Q(unverified=False, organisation__unverified=False)
    return Q()


class Partners(list):
    """The partners `relationships_of` returns, strongest first; `with_organisations` holds
    the agreements the country has with an organisation as a party, by organisation."""

    with_organisations: list


@dataclass
class OrganisationParty:
    """An organisation that is a party to agreements with the country (listed, not drawn)."""

    organisation: Organisation
    agreements: list = field(default_factory=list)


def drawn_as(row):
    """(the country a party or membership row is drawn as, the historical state it was).

    A current state is drawn as itself; a historical state as the state of
    today its `shown_as` names (the query annotates `drawn_*` through that
    relation, one row per state shown), or not at all; a territory not at all.
    """
    country = row.country
    if country is None:
        return None, None
    if country.is_historical:
        if row.drawn_id is None:
            return None, country  # East Germany: recorded, not drawn
        return Country(pk=row.drawn_id, iso2=row.drawn_iso2, name=row.drawn_name), country
    return (country if country.is_state else None), None


def shown_as_fields():
    """The annotations `drawn_as` reads: a historical state's states of today (one row each)."""
    return {
        "drawn_id": F("country__shown_as__id"),
        "drawn_iso2": F("country__shown_as__iso2"),
        "drawn_name": F("country__shown_as__name"),
    }


def is_country_or_shown_as(country):
    """Rows of `country` itself, or of a historical state shown as `country`."""
    return Q(country=country) | Q(country__shown_as=country)


# Rows the party and membership queries fetch: the country itself, states, historical
# states (sorted out in Python by `drawn_as`) and organisations as parties.
FETCHED = (
    Q(country__is_state=True) | Q(country__dissolved_on__isnull=False) | Q(country__isnull=True)
)


def one_way_apart(role, partner_role):
    """Two guarantors, or two beneficiaries, of a one-way commitment: not tied by it."""
    return role == partner_role and role in ONE_WAY_ROLES


def successor_fields(agreement="pk"):
    """Annotations for an agreement (or, with "agreement_id", a party row): its first
    successor (key, label, how)."""
    later = Agreement.objects.filter(predecessor=OuterRef(agreement)).order_by(
        F("signed_on").asc(nulls_last=True), "pk"
    )
    return {
        "successor_key": Subquery(later.values("key")[:1]),
        "successor_title": Subquery(later.values("short_title")[:1]),
        "successor_full_title": Subquery(later.values("title")[:1]),
        "successor_succession": Subquery(later.values("succession")[:1]),
    }


def relationships_of(country, date, filters=None, details=True):
    """Every partner tied to `country` on `date`, strongest first (a `Partners` list).

    `history_of(...).on(date)`: for several dates of one country, fetch its
    history once and ask it for each (`changes.compare_tiers`), or let this process
    remember it (`remembered_relationships`, the API's answers).
    """
    filters = filters or Filters()
    return history_of(country, filters, details).on(date, filters.partners)


def remembered_history(country, filters=None, details=True, words=False):
    """`history_of(country, filters)`, whatever the filters' partners, per version of
    the country's ties (`cache.remembered`: kept by this process, shared with the
    others through the cache): fetched once after each change to the country's ties,
    by the first process that needs it, every date and pair derived from it.

    With `details`, a copy of it with the agreements' words (titles, summaries, notes,
    links to predecessor and successor), sources and domains as they are in the version
    of the country's scope (`TieHistory.with_details`): the details are fetched once per
    version and shared, and a change of words alone (`cache.DETAIL_FIELDS`, an
    agreement's sources) leaves the ties, the history and the tiers cached. With `words`
    (and no `details`), the history as long as its words are current (the order of the
    ties within a tier follows the titles), else that copy."""
    fetched = replace(filters or Filters(), partners=[])
    key = f"ties:{country.iso2}:{fetched.key}"
    # The country's scope and its ties': a change of words bumps the first alone.
    version = scoped_version(country_scope(country.iso2), ties_scope(country.iso2))

    def fetch():
        history = history_of(country, fetched, details=False)
        history.words_version = version
        return history

    history = remembered(key, fetch, scoped_version(ties_scope(country.iso2)))
    if not details and (not words or history.words_version == version):
        return history
    found = remembered(f"{key}:details", lambda: history.fetch_details(version), version)
    return remembered(f"{key}:detailed", lambda: history.with_details(found), version, shared=False)


def remembered_relationships(country, date, filters=None, details=True, words=False):
    """`relationships_of`, from the country's `remembered_history`."""
    filters = filters or Filters()
    return remembered_history(country, filters, details, words).on(date, filters.partners)


def history_of(country, filters=None, details=True):
    """Every record that ties, tied or will tie `country` to a partner (a `TieHistory`).

    Every partner: `filters.partners` narrows each date's answer (`on`), not the
    history, so one country's history serves its pairs too. Runs a fixed number
    of queries, whatever the number of rows or of dates asked for later: the
    parties of the agreements the country (or a state it is drawn for) was ever
    party to, with their agreements; the suspensions that can involve it; the
    memberships of every organisation it ever belonged to; with `details`, the
    agreements' sources and domains (`TieHistory.add_details`).
    """
    filters = filters or Filters()
    own_agreements = (
        AgreementParty.objects.filter(is_country_or_shown_as(country))
        .filter(agreement_filter(filters))
        .values("agreement_id")
    )
    rows = (
        AgreementParty.objects.filter(agreement_id__in=own_agreements)
        .filter(Q(country=country) | FETCHED)
        .annotate(**shown_as_fields())
        .select_related(
            "country", "organisation", "agreement__organisation", "agreement__predecessor"
        )
        .annotate(**successor_fields("agreement_id"))
        .order_by("country__name", "pk")
    )
    rows = list(rows)
    agreements = {}  # one instance per agreement, shared by all its rows
    for row in rows:
        row.agreement = agreements.setdefault(row.agreement_id, row.agreement)
        row.agreement.successor = successor_of(row)

    suspensions = list(
        Suspension.objects.filter(Q(country=country) | Q(partner=country) | Q(partner__isnull=True))
    )

    memberships = []
    if not filters.narrows_agreements_only:
        own_organisations = Membership.objects.filter(is_country_or_shown_as(country)).filter(
            membership_filter(filters)
        )
        if filters.organisations:
            own_organisations = own_organisations.filter(
                organisation__slug__in=filters.organisations
            )
        if filters.obligations:
            own_organisations = own_organisations.filter(
                organisation__obligation__in=filters.obligations
            )
        # Its own memberships and its partners' in one query, told apart by `on`.
        memberships = list(
            Membership.objects.filter(
                organisation_id__in=own_organisations.values("organisation_id")
            )
            .filter(Q(country=country) | FETCHED)
            .filter(membership_filter(filters))
            .annotate(**shown_as_fields())
            .select_related("country", "organisation")
            .order_by(*Membership._meta.ordering, "pk")
        )
    history = TieHistory(country, rows, memberships, suspensions)
    if details:
        history.add_details()
    return history


@dataclass(slots=True)
class Row:
    """A party to an agreement, or a membership, as a `TieHistory` keeps it."""

    agreement: Agreement  # None for a membership
    organisation: Organisation  # the organisation party, or the membership's organisation
    country_id: int
    role: str
    joined_on: object
    left_on: object
    left_on_precision: str
    unverified: bool = False

    @property
    def agreement_id(self):
        return self.agreement.pk

    @property
    def organisation_id(self):
        return self.organisation.pk if self.organisation is not None else None

    @classmethod
    def of(cls, record, one=lambda instance: instance):
        """The row of a party (`AgreementParty`) or a membership (`Membership`); `one`
        maps each related instance to the one the history keeps."""
        return cls(
            agreement=one(getattr(record, "agreement", None)),
            organisation=one(record.organisation),
            country_id=record.country_id,
            role=record.role,
            joined_on=record.joined_on,
            left_on=record.left_on,
            left_on_precision=record.left_on_precision,
            unverified=getattr(record, "unverified", False),
        )

    def counts_on(self, date):
        """Does the row count on `date`, by the rules the QuerySets' `active_on` apply in
        SQL? A party while its agreement counts (`Agreement.counts_on`), a membership
        while its organisation exists, each between its own joining and leaving."""
        if not counts_on(date, self.joined_on, self.left_on, self.left_on_precision):
            return False
        if self.agreement is not None:
            return self.agreement.counts_on(date)
        organisation = self.organisation
        return counts_on(
            date,
            organisation.founded_on,
            organisation.dissolved_on,
            organisation.dissolved_on_precision,
        )


class TieHistory:
    """A country's ties at any date, from rows fetched once (`history_of`); `on(date)`
    derives the relationships on one date in Python, by the same validity rules as the
    QuerySets' `active_on` (`Row.counts_on`)."""

    def __init__(self, country, parties, memberships, suspensions):
        self.country = country
        self.detailed = False
        # The version of the words (`remembered_history`) this history was fetched for.
        self.words_version = None
        # The suspensions, by the record they suspend: most agreements and organisations have none.
        self._suspensions_of = defaultdict(list)
        for suspension in suspensions:
            record = ("agreement", suspension.agreement_id)
            if suspension.organisation_id is not None:
                record = ("organisation", suspension.organisation_id)
            self._suspensions_of[record].append(suspension)
        # Each row as (a `Row`, the country it is drawn as, the historical state it was,
        # is it the country's own), every country, organisation and agreement one
        # instance however many rows name it: the history is shared between processes
        # through the cache (`cache.remembered`), and an instance per row made it
        # heavier to pickle and to keep.
        self._instances = {}
        self.parties = [self._entry(row) for row in parties]
        self.memberships = [self._entry(row) for row in memberships]
        del self._instances

    def _one(self, instance):
        if instance is None:
            return None
        return self._instances.setdefault((type(instance), instance.pk), instance)

    def _entry(self, row):
        drawn, was = drawn_as(row)
        return Row.of(row, self._one), self._one(drawn), self._one(was), self._own(row, drawn)

    def add_details(self):
        """Fetch the agreements' sources and domains (two queries, once) and set them on
        this history's own agreements: the API lists them; tiers and scores need
        neither."""
        if not self.detailed:
            agreements = self._agreements()
            _set_details(agreements, agreement_details(list(agreements), agreements))
            self.detailed = True
        return self

    def fetch_details(self, version):
        """The `Details` of this history's agreements for `version` (a `scoped_version`
        of the country's scope and its ties): their words as this history has them when
        it was fetched for that version (`words_version`), else fetched too."""
        agreements = self._agreements()
        current = agreements if self.words_version == version else None
        return agreement_details(list(agreements), current)

    def _agreements(self):
        return {row.agreement_id: row.agreement for row, *_ in self.parties}

    def with_details(self, details):
        """A copy of this history whose agreements carry `details` (`agreement_details`,
        fetched for a later version of the words than the history's, perhaps): this one,
        shared by every version of the words, is left as it is."""
        detailed = object.__new__(TieHistory)
        detailed.country, detailed.detailed = self.country, True
        detailed.words_version = self.words_version
        detailed._suspensions_of, detailed.memberships = self._suspensions_of, self.memberships
        agreements = {pk: copy_instance(a) for pk, a in self._agreements().items()}
        _set_details(agreements, details)
        detailed.parties = [
            (replace(row, agreement=agreements[row.agreement_id]), *rest)
            for row, *rest in self.parties
        ]
        return detailed

    def _own(self, row, drawn):
        return row.country_id == self.country.pk or (
            drawn is not None and drawn.pk == self.country.pk
        )

    def _suspended(self, row, date, record):
        """Is a suspension of the row's agreement or organisation in effect on `date`
        between the row's country and this one? (Under an agreement with no partner
        named: between the suspending country and every other party.)"""
        suspensions = self._suspensions_of.get((record, getattr(row, f"{record}_id")))
        if not suspensions:
            return False
        other, country = row.country_id, self.country.pk
        return any(
            (
                (
                    other is not None
                    and s.country_id == other
                    and (s.partner_id is None or s.partner_id == country)
                )
                or (s.country_id == country and (s.partner_id is None or s.partner_id == other))
            )
            and s.in_effect_on(date)
            for s in suspensions
        )

    def on(self, date, partners=()):
        """Every partner tied to the country on `date` (only `partners`, Country instances,
        when given), strongest first (a `Partners` list)."""
        country = self.country
        by_partner = {}
        partner_pks = {c.pk for c in partners}

        def partner(c):
            if c.pk not in by_partner:
                by_partner[c.pk] = Relationship(country=c)
            return by_partner[c.pk]

        def wanted(drawn):
            return (
                drawn is not None
                and drawn.pk != country.pk
                and (not partner_pks or drawn.pk in partner_pks)
            )

        today = timezone.localdate()
        rows = [entry for entry in self.parties if entry[0].counts_on(date)]
        mine = {}  # agreement id -> (the country's role in it, the state it was)
        for row, _drawn, was, own in rows:
            if own:
                mine[row.agreement_id] = (row.role, was)
        with_organisations = {}
        for row, drawn, partner_was, own in rows:
            if row.agreement_id not in mine:
                continue  # an agreement the country is not party to on the date
            agreement = row.agreement
            status = status_on(agreement, date, today)
            role, was = mine[row.agreement_id]
            if row.organisation_id:
                listed = with_organisations.setdefault(
                    row.organisation_id, OrganisationParty(row.organisation)
                )
                listed.agreements.append(
                    AgreementTie(agreement, agreement_tier(agreement, status), status, role=role)
                )
                continue
            if own or not wanted(drawn) or one_way_apart(role, row.role):
                continue
            if was is not None and row.country_id == was.pk:
                continue  # Czechoslovakia drawn as Slovakia is Czechia's own row, not a partner
            suspended = self._suspended(row, date, "agreement")
            partner(drawn).agreements.append(
                AgreementTie(
                    agreement,
                    suspended_tier(agreement_tier(agreement, status), suspended),
                    status,
                    suspended,
                    role=role,
                    partner_role=row.role,
                    as_state=was,
                    partner_as_state=partner_was,
                )
            )

        memberships = [entry for entry in self.memberships if entry[0].counts_on(date)]
        own_roles, others = {}, []
        for membership, _drawn, was, own in memberships:
            if own:
                own_roles[membership.organisation_id] = (
                    membership.role,
                    was,
                    membership.unverified,
                )
        for membership, drawn, was, own in memberships:
            if not own and membership.organisation_id in own_roles and wanted(drawn):
                others.append((membership, drawn, was))
        seen = defaultdict(set)
        for membership, drawn, partner_was in others:
            organisation = membership.organisation
            role, was, own_unverified = own_roles[organisation.pk]
            if was is not None and membership.country_id == was.pk:
                continue  # its own historical state, drawn as another of its successors
            if organisation.pk in seen[drawn.pk]:
                continue  # two roles in one organisation on one date count once
            seen[drawn.pk].add(organisation.pk)
            suspended = self._suspended(membership, date, "organisation")
            partner(drawn).organisations.append(
                OrganisationTie(
                    organisation,
                    role,
                    membership.role,
                    suspended_tier(
                        organisation_tier(organisation, role, membership.role), suspended
                    ),
                    suspended,
                    as_state=was,
                    partner_as_state=partner_was,
                    unverified_membership=own_unverified or membership.unverified,
                )
            )

        relationships = Partners(by_partner.values())
        for relationship in relationships:
            # Strongest first; within a tier the confirmed ties before the unverified ones.
            relationship.agreements.sort(
                key=lambda t: (TIERS.index(t.tier), not t.verified, t.agreement.label)
            )
            relationship.organisations.sort(
                key=lambda t: (TIERS.index(t.tier), not t.verified, t.organisation.label)
            )
        relationships.sort(key=lambda r: (TIERS.index(r.tier), -r.score, r.country.name))
        relationships.with_organisations = sorted(
            with_organisations.values(), key=lambda o: o.organisation.label
        )
        for listed in relationships.with_organisations:
            listed.agreements.sort(key=lambda t: t.agreement.label)
        return relationships


def successor_of(annotated):
    """The first later agreement that amends, replaces or renews an agreement, from the
    agreement or party row annotated with `successor_fields`, as the API links it."""
    if not annotated.successor_key:
        return None
    return {
        "key": annotated.successor_key,
        "label": annotated.successor_title or annotated.successor_full_title,
        "succession": annotated.successor_succession,
    }


@dataclass(slots=True)
class Details:
    """What the API lists of an agreement besides its ties, read per version of the
    country's scope: its words (`cache.DETAIL_FIELDS`), its links to the instruments
    before and after it (their titles change with their own words), its sources and
    domains."""

    key: str
    title: str
    short_title: str
    summary: str
    note: str
    succession: str
    predecessor: Agreement
    successor: dict
    sources: list
    domains: list


def agreement_details(pks, current=None):
    """The `Details` of the agreements `pks`, by primary key: their words and links
    fetched (a query), unless `current` holds them (the agreements, by primary key, as a
    history fetched for the same version of the words has them); then their sources and
    domains (two queries)."""
    if current is None:
        listed = list(
            Agreement.objects.filter(pk__in=pks)
            .select_related("predecessor")
            .annotate(**successor_fields())
        )
        current = {agreement.pk: agreement for agreement in listed}
        for agreement in listed:
            agreement.successor = successor_of(agreement)
    else:  # the lists on stand-ins: `current` may be shared (a remembered history)
        listed = [Agreement(pk=pk) for pk in current]
    prefetch_related_objects(
        listed,
        Prefetch("sources", to_attr="source_list"),
        Prefetch("domains", to_attr="domain_list"),
    )
    return {
        pk: Details(
            a.key,
            a.title,
            a.short_title,
            a.summary,
            a.note,
            a.succession,
            a.predecessor if a.predecessor_id else None,
            a.successor,
            lists.source_list,
            lists.domain_list,
        )
        for lists in listed
        for pk, a in [(lists.pk, current[lists.pk])]
    }


def _set_details(agreements, details):
    for pk, agreement in agreements.items():
        found = details.get(pk)
        if found is None:  # deleted since the history was fetched: nothing linked or listed
            agreement.predecessor, agreement.successor = None, None
            agreement.source_list, agreement.domain_list = [], []
            continue
        agreement.key, agreement.title, agreement.short_title = (
            found.key,
            found.title,
            found.short_title,
        )
        agreement.summary, agreement.note = found.summary, found.note
        agreement.succession, agreement.predecessor = found.succession, found.predecessor
        agreement.successor = found.successor
        agreement.source_list, agreement.domain_list = found.sources, found.domains


def copy_instance(instance):
    """A copy of a model instance with its own state and related-object cache (as
    Django's pickling copies them, in a sixth of `copy.copy`'s time), without what a
    serializer kept on it (`_tie_fields`)."""
    copied = instance.__class__.__new__(instance.__class__)
    copied.__dict__.update(instance.__dict__)
    copied.__dict__.pop("_tie_fields", None)
    state = copied._state = ModelState()
    state.__dict__.update(instance._state.__dict__)
    state.fields_cache = dict(instance._state.fields_cache)
    state.__dict__.pop("related_managers_cache", None)  # managers bound to `instance`
    return copied
