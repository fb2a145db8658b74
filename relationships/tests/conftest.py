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


@pytest.fixture
def forces(world):
    """Three presences (one ended) and one exercise series with two editions."""
    import datetime

    from relationships.models import (
        ExerciseEdition,
        ExerciseLocation,
        ExerciseSeries,
        Presence,
    )

    D = datetime.date
    c = world["countries"]

    def presence(key, host, operators, **fields):
        fields.setdefault("name", key)
        fields.setdefault("kind", "base")
        instance = Presence.objects.create(key=key, host=c[host], **fields)
        instance.operators.set([c[code] for code in operators])
        instance.sources.add(world["source"])
        return instance

    akrotiri = presence(
        "gb-jp-camp",
        "JP",
        ["GB"],
        name="UK camp in Japan",
        latitude=35.5,
        longitude=139.25,
        started_on=D(2023, 10, 15),
        agreement=world["raa"],
        personnel=120,
    )
    us_in_it = presence(
        "us-it-base",
        "IT",
        ["US"],
        name="US base in Italy",
        kind="stationed_force",
        latitude=45.4,
        longitude=12.3,
        started_on=D(1955, 1, 1),
        started_on_precision="year",
    )
    old = presence(
        "gb-fr-old-mission",
        "FR",
        ["GB"],
        name="An ended mission",
        kind="mission",
        latitude=48.8,
        longitude=2.3,
        started_on=D(1990, 1, 1),
        ended_on=D(1999, 12, 1),
        ended_on_precision="month",
    )
    flf = presence(
        "nato-fi-flf",
        "FI",
        [],
        name="Forward land forces Finland",
        kind="rotational_deployment",
        organisation=world["nato"],
        latitude=61.0,
        longitude=25.0,
        started_on=D(2024, 1, 1),
    )
    series = ExerciseSeries.objects.create(key="baltops", name="BALTOPS", summary="Baltic.")
    series.sources.add(world["source"])
    editions = {}
    for year, hosts in [(2023, ["FI"]), (2025, ["FI", "IT"])]:
        edition = ExerciseEdition.objects.create(
            series=series,
            key=f"baltops-{year}",
            name=f"BALTOPS {year}",
            started_on=D(year, 6, 5),
            ended_on=D(year, 6, 20),
            personnel=9000,
        )
        edition.leads.set([c["US"]])
        edition.participants.set([c["US"], c["GB"], c["FI"]])
        edition.hosts.set([c[code] for code in hosts])
        edition.organisations.set([world["nato"]])
        edition.sources.add(world["source"])
        ExerciseLocation.objects.create(
            edition=edition, name="Off Helsinki", country=c["FI"], latitude=60.0, longitude=25.0
        )
        editions[year] = edition
    return {
        "camp": akrotiri,
        "us_in_it": us_in_it,
        "old": old,
        "flf": flf,
        "series": series,
        "editions": editions,
    }
