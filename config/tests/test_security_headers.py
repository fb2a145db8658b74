"""Security headers and the Content-Security-Policy on pages, the API and the admin."""

import re

import pytest

PAGES = ["/", "/api/countries/", "/api/docs/", "/admin/login/"]


def policy(response):
    return dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in response["Content-Security-Policy"].split(";")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    directives = policy(response)
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_the_map_page_s_only_inline_script_carries_the_nonce_of_the_policy(client):
    response = client.get("/")
    nonce = re.search(r"'nonce-([^']+)'", policy(response)["script-src"]).group(1)
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    data = [attrs for attrs in inline if 'type="application/json"' in attrs]
    code = [attrs for attrs in inline if attrs not in data]
    assert code == [f' nonce="{nonce}"']  # django-leaflet's map set-up
    assert client.get("/")["Content-Security-Policy"] != response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_api_docs_load_their_set_up_as_a_script_file_not_inline(client):
    html = client.get("/api/docs/").content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
