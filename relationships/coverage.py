"""How much of the world the loaded data covers: the figures `dataset_report` prints.

Coverage is counted from the database, never from the files, so it says what
the map can show. The questions are the product's:

- totals, and the share of records flagged unverified;
- for each G20 state, how many partners it is tied to *by an agreement*
  (both parties on the date; shared membership of an organisation does not
  count, since membership is not an alliance);
- for the UK in Europe, the reference map's subject: its bilateral and
  minilateral agreements with European states, the European states they
  reach, and the European organisations it belongs to;
- which records cite only secondary sources (no page from a government, a
  treaty series or an international organisation).

"Minilateral" means at most `MINILATERAL_MAX_PARTIES` parties: the North
Atlantic Treaty ties the UK to Europe but is not one of its European
agreements in the reference map's sense.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db.models import Count, Q

from .models import (
    Agreement,
    AgreementParty,
    Country,
    ExerciseEdition,
    ExerciseSeries,
    Membership,
    Organisation,
    Presence,
    Source,
)

# The G20's member states (the EU and the African Union are members as organisations).
G20 = [
    "AR", "AU", "BR", "CA", "CN", "DE", "FR", "GB", "ID", "IN",
    "IT", "JP", "KR", "MX", "RU", "SA", "TR", "US", "ZA",
]  # fmt: skip
MINILATERAL_MAX_PARTIES = 12
EUROPE = "Europe"
# The roles in which a state belongs to an organisation (a partner or observer does not).
BELONGING_ROLES = ["member", "framework_nation", "participant"]

# A source is official when its page is published by a state (a government,
# a ministry, a parliament, an embassy, an official gazette), a treaty series
# or an international organisation: judged by the host of its URL. Hosts under
# a government second-level label (gov.uk, mod.go.jp, gob.mx, gouv.fr...) or
# .int count, and these named ones, found in the data, whose names say nothing.
OFFICIAL_LABELS = {"gov", "govt", "gob", "gouv", "go", "mil", "admin", "bund"}
OFFICIAL_HOSTS = {
    "europa.eu", "un.org", "osce.org", "iaea.org", "asean.org", "sectsco.org",
    "parliament.uk", "bundesregierung.de", "auswaertiges-amt.de", "senat.fr",
    "diplomatie.gouv.fr", "ambafrance.org", "esteri.it", "gazzettaufficiale.it",
    "officielebekendmakingen.nl", "government.nl", "belgium.be", "regjeringen.no",
    "regeringen.se", "government.se", "defmin.fi", "presidentti.fi", "valtioneuvosto.fi",
    "um.dk", "fmn.dk", "government.is", "stjornarradid.is", "vm.ee", "urm.lt", "kam.lt",
    "mzv.cz", "army.cz", "mon.bg", "mapn.ro", "mae.ro", "mfa.gr", "mod.mil.gr",
    "defensa.gob.es", "exteriores.gob.es", "defesa.gov.pt", "admin.ch", "mindef.gov.sg",
    "mea.gov.in", "pib.gov.in", "kremlin.ru", "mid.ru", "mfa.gov.cn", "mod.gov.cn",
}  # fmt: skip


def is_official(url):
    """Whether a source URL belongs to a state body, a treaty series or an international body."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    labels = host.split(".")
    if labels[-1] in {"int", "gov", "mil"} or OFFICIAL_LABELS & set(labels[-3:-1]):
        return True
    return any(host == known or host.endswith("." + known) for known in OFFICIAL_HOSTS)


@dataclass
class Coverage:
    as_of: object
    agreements: int = 0
    organisations: int = 0
    memberships: int = 0
    sources: int = 0
    presences: int = 0
    presences_on_date: int = 0
    exercise_series: int = 0
    exercise_editions: int = 0
    unverified: dict = field(default_factory=dict)
    partners_by_agreement: dict = field(default_factory=dict)
    uk_europe_agreements: int = 0
    uk_europe_countries: list = field(default_factory=list)
    uk_europe_organisations: list = field(default_factory=list)
    mutual_defence_in_force: int = 0
    secondary_only: dict = field(default_factory=dict)


def shown_as():
    """Each historical state's code mapped to the codes of the states it is drawn as (the
    map's rule, `ties.drawn_as`): the Soviet Union as Russia, East Germany as nothing."""
    drawn = defaultdict(set)
    for iso2, shown in Country.objects.filter(dissolved_on__isnull=False).values_list(
        "iso2", "shown_as__iso2"
    ):
        drawn[iso2] |= {shown} if shown else set()
    return drawn


def as_drawn(codes, drawn):
    """State codes as the map draws them: a historical state as its states of today; an
    organisation party (no code) not at all."""
    result = set()
    for code in codes:
        if code:
            result |= drawn.get(code, {code})
    return result


def agreement_partners(date, codes):
    """Each of `codes` mapped to the set of states it shares an agreement with on `date`."""
    drawn = shown_as()
    parties_by_agreement = defaultdict(set)
    for agreement_id, iso2 in AgreementParty.objects.active_on(date).values_list(
        "agreement_id", "country__iso2"
    ):
        parties_by_agreement[agreement_id] |= as_drawn([iso2], drawn)
    partners = {code: set() for code in codes}
    for parties in parties_by_agreement.values():
        for code in parties & partners.keys():
            partners[code] |= parties - {code}
    return partners


def uk_in_europe(date):
    """The UK's bilateral and minilateral agreements with European states, and what they reach."""
    european = set(Country.objects.states().filter(region=EUROPE).values_list("iso2", flat=True))
    agreements = (
        Agreement.objects.filter(parties__country__iso2="GB")
        .annotate(party_count=Count("parties", distinct=True))
        .filter(party_count__lte=MINILATERAL_MAX_PARTIES)
        .prefetch_related("parties__country")
    )
    count, reached, drawn = 0, set(), shown_as()
    for agreement in agreements:
        parties = agreement.parties.all()
        others = as_drawn([p.country.iso2 for p in parties if p.country_id], drawn) - {"GB"}
        if others & european:
            count += 1
            reached |= others & european
    # Annotated before filtering: a filter on memberships first would count only the UK's.
    organisations = Organisation.objects.annotate(
        total=Count("memberships__country", distinct=True),
        in_europe=Count(
            "memberships__country",
            filter=Q(memberships__country__region=EUROPE),
            distinct=True,
        ),
    ).filter(
        pk__in=Membership.objects.active_on(date)
        .filter(country__iso2="GB", role__in=BELONGING_ROLES)
        .values("organisation")
    )
    european_organisations = sorted(o.slug for o in organisations if o.in_europe * 2 > o.total)
    return count, sorted(reached), european_organisations


def secondary_only():
    """Records none of whose sources is official, by kind of record."""
    official = {s.pk for s in Source.objects.only("pk", "url") if is_official(s.url)}
    found = {}
    for name, model in [("agreements", Agreement), ("organisations", Organisation)]:
        cited = model.objects.values_list("pk", "sources")
        by_record = defaultdict(set)
        for pk, source in cited:
            by_record[pk].add(source)
        found[name] = sorted(
            model.objects.filter(
                pk__in=[pk for pk, sources in by_record.items() if not sources & official]
            ).values_list("key" if model is Agreement else "slug", flat=True)
        )
    return found


def coverage(date):
    """Every figure of the report for `date` (partners count ties that hold on that date)."""
    result = Coverage(as_of=date)
    result.agreements = Agreement.objects.count()
    result.organisations = Organisation.objects.count()
    result.memberships = Membership.objects.count()
    result.sources = Source.objects.count()
    result.presences = Presence.objects.count()
    result.presences_on_date = Presence.objects.valid_on(date).count()
    result.exercise_series = ExerciseSeries.objects.count()
    result.exercise_editions = ExerciseEdition.objects.count()
    result.unverified = {
        "agreements": Agreement.objects.filter(unverified=True).count(),
        "organisations": Organisation.objects.filter(unverified=True).count(),
        "memberships": Membership.objects.filter(unverified=True).count(),
        "presences": Presence.objects.filter(unverified=True).count(),
        "exercise editions": ExerciseEdition.objects.filter(unverified=True).count(),
    }
    result.partners_by_agreement = {
        code: len(partners) for code, partners in agreement_partners(date, G20).items()
    }
    (
        result.uk_europe_agreements,
        result.uk_europe_countries,
        result.uk_europe_organisations,
    ) = uk_in_europe(date)
    result.mutual_defence_in_force = (
        Agreement.objects.active_on(date).filter(obligation="mutual_defence").count()
    )
    result.secondary_only = secondary_only()
    return result


def share(part, whole):
    return f"{part} of {whole} ({part / whole:.0%})" if whole else f"{part} of 0"


def report_lines(result):
    """The report as plain text lines, ready to print."""
    lines = [
        f"Coverage of the loaded data; ties counted as of {result.as_of.isoformat()}.",
        "",
        f"Agreements:     {result.agreements}",
        f"Organisations:  {result.organisations}",
        f"Memberships:    {result.memberships}",
        f"Sources:        {result.sources}",
        f"Presences:      {result.presences} ({result.presences_on_date} on the date)",
        f"Exercises:      {result.exercise_editions} editions in {result.exercise_series} series",
        f"Mutual-defence agreements in force: {result.mutual_defence_in_force}",
        "",
        "Unverified records:",
    ]
    totals = {
        "agreements": result.agreements,
        "organisations": result.organisations,
        "memberships": result.memberships,
        "presences": result.presences,
        "exercise editions": result.exercise_editions,
    }
    lines += [
        f"  {name:<18} {share(count, totals[name])}" for name, count in result.unverified.items()
    ]
    lines += ["", "G20 states: partners tied by at least one agreement (not membership alone):"]
    for code, count in sorted(result.partners_by_agreement.items(), key=lambda i: (i[1], i[0])):
        flag = "" if count >= 10 else "   < 10"
        lines.append(f"  {code}  {count:>4}{flag}")
    lines += [
        "",
        "The UK in Europe (agreements with at most "
        f"{MINILATERAL_MAX_PARTIES} parties, one of them European):",
        f"  agreements:         {result.uk_europe_agreements}",
        f"  European countries: {len(result.uk_europe_countries)}"
        + (f" ({', '.join(result.uk_europe_countries)})" if result.uk_europe_countries else ""),
        f"  European organisations the UK belongs to: {len(result.uk_europe_organisations)}"
        + (
            f" ({', '.join(result.uk_europe_organisations)})"
            if result.uk_europe_organisations
            else ""
        ),
        "",
        "Records citing only secondary sources (no government, treaty-series or "
        "international-organisation page):",
    ]
    for name, keys in result.secondary_only.items():
        lines.append(f"  {name}: {share(len(keys), totals[name])}")
        lines += [f"    {key}" for key in keys]
    return lines
