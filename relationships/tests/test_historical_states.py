"""Historical states (issue 12, change 6): a party or member that was a state that no
longer exists is recorded as that state and shown on today's map by a documented rule,
never silently doubled or dropped."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relationships.models import Agreement, AgreementParty, Country, Membership, Organisation
from relationships.ties import relationships_of

from .test_load_dataset import write

D = datetime.date
IN_1980 = D(1980, 1, 1)


@pytest.fixture
def bloc(world):
    """Czechoslovakia (shown as Czechia and Slovakia), the Soviet Union (shown as Russia)
    and East Germany (not drawn) in a mutual-defence pact with Italy (a stand-in ally)."""
    countries = world["countries"]
    for iso2, iso3, name in [
        ("CZ", "CZE", "Czechia"),
        ("SK", "SVK", "Slovakia"),
        ("RU", "RUS", "Russia"),
    ]:
        countries[iso2] = Country.objects.create(iso2=iso2, iso3=iso3, name=name)
    states = {}
    for iso2, name, shown_as in [
        ("CS", "Czechoslovakia", ["CZ", "SK"]),
        ("SU", "Soviet Union", ["RU"]),
        ("DD", "East Germany", []),
    ]:
        states[iso2] = Country.objects.create(
            iso2=iso2, iso3=iso2 + "X", name=name, is_state=False, dissolved_on=D(1991, 12, 31)
        )
        states[iso2].shown_as.set([countries[code] for code in shown_as])
    pact = Organisation.objects.create(
        slug="pact", name="A pact", kind="alliance", obligation="mutual_defence"
    )
    pact.sources.add(world["source"])
    treaty = Agreement.objects.create(
        key="pact-treaty",
        title="The pact's treaty",
        kind="treaty",
        status="ended",
        obligation="mutual_defence",
        signed_on=D(1955, 5, 14),
        in_force_on=D(1955, 6, 4),
        ended_on=D(1991, 7, 1),
    )
    treaty.sources.add(world["source"])
    members = [states["CS"], states["SU"], states["DD"], countries["IT"]]
    for country in members:
        Membership.objects.create(
            organisation=pact, country=country, joined_on=D(1955, 5, 14), left_on=D(1991, 7, 1)
        )
        AgreementParty.objects.create(agreement=treaty, country=country)
    return {**countries, **states}


def by_partner(country, date=IN_1980):
    return {r.country.iso2: r for r in relationships_of(country, date)}


@pytest.mark.django_db
def test_a_historical_party_is_drawn_as_each_state_it_is_shown_as(bloc):
    from_italy = by_partner(bloc["IT"])
    assert {"CZ", "SK", "RU"} <= set(from_italy)
    for iso2, was in [("CZ", "CS"), ("SK", "CS"), ("RU", "SU")]:
        relationship = from_italy[iso2]
        assert relationship.tier == "mutual_defence"
        assert {t.partner_as_state.iso2 for t in relationship.ties} == {was}


@pytest.mark.django_db
def test_a_state_not_drawn_is_neither_drawn_nor_shown_as_another(bloc):
    from_italy = by_partner(bloc["IT"])
    assert "DD" not in from_italy
    assert not any(
        t.partner_as_state and t.partner_as_state.iso2 == "DD"
        for r in from_italy.values()
        for t in r.ties
    )


@pytest.mark.django_db
def test_todays_state_sees_the_ties_its_historical_state_held(bloc):
    from_russia = by_partner(bloc["RU"])
    tie = next(t for t in from_russia["IT"].agreements if t.agreement.key == "pact-treaty")
    assert tie.as_state.iso2 == "SU" and tie.partner_as_state is None
    assert {t.as_state.iso2 for t in from_russia["CZ"].ties} == {"SU"}


@pytest.mark.django_db
def test_the_successors_of_one_state_are_not_tied_to_each_other_by_it(bloc):
    from_czechia = by_partner(bloc["CZ"])
    assert "SK" not in from_czechia
    assert {"IT", "RU"} <= set(from_czechia)


@pytest.mark.django_db
def test_after_the_record_ends_nothing_is_drawn(bloc):
    assert "CZ" not in by_partner(bloc["IT"], D(2000, 1, 1))


@pytest.mark.django_db
def test_the_api_says_which_state_each_side_was(client, bloc):
    body = client.get("/api/countries/IT/relationships/?as_of=1980-01-01").json()
    slovakia = next(p for p in body["partners"] if p["country"]["iso2"] == "SK")
    tie = next(a for a in slovakia["agreements"] if a["key"] == "pact-treaty")
    assert tie["partner_as_state"] == {"iso2": "CS", "name": "Czechoslovakia"}
    assert tie["as_state"] is None
    organisation = next(o for o in slovakia["organisations"] if o["slug"] == "pact")
    assert organisation["partner_as_state"]["iso2"] == "CS"
    treaty = Agreement.objects.get(key="pact-treaty")
    parties = client.get(f"/api/agreements/{treaty.pk}/").json()["parties"]
    by_code = {p["country"]["iso2"]: p["country"] for p in parties}
    assert len(parties) == 4  # recorded once each, neither doubled nor dropped
    assert [c["iso2"] for c in by_code["CS"]["shown_as"]] == ["CZ", "SK"]
    assert by_code["DD"]["shown_as"] == []
    assert by_code["IT"]["dissolved_on"] is None


STATES = """\
- iso2: SU
  iso3: SUN
  name: Soviet Union
  dissolved_on: 1991
  shown_as: [JP]
"""

TREATY = """\
- key: su-it-treaty
  title: A treaty with the Soviet Union
  kind: treaty
  status: ended
  signed_on: 1970-01-01
  ended_on: 1990-01-01
  parties: [IT, SU]
  sources:
    - url: https://www.example.org/su
      title: A page
      publisher: A government
      accessed_on: 2026-11-22
"""


@pytest.mark.django_db
def test_the_loader_creates_the_historical_states_and_takes_them_as_parties(tmp_path, world):
    write(tmp_path, "historical-states.yaml", STATES)
    write(tmp_path, "agreements/a.yaml", TREATY)
    call_command("load_dataset", dir=tmp_path)
    soviet_union = Country.objects.get(iso2="SU")
    assert not soviet_union.is_state
    assert soviet_union.dissolved_on == D(1991, 12, 31)  # a year counts to its end
    assert [c.iso2 for c in soviet_union.shown_as.all()] == ["JP"]
    assert set(
        AgreementParty.objects.filter(agreement__key="su-it-treaty").values_list(
            "country__iso2", flat=True
        )
    ) == {"IT", "SU"}
    call_command("load_dataset", dir=tmp_path)  # twice: nothing new
    assert Country.objects.filter(iso2="SU").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "states, message, line",
    [
        (STATES.replace("[JP]", "[ZZ]"), "unknown country code 'ZZ'", 5),
        (STATES.replace("iso2: SU", "iso2: GB"), "GB is already a country", 1),
        (STATES.replace("  dissolved_on: 1991\n", ""), "state needs 'dissolved_on'", 1),
    ],
)
def test_the_loader_refuses_a_bad_historical_state_with_file_and_line(
    tmp_path, world, states, message, line
):
    write(tmp_path, "historical-states.yaml", states)
    write(tmp_path, "agreements/a.yaml", TREATY)
    with pytest.raises(CommandError) as error:
        call_command("load_dataset", dir=tmp_path)
    assert f"historical-states.yaml:{line}: {message}" in str(error.value)
    assert not Agreement.objects.filter(key="su-it-treaty").exists()


@pytest.mark.django_db
def test_an_agreements_map_link_names_only_states_drawn_today(bloc):
    treaty = Agreement.objects.get(key="pact-treaty")
    assert treaty.get_absolute_url() == "/?focus=IT"  # not ?focus=CS&country=DD
