"""A change invalidates no more than it touches, and never less.

A country's relationships, changes and agreement lists, an organisation's
detail and the forces are cached under the versions of their scopes
(`relationships.cache`): an edited agreement makes its parties' answers stale,
not Brazil's, nor the forces unless a presence rests on it. The guard against a scope that misses a
dependency: after each kind of change, every scoped answer served from the
cache is compared with the same answer computed from nothing.
"""

import datetime

import pytest
from django.core.cache import cache as django_cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from relationships import cache
from relationships.models import (
    Agreement,
    AgreementParty,
    Country,
    Domain,
    Membership,
    Organisation,
    Presence,
    Suspension,
)

D = datetime.date
CODES = ["GB", "FR", "FI", "JP", "IT", "AU", "US", "BR", "CZ", "SK"]


def scoped_urls():
    urls = []
    for code in CODES:
        base = f"/api/countries/{code}/relationships/"
        urls.append(base)  # the full list: every field a tie shows
    # The other answers of a scope, for a few countries (each URL costs the suite time).
    for code in ("GB", "CZ"):
        base = f"/api/countries/{code}/relationships/"
        urls += [base + "?view=tiers", base + "?view=tier_changes&from=2000-01-01"]
        urls += [base + "?format=csv", base + "?as_of=2010-06-01"]
    urls += [f"/api/countries/GB/relationships/{code}/" for code in ("JP", "FR", "BR")]
    urls += ["/api/organisations/nato/", "/api/organisations/gcap/"]
    urls += [f"/api/countries/{code}/changes/?from=1900-01-01" for code in ("GB", "CZ", "BR")]
    urls += [f"/api/agreements/?country={code}" for code in ("GB", "fr", "BR", "CS")]
    urls += ["/api/agreements/?country=FR&partner=GB", "/api/agreements/?partner=JP"]
    urls += ["/api/agreements/?organisation=nato", "/api/agreements/?organisation=gcap"]
    urls += ["/api/agreements.csv?organisation=nato", "/api/agreements/?organisation=gcap,nato"]
    urls += ["/api/countries/GB/forces/", "/api/countries/JP/forces/", "/api/presences/"]
    urls += ["/api/exercises/", "/api/countries/"]
    return urls


@pytest.fixture
def scoped_world(world):
    """The world, with Czechoslovakia (drawn as Czechia and Slovakia) party to a treaty
    with France, and the Lancaster House Treaty as the Hiroshima Accord's successor."""
    c = world["countries"]
    for iso2, iso3, name in [("CZ", "CZE", "Czechia"), ("SK", "SVK", "Slovakia")]:
        c[iso2] = Country.objects.create(iso2=iso2, iso3=iso3, name=name, region="Europe")
    c["CS"] = Country.objects.create(
        iso2="CS", iso3="CSK", name="Czechoslovakia", region="Europe", dissolved_on=D(1992, 12, 31)
    )
    c["CS"].shown_as.set([c["CZ"], c["SK"]])
    alliance = Agreement.objects.create(
        key="fr-cs-1924",
        title="Treaty of Alliance and Friendship between France and Czechoslovakia",
        kind="treaty",
        status="in_force",
        signed_on=D(1924, 1, 25),
        obligation="mutual_defence",
    )
    for code in ("FR", "CS"):
        AgreementParty.objects.create(agreement=alliance, country=c[code])
    world["lancaster"].predecessor = world["hiroshima"]
    world["lancaster"].succession = "replaces"
    world["lancaster"].save()
    world["alliance"] = alliance
    world["presence"] = Presence.objects.create(
        key="fr-gb-cjef",
        name="Combined Joint Expeditionary Force exercise",
        kind="deployment",
        host=c["FR"],
        latitude=48.8,
        longitude=2.3,
        agreement=world["lancaster"],  # it shows the treaty's short title
    )
    world["presence"].operators.set([c["GB"]])
    world["nato_mou"] = Agreement.objects.create(
        key="nato-gb-it-mou",
        title="Memorandum of Understanding between NATO allies",
        kind="mou",
        legally_binding=False,
        status="in_force",
        signed_on=D(2015, 5, 1),
        organisation=world["nato"],
    )
    for code in ("GB", "IT"):
        AgreementParty.objects.create(agreement=world["nato_mou"], country=c[code])
    return world


def rename_raa(w):
    w["raa"].title = "Renamed RAA"
    w["raa"].save()


def rewrite_raa_summary_and_note(w):
    w["raa"].summary = "A new summary"
    w["raa"].note = "A new note"
    w["raa"].save()


def raa_source_added(w):
    w["raa"].sources.add(w["source"])


def raise_raa_obligation(w):
    w["raa"].obligation = "mutual_defence"
    w["raa"].save()


def add_brazil_to_lancaster(w):
    AgreementParty.objects.create(agreement=w["lancaster"], country=w["countries"]["BR"])


def move_lancaster_party_to_brazil(w):
    party = AgreementParty.objects.get(agreement=w["lancaster"], country__iso2="FR")
    party.country = w["countries"]["BR"]
    party.save()


def delete_hiroshima(w):
    w["hiroshima"].delete()


def rename_the_successor(w):
    w["lancaster"].short_title = "Lancaster House Treaties"
    w["lancaster"].save()


def rename_the_predecessor(w):
    w["hiroshima"].short_title = "Hiroshima Accord of 2023"
    w["hiroshima"].save()


def unlink_the_predecessor(w):
    w["lancaster"].predecessor, w["lancaster"].succession = None, ""
    w["lancaster"].save()


def rename_czechoslovak_treaty(w):
    w["alliance"].title = "Franco-Czechoslovak Treaty"
    w["alliance"].save()


def finland_leaves_nato(w):
    Membership.objects.filter(country__iso2="FI", organisation__slug="nato").update(
        left_on=D(2024, 1, 1)
    )
    # `update` sends no signal: as every writer here, save the row.
    Membership.objects.get(country__iso2="FI", organisation__slug="nato").save()


def japan_joins_nato(w):
    membership = Membership.objects.get(country__iso2="JP", organisation__slug="nato")
    membership.role = "member"
    membership.joined_on = D(2020, 1, 1)
    membership.save()


def brazil_joins_gcap(w):
    Membership.objects.create(
        organisation=w["gcap"], country=w["countries"]["BR"], joined_on=D(2024, 1, 1)
    )


def italy_membership_deleted(w):
    Membership.objects.filter(country__iso2="IT", organisation__slug="gcap").delete()


def membership_moved_to_brazil(w):
    membership = Membership.objects.get(country__iso2="IT", organisation__slug="gcap")
    membership.country = w["countries"]["BR"]
    membership.save()


def us_suspends_towards_france(w):
    Suspension.objects.create(
        organisation=w["nato"],
        country=w["countries"]["US"],
        partner=w["countries"]["FR"],
        suspended_on=D(2020, 1, 1),
    )


def source_retitled(w):
    w["source"].title = "A better source title"
    w["source"].save()


def domain_renamed(w):
    domain = Domain.objects.get(slug="training_exercises")
    domain.name = "Training"
    domain.save()


def france_renamed(w):
    w["countries"]["FR"].name = "French Republic"
    w["countries"]["FR"].save()


def gcap_renamed(w):
    w["gcap"].name = "Global Combat Air Programme (GCAP)"
    w["gcap"].save()


def raa_domains_cleared(w):
    w["raa"].domains.clear()


def raa_source_removed_from_the_source(w):
    w["source"].agreements.remove(w["raa"])


def membership_source_added(w):
    membership = Membership.objects.get(country__iso2="IT", organisation__slug="gcap")
    membership.sources.add(w["source"])


def czechoslovakia_drawn_as_czechia_only(w):
    w["countries"]["CS"].shown_as.remove(w["countries"]["SK"])


def delete_the_treaty_a_presence_rests_on(w):
    w["lancaster"].delete()  # the presence loses it by SET_NULL: an UPDATE, no signal


def the_nato_mou_moves_to_gcap(w):
    w["nato_mou"].organisation = w["gcap"]
    w["nato_mou"].save()


def the_raa_comes_under_nato(w):
    w["raa"].organisation = w["nato"]
    w["raa"].save()


def brazil_joins_the_nato_mou(w):
    AgreementParty.objects.create(agreement=w["nato_mou"], country=w["countries"]["BR"])


def the_nato_mou_deleted(w):
    w["nato_mou"].delete()


def presence_renamed(w):
    w["presence"].name = "CJEF exercise"
    w["presence"].save()


def presence_operated_by_italy_too(w):
    w["presence"].operators.add(w["countries"]["IT"])


CHANGES = [
    rename_raa,
    rewrite_raa_summary_and_note,
    raa_source_added,
    raise_raa_obligation,
    add_brazil_to_lancaster,
    move_lancaster_party_to_brazil,
    delete_hiroshima,
    rename_the_successor,
    rename_the_predecessor,
    unlink_the_predecessor,
    rename_czechoslovak_treaty,
    finland_leaves_nato,
    japan_joins_nato,
    brazil_joins_gcap,
    italy_membership_deleted,
    membership_moved_to_brazil,
    us_suspends_towards_france,
    source_retitled,
    domain_renamed,
    france_renamed,
    gcap_renamed,
    raa_domains_cleared,
    raa_source_removed_from_the_source,
    membership_source_added,
    czechoslovakia_drawn_as_czechia_only,
    delete_the_treaty_a_presence_rests_on,
    presence_renamed,
    presence_operated_by_italy_too,
    the_nato_mou_moves_to_gcap,
    the_raa_comes_under_nato,
    brazil_joins_the_nato_mou,
    the_nato_mou_deleted,
]


@pytest.mark.django_db
@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_after_any_change_every_cached_scoped_answer_equals_a_fresh_one(
    client, scoped_world, change
):
    urls = scoped_urls()
    for url in urls:  # every answer cached under the versions before the change
        assert client.get(url).status_code == 200, url
    change(scoped_world)
    served, from_the_cache = {}, 0
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            served[url] = client.get(url).content
        # Only the versions read: an answer computed before the change.
        from_the_cache += len(queries) == 1
    assert from_the_cache < len(urls)  # the change reached some answer
    # Fresh: neither the shared cache nor this process's remembered tie histories (an
    # answer computed anew from a history remembered under the old versions is stale too).
    django_cache.clear()
    cache.forget()
    stale = [url for url, content in served.items() if client.get(url).content != content]
    assert stale == []


def answered_from_the_cache(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, HTTP_ACCEPT_ENCODING="gzip").status_code == 200
    return len(queries) == 1  # the versions read, nothing else


@pytest.mark.django_db
def test_an_edited_agreement_leaves_the_answers_of_countries_it_does_not_touch_cached(
    client, scoped_world
):
    # Every save discarded every cached answer: one edit a second took throughput
    # under load to 7% of a run without writes (make load, 3 December 2026).
    untouched = [
        "/api/countries/BR/relationships/",
        "/api/countries/AU/relationships/?view=tiers",
        "/api/countries/FR/relationships/",
        "/api/organisations/nato/",
        "/api/countries/FR/changes/",
        "/api/agreements/?country=FR",
        "/api/agreements/?organisation=nato",  # the RAA is under no organisation
        "/api/countries/GB/forces/",  # no presence rests on the edited agreement
        "/api/presences/",
        "/api/countries/",  # the countries' own fields
    ]
    touched = [
        "/api/countries/GB/relationships/",
        "/api/countries/JP/relationships/",
        "/api/countries/JP/changes/",
        "/api/agreements/?country=GB",
        "/api/agreements/?partner=JP",
        "/api/agreements/?country=FR&partner=GB",  # GB's scope, though the RAA is not in it
        "/api/agreements/",  # every agreement: the facts
    ]
    for url in untouched + touched:
        client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    rename_raa(scoped_world)
    assert [url for url in untouched if not answered_from_the_cache(client, url)] == []
    assert [url for url in touched if answered_from_the_cache(client, url)] == []
    assert "Renamed RAA" in client.get(touched[0]).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [rename_raa, rewrite_raa_summary_and_note, raa_source_added],
    ids=lambda change: change.__name__,
)
def test_a_change_of_words_alone_leaves_the_ties_and_the_tiers_cached(client, scoped_world, change):
    """An agreement's title, summary, note or sources tie no one: Britain's and Japan's
    tiers (the map's colours) and tie histories stay cached; what lists the words does
    not. Every edit of a title recomputed the tiers of each of its parties on every date
    asked for, and fetched their histories anew (`make load`, 4 December 2026)."""
    kept = [
        "/api/countries/GB/relationships/?view=tiers",
        "/api/countries/JP/relationships/?view=tiers&as_of=2024-01-01",
        "/api/countries/GB/relationships/?view=tier_changes&from=2000-01-01",
    ]
    redone = [
        "/api/countries/GB/relationships/",
        "/api/countries/GB/relationships/JP/",
        "/api/countries/GB/relationships.csv",
        "/api/agreements/?country=GB",
    ]
    for url in kept + redone:
        client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    before = (ties("GB"), ties("JP"), scope("GB"), scope("JP"))
    change(scoped_world)
    assert (ties("GB"), ties("JP")) == before[:2]
    assert scope("GB") > before[2] and scope("JP") > before[3]
    assert [url for url in kept if not answered_from_the_cache(client, url)] == []
    assert [url for url in redone if answered_from_the_cache(client, url)] == []
    # The full answer lists the new words, from the history remembered before the change.
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/countries/GB/relationships/?as_of=2024-02-01")
    assert "relationships_agreementparty" not in " ".join(q["sql"] for q in queries)
    raa = next(
        t
        for p in client.get("/api/countries/GB/relationships/").json()["partners"]
        for t in p["agreements"]
        if t["key"] == "gb-jp-raa"
    )
    fresh = Agreement.objects.get(key="gb-jp-raa")
    assert (raa["title"], raa["summary"], raa["note"]) == (fresh.title, fresh.summary, fresh.note)
    assert len(raa["sources"]) == fresh.sources.count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [raise_raa_obligation, raa_domains_cleared, unlink_the_predecessor],
    ids=lambda change: change.__name__,
)
def test_a_change_beyond_the_words_bumps_the_ties(scoped_world, change):
    reached = {"raise_raa_obligation": "GB", "raa_domains_cleared": "JP"}.get(change.__name__, "FR")
    before = ties(reached)
    change(scoped_world)
    assert ties(reached) > before


@pytest.mark.django_db
def test_a_save_that_changes_nothing_bumps_the_ties_too(scoped_world):
    # What a script that wrote rows by `update` (no signal) does to say so.
    before = ties("GB")
    scoped_world["raa"].save()
    assert ties("GB") > before


@pytest.mark.django_db
def test_forces_bump_the_facts_and_the_forces_but_no_country(scoped_world):
    shared, facts, forces, br = (
        cache.data_version(name)
        for name in (cache.SHARED, cache.FACTS, cache.FORCES, cache.country_scope("BR"))
    )
    Presence.objects.create(
        key="gb-br-visit",
        name="Visit",
        kind="deployment",
        host=scoped_world["countries"]["BR"],
        latitude=-15.8,
        longitude=-47.9,
    )
    assert cache.data_version(cache.FACTS) > facts
    assert cache.data_version(cache.FORCES) > forces
    assert cache.data_version(cache.SHARED) == shared
    assert cache.data_version(cache.country_scope("BR")) == br


@pytest.mark.django_db
def test_an_agreement_a_presence_rests_on_bumps_the_forces(scoped_world):
    forces = cache.data_version(cache.FORCES)
    rename_raa(scoped_world)  # no presence rests on it
    assert cache.data_version(cache.FORCES) == forces
    rename_the_successor(scoped_world)  # the presence shows its short title
    assert cache.data_version(cache.FORCES) > forces


@pytest.mark.django_db
def test_a_country_rename_bumps_every_scope(scoped_world):
    shared = cache.data_version(cache.SHARED)
    france_renamed(scoped_world)
    assert cache.data_version(cache.SHARED) > shared


@pytest.mark.django_db
def test_a_change_reaching_too_many_countries_bumps_the_shared_version(scoped_world, monkeypatch):
    monkeypatch.setattr(cache, "MAX_SCOPES", 1)
    shared = cache.data_version(cache.SHARED)
    rename_raa(scoped_world)  # GB and JP: over one
    assert cache.data_version(cache.SHARED) > shared


def scope(code):
    return cache.data_version(cache.country_scope(code))


def ties(code):
    return cache.data_version(cache.ties_scope(code))


@pytest.mark.django_db(transaction=True)
def test_a_save_outside_a_transaction_bumps_its_scopes_once_after_the_write(world):
    """Autocommit (the shell, a script): the records a row touched before its update
    join the bump after the write; no bump before it, which readers would spend on the
    old row (each of `make load`'s edits was computed twice, half the time)."""
    gb, jp = scope("GB"), scope("JP")
    rename_raa(world)
    assert (scope("GB"), scope("JP")) == (gb + 1, jp + 1)
    # A party moved to another country: the country it left is bumped too, once.
    party = AgreementParty.objects.get(agreement=world["raa"], country__iso2="JP")
    party.country = world["countries"]["AU"]
    party.save()
    assert (scope("GB"), scope("JP")) == (gb + 2, jp + 2)
    assert scope("AU") > 0


@pytest.mark.django_db(transaction=True)
def test_scopes_are_bumped_once_after_the_commit_and_not_after_a_rollback(world):
    gb, jp, br = scope("GB"), scope("JP"), scope("BR")
    with transaction.atomic():
        rename_raa(world)
        add_brazil_to_lancaster(world)
        # Not before the commit: a reader would cache the old rows under the new version.
        assert (scope("GB"), scope("JP"), scope("BR")) == (gb, jp, br)
    assert scope("GB") == gb + 1  # one bump for the whole transaction
    assert scope("JP") > jp and scope("BR") > br
    assert scope("AU") == 0  # never touched
    au_before, it_before = scope("AU"), scope("IT")
    with pytest.raises(RuntimeError), transaction.atomic():
        Membership.objects.create(organisation=world["gcap"], country=world["countries"]["AU"])
        raise RuntimeError("rolled back")
    assert (scope("AU"), scope("IT")) == (au_before, it_before)
    # The next commit on this connection is not mistaken for the rolled-back one.
    brazil = Organisation.objects.get(slug="gcap")
    Membership.objects.create(organisation=brazil, country=world["countries"]["AU"])
    assert scope("AU") > au_before and scope("IT") > it_before
