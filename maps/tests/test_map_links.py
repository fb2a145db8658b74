"""Links to the map in a given state: the keys the page reads, built in one place."""

import re
from pathlib import Path

from maps.links import KEYS, map_url

SCRIPTS = Path(__file__).resolve().parents[2] / "static" / "maps" / "js"


def test_a_link_names_the_focus_then_the_selection():
    assert map_url(focus="GB", country="JP") == "/?focus=GB&country=JP"


def test_a_link_to_an_organisation_and_a_partner_uses_the_page_keys():
    url = map_url(focus="FR", organisation="nato", country="IT", partner="DE")
    assert url == "/?focus=FR&org=nato&country=IT&partner=DE"


def test_empty_values_are_left_out():
    assert map_url(focus="GB", country=None) == "/?focus=GB"
    assert map_url() == "/"


def test_every_key_a_link_writes_is_one_the_page_reads():
    """A key renamed on the page alone would make every admin link open a blank state."""
    literals = set()
    for script in SCRIPTS.rglob("*.js"):
        literals |= set(re.findall(r"""["']([a-z_]+)["']""", script.read_text()))
    assert set(KEYS.values()) <= literals
