"""Template filters of the record pages."""

from django import template
from django.utils.dateformat import format as format_date

register = template.Library()

FORMATS = {"day": "j F Y", "month": "F Y", "year": "Y"}


@register.filter
def dated(value, precision="day"):
    """A date at the precision it is known to: "11 January 2023", "July 2021", "2015"."""
    if value is None:
        return ""
    return format_date(value, FORMATS.get(precision or "day", FORMATS["day"]))
