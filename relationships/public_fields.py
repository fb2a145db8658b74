"""Each record's public fields: one list, and what each format adds to it.

The API (read and write), the CSV export, the admin's import/export and the
dataset files all show an agreement through `AGREEMENT_FIELDS`. A new public
field is added there once; each format's own additions (an id, the parties
as codes, a date's precision folded into the date) are declared beside it, so
no format can miss the field, and a test checks that each format's columns
are the list plus its additions. Memberships, parties, organisations and
sources follow the same pattern below.
"""

AGREEMENT_FIELDS = [
    "key",
    "title",
    "short_title",
    "kind",
    "legally_binding",
    "status",
    "obligation",
    "organisation",
    "domains",
    "signed_on",
    "signed_on_precision",
    "in_force_on",
    "in_force_on_precision",
    "ended_on",
    "ended_on_precision",
    "unverified",
]


def extend(fields, *, first=(), after=None, last=(), drop=()):
    """`fields` in order, less `drop`, with `first`, `last` and `after[name]` placed around them."""
    after = after or {}
    unknown = (set(after) | set(drop)) - set(fields)
    if unknown:
        raise ValueError(f"not in the list: {', '.join(sorted(unknown))}")
    middle = []
    for name in fields:
        if name not in drop:
            middle.append(name)
        middle.extend(after.get(name, []))
    return [*first, *middle, *last]


def precisions(fields):
    """The precision fields: files write a date's precision in the date itself (`2022-12`)."""
    return [name for name in fields if name.endswith("_precision")]


def without_precisions(fields):
    return extend(fields, drop=precisions(fields))


# The API: the list's rows carry the id; one agreement adds its text, parties
# and sources (the write serializer takes the same).
AGREEMENT_API_FIELDS = extend(AGREEMENT_FIELDS, first=["id"])
AGREEMENT_API_DETAIL_ADDITIONS = ["summary", "note", "parties", "sources"]
AGREEMENT_API_WRITE_FIELDS = extend(AGREEMENT_FIELDS, last=AGREEMENT_API_DETAIL_ADDITIONS)
# The detail also links the agreement to the instruments it follows and that follow it.
AGREEMENT_API_SUCCESSION_FIELDS = ["predecessor", "succession", "successors"]

# The CSV export (`/api/agreements.csv`): parties as ISO codes, and the text and
# sources of the detail; each source's URL, title and publisher in three
# columns joined with `;`, in the same order (the n-th title is the n-th URL's).
AGREEMENT_CSV_SOURCE_COLUMNS = ["sources", "source_titles", "source_publishers"]
AGREEMENT_CSV_COLUMNS = extend(
    AGREEMENT_FIELDS,
    first=["id"],
    after={"domains": ["parties"]},
    last=["summary", "note", *AGREEMENT_CSV_SOURCE_COLUMNS],
)

# The admin's CSV/XLSX import and export: the dataset's shape, where a date's
# precision is written in the date itself (`2022-12`), so no precision columns.
AGREEMENT_IMPORT_EXPORT_FIELDS = extend(
    AGREEMENT_FIELDS,
    after={"organisation": ["parties"], "ended_on": ["summary"], "unverified": ["note"]},
    last=["sources"],
    drop=precisions(AGREEMENT_FIELDS),
)

# The dataset's YAML files: the import's fields, and `parties_from` (an
# organisation whose members are the parties).
# `amends`, `replaces` and `renews` name the earlier agreement's key (one of them).
AGREEMENT_DATASET_FIELDS = [
    *AGREEMENT_IMPORT_EXPORT_FIELDS,
    "parties_from",
    "suspensions",
    "amends",
    "replaces",
    "renews",
]


# A country's role in an organisation over a period.
MEMBERSHIP_FIELDS = [
    "role",
    "joined_on",
    "joined_on_precision",
    "left_on",
    "left_on_precision",
    "unverified",
    "note",
]
# In the API: under a country (with its organisation), under an organisation
# (with its country and sources), and as written (both, by key).
MEMBERSHIP_OF_COUNTRY_FIELDS = extend(MEMBERSHIP_FIELDS, first=["organisation"])
MEMBER_OF_ORGANISATION_FIELDS = extend(MEMBERSHIP_FIELDS, first=["country"], last=["sources"])
MEMBERSHIP_WRITE_FIELDS = extend(
    MEMBERSHIP_FIELDS, first=["id", "organisation", "country"], last=["sources"]
)
# The API's CSV export (`/api/memberships.csv`): organisation and country by
# slug and ISO code, sources as URLs joined with `;`.
MEMBERSHIP_CSV_COLUMNS = extend(
    MEMBERSHIP_FIELDS, first=["id", "organisation", "country"], last=["sources"]
)
MEMBERSHIP_IMPORT_EXPORT_FIELDS = extend(
    MEMBERSHIP_FIELDS,
    first=["organisation", "country"],
    last=["sources"],
    drop=precisions(MEMBERSHIP_FIELDS),
)
# In an organisation's file, a member under `members:`.
MEMBER_DATASET_FIELDS = extend(
    MEMBERSHIP_FIELDS, first=["country"], last=["sources"], drop=precisions(MEMBERSHIP_FIELDS)
)

# A party to an agreement, with its own dates when it joined later or left, and its
# role (a side of a one-way commitment). The API and the files name an
# organisation as a party beside the country (one of the two is given).
PARTY_FIELDS = [
    "country",
    "role",
    "joined_on",
    "joined_on_precision",
    "left_on",
    "left_on_precision",
]
PARTY_API_FIELDS = extend(PARTY_FIELDS, after={"country": ["organisation"]})
PARTY_DATASET_FIELDS = extend(without_precisions(PARTY_FIELDS), after={"country": ["organisation"]})

ORGANISATION_FIELDS = [
    "slug",
    "name",
    "short_name",
    "kind",
    "obligation",
    "founded_on",
    "founded_on_precision",
    "dissolved_on",
    "dissolved_on_precision",
    "unverified",
]
ORGANISATION_DETAIL_ADDITIONS = ["summary", "note", "sources"]
ORGANISATION_DATASET_FIELDS = [
    *without_precisions(ORGANISATION_FIELDS),
    *ORGANISATION_DETAIL_ADDITIONS,
    "members",
    "suspensions",
]

# A suspension in the dataset (under an agreement or an organisation).
SUSPENSION_DATASET_FIELDS = ["country", "partner", "suspended_on", "lifted_on", "note", "sources"]

SOURCE_FIELDS = [
    "url",
    "title",
    "publisher",
    "published_on",
    "published_on_precision",
    "accessed_on",
]
SOURCE_API_FIELDS = extend(SOURCE_FIELDS, first=["id"])
SOURCE_DATASET_FIELDS = without_precisions(SOURCE_FIELDS)

# Forces abroad (`forces.py`): a presence, and an exercise series with its
# dated editions and their locations.
PRESENCE_FIELDS = [
    "key",
    "name",
    "kind",
    "host",
    "operators",
    "organisation",
    "latitude",
    "longitude",
    "location_name",
    "started_on",
    "started_on_precision",
    "ended_on",
    "ended_on_precision",
    "personnel",
    "personnel_as_of",
    "personnel_as_of_precision",
    "units",
    "agreement",
    "summary",
    "unverified",
    "note",
    "sources",
]
PRESENCE_DATASET_FIELDS = without_precisions(PRESENCE_FIELDS)
PRESENCE_API_FIELDS = extend(PRESENCE_FIELDS, after={"kind": ["kind_label"]})
# A marker on the map (the GeoJSON's properties).
PRESENCE_MAP_PROPERTIES = ["key", "name", "kind", "host", "operators", "organisation", "unverified"]
PRESENCE_IMPORT_EXPORT_FIELDS = PRESENCE_DATASET_FIELDS
# The CSV export: codes for countries, slug and key for organisation and
# agreement, source URLs; several values joined with `;`.
PRESENCE_CSV_COLUMNS = extend(PRESENCE_FIELDS, after={"kind": ["kind_label"]})

EXERCISE_SERIES_DATASET_FIELDS = [
    "key",
    "name",
    "summary",
    "organisation",
    "unverified",
    "note",
    "sources",
    "editions",
]
EDITION_FIELDS = [
    "key",
    "name",
    "series",
    "started_on",
    "started_on_precision",
    "ended_on",
    "ended_on_precision",
    "leads",
    "participants",
    "hosts",
    "organisations",
    "locations",
    "personnel",
    "scale",
    "summary",
    "unverified",
    "note",
    "sources",
]
EDITION_DATASET_FIELDS = extend(without_precisions(EDITION_FIELDS), drop=["series"])
EDITION_IMPORT_EXPORT_FIELDS = without_precisions(EDITION_FIELDS)
EDITION_API_FIELDS = EDITION_FIELDS
EDITION_CSV_COLUMNS = EDITION_FIELDS
EDITION_MAP_PROPERTIES = ["key", "name", "series", "started_on", "ended_on", "hosts", "leads"]
LOCATION_FIELDS = ["name", "country", "latitude", "longitude"]
# A state that no longer exists (fixtures/dataset/historical-states.yaml): its
# codes, name, last day, and today's states it is shown as on the map.
HISTORICAL_STATE_DATASET_FIELDS = [
    "iso2",
    "iso3",
    "name",
    "official_name",
    "dissolved_on",
    "shown_as",
]
