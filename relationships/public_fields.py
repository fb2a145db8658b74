"""An agreement's public fields: one list, and what each format adds to it.

The API (read and write), the CSV export and the admin's import/export all
show an agreement through the list below. A new public field is added to
`AGREEMENT_FIELDS` once; each format's own additions (an id, the parties as
codes, a date's precision folded into the date) are declared here beside it,
so none of them can miss the field, and a test checks that each format's
columns are the list plus its additions.
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


# The API: the list's rows carry the id; one agreement adds its text, parties
# and sources (the write serializer takes the same).
API_FIELDS = extend(AGREEMENT_FIELDS, first=["id"])
API_DETAIL_ADDITIONS = ["summary", "note", "parties", "sources"]
API_WRITE_FIELDS = extend(AGREEMENT_FIELDS, last=API_DETAIL_ADDITIONS)

# The CSV export (`/api/agreements.csv`): parties as ISO codes and sources as
# URLs, each joined with `;`.
CSV_COLUMNS = extend(
    AGREEMENT_FIELDS, first=["id"], after={"domains": ["parties"]}, last=["sources"]
)

# The admin's CSV/XLSX import and export: the dataset's shape, where a date's
# precision is written in the date itself (`2022-12`), so no precision columns.
IMPORT_EXPORT_FIELDS = extend(
    AGREEMENT_FIELDS,
    after={"organisation": ["parties"], "ended_on": ["summary"], "unverified": ["note"]},
    last=["sources"],
    drop=[name for name in AGREEMENT_FIELDS if name.endswith("_precision")],
)

# The dataset's YAML files: the import's fields, and `parties_from` (an
# organisation whose members are the parties).
DATASET_FIELDS = [*IMPORT_EXPORT_FIELDS, "parties_from"]
