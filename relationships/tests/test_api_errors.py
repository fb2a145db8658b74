"""No input reaches a 500: bad dates, unknown values and codes, page sizes, orderings."""

import pytest

BAD_REQUESTS = [
    # (url, params, status, parameter named in the errors or None)
    ("/api/agreements/", {"active_on": "2023-02-29"}, 400, "active_on"),
    ("/api/agreements/", {"active_on": "99999-01-01"}, 400, "active_on"),
    ("/api/agreements/", {"active_on": "0001-01-01"}, 400, "active_on"),
    ("/api/agreements/", {"country": "GBR"}, 400, "country"),
    ("/api/agreements/", {"partner": "\x00"}, 400, "partner"),
    ("/api/agreements/", {"organisation": "warsaw-pact"}, 400, "organisation"),
    ("/api/agreements/", {"domain": "%%%"}, 400, "domain"),
    ("/api/agreements/", {"status": "x" * 5000}, 400, "status"),
    ("/api/agreements/", {"obligation": "eternal"}, 400, "obligation"),
    ("/api/agreements/", {"page_size": "501"}, 400, "page_size"),
    ("/api/agreements/", {"page_size": "-1"}, 400, "page_size"),
    ("/api/agreements/", {"page_size": "1e9"}, 400, "page_size"),
    ("/api/agreements/", {"ordering": "password"}, 400, "ordering"),
    ("/api/agreements/", {"ordering": "title,parties__country__name"}, 400, "ordering"),
    ("/api/agreements/", {"ordering": "--title"}, 400, "ordering"),
    ("/api/agreements/", {"page": "abc"}, 404, None),
    ("/api/agreements/", {"page": "99999"}, 404, None),
    ("/api/agreements/", {"format": "xml"}, 404, None),
    ("/api/agreements/abc/", {}, 404, None),
    ("/api/agreements/99999999999999999999/", {}, 404, None),
    ("/api/countries/GB/relationships/", {"as_of": "2023-1-1"}, 400, "as_of"),
    ("/api/countries/GB/relationships/", {"partner": "GB,ZZ"}, 400, "partner"),
    ("/api/countries/GB/relationships/", {"format": "xlsx"}, 404, None),
    ("/api/countries/GB/relationships/JP/", {"obligation": "x"}, 400, "obligation"),
    ("/api/countries/%E2%98%83/relationships/", {}, 404, None),
    ("/api/countries/G.B/", {}, 404, None),
    ("/api/countries/GB/relationships/J.P/", {}, 404, None),
    ("/api/organisations/nato/", {"as_of": "1066"}, 400, "as_of"),
    ("/api/organisations/warsaw-pact/", {}, 404, None),
    ("/api/memberships/", {"country": "ZZ"}, 400, "country"),
    ("/api/memberships/", {"role": "emperor"}, 400, "role"),
    ("/api/memberships/", {"active_on": "today"}, 400, "active_on"),
    ("/api/memberships/", {"organisation": "warsaw-pact"}, 400, "organisation"),
    ("/api/sources/", {"page_size": "0"}, 400, "page_size"),
    ("/api/sources/abc/", {}, 404, None),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url, params, status, parameter", BAD_REQUESTS)
def test_bad_input_is_a_json_4xx_never_a_500(client, world, url, params, status, parameter):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert "detail" in body
    if parameter:
        assert parameter in body["errors"]
        assert parameter in body["detail"]
