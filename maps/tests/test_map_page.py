"""The map page as served: config handed over as JSON, our scripts as modules."""

import json
import re

import pytest


@pytest.mark.django_db
def test_the_page_hands_its_config_over_as_json(client, settings):
    settings.MAP_DEFAULT_FOCUS = "FR"
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    config = json.loads(
        re.search(r'<script id="map-config" type="application/json">(.*?)</script>', html).group(1)
    )
    assert config["defaultFocus"] == "FR"
    assert config["api"]["boundaries"] == "/api/boundaries/"


@pytest.mark.django_db
def test_our_scripts_are_modules_and_the_map_needs_no_tile_server(client):
    html = client.get("/").content.decode()
    assert 'type="module" src="/static/maps/js/main.js"' in html
    assert "tile.openstreetmap" not in html
    assert 'aria-labelledby="panel-heading"' in html
    assert '<label for="country-picker">' in html


@pytest.mark.django_db
def test_boundaries_are_served_gzipped_with_an_etag(client, transactional_db):
    from django.core.management import call_command

    call_command("import_boundaries")
    response = client.get("/api/boundaries/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < 150_000
    again = client.get("/api/boundaries/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_boundaries_before_any_import_are_a_404(client):
    assert client.get("/api/boundaries/").status_code == 404


@pytest.mark.django_db
def test_the_page_takes_every_label_from_the_servers_vocabularies(client, world):
    from relationships.models import Agreement, Domain, Membership, Obligation
    from relationships.ties import TIER_LABELS, TIERS

    html = client.get("/").content.decode()
    config = json.loads(
        re.search(r'<script id="map-config" type="application/json">(.*?)</script>', html).group(1)
    )
    vocabularies = config["vocabularies"]

    def pairs(name):
        return [(c["value"], c["label"]) for c in vocabularies[name]]

    assert pairs("kind") == list(Agreement.Kind.choices)
    assert pairs("status") == list(Agreement.Status.choices)
    assert pairs("role") == list(Membership.Role.choices)
    assert pairs("obligation") == list(Obligation.choices)
    assert pairs("domain") == list(Domain.objects.order_by("name").values_list("slug", "name"))
    assert pairs("tier") == [(tier, TIER_LABELS[tier]) for tier in TIERS]
