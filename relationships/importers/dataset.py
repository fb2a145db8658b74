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

from .. import planner, public_fields, rules
from ..models import (
    Agreement,
    AgreementParty,
    Country,
    Domain,
    ExerciseEdition,
    ExerciseLocation,
    ExerciseSeries,
    Membership,
    Obligation,
    Organisation,
    Precision,
    Presence,
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
PRESENCE_FIELDS = set(public_fields.PRESENCE_DATASET_FIELDS)
SERIES_FIELDS = set(public_fields.EXERCISE_SERIES_DATASET_FIELDS)
EDITION_FIELDS = set(public_fields.EDITION_DATASET_FIELDS)
LOCATION_FIELDS = set(public_fields.LOCATION_FIELDS)
HISTORICAL_STATE_FIELDS = set(public_fields.HISTORICAL_STATE_DATASET_FIELDS)
SUCCESSION_FIELDS = ("amends", "replaces", "renews")
HISTORICAL_STATES_FILE = "historical-states.yaml"
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
        self.presences = {}  # key -> record
        self.series = {}  # key -> record, with its editions
        self.edition_keys = set()
        self.historical_states = {}  # iso2 -> record

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
        states = self.directory / HISTORICAL_STATES_FILE
        if states.exists():
            records = self.load_file(states)
            if records is not None and not isinstance(records, list):
                self.problem(states, 1, "the historical states file is a list of states")
            for record in records if isinstance(records, list) else []:
                self.read_historical_state(states, record)
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
        # Forces abroad: optional directories, each file a list.
        for kind, read in (("presences", self.read_presence), ("exercises", self.read_series)):
            for path in sorted((self.directory / kind).glob("*.yaml")):
                records = self.load_file(path)
                if records is None:
                    continue
                if not isinstance(records, list):
                    self.problem(path, 1, f"a {kind} file is a list")
                    continue
                for record in records:
                    read(path, record)
        return self

    def key(self, path, record, seen, what):
        """The record's slug key, or None (reported) when it is no slug or used twice."""
        key = str(record["key"])
        if not SLUG.match(key):
            self.problem(path, self.line_of(record, "key"), f"key {key!r} is not a slug")
            return None
        if key in seen:
            self.problem(path, self.line_of(record, "key"), f"{what} key {key!r} used twice")
            return None
        return key

    def number(self, path, record, key, low, high, whole=False):
        """A number in [low, high] (a whole one with `whole`), or None when not given."""
        value = record.get(key)
        if value is None:
            return None
        kind = int if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
            what = "a whole number" if whole else "a number"
            self.problem(
                path,
                self.line_of(record, key),
                f"{key}: {value!r} is not {what} from {low} to {high}",
            )
            return None
        return value

    def point(self, path, record):
        """(latitude, longitude), each required and in range."""
        latitude = self.number(path, record, "latitude", -90, 90)
        longitude = self.number(path, record, "longitude", -180, 180)
        return (
            None if latitude is None else float(latitude),
            None if longitude is None else float(longitude),
        )

    def codes(self, path, record, key):
        """A list of country codes, each known and listed once."""
        items = record.get(key) or []
        if not isinstance(items, list):
            self.problem(path, self.line_of(record, key), f"{key} must be a list of country codes")
            return []
        codes = [self.country(path, record, key, item) for item in items]
        codes = [code for code in codes if code]
        self.broken(path, record, rules.listed_once(codes, key))
        return list(dict.fromkeys(codes))

    def text(self, record, key):
        return str(record.get(key) or "").strip()

    def slugs(self, path, record, key):
        items = record.get(key) or []
        if not isinstance(items, list):
            self.problem(path, self.line_of(record, key), f"{key} must be a list of slugs")
            return []
        return [str(item) for item in items]

    def read_presence(self, path, record):
        if not self.check_fields(
            path,
            record,
            PRESENCE_FIELDS,
            ["key", "name", "kind", "host", "latitude", "longitude"],
            "presence",
        ):
            return
        key = self.key(path, record, self.presences, "presence")
        if key is None:
            return
        started_on, started_precision = self.date(path, record, "started_on")
        ended_on, ended_precision = self.date(path, record, "ended_on")
        personnel_as_of, personnel_as_of_precision = self.date(path, record, "personnel_as_of")
        operators = self.codes(path, record, "operators")
        organisation = record.get("organisation")
        self.broken(
            path,
            record,
            rules.presence_dates(
                started_on=started_on, ended_on=ended_on, ended_precision=ended_precision
            )
            + rules.operated(operators=operators, organisation=organisation),
        )
        latitude, longitude = self.point(path, record)
        self.presences[key] = {
            "key": key,
            "name": " ".join(str(record["name"]).split()),
            "kind": self.choice(path, record, "kind", Presence.Kind.values),
            "host": self.country(path, record, "host", record["host"]),
            "operators": operators,
            "organisation": organisation,
            "latitude": latitude,
            "longitude": longitude,
            "location_name": self.text(record, "location_name"),
            "started_on": started_on,
            "started_on_precision": started_precision,
            "ended_on": ended_on,
            "ended_on_precision": ended_precision,
            "personnel": self.number(path, record, "personnel", 0, 10_000_000, whole=True),
            "personnel_as_of": personnel_as_of,
            "personnel_as_of_precision": personnel_as_of_precision,
            "units": self.text(record, "units"),
            "agreement": record.get("agreement"),
            "summary": self.text(record, "summary"),
            "unverified": self.flag(path, record, "unverified"),
            "note": self.text(record, "note"),
            "sources": self.sources(path, record, "presence"),
            "path": path,
            "line": record.line,
        }

    def read_series(self, path, record):
        if not self.check_fields(path, record, SERIES_FIELDS, ["key", "name"], "exercise series"):
            return
        key = self.key(path, record, self.series, "exercise series")
        if key is None:
            return
        series = {
            "key": key,
            "name": " ".join(str(record["name"]).split()),
            "summary": self.text(record, "summary"),
            "organisation": record.get("organisation"),
            "unverified": self.flag(path, record, "unverified"),
            "note": self.text(record, "note"),
            "sources": self.sources(path, record, "exercise series"),
            "editions": [],
            "path": path,
            "line": record.line,
        }
        editions = record.get("editions") or []
        if not isinstance(editions, list):
            self.problem(path, self.line_of(record, "editions"), "editions must be a list")
            editions = []
        for edition in editions:
            self.read_edition(path, edition, series)
        self.series[key] = series

    def read_edition(self, path, record, series):
        if not self.check_fields(
            path, record, EDITION_FIELDS, ["key", "started_on"], "exercise edition"
        ):
            return
        key = self.key(path, record, self.edition_keys, "exercise edition")
        if key is None:
            return
        self.edition_keys.add(key)
        started_on, started_precision = self.date(path, record, "started_on")
        ended_on, ended_precision = self.date(path, record, "ended_on")
        self.broken(
            path,
            record,
            rules.edition_dates(
                started_on=started_on, ended_on=ended_on, ended_precision=ended_precision
            ),
        )
        leads = self.codes(path, record, "leads")
        # The leads may be listed among the participants too: kept once.
        participants = list(dict.fromkeys(self.codes(path, record, "participants")))
        locations = []
        items = record.get("locations") or []
        if not isinstance(items, list):
            self.problem(path, self.line_of(record, "locations"), "locations must be a list")
            items = []
        for item in items:
            if not self.check_fields(
                path, item, LOCATION_FIELDS, ["name", "latitude", "longitude"], "location"
            ):
                continue
            country = None
            if item.get("country") is not None:
                country = self.country(path, item, "country", item["country"])
            latitude, longitude = self.point(path, item)
            locations.append(
                {
                    "name": " ".join(str(item["name"]).split()),
                    "country": country,
                    "latitude": latitude,
                    "longitude": longitude,
                }
            )
        name = record.get("name")
        if not name and started_on:
            name = f"{series['name']} {started_on.year}"
        series["editions"].append(
            {
                "key": key,
                "name": " ".join(str(name or series["name"]).split()),
                "started_on": started_on,
                "started_on_precision": started_precision,
                "ended_on": ended_on,
                "ended_on_precision": ended_precision,
                "leads": leads,
                "participants": participants,
                "hosts": self.codes(path, record, "hosts"),
                "organisations": self.slugs(path, record, "organisations"),
                "locations": locations,
                "personnel": self.number(path, record, "personnel", 0, 10_000_000, whole=True),
                "scale": self.text(record, "scale"),
                "summary": self.text(record, "summary"),
                "unverified": self.flag(path, record, "unverified"),
                "note": self.text(record, "note"),
                "sources": self.sources(path, record, "exercise edition"),
                "path": path,
                "line": record.line,
                "key_lines": record.key_lines,
            }
        )

    def read_historical_state(self, path, record):
        """A state that no longer exists, recorded as itself and shown as today's states."""
        if not self.check_fields(
            path, record, HISTORICAL_STATE_FIELDS, ["iso2", "iso3", "name", "dissolved_on"], "state"
        ):
            return
        code = str(record["iso2"]).strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", code):
            self.problem(path, self.line_of(record, "iso2"), f"iso2: {code!r} is not two letters")
            return
        if code in self.historical_states or self.countries.get(code) is True:
            self.problem(path, self.line_of(record, "iso2"), f"{code} is already a country")
            return
        shown_as = record.get("shown_as") or []
        if not isinstance(shown_as, list):
            self.problem(path, self.line_of(record, "shown_as"), "shown_as must be a list")
            shown_as = []
        codes = [self.country(path, record, "shown_as", item) for item in shown_as]
        dissolved_on, dissolved_precision = self.date(path, record, "dissolved_on")
        self.historical_states[code] = {
            "iso3": str(record["iso3"]).strip().upper(),
            "name": str(record["name"]).strip(),
            "official_name": str(record.get("official_name") or "").strip(),
            # The last day it existed: a month or a year counts to its end.
            "dissolved_on": rules.period_end(dissolved_on, dissolved_precision),
            "shown_as": [c for c in codes if c],
        }
        self.countries[code] = False

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
            party = self.party(
                path, record, item, signed_on or in_force_on, ended_on, ended_precision
            )
            if party:
                parties.append(party)
        violations = rules.parties([party["code"] for party in parties])
        if record.get("parties_from"):  # the organisation's members, found when writing
            violations = [v for v in violations if v.code != "too_few_parties"]
        obligation = self.choice(
            path, record, "obligation", Obligation.values, Obligation.COOPERATION
        )
        violations += rules.roles(
            obligation=obligation,
            roles=[party["role"] for party in parties if party["country"]],
        )
        self.broken(path, record, violations)
        given = sorted(
            (name for name in SUCCESSION_FIELDS if record.get(name)),
            key=lambda name: self.line_of(record, name),
        )
        if len(given) > 1:
            self.problem(
                path, self.line_of(record, given[1]), "give one of amends, replaces, renews"
            )
        predecessor = str(record[given[0]]).strip() if given else None
        if predecessor == key:
            self.problem(path, self.line_of(record, given[0]), rules.SUCCESSION_INCOMPLETE)
        self.agreements[key] = {
            "key": key,
            "title": " ".join(str(record["title"]).split()),
            "short_title": str(record.get("short_title") or "").strip(),
            "kind": kind,
            "legally_binding": bool(binding),
            "status": status,
            "obligation": obligation,
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
            "predecessor": predecessor,
            "succession": given[0] if given else "",
            "path": path,
            "line": record.line,
            "succession_line": self.line_of(record, given[0]) if given else record.line,
        }

    def party(self, path, record, item, starts_on, ended_on, ended_precision):
        """One party: a country code, or a mapping with `country` or `organisation`."""
        party = {
            "country": None,
            "organisation": None,
            "role": "party",
            "joined_on": None,
            "joined_on_precision": Precision.DAY,
            "left_on": None,
            "left_on_precision": Precision.DAY,
        }
        if not isinstance(item, dict):
            party["country"] = self.country(path, record, "parties", item)
            party["code"] = party["country"]
            return party if party["country"] else None
        if not self.check_fields(path, item, PARTY_FIELDS, [], "party"):
            return None
        if bool(item.get("country")) == bool(item.get("organisation")):
            self.problem(path, self.line_of(item), rules.PARTY_IS_ONE_THING)
            return None
        if item.get("country"):
            party["country"] = self.country(path, item, "country", item["country"])
            party["code"] = party["country"]
            if party["country"] is None:
                return None
        else:
            slug = str(item["organisation"]).strip()
            party["organisation"] = slug
            party["code"] = f"org:{slug}"
            party["line"] = self.line_of(item, "organisation")
        party["role"] = self.choice(
            path, item, "role", AgreementParty.Role.values, AgreementParty.Role.PARTY
        )
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
                starts_on=starts_on,
                ended_on=ended_on,
                ended_precision=ended_precision,
            ),
        )
        party.update(
            joined_on=joined_on,
            joined_on_precision=joined_precision,
            left_on=left_on,
            left_on_precision=left_precision,
        )
        return party

    def check_references(self, known_organisations, known_agreements=()):
        slugs = set(self.organisations) | set(known_organisations)
        keys = set(self.agreements) | set(known_agreements)
        agreement_keys = keys

        def at(record, key):
            return record.get("key_lines", {}).get(key, record["line"])

        for presence in self.presences.values():
            slug = presence["organisation"]
            if slug and slug not in slugs:
                self.problem(
                    presence["path"],
                    presence["line"],
                    f"organisation: unknown organisation {slug!r}",
                )
            key = presence["agreement"]
            if key and key not in agreement_keys:
                self.problem(presence["path"], presence["line"], f"agreement: unknown key {key!r}")
        for series in self.series.values():
            slug = series["organisation"]
            if slug and slug not in slugs:
                self.problem(
                    series["path"], series["line"], f"organisation: unknown organisation {slug!r}"
                )
            for edition in series["editions"]:
                for slug in edition["organisations"]:
                    if slug not in slugs:
                        self.problem(
                            edition["path"],
                            at(edition, "organisations"),
                            f"organisations: unknown organisation {slug!r}",
                        )
        for agreement in self.agreements.values():
            for party in agreement["parties"]:
                if party["organisation"] and party["organisation"] not in slugs:
                    self.problem(
                        agreement["path"],
                        party["line"],
                        f"organisation: unknown organisation {party['organisation']!r}",
                    )
            if agreement["predecessor"] and agreement["predecessor"] not in keys:
                self.problem(
                    agreement["path"],
                    agreement["succession_line"],
                    f"{agreement['succession']}: unknown agreement {agreement['predecessor']!r}",
                )
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


def deleted_by_a_person(model, lookup):
    """The history record of a person's deletion of the row `lookup` finds, when that is
    the latest thing that happened to such a row; else None."""
    latest = model.history.filter(**lookup).order_by("-history_date", "-history_id").first()
    if latest is None or latest.history_type != "-":
        return None
    return None if latest.history_change_reason == CHANGE_REASON else latest


def report_row(instance, counts, edit, file_value, database_value):
    """A Conflict over a whole row: one the files hold and a person deleted, or one a
    person added (or changed) that the files do not hold."""
    counts.conflicts.append(
        Conflict(
            model=instance._meta.verbose_name,
            record=str(instance),
            field="row",
            file_value=file_value,
            database_value=database_value,
            who=edit.history_user.get_username() if edit.history_user else "someone (no user)",
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

    def deleted_by_a_person(self, model, lookup):
        """True, and the conflict reported, when a person deleted the row the files hold
        (a party, a member, a suspension): theirs to bring back, not the loader's."""
        deletion = None if self.take_file else deleted_by_a_person(model, lookup)
        if deletion is not None:
            report_row(model(**lookup), self.counts, deletion, "present", "deleted")
        return deletion is not None

    def source(self, data):
        if data["url"] not in self.source_cache:
            values = {k: v for k, v in data.items() if k != "url"}
            self.source_cache[data["url"]] = self.upsert(
                Source, self.counts, {"url": data["url"]}, values
            )
        return self.source_cache[data["url"]]

    def write_historical_states(self):
        for code, data in self.reader.historical_states.items():
            values = {k: v for k, v in data.items() if k != "shown_as"}
            state = upsert(Country, self.counts, {"iso2": code}, {**values, "is_state": False})
            self.countries[code] = state
        for code, data in self.reader.historical_states.items():
            sync_m2m(self.countries[code].shown_as, [self.countries[c] for c in data["shown_as"]])

    def write(self):
        self.write_historical_states()
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
                lookup = {
                    "organisation": organisation,
                    "country": self.countries[member["country"]],
                    "joined_on": member["joined_on"],
                }
                if self.deleted_by_a_person(Membership, lookup):
                    continue
                membership = self.upsert(Membership, self.counts, lookup, values)
                self.sync(membership.sources, [self.source(s) for s in member["sources"]])
            self.write_suspensions({"organisation": organisation}, data["suspensions"])
        written = {}
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
                    "predecessor",
                    "succession",
                    "succession_line",
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
            kept = []
            for party in parties:
                if party["country"]:
                    lookup = {"country": self.countries[party["country"]]}
                else:
                    slug = party["organisation"]
                    lookup = {
                        "organisation": organisations.get(slug)
                        or Organisation.objects.get(slug=slug)
                    }
                values = {
                    k: v
                    for k, v in party.items()
                    if k not in {"country", "organisation", "code", "line"}
                }
                lookup = {"agreement": agreement, **lookup}
                if self.deleted_by_a_person(AgreementParty, lookup):
                    continue
                kept.append(self.upsert(AgreementParty, self.counts, lookup, values).pk)
            dropped = AgreementParty.objects.filter(agreement=agreement).exclude(pk__in=kept)
            for party in dropped:
                edit = None if self.take_file else edited_since_load(party)
                if edit is not None:  # a party a person added or changed: theirs to remove
                    report_conflicts(party, self.counts, ["agreement"], {"agreement": None}, edit)
                    continue
                party._change_reason = CHANGE_REASON
                party.delete()
            self.write_suspensions({"agreement": agreement}, data["suspensions"])
            written[data["key"]] = agreement
        # An agreement may follow one written after it: the links come once all are written.
        for key, data in self.reader.agreements.items():
            predecessor = None
            if data["predecessor"]:
                predecessor = written.get(data["predecessor"]) or Agreement.objects.get(
                    key=data["predecessor"]
                )
            agreement = written[key]
            wanted = {"predecessor": predecessor, "succession": data["succession"]}
            changed = [
                name
                for name, value in (
                    ("predecessor", predecessor and predecessor.pk),
                    ("succession", data["succession"]),
                )
                if getattr(agreement, f"{name}_id" if name == "predecessor" else name) != value
            ]
            edit = edited_since_load(agreement) if changed and not self.take_file else None
            if edit is not None:  # a link a person set or removed stays theirs
                report_conflicts(agreement, self.counts, changed, wanted, edit)
            elif changed:
                agreement.predecessor, agreement.succession = predecessor, data["succession"]
                agreement._change_reason = CHANGE_REASON
                agreement.save(update_fields=["predecessor", "succession"])
        self.write_forces(organisations)

    def organisation(self, organisations, slug):
        if not slug:
            return None
        return organisations.get(slug) or Organisation.objects.get(slug=slug)

    def write_forces(self, organisations):
        """Presences, and exercise series with their editions and locations."""
        agreements = dict(
            Agreement.objects.filter(
                key__in=[p["agreement"] for p in self.reader.presences.values() if p["agreement"]]
            ).values_list("key", "pk")
        )
        drop = {"key", "operators", "sources", "path", "line", "key_lines"}
        for data in self.reader.presences.values():
            values = {k: v for k, v in data.items() if k not in drop}
            values["host"] = self.countries[data["host"]]
            values["organisation"] = self.organisation(organisations, data["organisation"])
            values["agreement_id"] = agreements.get(data["agreement"])
            del values["agreement"]
            presence = upsert(Presence, self.counts, {"key": data["key"]}, values)
            sync_m2m(presence.operators, [self.countries[c] for c in data["operators"]])
            sync_m2m(presence.sources, [self.source(s) for s in data["sources"]])
        for data in self.reader.series.values():
            values = {k: v for k, v in data.items() if k not in drop | {"editions"}}
            values["organisation"] = self.organisation(organisations, data["organisation"])
            series = upsert(ExerciseSeries, self.counts, {"key": data["key"]}, values)
            sync_m2m(series.sources, [self.source(s) for s in data["sources"]])
            for edition in data["editions"]:
                self.write_edition(series, edition, organisations)

    def write_edition(self, series, data, organisations):
        many = {"leads", "participants", "hosts", "organisations", "locations", "sources"}
        values = {
            k: v for k, v in data.items() if k not in many | {"key", "path", "line", "key_lines"}
        }
        edition = upsert(
            ExerciseEdition, self.counts, {"key": data["key"]}, {"series": series, **values}
        )
        for name in ("leads", "participants", "hosts"):
            sync_m2m(getattr(edition, name), [self.countries[c] for c in data[name]])
        sync_m2m(
            edition.organisations,
            [self.organisation(organisations, s) for s in data["organisations"]],
        )
        sync_m2m(edition.sources, [self.source(s) for s in data["sources"]])
        # Locations have no key of their own: matched by their place in the list.
        existing = list(edition.locations.order_by("id"))
        for index, location in enumerate(data["locations"]):
            values = {**location, "country": self.countries.get(location["country"])}
            if index < len(existing):
                current = existing[index]
                changed = [k for k, v in values.items() if getattr(current, k) != v]
                if changed:
                    for k in changed:
                        setattr(current, k, values[k])
                    current._change_reason = CHANGE_REASON
                    current.save(update_fields=changed)
                    self.counts.updated["exercise locations"] += 1
                else:
                    self.counts.unchanged["exercise locations"] += 1
            else:
                created = ExerciseLocation(edition=edition, **values)
                created._change_reason = CHANGE_REASON
                created.save()
                self.counts.created["exercise locations"] += 1
        for stale in existing[len(data["locations"]) :]:
            stale._change_reason = CHANGE_REASON
            stale.delete()

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
            if self.deleted_by_a_person(Suspension, lookup):
                continue
            suspension = self.upsert(Suspension, self.counts, lookup, values)
            self.sync(suspension.sources, [self.source(s) for s in data["sources"]])
            kept.append(suspension.pk)
        for stale in Suspension.objects.filter(**record).exclude(pk__in=kept):
            edit = None if self.take_file else edited_since_load(stale)
            if edit is not None:  # one a person added or changed: theirs to remove
                report_row(stale, self.counts, edit, "absent", "present")
                continue
            stale._change_reason = CHANGE_REASON
            stale.delete()

    def parties_from(self, data):
        members = members_on(data["parties_from"], data["signed_on"] or data["in_force_on"])
        return [
            {
                "country": code,
                "organisation": None,
                "role": "party",
                "joined_on": None,
                "joined_on_precision": Precision.DAY,
                "left_on": None,
                "left_on_precision": Precision.DAY,
            }
            for code in sorted(set(members))
        ]


def members_on(slug, date):
    """The ISO codes of the organisation's full members on `date` (`parties_from`)."""
    return (
        Membership.objects.filter(organisation__slug=slug, role=Membership.Role.MEMBER)
        .filter(membership_valid_on(date))
        .values_list("country__iso2", flat=True)
    )


def read_dataset(directory):
    """Read and check the files; raise DatasetError listing every problem."""
    countries = dict(Country.objects.values_list("iso2", "is_state"))
    if not countries:
        raise DatasetError(["no countries in the database: run `manage.py import_boundaries`"])
    reader = Reader(directory, countries).read()
    reader.check_references(
        Organisation.objects.values_list("slug", flat=True),
        Agreement.objects.values_list("key", flat=True),
    )
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
    yield from Presence.objects.exclude(key__in=list(reader.presences))
    editions = {e["key"] for s in reader.series.values() for e in s["editions"]}
    yield from ExerciseEdition.objects.exclude(key__in=list(editions))
    yield from ExerciseSeries.objects.exclude(key__in=list(reader.series))
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
    planner.analyse()  # the planner learns the new row counts now, not when autovacuum runs
    return counts
