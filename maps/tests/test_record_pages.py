"""A page for every record: /agreements/<key>/, /organisations/<slug>/, /countries/<iso2>/."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import User

from relationships.models import Agreement, AgreementParty, Country

HOSTILE = '<img src=x onerror="alert(1)">'


def text(response):
    return html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.django_db
def test_an_agreement_page_shows_every_field_parties_and_sources(client, world):
    response = client.get("/agreements/gb-jp-raa/")
    assert response.status_code == 200
    body = text(response)
    assert "UK-Japan Reciprocal Access Agreement" in body
    assert "11 January 2023" in body and "15 October 2023" in body
    assert "United Kingdom" in body and "Japan" in body
    assert "Training and exercises" in body
    assert "A source" in body and "A publisher" in body
    page = response.content.decode()
    assert '<a href="https://example.org/source" rel="noopener noreferrer external">' in page
    assert "<title>UK-Japan Reciprocal Access Agreement · Defence relationships map</title>" in page
    assert '<meta name="description" content="' in page
    assert 'href="/?focus=GB&amp;country=JP"' in page
    assert 'href="/countries/GB/"' in page


@pytest.mark.django_db
def test_a_date_known_to_the_month_is_shown_to_the_month(client, world):
    world["raa"].signed_on_precision = "month"
    world["raa"].save()
    body = text(client.get("/agreements/gb-jp-raa/"))
    assert "Signed January 2023" in " ".join(body.split())


@pytest.mark.django_db
def test_the_page_says_when_the_record_last_changed_and_by_whom(client, world):
    from simple_history.utils import update_change_reason  # noqa: F401 (history is installed)

    editor = User.objects.create_user("ed", first_name="Edna", last_name="Editor")
    agreement = world["raa"]
    agreement.summary = "Changed by an editor."
    agreement._history_user = editor
    agreement.save()
    body = " ".join(text(client.get("/agreements/gb-jp-raa/")).split())
    today = datetime.date.today()
    assert f"Last changed on {today.day} {today:%B %Y} by Edna Editor." in body


@pytest.mark.django_db
def test_the_cite_block_gives_plain_text_bibtex_and_csl_json(client, world):
    page = client.get("/agreements/gb-jp-raa/").content.decode()
    bibtex = html.unescape(re.search(r'<pre id="cite-bibtex">(.*?)</pre>', page, re.S).group(1))
    assert bibtex.startswith("@misc{gb-jp-raa,")
    assert "title = {UK-Japan Reciprocal Access Agreement}," in bibtex
    assert "url = {http://testserver/agreements/gb-jp-raa/}," in bibtex
    import json

    csl = json.loads(
        html.unescape(re.search(r'<pre id="cite-csl">(.*?)</pre>', page, re.S).group(1))
    )
    assert csl["id"] == "gb-jp-raa" and csl["type"] == "dataset"
    assert csl["URL"] == "http://testserver/agreements/gb-jp-raa/"
    cite = html.unescape(re.search(r'<p id="cite-text">(.*?)</p>', page, re.S).group(1))
    assert "UK-Japan Reciprocal Access Agreement" in cite and "accessed" in cite


@pytest.mark.django_db
def test_hostile_text_is_shown_as_text_and_cannot_break_the_bibtex(client, world):
    agreement = world["raa"]
    agreement.short_title = HOSTILE + " {x} % \\end"
    agreement.summary = HOSTILE
    agreement.save()
    page = client.get("/agreements/gb-jp-raa/").content.decode()
    assert HOSTILE not in page
    assert "&lt;img src=x onerror=" in page
    bibtex = html.unescape(re.search(r'<pre id="cite-bibtex">(.*?)</pre>', page, re.S).group(1))
    title = re.search(r"title = \{(.*)\},", bibtex).group(1)
    assert r"\{x\} \% \textbackslash{}end" in title
    assert title.count("{") - title.count(r"\{") == title.count("}") - title.count(r"\}")


@pytest.mark.django_db
def test_an_organisation_page_lists_members_with_roles_dates_and_agreements(client, world):
    response = client.get("/organisations/nato/")
    assert response.status_code == 200
    body = " ".join(text(response).split())
    assert "North Atlantic Treaty Organization" in body
    assert "Finland Member 4 April 2023" in body
    assert "Japan Partner from the founding" in body
    assert 'href="/?org=nato"' in response.content.decode()


@pytest.mark.django_db
def test_a_country_page_lists_its_memberships_and_agreements(client, world):
    response = client.get("/countries/gb/")
    assert response.status_code == 200
    body = " ".join(text(response).split())
    assert "Agreements (3)" in body
    assert "Lancaster House Treaty" in body and "Hiroshima Accord" in body
    assert "North Atlantic Treaty Organization : Member, 24 August 1949" in body
    page = response.content.decode()
    assert 'href="/agreements/gb-fr-lancaster-house/"' in page
    assert 'href="/?focus=GB"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/agreements/no-such-thing/", "/organisations/nope/", "/countries/ZZ/", "/countries/ıt/"],
)
def test_an_unknown_record_is_a_404(client, world, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/agreements/gb-jp-raa/", "/organisations/nato/", "/countries/GB/"]
)
def test_a_record_page_runs_a_fixed_number_of_queries(
    client, world, url, django_assert_max_num_queries
):
    def grow():
        for index in range(15):
            country = Country.objects.create(
                iso2=f"Q{chr(65 + index)}", iso3=f"Q{index:02}", name=f"C{index}"
            )
            AgreementParty.objects.create(agreement=world["raa"], country=country)
            world["nato"].memberships.create(country=country)
            agreement = Agreement.objects.create(key=f"grow-{index}", title=f"Grow {index}")
            AgreementParty.objects.create(agreement=agreement, country=world["countries"]["GB"])
            AgreementParty.objects.create(agreement=agreement, country=country)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow()
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), f"{url}: {len(small)} then {len(large)} queries"
    assert len(large) <= 8
