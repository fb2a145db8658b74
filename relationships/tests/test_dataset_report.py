import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from relationships.coverage import coverage, is_official
from relationships.models import Source

D = datetime.date


@pytest.mark.parametrize(
    "url",
    [
        "https://www.gov.uk/government/news/x",
        "https://www.mod.go.jp/en/x",
        "https://www.nato.int/cps/en/natohq/x.htm",
        "https://publications.parliament.uk/pa/x",
        "https://www.defensa.gob.es/x",
        "https://treaties.un.org/x",
        "https://eur-lex.europa.eu/x",
    ],
)
def test_pages_of_states_and_international_bodies_are_official(url):
    assert is_official(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://en.wikipedia.org/wiki/NATO",
        "https://www.wired-gov.net/wg/news.nsf/x",
        "https://ukdefencejournal.org.uk/x",
        "https://example.org/source",
    ],
)
def test_news_sites_and_encyclopedias_are_secondary(url):
    assert not is_official(url)


def test_partners_count_agreements_only_not_shared_membership(world):
    result = coverage(D(2026, 1, 1))
    # GB: Japan (two agreements) and France (Lancaster House); NATO and GCAP add no one.
    assert result.partners_by_agreement["GB"] == 2
    assert result.partners_by_agreement["JP"] == 1
    assert result.partners_by_agreement["BR"] == 0
    assert result.partners_by_agreement["US"] == 0


def test_partners_count_ties_that_hold_on_the_date(world):
    assert coverage(D(2022, 1, 1)).partners_by_agreement["GB"] == 1  # before the RAA and Hiroshima


def test_uk_in_europe_counts_agreements_with_european_states_and_european_organisations(world):
    result = coverage(D(2026, 1, 1))
    assert result.uk_europe_agreements == 1
    assert result.uk_europe_countries == ["FR"]
    # NATO: 4 of 5 members European; GCAP: 2 of 3. A partner's role is not belonging.
    assert result.uk_europe_organisations == ["gcap", "nato"]


def test_records_citing_only_secondary_sources_are_listed_until_an_official_one_is_added(world):
    assert coverage(D(2026, 1, 1)).secondary_only["agreements"] == [
        "gb-fr-lancaster-house",
        "gb-jp-hiroshima-accord",
        "gb-jp-raa",
    ]
    official = Source.objects.create(
        url="https://www.gov.uk/government/publications/lancaster-house",
        title="UK-France treaties",
        publisher="UK Government",
        accessed_on=D(2026, 12, 2),
    )
    world["lancaster"].sources.add(official)
    assert "gb-fr-lancaster-house" not in coverage(D(2026, 1, 1)).secondary_only["agreements"]


def test_unverified_records_are_counted(world):
    world["hiroshima"].unverified = True
    world["hiroshima"].save()
    assert coverage(D(2026, 1, 1)).unverified["agreements"] == 1


def test_the_command_prints_the_figures(world):
    out = StringIO()
    call_command("dataset_report", "--as-of", "2026-01-01", stdout=out)
    text = out.getvalue()
    assert "ties counted as of 2026-01-01" in text
    assert "Agreements:     3" in text
    assert "  GB     2   < 10" in text
    assert "European countries: 1 (FR)" in text


def test_the_command_refuses_a_malformed_date(world):
    with pytest.raises(CommandError, match="'2026-13-01' is not a YYYY-MM-DD date"):
        call_command("dataset_report", "--as-of", "2026-13-01", stdout=StringIO())


def test_the_report_counts_presences_and_exercise_editions(forces):
    out = StringIO()
    call_command("dataset_report", "--as-of", "2026-01-01", stdout=out)
    assert "Presences:      4 (3 on the date)" in out.getvalue()
    assert "Exercises:      2 editions in 1 series" in out.getvalue()
