"""Bulk import and export of agreements and memberships (CSV, XLSX) for the admin.

A file speaks the dataset's language: countries by ISO code (`GB,JP`),
organisations and domains by slug, sources by URL, dates as `2022-12-19`,
`2022-12` or `2022` (the precision follows). Every row is checked by the
rules the other write paths use (`rules.py`, through the models' `clean()`
and the parties and sources columns here), and a file with any bad row writes
nothing: the admin shows a preview with row-level errors first, and the
import runs in one transaction that is rolled back on any error.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.encoding import force_str
from import_export import fields, resources, widgets

from . import public_fields, rules
from .importers.dataset import parse_date
from .models import (
    Agreement,
    AgreementParty,
    Country,
    Domain,
    ExerciseEdition,
    ExerciseSeries,
    Membership,
    Organisation,
    Precision,
    Presence,
    Source,
)


def _codes(value):
    return [code.strip().upper() for code in str(value or "").replace(";", ",").split(",")]


class KeyWidget(widgets.ForeignKeyWidget):
    """A foreign key given by its key (slug, ISO code); an unknown key is a row error."""

    def __init__(self, model, field, label, upper=False):
        super().__init__(model, field=field)
        self.label = label
        self.upper = upper

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            return None
        if self.upper:
            value = value.upper()
        try:
            return self.model.objects.get(**{self.field: value})
        except self.model.DoesNotExist:
            raise ValueError(f"unknown {self.label} {value!r}") from None


class KeysWidget(widgets.ManyToManyWidget):
    """Many-to-many by key; every key must exist (no silent drops)."""

    def __init__(self, model, field, label, separator=None):
        super().__init__(model, field=field, separator=separator)
        self.label = label

    def split(self, value):
        text = force_str(value or "")
        parts = text.split(self.separator) if self.separator else text.split()
        return [part.strip() for part in parts if part.strip()]

    def clean(self, value, row=None, **kwargs):
        keys = self.split(value)
        found = self.model.objects.filter(**{f"{self.field}__in": keys})
        missing = sorted(set(keys) - {getattr(obj, self.field) for obj in found})
        if missing:
            raise ValueError(f"unknown {self.label} {', '.join(repr(key) for key in missing)}")
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        joiner = self.separator or " "
        return joiner.join(sorted(str(getattr(item, self.field)) for item in value.all()))


class PrecisionDateField(fields.Field):
    """A date written `2022-12-19`, `2022-12` or `2022`; sets the matching precision field."""

    def __init__(self, attribute, required=False):
        super().__init__(attribute=attribute, column_name=attribute)
        self.required = required

    def clean(self, row, **kwargs):
        value = row[self.column_name]
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a year typed in a spreadsheet cell
        return parse_date(value)

    def save(self, instance, row, is_m2m=False, **kwargs):
        date, precision = self.clean(row)
        setattr(instance, self.attribute, date)
        setattr(instance, f"{self.attribute}_precision", precision)

    def get_value(self, instance):
        date = getattr(instance, self.attribute)
        if date is None:
            return ""
        precision = getattr(instance, f"{self.attribute}_precision")
        if precision == Precision.YEAR:
            return f"{date:%Y}"
        if precision == Precision.MONTH:
            return f"{date:%Y-%m}"
        return date.isoformat()

    def export(self, instance, **kwargs):
        return self.get_value(instance)


class PartiesField(fields.Field):
    """An agreement's parties as ISO codes, `GB,JP`; written after the agreement is saved."""

    def __init__(self):
        super().__init__(attribute="parties", column_name="parties")

    def clean(self, row, **kwargs):
        codes = [code for code in _codes(row[self.column_name]) if code]
        known = dict(Country.objects.filter(iso2__in=codes).values_list("iso2", "pk"))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValueError(f"unknown country code {', '.join(repr(c) for c in unknown)}")
        violations = rules.parties(codes)
        if violations:
            raise ValueError(" ".join(violation.message for violation in violations))
        return sorted(codes)

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._pending_parties = self.clean(row)

    def get_value(self, instance):
        if hasattr(instance, "_pending_parties"):
            return ",".join(instance._pending_parties)
        if instance.pk is None:
            return ""
        # The column holds the state parties; organisation parties (and roles) are edited
        # in the admin's form and left as they are by an import.
        codes = instance.parties.filter(country__isnull=False).values_list(
            "country__iso2", flat=True
        )
        return ",".join(sorted(codes))

    def export(self, instance, **kwargs):
        return self.get_value(instance)


def organisation_column():
    """An organisation by its slug."""
    return fields.Field(
        attribute="organisation",
        column_name="organisation",
        widget=KeyWidget(Organisation, "slug", "organisation"),
    )


def sources_column():
    """Sources by URL, separated by spaces."""
    return fields.Field(
        attribute="sources",
        column_name="sources",
        widget=KeysWidget(Source, "url", "source URL"),
    )


class CheckedResource(resources.ModelResource):
    """Shared rules: checked rows, unchanged rows skipped, any error rolls back the file."""

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.TextField):
            return widgets.CharWidget  # an empty cell is "", as for a CharField
        return super().widget_from_django_field(f, default)

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if isinstance(django_field, models.TextField):
            kwargs.update({"coerce_to_string": True, "allow_blank": django_field.blank})
        return kwargs

    def import_instance(self, instance, row, **kwargs):
        # Many-to-many columns are checked with the rest of the row, so an
        # unknown slug or URL is a row error in the preview, not a crash later.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def import_data(self, dataset, *args, **kwargs):
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, *args, **kwargs)


class AgreementResource(CheckedResource):
    organisation = organisation_column()
    domains = fields.Field(
        attribute="domains",
        column_name="domains",
        widget=KeysWidget(Domain, "slug", "domain", separator=","),
    )
    sources = sources_column()
    parties = PartiesField()
    signed_on = PrecisionDateField("signed_on")
    in_force_on = PrecisionDateField("in_force_on")
    ended_on = PrecisionDateField("ended_on")

    class Meta:
        model = Agreement
        import_id_fields = ["key"]
        fields = public_fields.AGREEMENT_IMPORT_EXPORT_FIELDS
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if "sources" in row:
            violations = rules.cited(self.fields["sources"].clean(row).exists())
            if violations:
                raise ValidationError(rules.by_field(violations))

    def after_save_instance(self, instance, row, **kwargs):
        codes = getattr(instance, "_pending_parties", None)
        if codes is None or instance.pk is None:
            return
        states = instance.parties.filter(country__isnull=False)
        existing = set(states.values_list("country__iso2", flat=True))
        for country in Country.objects.filter(iso2__in=set(codes) - existing):
            AgreementParty.objects.create(agreement=instance, country=country)
        # Deleted one by one (not queryset.delete()) so each removal is in the history.
        for party in states.exclude(country__iso2__in=codes):
            party.delete()


class MembershipResource(CheckedResource):
    organisation = organisation_column()
    country = fields.Field(
        attribute="country",
        column_name="country",
        widget=KeyWidget(Country, "iso2", "country code", upper=True),
    )
    sources = sources_column()
    joined_on = PrecisionDateField("joined_on")
    left_on = PrecisionDateField("left_on")

    class Meta:
        model = Membership
        import_id_fields = ["organisation", "country", "joined_on"]
        fields = public_fields.MEMBERSHIP_IMPORT_EXPORT_FIELDS
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def get_instance(self, instance_loader, row):
        # Matched on the parsed values: `2022-12` in the file is 2022-12-01 in the database.
        try:
            organisation = self.fields["organisation"].clean(row)
            country = self.fields["country"].clean(row)
            joined_on, _ = self.fields["joined_on"].clean(row)
        except (ValueError, KeyError):
            return None
        return Membership.objects.filter(
            organisation=organisation, country=country, joined_on=joined_on
        ).first()


def countries_column(name):
    """Countries by ISO code, comma-separated: `GB,JP`."""
    return fields.Field(
        attribute=name,
        column_name=name,
        widget=KeysWidget(Country, "iso2", "country code", separator=","),
    )


class PresenceResource(CheckedResource):
    host = fields.Field(
        attribute="host",
        column_name="host",
        widget=KeyWidget(Country, "iso2", "country code", upper=True),
    )
    operators = countries_column("operators")
    organisation = organisation_column()
    agreement = fields.Field(
        attribute="agreement",
        column_name="agreement",
        widget=KeyWidget(Agreement, "key", "agreement key"),
    )
    sources = sources_column()
    started_on = PrecisionDateField("started_on")
    ended_on = PrecisionDateField("ended_on")
    personnel_as_of = PrecisionDateField("personnel_as_of")

    class Meta:
        model = Presence
        import_id_fields = ["key"]
        fields = public_fields.PRESENCE_IMPORT_EXPORT_FIELDS
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        violations = []
        if "sources" in row:
            violations += rules.cited(self.fields["sources"].clean(row).exists(), "presence")
        if "operators" in row:
            violations += rules.operated(
                operators=self.fields["operators"].clean(row).exists(),
                organisation=instance.organisation_id,
            )
        if violations:
            raise ValidationError(rules.by_field(violations))


class ExerciseEditionResource(CheckedResource):
    """Editions without their locations (edited in the admin's inline)."""

    series = fields.Field(
        attribute="series",
        column_name="series",
        widget=KeyWidget(ExerciseSeries, "key", "exercise series"),
    )
    leads = countries_column("leads")
    participants = countries_column("participants")
    hosts = countries_column("hosts")
    organisations = fields.Field(
        attribute="organisations",
        column_name="organisations",
        widget=KeysWidget(Organisation, "slug", "organisation", separator=","),
    )
    sources = sources_column()
    started_on = PrecisionDateField("started_on", required=True)
    ended_on = PrecisionDateField("ended_on")

    class Meta:
        model = ExerciseEdition
        import_id_fields = ["key"]
        fields = [f for f in public_fields.EDITION_IMPORT_EXPORT_FIELDS if f != "locations"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if "sources" in row:
            violations = rules.cited(self.fields["sources"].clean(row).exists(), "exercise edition")
            if violations:
                raise ValidationError(rules.by_field(violations))
