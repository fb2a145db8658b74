"""A country's tie history: fetched once per version of its scope, every date and pair
derived from it (`ties.TieHistory`, `cache.remembered`)."""

import datetime
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relationships.cache import WAIT_SECONDS, _shared, forget
from relationships.models import Agreement, AgreementParty, Membership, Suspension
from relationships.ties import Filters, Row, history_of, relationships_of

D = datetime.date
URL = "/api/countries/GB/relationships/"


def queries_of(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return response.json(), [query["sql"] for query in queries.captured_queries]


@pytest.mark.django_db
def test_a_second_date_is_derived_from_the_history_the_first_fetched(client, world):
    _, first = queries_of(client, URL, {"as_of": "2023-06-01"})
    answer, second = queries_of(client, URL, {"as_of": "2011-01-01"})
    # The versions, the country, then its history: parties, suspensions, sources, domains,
    # memberships.
    assert len(first) == 7
    assert len(second) == 2  # the versions read and the country: no fact fetched again
    # NATO's allies, and Japan its partner (undated); the RAA and GCAP not yet signed.
    assert [p["country"]["iso2"] for p in answer["partners"]] == ["FR", "IT", "US", "JP"]
    assert [t["key"] for t in answer["partners"][0]["agreements"]] == ["gb-fr-lancaster-house"]
    assert answer["partners"][0]["agreements"][0]["status_on_date"] == "signed"


@pytest.mark.django_db
def test_another_process_reads_the_history_from_the_cache_rather_than_fetching_it(client, world):
    queries_of(client, URL, {"as_of": "2023-06-01"})
    queries_of(client, URL, {"as_of": "2023-06-01", "view": "tiers"})
    forget()  # another process: nothing in its memory, the same shared cache
    answer, queries = queries_of(client, URL, {"as_of": "2011-01-01"})
    assert len(queries) == 2  # the versions read and the country: the history came shared
    forget()
    _, queries = queries_of(client, URL, {"as_of": "2011-01-01", "view": "tiers"})
    assert len(queries) == 2
    # The same answer as a process that fetched the history itself.
    forget()
    cache.clear()
    fetched, queries = queries_of(client, URL, {"as_of": "2011-01-01"})
    assert len(queries) == 7
    assert answer == fetched


@pytest.mark.django_db
def test_a_pair_and_the_tiers_of_other_dates_share_the_countrys_history(client, world):
    queries_of(client, URL, {"as_of": "2024-01-01", "view": "tiers"})
    pair, queries = queries_of(client, "/api/countries/GB/relationships/JP/")
    assert pair["partner"]["iso2"] == "JP"
    assert [t["key"] for t in pair["agreements"]] == ["gb-jp-raa", "gb-jp-hiroshima-accord"]
    # The tiers' history had no details: the pair adds them (sources, domains), once.
    assert len(queries) == 4
    assert "_agreementparty" not in " ".join(queries)
    tiers, queries = queries_of(client, URL, {"as_of": "2000-01-01", "view": "tiers"})
    assert len(queries) == 2
    assert {p["country"]["iso2"] for p in tiers["partners"]} == {"FR", "IT", "US", "JP"}


@pytest.mark.django_db
def test_a_change_to_the_countrys_ties_is_seen_on_every_date_at_once(client, world):
    queries_of(client, URL, {"as_of": "2024-01-01"})
    world["lancaster"].short_title = "Lancaster House Treaties"
    world["lancaster"].save()
    AgreementParty.objects.create(agreement=world["hiroshima"], country=world["countries"]["IT"])
    answer, queries = queries_of(client, URL, {"as_of": "2023-06-01"})
    assert len(queries) > 2  # a new version of Britain's scope: its history fetched anew
    partners = {p["country"]["iso2"]: p for p in answer["partners"]}
    assert partners["FR"]["agreements"][0]["short_title"] == "Lancaster House Treaties"
    assert "gb-jp-hiroshima-accord" in [t["key"] for t in partners["IT"]["agreements"]]


@pytest.mark.django_db
def test_a_change_to_other_countries_leaves_the_history_remembered(client, world):
    queries_of(client, URL, {"as_of": "2024-01-01"})
    deal = Agreement.objects.create(key="fr-br", title="FR-BR", kind="mou", signed_on=D(2020, 1, 1))
    AgreementParty.objects.create(agreement=deal, country=world["countries"]["FR"])
    AgreementParty.objects.create(agreement=deal, country=world["countries"]["BR"])
    _, queries = queries_of(client, URL, {"as_of": "2023-06-01"})
    assert len(queries) == 2


@pytest.mark.django_db
def test_the_histories_python_rules_keep_the_rows_the_querysets_keep_on_every_date(world):
    """`counts_on` (Python, the history's) against `active_on` (SQL): starts unknown,
    to the day, month or year; ends to the day, month or year; an agreement known only
    by its entry into force, one with no date at all; an organisation dissolved."""
    countries, nato = world["countries"], world["nato"]
    unsigned = Agreement.objects.create(
        key="in-force-only", title="In force only", in_force_on=D(2012, 3, 1)
    )
    undated = Agreement.objects.create(key="undated", title="Undated")
    ended = Agreement.objects.create(
        key="ended",
        title="Ended",
        status="ended",
        signed_on=D(2001, 1, 1),
        signed_on_precision="year",
        ended_on=D(2019, 6, 1),
        ended_on_precision="month",
    )
    for agreement in [unsigned, undated, ended]:
        AgreementParty.objects.create(agreement=agreement, country=countries["GB"])
        AgreementParty.objects.create(
            agreement=agreement,
            country=countries["FR"],
            joined_on=D(2005, 1, 1),
            left_on=D(2018, 1, 1),
            left_on_precision="year",
        )
    nato.dissolved_on, nato.dissolved_on_precision = D(2030, 1, 1), "year"
    nato.save()
    Membership.objects.filter(country=countries["FI"]).update(
        left_on=D(2025, 2, 1), left_on_precision="month"
    )
    Suspension.objects.create(
        agreement=world["lancaster"],
        country=countries["FR"],
        partner=countries["GB"],
        suspended_on=D(2015, 1, 1),
        lifted_on=D(2016, 1, 1),
        lifted_on_precision="month",
    )
    edges = [
        D(1949, 8, 24), D(2001, 1, 1), D(2001, 12, 31), D(2005, 1, 1), D(2010, 11, 2),
        D(2012, 3, 1), D(2015, 1, 1), D(2016, 1, 31), D(2018, 12, 31), D(2019, 6, 30),
        D(2023, 4, 4), D(2025, 2, 28), D(2030, 12, 31),
    ]  # fmt: skip
    dates = sorted({day + datetime.timedelta(days=delta) for day in edges for delta in (-1, 0, 1)})
    # Each row as the history keeps it, by its primary key.
    parties = {p.pk: Row.of(p) for p in AgreementParty.objects.select_related("agreement")}
    memberships = {m.pk: Row.of(m) for m in Membership.objects.select_related("organisation")}
    suspensions = list(Suspension.objects.all())
    for date in dates:
        assert {pk for pk, row in parties.items() if row.counts_on(date)} == set(
            AgreementParty.objects.active_on(date).values_list("pk", flat=True)
        ), date
        assert {pk for pk, row in memberships.items() if row.counts_on(date)} == set(
            Membership.objects.active_on(date).values_list("pk", flat=True)
        ), date
        assert {s.pk for s in suspensions if s.in_effect_on(date)} == set(
            Suspension.objects.active_on(date).values_list("pk", flat=True)
        ), date
    gb = history_of(countries["GB"], Filters())
    france = {r.country.iso2: r for r in gb.on(D(2016, 1, 31))}["FR"]
    assert ("gb-fr-lancaster-house", "membership", True) in [
        (t.agreement.key, t.tier, t.suspended) for t in france.agreements
    ]
    france = {r.country.iso2: r for r in gb.on(D(2016, 2, 1))}["FR"]
    assert ("gb-fr-lancaster-house", "binding", False) in [
        (t.agreement.key, t.tier, t.suspended) for t in france.agreements
    ]
    assert gb.on(D(2016, 2, 1)) == relationships_of(countries["GB"], D(2016, 2, 1))


@pytest.mark.django_db
def test_a_damaged_shared_history_is_fetched_anew(client, world, monkeypatch, caplog):
    expected, _ = queries_of(client, URL, {"as_of": "2023-06-01"})
    forget()
    cache.clear()
    real_get = cache.get

    def damaged(key, *args, **kwargs):
        return b"\x80\x05damaged" if "remembered:" in key else real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", damaged)
    answer, queries = queries_of(client, URL, {"as_of": "2023-06-01"})
    assert answer == expected
    assert len(queries) == 7  # fetched, as if nothing were cached
    assert "Unreadable cached remembered:ties:GB" in caplog.text


def test_processes_needing_one_shared_value_at_once_compute_it_once():
    """The first claims it; the other waits for it rather than fetch it too."""
    started, release, results = threading.Event(), threading.Event(), {}

    def first():
        started.set()
        release.wait(5)
        return {"history": "fetched once"}

    def second():
        raise AssertionError("computed twice")

    one = threading.Thread(target=lambda: results.setdefault(1, _shared("ties:XX", first, "7")))
    one.start()
    assert started.wait(5)  # the first is computing
    other = threading.Thread(target=lambda: results.setdefault(2, _shared("ties:XX", second, "7")))
    other.start()
    time.sleep(0.1)  # the other waits
    release.set()
    one.join(5)
    other.join(5)
    assert results == {1: {"history": "fetched once"}, 2: {"history": "fetched once"}}
    assert not cache.has_key("relationships:7:ties:XX:computing")  # released


def test_a_claim_released_without_its_value_is_computed_by_the_one_waiting():
    """The claiming process failed: the one waiting computes the value, at once."""
    started, release, results = threading.Event(), threading.Event(), {}

    def failing():
        started.set()
        release.wait(5)
        raise ConnectionError("the database went away")

    def first():
        try:
            _shared("ties:XX", failing, "8")
        except ConnectionError as error:
            results[1] = str(error)

    one = threading.Thread(target=first)
    one.start()
    assert started.wait(5)
    waited = time.monotonic()
    other = threading.Thread(
        target=lambda: results.setdefault(2, _shared("ties:XX", lambda: "computed", "8"))
    )
    other.start()
    time.sleep(0.1)
    release.set()
    one.join(5)
    other.join(5)
    assert results == {1: "the database went away", 2: "computed"}
    assert time.monotonic() - waited < 1  # not the full wait


def test_a_cache_that_cannot_take_a_claim_means_computing_at_once(monkeypatch):
    """A failing store answers every claim False and holds nothing: no waiting."""
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    monkeypatch.setattr(cache, "has_key", lambda *args, **kwargs: False)
    started = time.monotonic()
    assert _shared("ties:XX", lambda: "computed", "9") == "computed"
    assert time.monotonic() - started < WAIT_SECONDS / 4  # a step at most, not the wait


@pytest.mark.django_db
def test_a_history_with_later_words_is_a_copy_the_remembered_history_is_left_as_it_was(world):
    """One remembered history serves every version of the words (`with_details`): the
    copy for the later words must not change the history the other versions read."""
    history = history_of(world["countries"]["GB"], details=False)
    raa = Agreement.objects.get(key="gb-jp-raa")
    old_title = raa.title
    raa.title = "Renamed RAA"
    raa.predecessor = world["hiroshima"]
    raa.succession = "amends"
    raa.save()
    raa.sources.add(world["source"])
    copy = history.with_details(history.fetch_details("a later version"))
    [original] = [r.agreement for r, *_ in history.parties if r.agreement.key == "gb-jp-raa"][:1]
    [copied] = [r.agreement for r, *_ in copy.parties if r.agreement.key == "gb-jp-raa"][:1]
    assert (copied.title, copied.predecessor, copied.succession) == (
        "Renamed RAA",
        world["hiroshima"],
        "amends",
    )
    assert [s.pk for s in copied.source_list] == [world["source"].pk]
    assert (original.title, original.predecessor_id, original.succession) == (old_title, None, "")
    assert not hasattr(original, "source_list")
    assert copied is not original and copied._state is not original._state
    # The ties are the history's own: the same rows, with the copies in them.
    assert [(r.country_id, r.role) for r, *_ in copy.parties] == [
        (r.country_id, r.role) for r, *_ in history.parties
    ]
