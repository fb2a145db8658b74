"""Trust in the relationships API: which partners rest on unverified records only, and
`verified=true`, which leaves unverified agreements and memberships out everywhere."""

import csv
import datetime
import io

import pytest

from relationships.models import Agreement, AgreementParty, Boundary, Membership

D = datetime.date


@pytest.fixture
def trust(world):
    """Brazil tied to the UK by an unverified MoU only; Australia by an unverified GCAP
    membership only; Japan by verified agreements and an unverified one besides."""
    c = world["countries"]

    def agreement(key, parties, **fields):
        instance = Agreement.objects.create(
            key=key,
            title=key,
            kind="mou",
            legally_binding=False,
            status="in_force",
            signed_on=D(2020, 1, 1),
            **fields,
        )
        instance.sources.add(world["source"])
        for iso2 in parties:
            AgreementParty.objects.create(agreement=instance, country=c[iso2])
        return instance

    world["br_mou"] = agreement("gb-br-mou", ["GB", "BR"], unverified=True, note="Unconfirmed.")
    world["jp_mou"] = agreement("gb-jp-unconfirmed-mou", ["GB", "JP"], unverified=True)
    world["au_gcap"] = Membership.objects.create(
        organisation=world["gcap"], country=c["AU"], joined_on=D(2024, 1, 1), unverified=True
    )
    for iso2 in ["GB", "BR", "AU", "JP"]:
        Boundary.objects.create(
            key=iso2.lower(),
            name=c[iso2].name,
            country=c[iso2],
            geometry={"type": "Point", "coordinates": [0, 0]},
        )
    return world


def partners(response):
    assert response.status_code == 200, response.content
    return {p["country"]["iso2"]: p for p in response.json()["partners"]}


URL = "/api/countries/GB/relationships/"


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["full", "tiers"])
def test_each_partner_says_whether_any_of_its_ties_is_verified(client, trust, view):
    found = partners(client.get(URL, {"view": view}))
    assert found["BR"]["verified"] is False  # an unverified MoU only
    assert found["AU"]["verified"] is False  # an unverified GCAP membership only
    assert found["JP"]["verified"] is True  # an unverified MoU beside verified treaties
    assert found["FR"]["verified"] is True


@pytest.mark.django_db
def test_a_tie_through_an_unverified_membership_is_flagged_unverified(client, trust):
    found = partners(client.get(URL))
    (gcap,) = found["AU"]["organisations"]
    assert gcap["slug"] == "gcap" and gcap["unverified"] is True
    assert all(o["unverified"] is False for o in found["IT"]["organisations"])


@pytest.mark.django_db
def test_the_partners_own_unverified_membership_counts_as_unverified(client, trust):
    """Either side's membership being unverified makes the organisation tie unverified."""
    Membership.objects.filter(organisation=trust["gcap"], country__iso2="GB").update(
        unverified=True
    )
    found = partners(client.get(URL))
    assert found["IT"]["verified"] is True  # still NATO allies, verified
    assert {o["slug"]: o["unverified"] for o in found["IT"]["organisations"]} == {
        "nato": False,
        "gcap": True,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["full", "tiers"])
def test_verified_true_leaves_out_partners_tied_by_unverified_records_only(client, trust, view):
    found = partners(client.get(URL, {"view": view, "verified": "true"}))
    assert "BR" not in found and "AU" not in found
    assert {"FR", "JP", "IT", "US", "FI"} <= set(found)
    assert all(p["verified"] for p in found.values())


@pytest.mark.django_db
def test_verified_true_drops_the_unverified_ties_of_a_verified_partner(client, trust):
    everything = partners(client.get(URL))["JP"]
    verified = partners(client.get(URL, {"verified": "true"}))["JP"]
    assert "gb-jp-unconfirmed-mou" in {a["key"] for a in everything["agreements"]}
    assert {a["key"] for a in verified["agreements"]} == {"gb-jp-raa", "gb-jp-hiroshima-accord"}
    assert verified["score"] == everything["score"]  # the unverified tie never counted


@pytest.mark.django_db
def test_verified_true_drops_ties_through_the_countrys_own_unverified_membership(client, trust):
    Membership.objects.filter(organisation=trust["gcap"], country__iso2="GB").update(
        unverified=True
    )
    italy = partners(client.get(URL, {"verified": "true"}))["IT"]
    assert [o["slug"] for o in italy["organisations"]] == ["nato"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["false", "0", ""])
def test_verified_false_or_empty_keeps_everything(client, trust, value):
    assert {"BR", "AU"} <= set(partners(client.get(URL, {"verified": value})))


@pytest.mark.django_db
def test_a_bad_verified_value_is_a_400_naming_it(client, trust):
    response = client.get(URL, {"verified": "perhaps"})
    assert response.status_code == 400
    assert "verified" in response.json()["errors"]


@pytest.mark.django_db
def test_the_pair_says_verified_and_takes_the_filter(client, trust):
    pair = client.get(URL + "BR/").json()
    assert pair["tier"] == "political" and pair["verified"] is False
    filtered = client.get(URL + "BR/", {"verified": "true"}).json()
    assert filtered["tier"] is None and filtered["agreements"] == []
    assert client.get(URL + "FR/").json()["verified"] is True


@pytest.mark.django_db
def test_the_geojson_says_verified_and_takes_the_filter(client, trust):
    def properties(**params):
        response = client.get("/api/countries/GB/relationships.geojson", params)
        assert response.status_code == 200
        return {f["properties"]["iso2"]: f["properties"] for f in response.json()["features"]}

    everything = properties()
    assert everything["BR"]["tier"] == "political" and everything["BR"]["verified"] is False
    assert everything["JP"]["verified"] is True
    assert everything["GB"]["verified"] is None  # the focus: no tie with itself
    verified = properties(verified="true")
    assert verified["BR"]["tier"] is None and verified["AU"]["tier"] is None
    assert verified["JP"]["tier"] == "binding"


@pytest.mark.django_db
def test_the_relationships_csv_takes_the_filter(client, trust):
    def rows(**params):
        response = client.get("/api/countries/GB/relationships.csv", params)
        assert response.status_code == 200
        return {r["partner"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}

    assert rows()["BR"]["verified"] == "False"
    assert {"BR", "AU"}.isdisjoint(rows(verified="true"))


@pytest.mark.django_db
def test_the_agreements_and_memberships_lists_take_the_filter(client, trust):
    def keys(url, field, **params):
        response = client.get(url, {"page_size": 500, **params})
        assert response.status_code == 200
        return {row[field] for row in response.json()["results"]}

    assert "gb-br-mou" in keys("/api/agreements/", "key", country="GB")
    assert "gb-br-mou" not in keys("/api/agreements/", "key", country="GB", verified="true")
    members = client.get("/api/memberships.csv", {"organisation": "gcap", "verified": "true"})
    assert members.status_code == 200
    assert "AU" not in {r["country"] for r in csv.DictReader(io.StringIO(members.text))}
    assert client.get("/api/agreements/", {"verified": "maybe"}).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        URL + "?view=tiers",
        URL,
        URL + "BR/",
        "/api/countries/GB/relationships.csv",
        "/api/countries/GB/relationships.geojson",
    ],
)
def test_verified_answers_are_cached_apart_from_the_others(client, trust, url):
    """The computed payloads are cached by filters: `verified` is part of their key,
    whichever of the two is asked first."""
    joiner = "&" if "?" in url else "?"
    first = client.get(url).content
    verified = client.get(url + joiner + "verified=true").content
    assert verified != first
    assert client.get(url).content == first
    client.get("/api/countries/GB/")  # nothing else changes
    assert client.get(url + joiner + "verified=true").content == verified


@pytest.mark.django_db
def test_the_schema_documents_the_flag_and_the_filter(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in [
        "/api/countries/{iso2}/relationships/",
        "/api/countries/{iso2}/relationships/{partner}/",
        "/api/agreements/",
        "/api/memberships/",
    ]:
        found = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert "unverified" in found["verified"]["description"], path
        assert set(found["verified"]["schema"]["enum"]) == {"true", "false", "1", "0"}, path
    components = schema["components"]["schemas"]
    partner = components["Relationship"]["properties"]["verified"]
    assert partner["type"] == "boolean" and "every tie is unverified" in partner["description"]
    assert "verified" in components["Relationship"]["required"]
    assert components["OrganisationTie"]["properties"]["unverified"]["type"] == "boolean"
    assert components["Pair"]["properties"]["verified"]["nullable"] is True


@pytest.mark.django_db
def test_within_a_tier_the_verified_ties_come_first(client, trust):
    # The UK-France tie opened on an unverified treaty (the Manila Pact) because ties
    # were ordered by tier and title only.
    c = trust["countries"]
    for key, unverified in [("a-unconfirmed-mou", True), ("z-confirmed-mou", False)]:
        mou = Agreement.objects.create(
            key=key,
            title=key,
            kind="mou",
            legally_binding=False,
            status="in_force",
            signed_on=D(2020, 1, 1),
            unverified=unverified,
        )
        mou.sources.add(trust["source"])
        for iso2 in ["GB", "BR"]:
            AgreementParty.objects.create(agreement=mou, country=c[iso2])
    response = client.get(URL + "BR/")
    assert response.status_code == 200, response.content
    keys = [agreement["key"] for agreement in response.json()["agreements"]]
    assert keys == ["z-confirmed-mou", "a-unconfirmed-mou", "gb-br-mou"]
