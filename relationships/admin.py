import tablib
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from . import rules
from .models import (
    Agreement,
    AgreementParty,
    Boundary,
    Country,
    Domain,
    Membership,
    Organisation,
    Source,
    Suspension,
)
from .resources import AgreementResource, MembershipResource
from .spreadsheets import neutralise, unneutralise


def map_link(url):
    return format_html('<a href="{}">View on map</a>', url) if url else "-"


class HistoryAdmin(SimpleHistoryAdmin):
    """Every change recorded (who, when, what), listed under "History" with revert.

    django-simple-history's revert form shows a record's own fields as they
    were, but many-to-many fields (sources, domains) as they are now; the form
    is given the recorded ones too, so reverting loses no citation.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.history_version_id = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        version_id = getattr(request, "history_version_id", None)
        if version_id is None or request.method != "GET":
            return form
        record = get_object_or_404(self.model.history.model, history_id=version_id)
        recorded = {
            field.name: [
                getattr(row, f"{field.m2m_reverse_field_name()}_id")
                for row in getattr(record, field.name).all()
            ]
            for field in getattr(record, "_history_m2m_fields", [])
            if field.name in form.base_fields
        }

        class RecordedForm(form):
            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**recorded, **(kwargs.get("initial") or {})}
                super().__init__(*args, **kwargs)

        return RecordedForm


class NeutralisedFormulae:
    """A spreadsheet never runs a cell of ours: text starting with = + - @ gets a leading '.

    The same rule as the API's CSV export; an import takes the quote off again, so
    an exported file imports back unchanged.
    """

    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
        for row in dataset:
            safe.append([neutralise(cell) if isinstance(cell, str) else cell for cell in row])
        return super().export_data(safe, **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        plain = tablib.Dataset(headers=dataset.headers, title=dataset.title)
        for row in dataset:
            plain.append([unneutralise(cell) for cell in row])
        return plain


class CSVFormat(NeutralisedFormulae, base_formats.CSV):
    pass


class XLSXFormat(NeutralisedFormulae, base_formats.XLSX):
    pass


class ImportExportHistoryAdmin(ImportExportMixin, HistoryAdmin):
    """History, plus CSV/XLSX import with a preview and export."""

    formats = [CSVFormat, XLSXFormat]


class CitedForm(forms.ModelForm):
    """A record that must cite a source: checked by the rule (its message), not as a bare
    required field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sources" in self.fields:
            self.fields["sources"].required = False

    def clean(self):
        cleaned = super().clean()
        if "sources" in self.fields and "sources" not in self.errors:
            what = self._meta.model._meta.verbose_name
            for violation in rules.cited(cleaned.get("sources"), what):
                self.add_error(violation.field, ValidationError(violation.message, violation.code))
        return cleaned


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "publisher", "published_on", "accessed_on"]
    search_fields = ["title", "publisher", "url"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso2", "iso3", "region", "is_state", "dissolved_on", "view_on_map"]
    list_filter = ["is_state", "region"]
    search_fields = ["name", "iso2", "iso3"]
    autocomplete_fields = ["sovereign", "shown_as"]
    readonly_fields = ["view_on_map"]

    def view_on_site(self, country):
        return country.get_absolute_url()

    @admin.display(description="Map")
    def view_on_map(self, country):
        return map_link(country.get_absolute_url())


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


class SuspensionInline(admin.StackedInline):
    """Obligations suspended between two countries (or a membership suspended), while the
    record stays in force: the tie between them drops to the lowest tier meanwhile."""

    model = Suspension
    extra = 0
    autocomplete_fields = ["country", "partner", "sources"]
    fields = [
        ("country", "partner"),
        ("suspended_on", "suspended_on_precision"),
        ("lifted_on", "lifted_on_precision"),
        "note",
        "sources",
    ]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["country", "sources"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    form = CitedForm
    list_display = ["__str__", "name", "kind", "obligation", "founded_on", "unverified"]
    list_filter = ["kind", "obligation", "unverified"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["sources"]
    inlines = [MembershipInline, SuspensionInline]


@admin.register(Membership)
class MembershipAdmin(ImportExportHistoryAdmin):
    resource_classes = [MembershipResource]
    list_display = ["country", "organisation", "role", "joined_on", "left_on", "unverified"]
    list_filter = ["organisation", "role", "unverified"]
    search_fields = ["country__name", "organisation__name", "organisation__short_name"]
    autocomplete_fields = ["country", "organisation", "sources"]


class PartyFormSet(BaseInlineFormSet):
    """The parties inline: the rules on the list of parties (two at least, each once, and
    both sides of a one-way commitment)."""

    def clean(self):
        kept = [
            form.cleaned_data
            for form in self.forms
            if (form.cleaned_data.get("country") or form.cleaned_data.get("organisation"))
            and not form.cleaned_data.get("DELETE")
        ]
        codes = [
            data["country"].iso2 if data.get("country") else f"org:{data['organisation'].slug}"
            for data in kept
        ]
        violations = rules.parties(codes) + rules.roles(
            obligation=self.data.get("obligation"),
            roles=[data.get("role") or "party" for data in kept if data.get("country")],
        )
        if violations:
            raise ValidationError([ValidationError(v.message, code=v.code) for v in violations])
        super().clean()


class PartyInline(admin.TabularInline):
    """A party is a state (or a historical state) or an organisation, with its role."""

    model = AgreementParty
    formset = PartyFormSet
    extra = 2
    autocomplete_fields = ["country", "organisation"]
    fields = [
        "country",
        "organisation",
        "role",
        "joined_on",
        "joined_on_precision",
        "left_on",
        "left_on_precision",
    ]


class SignedYearFilter(admin.SimpleListFilter):
    title = "year of signature"
    parameter_name = "signed_year"

    def lookups(self, request, model_admin):
        years = Agreement.objects.dates("signed_on", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(signed_on__year=int(self.value()))
        return queryset


@admin.register(Agreement)
class AgreementAdmin(ImportExportHistoryAdmin):
    resource_classes = [AgreementResource]
    form = CitedForm
    list_display = [
        "__str__",
        "kind",
        "status",
        "obligation",
        "signed_on",
        "in_force_on",
        "unverified",
        "view_on_map",
    ]
    list_filter = [
        "kind",
        "status",
        "obligation",
        "domains",
        "organisation",
        SignedYearFilter,
        "unverified",
    ]
    search_fields = [
        "key",
        "title",
        "short_title",
        "summary",
        "parties__country__name",
        "parties__country__iso2",
    ]
    date_hierarchy = "signed_on"
    prepopulated_fields = {"key": ["short_title"]}
    autocomplete_fields = ["organisation", "sources", "predecessor"]
    filter_horizontal = ["domains"]
    readonly_fields = ["view_on_map"]
    fieldsets = [
        (None, {"fields": ["title", "short_title", "key", "view_on_map"]}),
        (
            "What it is",
            {"fields": [("kind", "legally_binding"), ("status", "obligation"), "organisation"]},
        ),
        (
            "Earlier instrument",
            {
                "description": "The agreement this one amends, replaces or renews, if any.",
                "fields": [("predecessor", "succession")],
            },
        ),
        (
            "Dates",
            {
                "description": "A date known only to the month or year is entered as its first "
                "day, with the precision set to month or year. An end date is the last day in "
                "force; one known to the month or year counts to the end of that period.",
                "fields": [
                    ("signed_on", "signed_on_precision"),
                    ("in_force_on", "in_force_on_precision"),
                    ("ended_on", "ended_on_precision"),
                ],
            },
        ),
        ("Fields and sources", {"fields": ["domains", "sources"]}),
        ("Notes", {"fields": ["summary", ("unverified", "note")]}),
    ]
    inlines = [PartyInline, SuspensionInline]

    def get_queryset(self, request):
        # The list's map links name two parties each: fetched in one query, not one per row.
        parties = AgreementParty.objects.select_related("country", "organisation")
        return super().get_queryset(request).prefetch_related(Prefetch("parties", parties))

    @admin.display(description="Map")
    def view_on_map(self, agreement):
        return map_link(agreement.get_absolute_url() if agreement.pk else None)

    def view_on_site(self, agreement):
        return agreement.get_absolute_url()


@admin.register(AgreementParty)
class AgreementPartyAdmin(HistoryAdmin):
    """Parties are edited inline on their agreement; here for their own history and revert."""

    list_display = ["country", "organisation", "role", "agreement", "joined_on", "left_on"]
    search_fields = ["country__name", "country__iso2", "agreement__title", "agreement__key"]
    autocomplete_fields = ["agreement", "country", "organisation"]


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso2", "country"]
    search_fields = ["name", "iso2"]
    exclude = ["geometry"]
    autocomplete_fields = ["country"]
