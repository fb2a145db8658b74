"""The about page: as-at date, sources policy, coverage and the tiers, from the data."""

import datetime

import pytest

from relationships.models import Country, Source


@pytest.mark.django_db
def test_the_about_page_gives_the_as_at_date_coverage_and_tiers(client, world):
    Source.objects.create(
        url="https://www.gov.uk/x",
        title="Checked last",
        publisher="UK Government",
        accessed_on=datetime.date(2026, 12, 2),
    )
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 December 2026" in html  # the latest date a source was checked
    assert "<dt>Agreements</dt><dd>3</dd>" in html
    # G20 rows: the UK tied to Japan and France by agreements, Brazil to no one.
    assert '<a href="/?focus=GB">United Kingdom</a></th><td>2</td>' in html
    assert '<a href="/?focus=BR">Brazil</a></th><td>0</td>' in html
    assert "Mutual defence</th>" in html and "Shared membership is not an alliance." in html


@pytest.mark.django_db
def test_the_about_page_shows_names_as_text(client, world):
    Country.objects.filter(iso2="BR").update(name='<script>alert("x")</script>')
    html = client.get("/about/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


@pytest.mark.django_db
def test_the_about_page_works_with_no_data(client):
    response = client.get("/about/")
    assert response.status_code == 200
    assert "No source has been loaded yet." in response.content.decode()


@pytest.mark.django_db
def test_the_map_page_links_to_the_about_page(client):
    html = client.get("/").content.decode()
    assert '<p class="about-link"><a href="/about/">About the data</a>' in html
