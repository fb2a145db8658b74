"""Fixtures for the editors' side: users, and the admin's agreement form as POST data."""

import pytest
from django.contrib.auth.models import User

from relationships.editors import setup_editors


@pytest.fixture
def editor(db):
    """A staff user in the `editors` group, and nothing else."""
    group, _, _ = setup_editors()
    user = User.objects.create_user("editor", password="a long editor password", is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def agreement_form(world, agreement=None, parties=("GB", "JP"), **fields):
    """What the admin's agreement form posts: the agreement's fields and its party inline."""
    data = {
        "key": "gb-jp-test",
        "title": "A test agreement",
        "short_title": "Test agreement",
        "kind": "agreement",
        "legally_binding": "on",
        "status": "signed",
        "obligation": "cooperation",
        "domains": [world["training"].pk],
        "organisation": "",
        "signed_on": "2023-01-11",
        "signed_on_precision": "day",
        "in_force_on": "",
        "in_force_on_precision": "day",
        "ended_on": "",
        "ended_on_precision": "day",
        "summary": "",
        "note": "",
        "sources": [world["source"].pk],
    }
    existing = list(agreement.parties.all()) if agreement else []
    data.update(
        {
            "parties-TOTAL_FORMS": str(max(len(parties), len(existing))),
            "parties-INITIAL_FORMS": str(len(existing)),
            "parties-MIN_NUM_FORMS": "0",
            "parties-MAX_NUM_FORMS": "1000",
            # The suspensions inline, empty.
            "suspensions-TOTAL_FORMS": "0",
            "suspensions-INITIAL_FORMS": "0",
            "suspensions-MIN_NUM_FORMS": "0",
            "suspensions-MAX_NUM_FORMS": "1000",
        }
    )
    for index in range(max(len(parties), len(existing))):
        prefix = f"parties-{index}-"
        party = parties[index] if index < len(parties) else None
        if isinstance(party, str):
            party = {"country": party}
        if index < len(existing):
            data[prefix + "id"] = existing[index].pk
            data[prefix + "agreement"] = agreement.pk
        if party is None:
            data[prefix + "country"] = existing[index].country.pk
            data[prefix + "role"] = existing[index].role
            data[prefix + "DELETE"] = "on"
            continue
        data[prefix + "country"] = world["countries"][party["country"]].pk
        data[prefix + "role"] = party.get("role", "party")
        data[prefix + "joined_on"] = party.get("joined_on", "")
        data[prefix + "joined_on_precision"] = "day"
        data[prefix + "left_on"] = party.get("left_on", "")
        data[prefix + "left_on_precision"] = "day"
    data.update(fields)
    return data
