"""Issue 12 in the panel: historical states, one-way commitments, successive instruments
and organisations as parties, said in text."""

import datetime

import pytest

from maps.tests.conftest import settled
from relationships.models import Agreement, AgreementParty, Country

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date


def agreement(world, key, parties, **fields):
    instance = Agreement.objects.create(key=key, title=fields.pop("title", key), **fields)
    instance.sources.add(world["source"])
    for party in parties:
        AgreementParty.objects.create(agreement=instance, **party)
    return instance


def test_the_panel_says_what_each_party_was_and_what_followed(served, page, world):
    countries = world["countries"]
    soviet_union = Country.objects.create(
        iso2="SU", iso3="SUN", name="Soviet Union", is_state=False, dissolved_on=D(1991, 12, 31)
    )
    soviet_union.shown_as.set([countries["FR"]])  # France stands in for Russia
    earlier = agreement(
        world,
        "gb-su-treaty",
        [{"country": countries["GB"]}, {"country": soviet_union}],
        short_title="Anglo-Soviet Treaty",
        kind="treaty",
        status="in_force",
        signed_on=D(1942, 5, 26),
    )
    agreement(
        world,
        "gb-fr-later",
        [{"country": countries["GB"]}, {"country": countries["FR"]}],
        short_title="Later Treaty",
        kind="treaty",
        status="in_force",
        signed_on=D(1960, 1, 1),
        predecessor=earlier,
        succession="replaces",
    )
    page.goto(served + "/?country=FR&as_of=1970-01-01")
    settled(page, coloured="tier:GB:1970-01-01", panel="country:FR")
    uk = page.locator('#partners li.partner[data-iso2="GB"]')
    items = {text.split("\n")[0]: text for text in uk.locator("li.agreement").all_inner_texts()}
    assert "Party as Soviet Union (shown as France)." in items["Anglo-Soviet Treaty"]
    assert "Replaced by Later Treaty" in items["Anglo-Soviet Treaty"]
    assert "Replaces Anglo-Soviet Treaty" in items["Later Treaty"]
    assert "shown as" not in items["Later Treaty"]
    page.screenshot(path="/tmp/i12-panel-historical.png")
    assert page.errors == []


def test_the_panel_shows_one_way_commitments_and_organisation_parties(served, page, world):
    countries = world["countries"]
    agreement(
        world,
        "assurances",
        [
            {"country": countries["GB"], "role": "guarantor"},
            {"country": countries["US"], "role": "guarantor"},
            {"country": countries["JP"], "role": "beneficiary"},
        ],
        short_title="Security Assurances",
        kind="mou",
        legally_binding=False,
        status="in_force",
        obligation="security_assurance",
        signed_on=D(2020, 1, 1),
    )
    agreement(
        world,
        "jp-nato",
        [{"country": countries["JP"]}, {"organisation": world["nato"]}],
        short_title="Partnership with NATO",
        kind="declaration",
        legally_binding=False,
        status="in_force",
        signed_on=D(2021, 1, 1),
    )
    page.goto(served + "/?country=JP")
    settled(page, coloured="tier:GB", panel="country:JP")
    uk = page.locator('#partners li.partner[data-iso2="GB"]')
    assurance = uk.locator("li.agreement", has_text="Security Assurances").inner_text()
    assert "One-way commitment: Japan is beneficiary" in assurance
    assert "United Kingdom guarantor" in assurance
    nato = uk.locator("li.organisation", has_text="NATO").inner_text()
    assert "One-way" not in nato  # membership roles are not the sides of a commitment
    with_nato = page.locator('#partners li.with-organisation[data-organisation="nato"]')
    assert "With NATO" in with_nato.inner_text()
    assert "Partnership with NATO" in with_nato.inner_text()
    assert "Partnership with NATO" not in uk.inner_text()
    page.screenshot(path="/tmp/i12-panel-one-way.png")
    assert page.errors == []
