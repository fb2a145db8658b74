"""Links to the map page in a given state: the one place on the server that knows its URL keys.

The page reads the same keys from its query string (`static/maps/js/state.js`):
`focus` colours the map by ties with a country, `org` by an organisation's
members, `country` selects a country and lists its relationships, and
`partner` narrows that list to one partner.
"""

from urllib.parse import urlencode

from django.urls import reverse

# Model-side names and the page's keys, in the order the page writes them.
KEYS = {"focus": "focus", "organisation": "org", "country": "country", "partner": "partner"}


def map_url(focus=None, *, organisation=None, country=None, partner=None):
    """The map page in a state: `map_url(focus="GB", country="JP")` is `/?focus=GB&country=JP`.

    Countries are ISO 3166-1 alpha-2 codes, an organisation its slug; empty values are left out.
    """
    given = {"focus": focus, "organisation": organisation, "country": country, "partner": partner}
    query = urlencode({KEYS[name]: value for name, value in given.items() if value})
    return reverse("maps:index") + (f"?{query}" if query else "")
