"""Query parameters shared by the endpoints, parsed with clear errors."""

import datetime

from django.utils import timezone
from rest_framework.exceptions import ValidationError

EARLIEST = datetime.date(1800, 1, 1)
LATEST = datetime.date(2200, 12, 31)


def parse_date(value, name):
    try:
        date = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError({name: f"{value!r} is not a date in the form YYYY-MM-DD."}) from None
    if not EARLIEST <= date <= LATEST:
        raise ValidationError({name: f"must be between {EARLIEST} and {LATEST}."})
    return date


def as_of(request, name="as_of"):
    """The date a view answers for: `?as_of=YYYY-MM-DD`, today by default."""
    value = request.query_params.get(name)
    if value in (None, ""):
        return timezone.localdate()
    return parse_date(value, name)


def codes(request, name):
    """A comma-separated (or repeated) parameter as a list of values."""
    values = []
    for raw in request.query_params.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return values


def choices(request, name, allowed):
    """A comma-separated list of values, each checked against `allowed`.

    `allowed` may be a callable, so that a database lookup happens only when
    the parameter is given.
    """
    values = codes(request, name)
    if not values:
        return values
    if callable(allowed):
        allowed = allowed()
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise ValidationError(
            {
                name: f"unknown value(s) {', '.join(map(repr, unknown))}; "
                f"allowed: {', '.join(sorted(allowed))}."
            }
        )
    return values


def one_of(request, name, allowed, default):
    """A single value from `allowed` (the first is the default), or a 400 naming `name`."""
    value = request.query_params.get(name) or default
    if value not in allowed:
        raise ValidationError({name: f"unknown value {value!r}; allowed: {', '.join(allowed)}."})
    return value
