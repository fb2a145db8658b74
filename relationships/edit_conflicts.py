"""Two editors, one record: a form saved over a change made after it was opened.

A record's *version* names its latest history entry (django-simple-history
writes one on every save, whoever saves: the admin, the API, the loader),
and the latest history entry of each kind of row edited with it (an
agreement's parties and suspensions, an organisation's members). The admin's
change form carries the version it was opened at; when the version on
saving is another, the save is refused and `changes_since` says what changed
meanwhile, field by field, with who changed it and when, read from the
history. The API's `If-Match` (api/preconditions.py) is the same rule.
"""

from django.db.models import Max

VERSION_SEPARATOR = "."


def history_of(model):
    history = getattr(model, "history", None)
    return history.model if history is not None else None


def record_version(instance, children=()):
    """The version of `instance` and its `children` ((history model, foreign key attname))."""
    latest = instance.history.aggregate(latest=Max("history_id"))["latest"] or 0
    parts = [latest]
    for history, attname in children:
        found = history.objects.filter(**{attname: instance.pk}).aggregate(latest=Max("history_id"))
        parts.append(found["latest"] or 0)
    return VERSION_SEPARATOR.join(str(part) for part in parts)


def parse_version(version, children):
    try:
        parts = [int(part) for part in str(version).split(VERSION_SEPARATOR)]
    except ValueError:
        return None
    return parts if len(parts) == 1 + len(children) else None


def _shown(value):
    return "(empty)" if value is None or value == "" else repr(str(value))


def _by(entry):
    who = entry.history_user.get_username() if entry.history_user else "someone (no user)"
    return f"by {who} on {entry.history_date:%Y-%m-%d %H:%M} UTC"


def _value(entry, field):
    """A field's value in a history entry, as an editor reads it."""
    if field.many_to_many:
        target = field.m2m_reverse_field_name()
        return ", ".join(
            sorted(str(getattr(row, target)) for row in getattr(entry, field.name).all())
        )
    value = getattr(entry, field.attname)
    if field.is_relation and value is not None:
        related = field.related_model._base_manager.filter(pk=value).first()
        return related if related is not None else value
    return value


def changes_since(instance, version, children=()):
    """One line per change since `version`: each field (its value then, now, who and
    when), then each row of a child kind added, changed or deleted."""
    opened = parse_version(version, children)
    if opened is None:
        return ["The form's version is not one this record had."]
    lines = []
    entries = list(instance.history.filter(history_id__gte=opened[0]).order_by("history_id"))
    if entries and entries[0].history_id == opened[0]:
        base, later = entries[0], entries[1:]
        last_change = {}
        previous = base
        for entry in later:
            for change in entry.diff_against(previous).changes:
                last_change[change.field] = entry
            previous = entry
        for field in instance._meta.get_fields():
            if field.name not in last_change:
                continue
            lines.append(
                f"{str(field.verbose_name).capitalize()}: when you opened it "
                f"{_shown(_value(base, field))}, now {_shown(_value(previous, field))} "
                f"(changed {_by(last_change[field.name])})"
            )
    elif entries:
        lines.append(f"The record was changed {_by(entries[-1])}.")
    kinds = {"+": "added", "~": "changed", "-": "deleted"}
    for (history, attname), since in zip(children, opened[1:], strict=True):
        rows = history.objects.filter(**{attname: instance.pk, "history_id__gt": since})
        label = str(history.instance_type._meta.verbose_name_plural).capitalize()
        for entry in rows.order_by("history_id"):
            lines.append(
                f"{label}: {str(entry.instance)!r} {kinds[entry.history_type]} {_by(entry)}"
            )
    return lines
