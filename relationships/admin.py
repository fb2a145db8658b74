import tablib
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet, _get_foreign_key
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from . import edit_conflicts, public_fields, rules
from .forces import outside_country
from .models import (
    Agreement,
    AgreementParty,
    Boundary,
    Country,
    Domain,
    ExerciseEdition,
    ExerciseLocation,
    ExerciseSeries,
    Membership,
    Organisation,
    Presence,
    Source,
    Suspension,
)
from .resources import (
    AgreementResource,
    ExerciseEditionResource,
    MembershipResource,
    PresenceResource,
)
from .spreadsheets import neutralise, unneutralise


def map_link(url):
    return format_html('<a href="{}">View on map</a>', url) if url else "-"


class VersionedForm(forms.ModelForm):
    """A change form that carries the version of the record it was opened at, and
    refuses to save over a change made since (see `edit_conflicts`)."""

    record_version = forms.CharField(widget=forms.HiddenInput, required=False)
    version_children = ()  # set by the admin: its inlines' (history model, key)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial["record_version"] = edit_conflicts.record_version(
                self.instance, self.version_children
            )

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("record_version")
        if self.instance.pk is None or not opened:
            return cleaned  # a new record, or a form posted by other means: nothing to compare
        model = type(self.instance)
        if transaction.get_connection().in_atomic_block:  # the admin's: held to the save
            model._base_manager.select_for_update().filter(pk=self.instance.pk).exists()
        now = edit_conflicts.record_version(self.instance, self.version_children)
        if opened != now:
            self.add_error(
                None,
                ValidationError(
                    [
                        "This record was changed after you opened it, so nothing was saved. "
                        "What changed since is listed below; your input is kept in the form. "
                        "Reload the page to see the record as it is now, then apply your "
                        "change to it again.",
                        *edit_conflicts.changes_since(self.instance, opened, self.version_children),
                    ],
                    code="stale",
                ),
            )
        return cleaned


class HistoryAdmin(SimpleHistoryAdmin):
    """Every change recorded (who, when, what), listed under "History" with revert.

    django-simple-history's revert form shows a record's own fields as they
    were, but many-to-many fields (sources, domains) as they are now; the form
    is given the recorded ones too, so reverting loses no citation.
    """

    form = VersionedForm

    def version_children(self, request, obj):
        """The inlines' rows that count as changes of the record: (history model, key)."""
        children = []
        for inline in self.get_inline_instances(request, obj):
            history = edit_conflicts.history_of(inline.model)
            if history is not None:
                key = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
                children.append((history, key.attname))
        return tuple(children)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not any(
            "record_version" in admin.utils.flatten_fieldsets([fieldset]) for fieldset in fieldsets
        ):
            (name, options), *rest = fieldsets
            fieldsets = [
                (name, {**options, "fields": [*options["fields"], "record_version"]}),
                *rest,
            ]
        return fieldsets

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.history_version_id = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and issubclass(form, VersionedForm):
            form = type(
                form.__name__, (form,), {"version_children": self.version_children(request, obj)}
            )
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


class CitedForm(VersionedForm):
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


# Forces abroad: presences and exercises (`forces.py`).


class PointPickerWidget(forms.NumberInput):
    """The longitude's input, followed by a small map that picks the point.

    A click on the map (or dragging its marker) writes the latitude and the
    longitude; typing them moves the marker (static/admin/point-picker.js, on
    django-leaflet's bundled Leaflet; no GeoDjango).
    """

    def __init__(self, latitude_id="id_latitude", attrs=None):
        super().__init__(attrs={"step": "any", **(attrs or {})})
        self.latitude_id = latitude_id

    class Media:
        css = {"all": ["leaflet/leaflet.css", "admin/point-picker.css"]}
        js = ["leaflet/leaflet.js", "vendor/topojson-client.min.js", "admin/point-picker.js"]

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        return format_html(
            '{}<div class="point-picker" data-point-picker data-latitude="{}" '
            'data-longitude="{}" data-boundaries="{}" data-basemap="{}" role="application" '
            'aria-label="Pick the point on a map (or type the latitude and longitude)"></div>',
            field,
            self.latitude_id,
            (attrs or {}).get("id", f"id_{name}"),
            reverse("boundaries"),
            settings.MAP_BASEMAP_URL,
        )


class PresenceForm(CitedForm):
    """A presence: cited, operated by a country or an organisation, at a point in range."""

    class Meta:
        model = Presence
        fields = public_fields.PRESENCE_FIELDS
        widgets = {
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": PointPickerWidget(),
        }

    def clean(self):
        cleaned = super().clean()
        for violation in rules.operated(
            operators=cleaned.get("operators"), organisation=cleaned.get("organisation")
        ):
            self.add_error(violation.field, ValidationError(violation.message, violation.code))
        return cleaned


def warn_outside(request, place, country, latitude, longitude):
    """A warning, not an error: coasts and islands are coarse in the stored boundaries."""
    if country is not None and outside_country(country, latitude, longitude):
        messages.warning(
            request,
            f"{place}: the point ({latitude}, {longitude}) is outside {country.name} as the "
            "stored boundaries draw it. Check the coordinates (latitude first, then longitude).",
        )


@admin.register(Presence)
class PresenceAdmin(ImportExportHistoryAdmin):
    resource_classes = [PresenceResource]
    form = PresenceForm
    list_display = [
        "name",
        "kind",
        "host",
        "operator_codes",
        "started_on",
        "ended_on",
        "unverified",
    ]
    list_filter = ["kind", "organisation", "unverified", "host"]
    search_fields = ["key", "name", "location_name", "host__name", "operators__name"]
    prepopulated_fields = {"key": ["name"]}
    autocomplete_fields = ["host", "operators", "organisation", "agreement", "sources"]
    fieldsets = [
        (None, {"fields": ["name", "key", "kind"]}),
        ("Who and where", {"fields": ["host", "operators", "organisation", "agreement"]}),
        (
            "Location",
            {
                "description": "Type the latitude and longitude (WGS84 degrees) or click the "
                "map. A point outside the host country is saved, with a warning.",
                "fields": ["location_name", "latitude", "longitude"],
            },
        ),
        (
            "Dates",
            {
                "description": "A date known only to the month or year is entered as its first "
                "day, with the precision set to month or year. The end date is the last day in.",
                "fields": [
                    ("started_on", "started_on_precision"),
                    ("ended_on", "ended_on_precision"),
                ],
            },
        ),
        (
            "Size",
            {"fields": ["personnel", ("personnel_as_of", "personnel_as_of_precision"), "units"]},
        ),
        ("Sources and notes", {"fields": ["sources", "summary", ("unverified", "note")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("host").prefetch_related("operators")

    @admin.display(description="Operators")
    def operator_codes(self, presence):
        return ", ".join(sorted(c.iso2 for c in presence.operators.all())) or "-"

    def save_model(self, request, presence, form, change):
        super().save_model(request, presence, form, change)
        warn_outside(request, presence.name, presence.host, presence.latitude, presence.longitude)

    def view_on_site(self, presence):
        return presence.get_absolute_url()


@admin.register(ExerciseSeries)
class ExerciseSeriesAdmin(HistoryAdmin):
    form = CitedForm
    list_display = ["name", "key", "organisation", "unverified"]
    search_fields = ["name", "key"]
    prepopulated_fields = {"key": ["name"]}
    autocomplete_fields = ["organisation", "sources"]


class ExerciseLocationInline(admin.TabularInline):
    """The points where an edition took place, typed as latitude and longitude."""

    model = ExerciseLocation
    extra = 1
    autocomplete_fields = ["country"]


@admin.register(ExerciseEdition)
class ExerciseEditionAdmin(ImportExportHistoryAdmin):
    resource_classes = [ExerciseEditionResource]
    form = CitedForm
    list_display = ["name", "series", "started_on", "ended_on", "unverified"]
    list_filter = ["series", "organisations", "unverified"]
    search_fields = ["key", "name", "series__name"]
    date_hierarchy = "started_on"
    prepopulated_fields = {"key": ["name"]}
    autocomplete_fields = [
        "series",
        "leads",
        "participants",
        "hosts",
        "organisations",
        "sources",
    ]
    inlines = [ExerciseLocationInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for location in form.instance.locations.select_related("country"):
            warn_outside(
                request, location.name, location.country, location.latitude, location.longitude
            )


@admin.register(ExerciseLocation)
class ExerciseLocationAdmin(HistoryAdmin):
    """Locations are edited inline on their edition; here for their own history and revert."""

    list_display = ["name", "edition", "country", "latitude", "longitude"]
    search_fields = ["name", "edition__name"]
    autocomplete_fields = ["edition", "country"]
