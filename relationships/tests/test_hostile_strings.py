"""Hostile text in every field that people read: shown as text everywhere, never run.

The browser side (map panel, tooltips, legend) is in maps/tests/test_browser_security.py;
these are the server-rendered pages and the exports.
"""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from relationships.models import Agreement, Country, Organisation, Source
from relationships.resources import AgreementResource

HOSTILE = {
    "script": "<script>window.__xss=1</script>",
    "img": '<img src=x onerror="window.__xss=2">',
    "svg": '<svg onload="window.__xss=3"></svg>',
    "link": '<a href="javascript:window.__xss=4">click</a>',
    "quote": '"><b onmouseover="window.__xss=5">',
    "rtl": "\u202eevil\u202c and \u200bzero\u200dwidth",
    "emoji": "🛡️🇬🇧🤝🇯🇵",
    "formula": '=HYPERLINK("https://evil.example","x")',
    "long": "Ω" * 10_000,
}
MARKUP = ["<script>", "<img src=x", "<svg onload", 'href="javascript:', "<b onmouseover"]


def dangerous(_=None):
    return "".join(HOSTILE[name] for name in ("script", "img", "svg", "link", "quote"))


@pytest.fixture
def hostile(world):
    """The world's readable text replaced with hostile text."""
    text = dangerous(None)
    raa = world["raa"]
    Agreement.objects.filter(pk=raa.pk).update(
        title=text + HOSTILE["rtl"],
        short_title=HOSTILE["formula"],
        summary=text + HOSTILE["long"] + HOSTILE["emoji"],
    )
    Source.objects.filter(pk=world["source"].pk).update(title=text, publisher="@SUM(A1)")
    Organisation.objects.filter(pk=world["nato"].pk).update(
        name=text, short_name="-2+3" + HOSTILE["emoji"]
    )
    # A country's name holds 100 characters.
    Country.objects.filter(iso2="JP").update(
        name=HOSTILE["script"] + HOSTILE["svg"] + HOSTILE["rtl"]
    )
    return world


def assert_escaped(html):
    for markup in MARKUP:
        assert markup not in html, markup
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "admin:relationships_agreement_changelist",
        "admin:relationships_source_changelist",
        "admin:relationships_organisation_changelist",
        "admin:relationships_country_changelist",
        "admin:relationships_agreementparty_changelist",
        "admin:relationships_membership_changelist",
    ],
)
def test_admin_lists_show_hostile_text_escaped(admin_client, hostile, name):
    html = admin_client.get(reverse(name)).content.decode()
    if name.endswith("agreement_changelist"):  # listed by short title: the formula
        assert "=HYPERLINK(&quot;https://evil.example&quot;" in html
        for markup in MARKUP:
            assert markup not in html, markup
    else:
        assert_escaped(html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, key",
    [
        ("agreement", "raa"),
        ("source", "source"),
        ("organisation", "nato"),
    ],
)
def test_admin_change_and_history_pages_show_hostile_text_escaped(
    admin_client, hostile, model, key
):
    pk = hostile[key].pk
    for name in [f"admin:relationships_{model}_change", f"admin:relationships_{model}_history"]:
        response = admin_client.get(reverse(name, args=[pk]))
        assert response.status_code == 200, name
        html = response.content.decode()
        for markup in MARKUP:
            assert markup not in html, (name, markup)


@pytest.mark.django_db
def test_the_country_change_page_escapes_its_name(admin_client, hostile):
    country = Country.objects.get(iso2="JP")
    html = admin_client.get(reverse("admin:relationships_country_change", args=[country.pk]))
    assert_escaped(html.content.decode())


@pytest.mark.django_db
def test_the_api_returns_hostile_text_unchanged_as_json_data(client, hostile):
    data = client.get(f"/api/agreements/{hostile['raa'].pk}/").json()
    assert data["title"].startswith(HOSTILE["script"])
    assert len(data["summary"]) > 10_000
    assert client.get("/api/agreements/", {"search": HOSTILE["script"]}).status_code == 200


@pytest.mark.django_db
def test_the_browsable_api_escapes_hostile_text(client, hostile):
    html = client.get("/api/agreements/", HTTP_ACCEPT="text/html").content.decode()
    for markup in MARKUP:
        assert markup not in html, markup


@pytest.mark.django_db
def test_the_api_csv_export_neutralises_formula_cells(client, hostile):
    response = client.get("/api/agreements.csv")
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["gb-jp-raa"]["short_title"] == "'" + HOSTILE["formula"]
    assert rows["gb-jp-raa"]["title"] == hostile_title()


def hostile_title():
    return dangerous(None) + HOSTILE["rtl"]


def admin_export(admin_client, model, resource, file_format):
    url = reverse(f"admin:relationships_{model}_export")
    fields = {f"{resource}_{name}": "on" for name in AgreementResource().get_export_order()}
    return admin_client.post(url, {"format": file_format, **fields})


@pytest.mark.django_db
def test_the_admin_csv_export_neutralises_formula_cells(admin_client, hostile):
    response = admin_export(admin_client, "agreement", "agreementresource", "0")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    raa = next(row for row in rows if row["key"] == "gb-jp-raa")
    assert raa["short_title"] == "'" + HOSTILE["formula"]
    assert raa["title"] == hostile_title()


@pytest.mark.django_db
def test_the_admin_xlsx_export_writes_text_not_formulas(admin_client, hostile):
    response = admin_export(admin_client, "agreement", "agreementresource", "1")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=True))
        assert cells["short_title"].data_type != "f"
        if cells["key"].value == "gb-jp-raa":
            assert cells["short_title"].value == "'" + HOSTILE["formula"]


@pytest.mark.django_db
def test_an_exported_csv_with_neutralised_cells_imports_back_unchanged(admin_client, hostile):
    from relationships.admin import CSVFormat

    exported = admin_export(admin_client, "agreement", "agreementresource", "0").content
    dataset = CSVFormat().create_dataset(exported.decode())
    raa = next(row for row in dataset.dict if row["key"] == "gb-jp-raa")
    assert raa["short_title"] == HOSTILE["formula"]
    result = AgreementResource().import_data(dataset, dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}
