"""Load the curated dataset (fixtures/dataset/*.yaml) into the database.

The format is documented in fixtures/dataset/README.md. Loading happens in
two passes: every file is read and checked first, and only a dataset with no
error is written, in one transaction, so a broken file writes nothing. Each
error names the file and line. Records are matched by their keys (an
organisation's slug, an agreement's key, a source's URL) and saved only when
a field differs, so loading twice changes nothing. Records an editor added in
the admin are left alone.
"""

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import models, transaction

from .. import public_fields, rules
from ..models import (
    Agreement,
    AgreementParty,
    Country,
    Domain,
    Membership,
    Obligation,
    Organisation,
    Precision,
    Source,
    Suspension,
    membership_valid_on,
)
from ..vocabularies import DOMAINS

ORGANISATION_FIELDS = set(public_fields.ORGANISATION_DATASET_FIELDS)
MEMBER_FIELDS = set(public_fields.MEMBER_DATASET_FIELDS)
AGREEMENT_FIELDS = set(public_fields.AGREEMENT_DATASET_FIELDS)
PARTY_FIELDS = set(public_fields.PARTY_DATASET_FIELDS)
SOURCE_FIELDS = set(public_fields.SOURCE_DATASET_FIELDS)
SUSPENSION_FIELDS = set(public_fields.SUSPENSION_DATASET_FIELDS)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class DatasetError(Exception):
    """One or more problems in the files; str() lists each with file and line."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


class Located(dict):
    """A YAML mapping that remembers where it and each of its keys stand."""

    line = 0
    key_lines: dict


def _construct_located_map(loader, node):
    data = Located()
    data.line = node.start_mark.line + 1
    data.key_lines = {key.value: key.start_mark.line + 1 for key, _ in node.value}
    yield data
    data.update(loader.construct_mapping(node))


class LineLoader(yaml.SafeLoader):
    pass


def _construct_timestamp(loader, node):
    """YAML dates as dates; an impossible one (2022-14-01) as text, for parse_date to report."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_located_map)
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass
class Counts:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    stale: int = 0  # dropped from the files, kept because --prune was not given
    kept_edited: int = 0  # dropped from the files, kept because a person edited them
    conflicts: list = field(default_factory=list)  # Conflict: a person's edit the load left

    def summary(self):
        names = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        lines = ", ".join(
            f"{name}: {self.created[name]} new, {self.updated[name]} changed, "
            f"{self.unchanged[name]} unchanged"
            for name in names
        )
        if self.removed:
            lines += ". Pruned: " + ", ".join(
                f"removed {count} {name}" for name, count in sorted(self.removed.items())
            )
        if self.stale:
            lines += (
                f". {self.stale} record(s) no longer in the files are still in the database;"
                " run with --prune to remove them"
            )
        if self.kept_edited:
            lines += f". Not in the files but kept {self.kept_edited} edited by a person"
        if self.conflicts:
            records = len({(c.model, c.record) for c in self.conflicts})
            lines += (
                f". {records} record(s) a person changed since the last load kept their "
                f"database values ({len(self.conflicts)} field(s) differ from the files;"
                " --take-file takes the files' values)"
            )
        return lines


@dataclass
class Conflict:
    """A field whose file value differs from a value a person saved after the last load."""

    model: str
    record: str
    field: str
    file_value: object
    database_value: object
    who: str
    when: object

    def __str__(self):
        return (
            f"{self.model} {self.record}: {self.field}: file {self.file_value!r}, "
            f"database {self.database_value!r} "
            f"(changed by {self.who} on {self.when:%Y-%m-%d %H:%M})"
        )


def parse_date(value):
    """A dataset date: `2022-12-19`, `2022-12` or `2022` -> (date, precision)."""
    if value is None or value == "":
        return None, Precision.DAY
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value, Precision.DAY
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return datetime.date(int(text), 1, 1), Precision.YEAR
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = text.split("-")
            return datetime.date(int(year), int(month), 1), Precision.MONTH
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text), Precision.DAY
    except ValueError:
        pass
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")


class Reader:
    """Pass one: read and check every file, collecting problems."""

    def __init__(self, directory, countries):
        self.directory = Path(directory)
        self.countries = countries  # iso2 -> is_state
        self.problems = []
        self.organisations = {}  # slug -> record
        self.agreements = {}  # key -> record

    def problem(self, path, line, message):
        self.problems.append(f"{path}:{line}: {message}")

    def load_file(self, path):
        try:
            with open(path, encoding="utf-8") as handle:
                return yaml.load(handle, Loader=LineLoader)  # noqa: S506 - LineLoader is a SafeLoader
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            self.problem(path, line, f"not valid YAML: {getattr(error, 'problem', error)}")
        except (OSError, UnicodeDecodeError) as error:
            self.problem(path, 1, f"cannot read: {error}")
        return None

    def line_of(self, record, key=None):
        if isinstance(record, Located):
            return record.key_lines.get(key, record.line) if key else record.line
        return 1

    def check_fields(self, path, record, allowed, required, what):
        if not isinstance(record, dict):
            self.problem(path, self.line_of(record), f"{what} must be a mapping")
            return False
        ok = True
        for key in record:
            if key not in allowed:
                self.problem(path, self.line_of(record, key), f"unknown field {key!r} in {what}")
                ok = False
        for key in required:
            if record.get(key) in (None, "", []):
                self.problem(path, self.line_of(record), f"{what} needs {key!r}")
                ok = False
        return ok

    def date(self, path, record, key):
        try:
            return parse_date(record.get(key))
        except ValueError as error:
            self.problem(path, self.line_of(record, key), f"{key}: {error}")
            return None, Precision.DAY

    def choice(self, path, record, key, choices, default=None):
        value = record.get(key, default)
        if value not in choices:
            self.problem(
                path,
                self.line_of(record, key),
                f"{key}: {value!r} is not one of {', '.join(sorted(choices))}",
            )
        return value

    def flag(self, path, record, key):
        value = record.get(key, False)
        if not isinstance(value, bool):
            self.problem(path, self.line_of(record, key), f"{key}: must be true or false")
            return False
        return value

    def country(self, path, record, key, value, line=None):
        code = str(value).strip().upper() if value is not None else ""
        if code not in self.countries:
            self.problem(path, line or self.line_of(record, key), f"unknown country code {value!r}")
            return None
        return code

    def broken(self, path, record, violations):
        """Each rule's violation at the line of the value at fault (see relationships/rules.py)."""
        for violation in violations:
            self.problem(path, self.line_of(record, violation.at), violation.message)

    def sources(self, path, record, what=None):
        """The record's sources; `what` names a record that must cite one."""
        items = record.get("sources") or []
        if not isinstance(items, list):
            self.problem(path, self.line_of(record, "sources"), "sources must be a list")
            return []
        if what:
            self.broken(path, record, rules.cited(items, what))
        result = []
        for item in items:
            if not self.check_fields(
                path, item, SOURCE_FIELDS, ["url", "title", "publisher", "accessed_on"], "source"
            ):
                continue
            url = str(item["url"]).strip()
            if not re.match(r"^https?://[^\s/]+\.[^\s]+$", url):
                self.problem(path, self.line_of(item, "url"), f"url: {url!r} is not a web address")
                continue
            published_on, published_precision = self.date(path, item, "published_on")
            accessed_on, _ = self.date(path, item, "accessed_on")
            result.append(
                {
                    "url": url,
                    "title": str(item["title"]).strip(),
                    "publisher": str(item["publisher"]).strip(),
                    "published_on": published_on,
                    "published_on_precision": published_precision,
                    "accessed_on": accessed_on,
                }
            )
        return result

    def suspensions(self, path, record, among, what):
        """The record's suspensions; `among` lists its parties or members (None: unknown)."""
        items = record.get("suspensions") or []
        if not isinstance(items, list):
            self.problem(path, self.line_of(record, "suspensions"), "suspensions must be a list")
            return []
        result = []
        for item in items:
            if not self.check_fields(
                path, item, SUSPENSION_FIELDS, ["country", "suspended_on"], "suspension"
            ):
                continue
            country = self.country(path, item, "country", item["country"])
            partner = None
            if item.get("partner") is not None:
                partner = self.country(path, item, "partner", item["partner"])
            suspended_on, suspended_precision = self.date(path, item, "suspended_on")
            lifted_on, lifted_precision = self.date(path, item, "lifted_on")
            self.broken(
                path,
                item,
                rules.suspension(
                    agreement=what == "agreement",
                    organisation=what == "organisation",
                    country=country,
                    partner=partner,
                    suspended_on=suspended_on,
                    lifted_on=lifted_on,
                    among=among,
                ),
            )
            if country:
                result.append(
                    {
                        "country": country,
                        "partner": partner,
                        "suspended_on": suspended_on,
                        "suspended_on_precision": suspended_precision,
                        "lifted_on": lifted_on,
                        "lifted_on_precision": lifted_precision,
                        "note": str(item.get("note") or "").strip(),
                        "sources": self.sources(path, item),
                    }
                )
        return result

    def read(self):
        organisation_files = sorted((self.directory / "organisations").glob("*.yaml"))
        agreement_files = sorted((self.directory / "agreements").glob("*.yaml"))
        if not organisation_files and not agreement_files:
            self.problem(self.directory, 0, "no dataset files found")
        for path in organisation_files:
            record = self.load_file(path)
            if record is not None:
                self.read_organisation(path, record)
        for path in agreement_files:
            records = self.load_file(path)
            if records is None:
                continue
            if not isinstance(records, list):
                self.problem(path, 1, "an agreements file is a list of agreements")
                continue
            for record in records:
                self.read_agreement(path, record)
        return self

    def read_organisation(self, path, record):
        if not self.check_fields(
            path, record, ORGANISATION_FIELDS, ["slug", "name", "kind"], "organisation"
        ):
            return
        slug = str(record["slug"])
        if not SLUG.match(slug):
            self.problem(path, self.line_of(record, "slug"), f"slug {slug!r} is not a slug")
        if slug in self.organisations:
            self.problem(path, self.line_of(record, "slug"), f"organisation {slug!r} twice")
            return
        founded_on, founded_precision = self.date(path, record, "founded_on")
        dissolved_on, dissolved_precision = self.date(path, record, "dissolved_on")
        self.broken(
            path, record, rules.organisation_dates(founded_on=founded_on, dissolved_on=dissolved_on)
        )
        organisation = {
            "slug": slug,
            "name": str(record["name"]).strip(),
            "short_name": str(record.get("short_name") or "").strip(),
            "kind": self.choice(path, record, "kind", Organisation.Kind.values),
            "obligation": self.choice(
                path, record, "obligation", Obligation.values, Obligation.COOPERATION
            ),
            "founded_on": founded_on,
            "founded_on_precision": founded_precision,
            "dissolved_on": dissolved_on,
            "dissolved_on_precision": dissolved_precision,
            "summary": str(record.get("summary") or "").strip(),
            "unverified": self.flag(path, record, "unverified"),
            "note": str(record.get("note") or "").strip(),
            "sources": self.sources(path, record, "organisation"),
            "members": [],
        }
        periods = defaultdict(list)
        for member in record.get("members") or []:
            if not self.check_fields(path, member, MEMBER_FIELDS, ["country"], "member"):
                continue
            code = self.country(path, member, "country", member["country"])
            joined_on, joined_precision = self.date(path, member, "joined_on")
            left_on, left_precision = self.date(path, member, "left_on")
            self.broken(path, member, rules.membership_dates(joined_on=joined_on, left_on=left_on))
            self.broken(
                path,
                member,
                rules.membership_within_organisation(
                    joined_on=joined_on,
                    joined_precision=joined_precision,
                    left_on=left_on,
                    founded_on=founded_on,
                    dissolved_on=dissolved_on,
                    dissolved_precision=dissolved_precision,
                ),
            )
            if code is None:
                continue
            for other_start, other_end in periods[code]:
                if (other_end is None or joined_on is None or joined_on <= other_end) and (
                    left_on is None or other_start is None or other_start <= left_on
                ):
                    self.problem(
                        path, member.line, f"{code} is listed twice for overlapping periods"
                    )
            periods[code].append((joined_on, left_on))
            organisation["members"].append(
                {
                    "country": code,
                    "role": self.choice(
                        path, member, "role", Membership.Role.values, Membership.Role.MEMBER
                    ),
                    "joined_on": joined_on,
                    "joined_on_precision": joined_precision,
                    "left_on": left_on,
                    "left_on_precision": left_precision,
                    "unverified": self.flag(path, member, "unverified"),
                    "note": str(member.get("note") or "").strip(),
                    "sources": self.sources(path, member),
                    "line": member.line,
                }
            )
        organisation["suspensions"] = self.suspensions(
            path, record, {m["country"] for m in organisation["members"]}, "organisation"
        )
        self.organisations[slug] = organisation

    def read_agreement(self, path, record):
        if not self.check_fields(
            path,
            record,
            AGREEMENT_FIELDS,
            ["key", "title", "kind", "status"],
            "agreement",
        ):
            return
        key = str(record["key"])
        if not SLUG.match(key):
            self.problem(path, self.line_of(record, "key"), f"key {key!r} is not a slug")
        if key in self.agreements:
            self.problem(path, self.line_of(record, "key"), f"agreement key {key!r} used twice")
            return
        kind = self.choice(path, record, "kind", Agreement.Kind.values)
        status = self.choice(path, record, "status", Agreement.Status.values)
        signed_on, signed_precision = self.date(path, record, "signed_on")
        in_force_on, in_force_precision = self.date(path, record, "in_force_on")
        ended_on, ended_precision = self.date(path, record, "ended_on")
        self.broken(
            path,
            record,
            rules.agreement_dates(
                status=status, signed_on=signed_on, in_force_on=in_force_on, ended_on=ended_on
            ),
        )
        binding = record.get("legally_binding")
        if binding is None:
            binding = kind in Agreement.BINDING_KINDS
        elif not isinstance(binding, bool):
            self.problem(path, self.line_of(record, "legally_binding"), "must be true or false")
        domains = record.get("domains") or []
        if not isinstance(domains, list):
            self.problem(path, self.line_of(record, "domains"), "domains must be a list")
            domains = []
        for domain in domains:
            if domain not in DOMAINS:
                self.problem(
                    path,
                    self.line_of(record, "domains"),
                    f"domain {domain!r} is not one of {', '.join(sorted(DOMAINS))}",
                )
        parties = []
        if record.get("parties") and record.get("parties_from"):
            self.problem(path, record.line, "give parties or parties_from, not both")
        for item in record.get("parties") or []:
            if isinstance(item, dict):
                if not self.check_fields(path, item, PARTY_FIELDS, ["country"], "party"):
                    continue
                code = self.country(path, item, "country", item["country"])
                joined_on, joined_precision = self.date(path, item, "joined_on")
                left_on, left_precision = self.date(path, item, "left_on")
                self.broken(path, item, rules.party_dates(joined_on=joined_on, left_on=left_on))
                self.broken(
                    path,
                    item,
                    rules.party_within_agreement(
                        joined_on=joined_on,
                        joined_precision=joined_precision,
                        left_on=left_on,
                        starts_on=signed_on or in_force_on,
                        ended_on=ended_on,
                        ended_precision=ended_precision,
                    ),
                )
            else:
                code = self.country(path, record, "parties", item)
                joined_on, joined_precision, left_on, left_precision = (
                    None,
                    Precision.DAY,
                    None,
                    Precision.DAY,
                )
            if code:
                parties.append(
                    {
                        "country": code,
                        "joined_on": joined_on,
                        "joined_on_precision": joined_precision,
                        "left_on": left_on,
                        "left_on_precision": left_precision,
                    }
                )
        violations = rules.parties([party["country"] for party in parties])
        if record.get("parties_from"):  # the organisation's members, found when writing
            violations = [v for v in violations if v.code != "too_few_parties"]
        self.broken(path, record, violations)
        self.agreements[key] = {
            "key": key,
            "title": " ".join(str(record["title"]).split()),
            "short_title": str(record.get("short_title") or "").strip(),
            "kind": kind,
            "legally_binding": bool(binding),
            "status": status,
            "obligation": self.choice(
                path, record, "obligation", Obligation.values, Obligation.COOPERATION
            ),
            "domains": domains,
            "organisation": record.get("organisation"),
            "signed_on": signed_on,
            "signed_on_precision": signed_precision,
            "in_force_on": in_force_on,
            "in_force_on_precision": in_force_precision,
            "ended_on": ended_on,
            "ended_on_precision": ended_precision,
            "summary": str(record.get("summary") or "").strip(),
            "unverified": self.flag(path, record, "unverified"),
            "note": str(record.get("note") or "").strip(),
            "parties": parties,
            "parties_from": record.get("parties_from"),
            "suspensions": self.suspensions(
                path,
                record,
                None if record.get("parties_from") else {p["country"] for p in parties},
                "agreement",
            ),
            "sources": self.sources(path, record, "agreement"),
            "path": path,
            "line": record.line,
        }

    def check_references(self, known_organisations):
        slugs = set(self.organisations) | set(known_organisations)
        for agreement in self.agreements.values():
            for key in ("organisation", "parties_from"):
                slug = agreement[key]
                if slug and slug not in slugs:
                    self.problem(
                        agreement["path"],
                        agreement["line"],
                        f"{key}: unknown organisation {slug!r}",
                    )
            if agreement["parties_from"] and not (
                agreement["signed_on"] or agreement["in_force_on"]
            ):
                self.problem(
                    agreement["path"], agreement["line"], "parties_from needs a signature date"
                )


# The reason given in every history record the loader writes (it has no user).
CHANGE_REASON = "load_dataset"


def edited_since_load(instance):
    """The history record of a person's change made after the loader last wrote
    `instance` (its latest), or None when the loader's values still stand."""
    history = getattr(instance, "history", None)
    if history is None:
        return None
    latest = history.order_by("-history_date", "-history_id").first()
    if latest is None or latest.history_change_reason == CHANGE_REASON:
        return None
    return latest


def _shown(value):
    return str(value) if isinstance(value, models.Model) else value


def report_conflicts(instance, counts, fields, wanted, edit):
    """Record a Conflict for each field of `instance` the files would change."""
    who = edit.history_user.get_username() if edit.history_user else "someone (no user)"
    for key in fields:
        counts.conflicts.append(
            Conflict(
                model=instance._meta.verbose_name,
                record=str(instance),
                field=key,
                file_value=_shown(wanted[key]),
                database_value=_shown(getattr(instance, key)),
                who=who,
                when=edit.history_date,
            )
        )


def upsert(model, counts, lookup, values, take_file=False):
    """Create or update one row, saving only when a field differs.

    A row a person changed since the loader last wrote it is left as it is,
    and each field the files would change is reported in `counts.conflicts`,
    unless `take_file`.
    """
    instance = model.objects.filter(**lookup).first()
    name = model._meta.verbose_name_plural
    if instance is None:
        instance = model(**lookup, **values)
        instance._change_reason = CHANGE_REASON
        instance.save(force_insert=True)
        counts.created[name] += 1
        return instance
    changed = [key for key, value in values.items() if getattr(instance, key) != value]
    edit = edited_since_load(instance) if changed and not take_file else None
    if edit is not None:
        report_conflicts(instance, counts, changed, values, edit)
        counts.unchanged[name] += 1
    elif changed:
        for key in changed:
            setattr(instance, key, values[key])
        instance._change_reason = CHANGE_REASON
        instance.save(update_fields=changed)
        counts.updated[name] += 1
    else:
        counts.unchanged[name] += 1
    return instance


def sync_m2m(manager, wanted, counts=None, take_file=False):
    """Set a many-to-many relation only when it differs (no needless writes);
    left as it is (a conflict) on a record a person changed since the last load."""
    current = list(manager.all())
    if {obj.pk for obj in current} == {obj.pk for obj in wanted}:
        return
    edit = edited_since_load(manager.instance) if counts is not None and not take_file else None
    if edit is not None:
        field_name = manager.prefetch_cache_name
        instance = manager.instance
        report_conflicts(
            instance,
            counts,
            [field_name],
            {field_name: sorted(str(obj) for obj in wanted)},
            edit,
        )
        counts.conflicts[-1].database_value = sorted(str(obj) for obj in current)
        return
    manager.instance._change_reason = CHANGE_REASON
    manager.set(wanted)


class Writer:
    """Pass two: write a checked dataset."""

    def __init__(self, reader, counts, take_file=False):
        self.reader = reader
        self.counts = counts
        self.take_file = take_file
        self.countries = {c.iso2: c for c in Country.objects.all()}
        self.source_cache = {}

    def upsert(self, model, counts, lookup, values):
        return upsert(model, counts, lookup, values, take_file=self.take_file)

    def sync(self, manager, wanted):
        sync_m2m(manager, wanted, self.counts, take_file=self.take_file)

    def source(self, data):
        if data["url"] not in self.source_cache:
            values = {k: v for k, v in data.items() if k != "url"}
            self.source_cache[data["url"]] = self.upsert(
                Source, self.counts, {"url": data["url"]}, values
            )
        return self.source_cache[data["url"]]

    def write(self):
        domains = {
            slug: self.upsert(Domain, self.counts, {"slug": slug}, {"name": name})
            for slug, name in DOMAINS.items()
        }
        organisations = {}
        for slug, data in self.reader.organisations.items():
            values = {
                k: v
                for k, v in data.items()
                if k not in {"slug", "sources", "members", "suspensions"}
            }
            organisation = self.upsert(Organisation, self.counts, {"slug": slug}, values)
            self.sync(organisation.sources, [self.source(s) for s in data["sources"]])
            organisations[slug] = organisation
            for member in data["members"]:
                values = {
                    k: v
                    for k, v in member.items()
                    if k not in {"country", "joined_on", "sources", "line"}
                }
                membership = self.upsert(
                    Membership,
                    self.counts,
                    {
                        "organisation": organisation,
                        "country": self.countries[member["country"]],
                        "joined_on": member["joined_on"],
                    },
                    values,
                )
                self.sync(membership.sources, [self.source(s) for s in member["sources"]])
            self.write_suspensions({"organisation": organisation}, data["suspensions"])
        for data in self.reader.agreements.values():
            values = {
                k: v
                for k, v in data.items()
                if k
                not in {
                    "key",
                    "domains",
                    "parties",
                    "parties_from",
                    "suspensions",
                    "sources",
                    "path",
                    "line",
                }
            }
            slug = values.pop("organisation")
            values["organisation"] = (
                organisations.get(slug) or Organisation.objects.get(slug=slug) if slug else None
            )
            agreement = self.upsert(Agreement, self.counts, {"key": data["key"]}, values)
            self.sync(agreement.sources, [self.source(s) for s in data["sources"]])
            self.sync(agreement.domains, [domains[d] for d in data["domains"]])
            parties = data["parties"] or self.parties_from(data)
            for party in parties:
                self.upsert(
                    AgreementParty,
                    self.counts,
                    {"agreement": agreement, "country": self.countries[party["country"]]},
                    {k: v for k, v in party.items() if k != "country"},
                )
            dropped = AgreementParty.objects.filter(agreement=agreement).exclude(
                country__iso2__in=[p["country"] for p in parties]
            )
            for party in dropped:
                edit = None if self.take_file else edited_since_load(party)
                if edit is not None:  # a party a person added or changed: theirs to remove
                    report_conflicts(party, self.counts, ["agreement"], {"agreement": None}, edit)
                    continue
                party._change_reason = CHANGE_REASON
                party.delete()
            self.write_suspensions({"agreement": agreement}, data["suspensions"])

    def write_suspensions(self, record, suspensions):
        """The record's suspensions as the file gives them; others of it are removed."""
        kept = []
        for data in suspensions:
            lookup = {
                **record,
                "country": self.countries[data["country"]],
                "partner": self.countries[data["partner"]] if data["partner"] else None,
                "suspended_on": data["suspended_on"],
            }
            values = {
                k: v
                for k, v in data.items()
                if k not in {"country", "partner", "suspended_on", "sources"}
            }
            suspension = self.upsert(Suspension, self.counts, lookup, values)
            self.sync(suspension.sources, [self.source(s) for s in data["sources"]])
            kept.append(suspension.pk)
        for stale in Suspension.objects.filter(**record).exclude(pk__in=kept):
            stale._change_reason = CHANGE_REASON
            stale.delete()

    def parties_from(self, data):
        date = data["signed_on"] or data["in_force_on"]
        members = (
            Membership.objects.filter(
                organisation__slug=data["parties_from"], role=Membership.Role.MEMBER
            )
            .filter(membership_valid_on(date))
            .values_list("country__iso2", flat=True)
        )
        return [
            {
                "country": code,
                "joined_on": None,
                "joined_on_precision": Precision.DAY,
                "left_on": None,
                "left_on_precision": Precision.DAY,
            }
            for code in sorted(set(members))
        ]


def read_dataset(directory):
    """Read and check the files; raise DatasetError listing every problem."""
    countries = dict(Country.objects.values_list("iso2", "is_state"))
    if not countries:
        raise DatasetError(["no countries in the database: run `manage.py import_boundaries`"])
    reader = Reader(directory, countries).read()
    reader.check_references(Organisation.objects.values_list("slug", flat=True))
    if reader.problems:
        raise DatasetError(reader.problems)
    return reader


def provenance(instance):
    """'loader' when only the loader wrote `instance`, 'edited' when a person
    edited it since, 'editor' when a person created it."""
    history = instance.history.all()
    first = history.order_by("history_date", "history_id").first()
    if first is None or first.history_change_reason != CHANGE_REASON:
        return "editor"
    return "edited" if history.filter(history_user__isnull=False).exists() else "loader"


def stale_records(reader):
    """Records in the database that the files no longer hold."""
    yield from Agreement.objects.exclude(key__in=list(reader.agreements))
    yield from Organisation.objects.exclude(slug__in=list(reader.organisations))
    wanted = {
        (slug, member["country"], member["joined_on"])
        for slug, organisation in reader.organisations.items()
        for member in organisation["members"]
    }
    memberships = Membership.objects.filter(
        organisation__slug__in=list(reader.organisations)
    ).select_related("organisation", "country")
    for membership in memberships:
        key = (membership.organisation.slug, membership.country.iso2, membership.joined_on)
        if key not in wanted:
            yield membership


def prune(reader, counts, remove):
    """Find, and with `remove` delete, what the loader wrote and the files dropped.

    Only records the loader created and no person has edited since are
    candidates: an editor's own records and edits are never removed. Each
    deletion is recorded in history, so it can be restored from the admin.
    """
    for record in list(stale_records(reader)):
        origin = provenance(record)
        if origin == "editor":
            continue  # an editor's own record: not the loader's to judge
        if origin == "edited":
            counts.kept_edited += 1
            continue
        if remove:
            record._change_reason = CHANGE_REASON
            record.delete()
            counts.removed[record._meta.verbose_name_plural] += 1
        else:
            counts.stale += 1


def load_dataset(directory, prune_stale=False, take_file=False):
    """Check, then write the whole dataset in one transaction. Returns Counts.

    With `prune_stale`, records the loader wrote earlier that the files no
    longer hold are removed (see `prune`); without it they are only counted.
    A record a person changed since the last load keeps the person's values
    (each difference is a Conflict in the counts) unless `take_file`.
    """
    reader = read_dataset(directory)
    counts = Counts()
    with transaction.atomic():
        Writer(reader, counts, take_file=take_file).write()
        prune(reader, counts, remove=prune_stale)
    return counts
