"""Successive instruments (issue 12, change 7): an agreement that amends, renews or
replaces another links to it, and both show the link."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relationships.models import Agreement

from .test_load_dataset import write

D = datetime.date


@pytest.fixture
def replacement(world):
    """A 2030 agreement replacing the UK-Japan RAA."""
    later = Agreement.objects.create(
        key="gb-jp-raa-2030",
        title="A new access agreement",
        short_title="RAA 2030",
        kind="agreement",
        status="signed",
        signed_on=D(2030, 1, 1),
        predecessor=world["raa"],
        succession="replaces",
    )
    later.sources.add(world["source"])
    later.parties.create(country=world["countries"]["GB"])
    later.parties.create(country=world["countries"]["JP"])
    return later


@pytest.mark.django_db
def test_the_agreement_detail_shows_both_directions(client, world, replacement):
    later = client.get(f"/api/agreements/{replacement.pk}/").json()
    assert later["predecessor"]["key"] == "gb-jp-raa"
    assert later["succession"] == "replaces"
    earlier = client.get(f"/api/agreements/{world['raa'].pk}/").json()
    assert earlier["predecessor"] is None
    assert [(s["key"], s["succession"]) for s in earlier["successors"]] == [
        ("gb-jp-raa-2030", "replaces")
    ]


@pytest.mark.django_db
def test_the_relationship_ties_name_the_earlier_and_the_later_instrument(
    client, world, replacement
):
    body = client.get("/api/countries/GB/relationships/JP/?as_of=2031-01-01").json()
    ties = {a["key"]: a for a in body["agreements"]}
    assert ties["gb-jp-raa"]["successor"] == {
        "key": "gb-jp-raa-2030",
        "label": "RAA 2030",
        "succession": "replaces",
    }
    assert ties["gb-jp-raa-2030"]["predecessor"] == {
        "key": "gb-jp-raa",
        "label": "UK-Japan Reciprocal Access Agreement",
        "succession": "replaces",
    }
    assert ties["gb-jp-raa-2030"]["successor"] is None


@pytest.mark.django_db
def test_a_link_needs_its_kind_and_cannot_point_at_itself(world):
    raa = world["raa"]
    raa.predecessor = raa
    raa.succession = "amends"
    with pytest.raises(Exception, match="cannot follow itself"):
        raa.full_clean()
    raa.predecessor, raa.succession = world["raa"], ""
    with pytest.raises(Exception, match="how this one follows it"):
        raa.full_clean()


TWO = """\
- key: later
  title: The later agreement
  kind: agreement
  status: signed
  signed_on: 2021-07
  replaces: earlier
  parties: [GB, JP]
  sources:
    - url: https://www.example.org/later
      title: A page
      publisher: A government
      accessed_on: 2026-11-22
- key: earlier
  title: The earlier agreement
  kind: agreement
  status: signed
  signed_on: 2015-12
  parties: [GB, JP]
  sources:
    - url: https://www.example.org/later
      title: A page
      publisher: A government
      accessed_on: 2026-11-22
"""


@pytest.mark.django_db
def test_the_loader_links_to_an_agreement_written_after_it(tmp_path, world):
    write(tmp_path, "agreements/a.yaml", TWO)
    call_command("load_dataset", dir=tmp_path)
    later = Agreement.objects.get(key="later")
    assert (later.predecessor.key, later.succession) == ("earlier", "replaces")
    call_command("load_dataset", dir=tmp_path)
    assert Agreement.objects.get(key="later").history.count() == later.history.count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, message, line",
    [
        ("  replaces: nowhere\n", "replaces: unknown agreement 'nowhere'", 6),
        ("  replaces: earlier\n  amends: earlier\n", "give one of amends, replaces, renews", 7),
        ("  replaces: later\n", "or neither; an agreement cannot follow itself", 6),
    ],
)
def test_the_loader_refuses_a_bad_link_with_file_and_line(tmp_path, world, change, message, line):
    write(tmp_path, "agreements/a.yaml", TWO.replace("  replaces: earlier\n", change))
    with pytest.raises(CommandError) as error:
        call_command("load_dataset", dir=tmp_path)
    assert f"a.yaml:{line}: " in str(error.value)
    assert message in str(error.value)
    assert not Agreement.objects.filter(key="later").exists()


@pytest.mark.django_db
def test_deleting_an_earlier_instrument_unlinks_the_later_one_whole(
    admin_client, world, replacement
):
    # The link went (predecessor set to null) but its kind stayed, which the
    # database refuses: the delete failed with an IntegrityError.
    response = admin_client.post(
        f"/admin/relationships/agreement/{world['raa'].pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Agreement.objects.filter(key="gb-jp-raa").exists()
    replacement.refresh_from_db()
    assert (replacement.predecessor, replacement.succession) == (None, "")
