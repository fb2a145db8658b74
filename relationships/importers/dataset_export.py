"""Write the database back as dataset files (the format of fixtures/dataset/README.md).

`export_dataset` is `load_dataset` run backwards: every record the loader
reads is written with every field it reads (dates at their precision,
sources, notes, unverified flags, roles, suspensions, successions, presences,
exercise series with their editions and locations, historical states), so
that loading the export changes nothing.

Where each record goes. The database does not record the file a record was
loaded from, so the export takes the files' layout from an existing dataset
(`layout`, by default fixtures/dataset): an agreement, presence or exercise
series found there is written to the same file, in the same order. A record
the layout does not hold (one an editor added in the admin or through the
API) goes to `agreements/added.yaml`, `presences/added.yaml` or
`exercises/added.yaml`, ordered by key; an organisation always goes to
`organisations/<slug>.yaml`. Within a record, members, parties,
suspensions, editions and locations keep the order in which they were
written to the database (the files' order for what the loader wrote);
sources, whose links the database keeps in no order, follow the order in
which the layout first cites them, then the order they were linked; lists
of codes kept as links (domains, operators, participants...) are sorted
(domains in the vocabulary's order), so that an export of an export is the
same files.

What is not kept: the files' comments (YAML comments are not data), and the
`parties_from` shorthand unless the layout used it for that agreement and the
database's parties are still exactly the organisation's members on its date.

Only `yaml.safe_dump` writes the files, so any text (quotes, new lines, `: `,
`&anchor`, `!!python/object`) is written as a plain string and read back as
the same string.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..models import (
    Agreement,
    AgreementParty,
    Country,
    ExerciseEdition,
    ExerciseLocation,
    ExerciseSeries,
    Membership,
    Organisation,
    Precision,
    Presence,
    Source,
    Suspension,
)
from ..vocabularies import DOMAINS
from .dataset import HISTORICAL_STATES_FILE, members_on

DOMAIN_ORDER = list(DOMAINS)

ADDED = "added.yaml"
# The directories the export owns: with `force`, a YAML file in them that the
# export did not write is removed (its records are no longer in the database).
DIRECTORIES = ("organisations", "agreements", "presences", "exercises")
HEADER = (
    "# Written by `manage.py export_dataset` from the database; the format is\n"
    "# fixtures/dataset/README.md's.\n"
)


class ExportError(Exception):
    """The export was refused (a directory that would be overwritten without `force`)."""


@dataclass
class ExportCounts:
    records: Counter = field(default_factory=Counter)
    files: int = 0
    removed_files: list = field(default_factory=list)

    def summary(self):
        kinds = ", ".join(f"{count} {name}" for name, count in sorted(self.records.items()))
        text = f"{self.files} file(s) written: {kinds}"
        if self.removed_files:
            text += f"; removed {len(self.removed_files)} file(s) no record is in any more"
        return text


class Dumper(yaml.SafeDumper):
    """The safe dumper, laid out like the hand-written files: text with new lines
    as a literal block, short lists of codes on one line."""


def _represent_text(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper, value):
    flow = bool(value) and all(isinstance(item, str) and len(item) <= 40 for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


Dumper.add_representer(str, _represent_text)
Dumper.add_representer(list, _represent_list)


def dated(value, precision):
    """A date as the files write it: `2022-12-19`, `2022-12` or `2022`."""
    if value is None:
        return None
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value


def empty(value):
    """None, False, "" or []: what the loader reads when a field is left out (0 is a value)."""
    return value is None or value is False or (isinstance(value, (str, list)) and not value)


def compact(record, keep=()):
    """The record less its empty optional values (the loader's defaults)."""
    return {key: value for key, value in record.items() if key in keep or not empty(value)}


def linked(relation):
    """owner id -> the ids a many-to-many relation links it to, in the order they were linked."""
    field = relation.field
    links = defaultdict(list)
    pairs = field.remote_field.through.objects.order_by("id").values_list(
        field.m2m_column_name(), field.m2m_reverse_name()
    )
    for owner_id, target_id in pairs:
        links[owner_id].append(target_id)
    return links


class Layout:
    """Which file, and where in it, each record of an existing dataset stands."""

    def __init__(self, directory):
        self.place = {}  # (kind, key) -> (relative path, index)
        self.parties_from = {}  # agreement key -> slug
        self.source_rank = {}  # url -> where it first stands in the files
        directory = Path(directory) if directory else None
        if directory is None or not directory.is_dir():
            return
        for path in sorted(directory.rglob("*.yaml")):
            try:
                self.rank_sources(yaml.safe_load(path.read_text(encoding="utf-8")))
            except (yaml.YAMLError, OSError, UnicodeDecodeError):
                continue
        for kind in ("agreements", "presences", "exercises"):
            for path in sorted((directory / kind).glob("*.yaml")):
                try:
                    records = yaml.safe_load(path.read_text(encoding="utf-8"))
                except (yaml.YAMLError, OSError, UnicodeDecodeError):
                    continue  # a broken file gives no layout; its records go to added.yaml
                for index, record in enumerate(records if isinstance(records, list) else []):
                    if isinstance(record, dict) and record.get("key"):
                        key = str(record["key"])
                        self.place.setdefault((kind, key), (f"{kind}/{path.name}", index))
                        if kind == "agreements" and record.get("parties_from"):
                            self.parties_from[key] = str(record["parties_from"])

    def rank_sources(self, node):
        if isinstance(node, list):
            for item in node:
                self.rank_sources(item)
        elif isinstance(node, dict):
            if isinstance(node.get("url"), str):
                self.source_rank.setdefault(node["url"].strip(), len(self.source_rank))
            for value in node.values():
                self.rank_sources(value)

    def file_of(self, kind, key):
        return self.place.get((kind, key), (f"{kind}/{ADDED}", None))


class Exporter:
    """Reads the whole database in a fixed number of queries and builds each file."""

    def __init__(self, layout):
        self.layout = layout
        self.countries = dict(Country.objects.values_list("pk", "iso2"))
        self.organisations = dict(Organisation.objects.values_list("pk", "slug"))
        self.agreement_keys = dict(Agreement.objects.values_list("pk", "key"))
        self.sources = {source.pk: source for source in Source.objects.all()}

    def source_list(self, ids):
        return [
            compact(
                {
                    "url": source.url,
                    "title": source.title,
                    "publisher": source.publisher,
                    "published_on": dated(source.published_on, source.published_on_precision),
                    "accessed_on": source.accessed_on,
                }
            )
            for source in sorted((self.sources[pk] for pk in ids), key=self.source_order(ids))
        ]

    def source_order(self, ids):
        """The layout's order, then the order they were linked: many-to-many links are
        written as a set (in no order), so the layout keeps the files' order stable."""
        linked_at = {pk: index for index, pk in enumerate(ids)}
        unranked = len(self.layout.source_rank)
        return lambda source: (
            self.layout.source_rank.get(source.url, unranked),
            linked_at[source.pk],
        )

    def suspension_list(self, suspensions, sources):
        return [
            compact(
                {
                    "country": self.countries[s.country_id],
                    "partner": self.countries.get(s.partner_id),
                    "suspended_on": dated(s.suspended_on, s.suspended_on_precision),
                    "lifted_on": dated(s.lifted_on, s.lifted_on_precision),
                    "note": s.note,
                    "sources": self.source_list(sources[s.pk]),
                }
            )
            for s in suspensions
        ]

    def historical_states(self):
        shown_as = linked(Country.shown_as)
        return [
            compact(
                {
                    "iso2": state.iso2,
                    "iso3": state.iso3,
                    "name": state.name,
                    "official_name": state.official_name,
                    "dissolved_on": state.dissolved_on,
                    "shown_as": sorted(self.countries[pk] for pk in shown_as[state.pk]),
                }
            )
            for state in Country.objects.filter(dissolved_on__isnull=False).order_by("iso2")
        ]

    def suspensions_by(self, owner):
        found = defaultdict(list)
        for suspension in Suspension.objects.filter(**{f"{owner}__isnull": False}).order_by("id"):
            found[getattr(suspension, f"{owner}_id")].append(suspension)
        return found

    def organisations_files(self):
        sources = linked(Organisation.sources)
        member_sources = linked(Membership.sources)
        suspension_sources = linked(Suspension.sources)
        suspensions = self.suspensions_by("organisation")
        members = defaultdict(list)
        for membership in Membership.objects.order_by("id"):
            members[membership.organisation_id].append(membership)
        for organisation in Organisation.objects.order_by("slug"):
            record = compact(
                {
                    "slug": organisation.slug,
                    "name": organisation.name,
                    "short_name": organisation.short_name,
                    "kind": organisation.kind,
                    "obligation": organisation.obligation,
                    "founded_on": dated(organisation.founded_on, organisation.founded_on_precision),
                    "dissolved_on": dated(
                        organisation.dissolved_on, organisation.dissolved_on_precision
                    ),
                    "summary": organisation.summary,
                    "unverified": organisation.unverified,
                    "note": organisation.note,
                    "sources": self.source_list(sources[organisation.pk]),
                    "members": [self.member(m, member_sources) for m in members[organisation.pk]],
                    "suspensions": self.suspension_list(
                        suspensions[organisation.pk], suspension_sources
                    ),
                }
            )
            yield f"organisations/{organisation.slug}.yaml", record

    def member(self, membership, sources):
        record = {
            "country": self.countries[membership.country_id],
            "role": membership.role,
            "joined_on": dated(membership.joined_on, membership.joined_on_precision),
            "left_on": dated(membership.left_on, membership.left_on_precision),
            "unverified": membership.unverified,
            "note": membership.note,
            "sources": self.source_list(sources[membership.pk]),
        }
        if record["role"] == Membership.Role.MEMBER:
            del record["role"]
        return compact(record)

    def party(self, party):
        if (
            party.country_id
            and party.role == AgreementParty.Role.PARTY
            and party.joined_on is None
            and party.left_on is None
        ):
            return self.countries[party.country_id]  # the short form: a code
        record = {
            "country": self.countries.get(party.country_id),
            "organisation": self.organisations.get(party.organisation_id),
            "role": party.role if party.role != AgreementParty.Role.PARTY else None,
            "joined_on": dated(party.joined_on, party.joined_on_precision),
            "left_on": dated(party.left_on, party.left_on_precision),
        }
        return compact(record)

    def agreement(self, agreement, parties, domains, sources, suspensions, suspension_sources):
        record = {
            "key": agreement.key,
            "title": agreement.title,
            "short_title": agreement.short_title,
            "kind": agreement.kind,
            "legally_binding": agreement.legally_binding,
            "status": agreement.status,
            "obligation": agreement.obligation,
            "domains": domains,
            "organisation": self.organisations.get(agreement.organisation_id),
            "signed_on": dated(agreement.signed_on, agreement.signed_on_precision),
            "in_force_on": dated(agreement.in_force_on, agreement.in_force_on_precision),
            "ended_on": dated(agreement.ended_on, agreement.ended_on_precision),
            "summary": agreement.summary,
            "unverified": agreement.unverified,
            "note": agreement.note,
        }
        # Written only when it is not the kind's default, as the files do.
        if agreement.legally_binding == (agreement.kind in Agreement.BINDING_KINDS):
            del record["legally_binding"]
        if agreement.predecessor_id:
            record[agreement.succession] = self.agreement_keys[agreement.predecessor_id]
        slug = self.layout.parties_from.get(agreement.key)
        if slug and self.from_members(agreement, parties, slug):
            record["parties_from"] = slug
        else:
            record["parties"] = [self.party(party) for party in parties]
        record["suspensions"] = self.suspension_list(suspensions, suspension_sources)
        record["sources"] = self.source_list(sources)
        return compact(record, keep=("obligation", "legally_binding"))

    def from_members(self, agreement, parties, slug):
        """The parties are exactly what `parties_from: slug` gives on the agreement's date."""
        if any(self.party(party) != self.countries.get(party.country_id) for party in parties):
            return False
        date = agreement.signed_on or agreement.in_force_on
        wanted = set(members_on(slug, date)) if date else None
        return wanted == {self.countries[party.country_id] for party in parties}

    def agreements_files(self):
        domains = linked(Agreement.domains)
        domain_slugs = dict(Agreement.domains.field.related_model.objects.values_list("pk", "slug"))
        sources = linked(Agreement.sources)
        suspension_sources = linked(Suspension.sources)
        suspensions = self.suspensions_by("agreement")
        parties = defaultdict(list)
        for party in AgreementParty.objects.order_by("id"):
            parties[party.agreement_id].append(party)
        for agreement in Agreement.objects.all():
            yield (
                "agreements",
                agreement.key,
                self.agreement(
                    agreement,
                    parties[agreement.pk],
                    sorted(map(domain_slugs.get, domains[agreement.pk]), key=DOMAIN_ORDER.index),
                    sources[agreement.pk],
                    suspensions[agreement.pk],
                    suspension_sources,
                ),
            )

    def presences_files(self):
        operators = linked(Presence.operators)
        sources = linked(Presence.sources)
        for presence in Presence.objects.all():
            record = compact(
                {
                    "key": presence.key,
                    "name": presence.name,
                    "kind": presence.kind,
                    "host": self.countries[presence.host_id],
                    "operators": sorted(self.countries[pk] for pk in operators[presence.pk]),
                    "organisation": self.organisations.get(presence.organisation_id),
                    "latitude": presence.latitude,
                    "longitude": presence.longitude,
                    "location_name": presence.location_name,
                    "started_on": dated(presence.started_on, presence.started_on_precision),
                    "ended_on": dated(presence.ended_on, presence.ended_on_precision),
                    "personnel": presence.personnel,
                    "personnel_as_of": dated(
                        presence.personnel_as_of, presence.personnel_as_of_precision
                    ),
                    "units": presence.units,
                    "agreement": self.agreement_keys.get(presence.agreement_id),
                    "summary": presence.summary,
                    "unverified": presence.unverified,
                    "note": presence.note,
                    "sources": self.source_list(sources[presence.pk]),
                },
            )
            yield "presences", presence.key, record

    def exercises_files(self):
        series_sources = linked(ExerciseSeries.sources)
        relations = {
            name: linked(getattr(ExerciseEdition, name))
            for name in ("leads", "participants", "hosts", "organisations", "sources")
        }
        locations = defaultdict(list)
        for location in ExerciseLocation.objects.order_by("id"):
            locations[location.edition_id].append(location)
        editions = defaultdict(list)
        for edition in ExerciseEdition.objects.order_by("id"):
            editions[edition.series_id].append(edition)
        for series in ExerciseSeries.objects.all():
            record = compact(
                {
                    "key": series.key,
                    "name": series.name,
                    "summary": series.summary,
                    "organisation": self.organisations.get(series.organisation_id),
                    "unverified": series.unverified,
                    "note": series.note,
                    "sources": self.source_list(series_sources[series.pk]),
                    "editions": [
                        self.edition(edition, relations, locations[edition.pk])
                        for edition in editions[series.pk]
                    ],
                }
            )
            yield "exercises", series.key, record

    def edition(self, edition, relations, locations):
        def codes(name):
            return sorted(self.countries[pk] for pk in relations[name][edition.pk])

        record = compact(
            {
                "key": edition.key,
                "name": edition.name,
                "started_on": dated(edition.started_on, edition.started_on_precision),
                "ended_on": dated(edition.ended_on, edition.ended_on_precision),
                "leads": codes("leads"),
                "participants": codes("participants"),
                "organisations": sorted(
                    self.organisations[pk] for pk in relations["organisations"][edition.pk]
                ),
                "hosts": codes("hosts"),
                "locations": [
                    compact(
                        {
                            "name": location.name,
                            "country": self.countries.get(location.country_id),
                            "latitude": location.latitude,
                            "longitude": location.longitude,
                        }
                    )
                    for location in locations
                ],
                "personnel": edition.personnel,
                "scale": edition.scale,
                "summary": edition.summary,
                "unverified": edition.unverified,
                "note": edition.note,
                "sources": self.source_list(relations["sources"][edition.pk]),
            },
        )
        return record

    def files(self, counts):
        """relative path -> the file's content (a mapping or a list)."""
        files = {}
        states = self.historical_states()
        if states:
            files[HISTORICAL_STATES_FILE] = states
            counts.records["historical states"] += len(states)
        for path, record in self.organisations_files():
            files[path] = record
            counts.records["organisations"] += 1
        for records in (self.agreements_files(), self.presences_files(), self.exercises_files()):
            placed = defaultdict(list)
            for kind, key, record in records:
                path, index = self.layout.file_of(kind, key)
                placed[path].append((index is None, index or 0, key, record))
                counts.records[kind if kind != "exercises" else "exercise series"] += 1
            for path, entries in placed.items():
                files[path] = [record for *_, record in sorted(entries, key=lambda e: e[:3])]
        return files


def dump(content):
    return (
        HEADER
        + "\n"
        + yaml.dump(content, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=88)
    )


def export_dataset(directory, layout=None, force=False):
    """Write every record to `directory` in the dataset's files. Returns ExportCounts.

    A directory that already holds dataset files is overwritten only with
    `force`; then the YAML files of its record directories that the export did
    not write are removed, so that loading it does not bring back a record the
    database no longer holds. `layout` is the dataset whose files say where
    each record goes (see the module docstring).
    """
    directory = Path(directory)
    existing = [
        path
        for name in DIRECTORIES
        for path in sorted((directory / name).glob("*.yaml"))
        if directory.is_dir()
    ]
    if (directory / HISTORICAL_STATES_FILE).exists():
        existing.append(directory / HISTORICAL_STATES_FILE)
    if existing and not force:
        raise ExportError(
            f"{directory} already holds dataset files ({len(existing)}); "
            "give --force to write over them"
        )
    counts = ExportCounts()
    files = Exporter(Layout(layout)).files(counts)
    for relative, content in files.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(content), encoding="utf-8")
        counts.files += 1
    written = {directory / relative for relative in files}
    for path in existing:
        if path not in written:
            path.unlink()
            counts.removed_files.append(path)
    return counts
