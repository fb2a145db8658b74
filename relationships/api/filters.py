"""The query parameters of every endpoint: one FilterSet per endpoint.

The lists filter their QuerySet with theirs (through `FilterBackend`); the
relationships endpoints and an organisation's detail compute their answer
rather than filter a list, so they read the checked values instead
(`FilterSet.values`). Either way each parameter is checked in one place,
and a bad one is a 400 in one shape, naming it:

    {"detail": "Invalid parameter: kind.",
     "errors": {"kind": "unknown value(s) 'alliance'; allowed: ..."}}

drf-spectacular documents every parameter from its filter's `help_text` (and
its allowed values from `allowed`, see `schema.py`): the docs are not written
twice.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django_filters.constants import EMPTY_VALUES
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.widgets import BaseCSVWidget
from rest_framework import filters
from rest_framework.exceptions import ValidationError

from ..models import (
    Agreement,
    Country,
    Domain,
    ExerciseEdition,
    ExerciseSeries,
    Membership,
    Obligation,
    Organisation,
    Presence,
    iso_code,
)
from ..ties import Filters

EARLIEST = datetime.date(1800, 1, 1)
LATEST = datetime.date(2200, 12, 31)
RELATIONSHIP_VIEWS = ["full", "tiers", "tier_changes"]


def parse_date(value, name):
    try:
        date = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError({name: f"{value!r} is not a date in the form YYYY-MM-DD."}) from None
    if not EARLIEST <= date <= LATEST:
        raise ValidationError({name: f"must be between {EARLIEST} and {LATEST}."})
    return date


def organisation_slugs():
    return set(Organisation.objects.values_list("slug", flat=True))


def domain_slugs():
    return set(Domain.objects.values_list("slug", flat=True))


def country_or_404(queryset, code):
    """The country with this ISO code in `queryset`, or a 404 naming the code."""
    country = queryset.coded([code]).first()
    if country is None:
        raise Http404(f"No country with ISO code {str(code).strip()!r}.")
    return country


def two_countries_or_404(queryset, code, other):
    """The countries with these two ISO codes, in one query, or a 404 naming the first
    code not found."""
    found = {country.iso2: country for country in queryset.coded([code, other])}
    for wanted in (code, other):
        if iso_code(wanted) not in found:
            raise Http404(f"No country with ISO code {str(wanted).strip()!r}.")
    return found[iso_code(code)], found[iso_code(other)]


def countries(codes, name):
    """The countries with these ISO codes, or a 400 on `name` listing the unknown ones."""
    found = list(Country.objects.coded(codes))
    known = {country.iso2 for country in found}
    missing = {str(code).strip() for code in codes if iso_code(code) not in known}
    if missing:
        raise ValidationError({name: f"unknown country code(s) {', '.join(sorted(missing))}."})
    return found


class CheckedFilter:
    """A filter that checks its own value.

    `parse` turns the form's value into what the filter uses (a date, a
    country, a list of allowed values) or raises a 400 naming the parameter;
    `queryset_method` names the QuerySet method the value is handed to
    (`active_on`, `involving`) when a field lookup is not enough.
    """

    def __init__(self, *args, queryset_method=None, **kwargs):
        self.queryset_method = queryset_method
        super().__init__(*args, **kwargs)

    @property
    def parameter(self):
        """The query parameter this filter reads (`domain`, not its field `domains__slug`)."""
        return next(name for name, f in self.parent.filters.items() if f is self)

    def parse(self, value):
        return value

    def filter(self, qs, value):
        value = self.parse(value)
        if value in EMPTY_VALUES:
            return qs
        if self.queryset_method:
            return getattr(qs, self.queryset_method)(value)
        return super().filter(qs, value)


def check_allowed(parameter, values, allowed):
    """`values`, or a 400 on `parameter` naming the unknown ones and what is allowed.

    `allowed` may be a callable, so that a database lookup happens only when
    the parameter is given.
    """
    if values:
        allowed = allowed() if callable(allowed) else allowed
        unknown = [value for value in values if value not in allowed]
        if unknown:
            raise ValidationError(
                {
                    parameter: f"unknown value(s) {', '.join(map(repr, unknown))}; "
                    f"allowed: {', '.join(sorted(allowed))}."
                }
            )
    return values


class CommaListWidget(BaseCSVWidget, forms.TextInput):
    """Comma-separated values, in one parameter or repeated (`kind=a,b` or `kind=a&kind=b`)."""

    def value_from_datadict(self, data, files, name):
        if name not in data:
            return None
        raws = data.getlist(name) if hasattr(data, "getlist") else [data[name]]
        return [part.strip() for raw in raws for part in raw.split(",") if part.strip()]


def is_slug(value):
    """Could `value` be an organisation's slug (the slug field's own validators)?"""
    try:
        Organisation._meta.get_field("slug").run_validators(value)
    except DjangoValidationError:
        return False
    return True


def named_scopes(query):
    """(ISO codes, organisation slugs) that a list of agreements names in `country`,
    `partner` and `organisation`, read as `AgreementFilter` reads them, or None when
    one is not of their shape (the filter then answers 400). Decides the cache key
    only (`AgreementViewSet.cache_scopes`): the filter still checks each one exists."""
    codes = [query[name] for name in ("country", "partner") if query.get(name)]
    slugs = CommaListWidget().value_from_datadict(query, {}, "organisation") or []
    if not all(map(iso_code, codes)) or not all(map(is_slug, slugs)):
        return None
    return [iso_code(code) for code in codes], slugs


class ChoicesFilter(CheckedFilter, django_filters.BaseInFilter, django_filters.CharFilter):
    """One or several values, comma-separated (`kind=treaty,mou`), each checked."""

    def __init__(self, *args, allowed, **kwargs):
        self.allowed = allowed
        super().__init__(*args, widget=CommaListWidget, **kwargs)

    def parse(self, values):
        return check_allowed(self.parameter, values or [], self.allowed)


class OneOfFilter(CheckedFilter, django_filters.CharFilter):
    """A single value from `allowed`, `default` when not given."""

    def __init__(self, *args, allowed, default, **kwargs):
        self.allowed = allowed
        self.default = default
        super().__init__(*args, **kwargs)

    def parse(self, value):
        return check_allowed(self.parameter, [value or self.default], self.allowed)[0]


class FlagFilter(CheckedFilter, django_filters.CharFilter):
    """A yes or no: `true` or `1`, `false` or `0` (any case); absent or empty is no.

    Not django-filter's BooleanFilter: its form field takes any other word for
    "not given", and a misspelt flag would silently answer everything.
    """

    TRUE = {"true", "1"}
    FALSE = {"false", "0", ""}
    allowed = ["true", "false", "1", "0"]  # the schema's enum (see `schema.FilterExtension`)

    def parse(self, value):
        word = (value or "").strip().lower()
        if word not in self.TRUE | self.FALSE:
            raise ValidationError({self.parameter: f"{value!r} is not true, false, 1 or 0."})
        return word in self.TRUE


class VerifiedFilter(FlagFilter):
    """`verified=true`: only records not flagged unverified (`unverified=False`)."""

    def filter(self, qs, value):
        return qs.filter(unverified=False) if self.parse(value) else qs


VERIFIED_RECORDS = (
    "true: leave out the records flagged unverified (a fact no cited source confirms)"
)


class DateFilter(CheckedFilter, django_filters.DateFilter):
    """A date, YYYY-MM-DD, between EARLIEST and LATEST (documented as a date)."""

    field_class = forms.CharField  # parsed by `parse_date`: one message for every date

    def parse(self, value):
        return parse_date(value, self.parameter) if value else None


class AsOfFilter(DateFilter):
    """A date that defaults to today: the list answers for one day, like the map."""

    def parse(self, value):
        return super().parse(value) or timezone.localdate()


class BboxFilter(CheckedFilter, django_filters.CharFilter):
    """`west,south,east,north` in degrees; a west edge east of the east edge crosses 180°."""

    def parse(self, value):
        if not value:
            return None
        try:
            west, south, east, north = (float(part) for part in value.split(","))
        except ValueError:
            raise ValidationError(
                {self.parameter: "give west,south,east,north as four numbers in degrees."}
            ) from None
        if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
            raise ValidationError(
                {
                    self.parameter: "longitudes lie from -180 to 180, latitudes from -90 to 90, "
                    "and south is not north of north."
                }
            )
        return west, south, east, north

    def filter(self, qs, value):
        box = self.parse(value)
        return qs.in_bbox(*box) if box else qs


class ZoomFilter(CheckedFilter, django_filters.NumberFilter):
    """The map's zoom level (0 to 22): sets the clustering grid of a GeoJSON answer; filters
    nothing."""

    DEFAULT = 2

    def parse(self, value):
        if value in EMPTY_VALUES:
            return self.DEFAULT
        if value != int(value) or not 0 <= value <= 22:
            raise ValidationError({self.parameter: "a whole number from 0 to 22."})
        return int(value)

    def filter(self, qs, value):
        self.parse(value)
        return qs


class CountryFilter(CheckedFilter, django_filters.CharFilter):
    """A country by its ISO alpha-2 code, in either case."""

    def parse(self, code):
        return countries([code], self.parameter)[0] if code else None


class CountriesFilter(CheckedFilter, django_filters.BaseInFilter, django_filters.CharFilter):
    """Countries by their ISO alpha-2 codes, comma-separated."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, widget=CommaListWidget, **kwargs)

    def parse(self, codes):
        return countries(codes, self.parameter) if codes else []


class FilterSet(django_filters.FilterSet):
    """A FilterSet whose every bad parameter is a 400 in the one shape."""

    def check_form(self):
        if not self.is_valid():
            raise ValidationError(
                {name: " ".join(messages) for name, messages in self.errors.items()}
            )

    @cached_property
    def values(self):
        """Each parameter's checked value (None or [] when not given)."""
        self.check_form()
        return {name: f.parse(self.form.cleaned_data.get(name)) for name, f in self.filters.items()}


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, with a form error in the shape of every parameter error."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        filterset.check_form()
        return filterset.qs


class StrictOrderingFilter(filters.OrderingFilter):
    """`ordering` with a 400 for a field that cannot be ordered by (not silence)."""

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw:
            allowed = set(view.ordering_fields)
            unknown = [
                term.strip()
                for term in raw.split(",")
                if term.strip() and term.strip().removeprefix("-") not in allowed
            ]
            if unknown:
                raise ValidationError(
                    {
                        self.ordering_param: f"cannot order by {', '.join(unknown)}; "
                        f"allowed: {', '.join(sorted(allowed))} (prefix - to reverse)."
                    }
                )
        return super().get_ordering(request, queryset, view)

    def get_schema_operation_parameters(self, view):
        fields = [prefix + field for field in view.ordering_fields for prefix in ("", "-")]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Order by these fields, comma-separated; prefix - to reverse.",
                "schema": {"type": "array", "items": {"type": "string", "enum": fields}},
                "style": "form",
                "explode": False,
            }
        ]


def kind_filter(help_text):
    return ChoicesFilter(field_name="kind", allowed=Agreement.Kind.values, help_text=help_text)


def status_filter(help_text):
    return ChoicesFilter(field_name="status", allowed=Agreement.Status.values, help_text=help_text)


def obligation_filter(help_text):
    return ChoicesFilter(field_name="obligation", allowed=Obligation.values, help_text=help_text)


class AgreementFilter(FilterSet):
    country = CountryFilter(
        queryset_method="involving", help_text="ISO alpha-2 code of a party, e.g. GB."
    )
    partner = CountryFilter(
        queryset_method="involving",
        help_text="ISO alpha-2 code of another party (with `country`).",
    )
    organisation = ChoicesFilter(
        field_name="organisation__slug",
        allowed=organisation_slugs,
        help_text="Organisation slug(s) the agreement sits under, comma-separated.",
    )
    kind = kind_filter("Kind(s) of instrument, comma-separated.")
    status = status_filter("Status(es), comma-separated.")
    obligation = obligation_filter("Obligation(s), comma-separated.")
    domain = ChoicesFilter(
        field_name="domains__slug",
        distinct=True,
        allowed=domain_slugs,
        help_text="Domain slug(s), comma-separated.",
    )
    active_on = DateFilter(
        queryset_method="active_on",
        help_text="Only agreements that count on this date (YYYY-MM-DD).",
    )
    verified = VerifiedFilter(help_text=f"{VERIFIED_RECORDS}; false (default): every agreement.")

    class Meta:
        model = Agreement
        fields = []


class MembershipFilter(FilterSet):
    organisation = ChoicesFilter(
        field_name="organisation__slug",
        allowed=organisation_slugs,
        help_text="Organisation slug(s), comma-separated.",
    )
    country = CountryFilter(
        queryset_method="involving", help_text="ISO alpha-2 code of the member, e.g. GB."
    )
    role = ChoicesFilter(
        field_name="role",
        allowed=Membership.Role.values,
        help_text="Role(s), comma-separated.",
    )
    active_on = DateFilter(
        queryset_method="active_on",
        help_text="Only memberships that count on this date (YYYY-MM-DD).",
    )
    verified = VerifiedFilter(help_text=f"{VERIFIED_RECORDS}; false (default): every membership.")

    class Meta:
        model = Membership
        fields = []


class OrganisationFilter(FilterSet):
    """An organisation's detail: the date its members are listed for."""

    as_of = DateFilter(help_text="List the members on this date, YYYY-MM-DD (default: today).")

    class Meta:
        model = Organisation
        fields = []

    def members_on(self):
        return self.values["as_of"] or timezone.localdate()


class PairFilter(FilterSet):
    """What narrows a country's relationships (see `ties`), on a date."""

    as_of = DateFilter(help_text="Answer for this date, YYYY-MM-DD (default: today).")
    organisation = ChoicesFilter(
        allowed=organisation_slugs,
        help_text="Only ties under these organisation slugs (see /api/organisations/); "
        "comma-separated.",
    )
    kind = kind_filter("Only agreements of these kinds; comma-separated.")
    domain = ChoicesFilter(
        allowed=domain_slugs, help_text="Only agreements in these domain slugs; comma-separated."
    )
    status = status_filter("Only agreements with these statuses; comma-separated.")
    obligation = obligation_filter("Only ties with these obligations; comma-separated.")
    verified = FlagFilter(
        help_text="true: only verified ties, leaving out the agreements, organisations and "
        "memberships flagged unverified (a partner tied by those only is left out); "
        "false (default): every tie, each partner saying `verified`."
    )

    class Meta:
        model = Country  # the endpoint's model: these narrow its relationships, not its rows
        fields = []

    def query(self, partners=()):
        """(date, ties.Filters) from the parameters, or a 400 naming a bad one."""
        values = self.values
        return values["as_of"] or timezone.localdate(), Filters(
            organisations=values["organisation"],
            kinds=values["kind"],
            domains=values["domain"],
            statuses=values["status"],
            obligations=values["obligation"],
            partners=values.get("partner") or list(partners),
            verified_only=values["verified"],
        )


class RelationshipFilter(PairFilter):
    """A country's relationships: the pair's filters, some partners, and the payload's view."""

    partner = CountriesFilter(help_text="Only these partners (ISO alpha-2 codes); comma-separated.")
    view = OneOfFilter(
        allowed=RELATIONSHIP_VIEWS,
        default="full",
        help_text="full (default): every partner with its agreements and organisations; "
        "tiers: each partner's tier, tier_label, score and verified only, the small payload that "
        "colours the map; tier_changes: every partner tied on `from` or on `as_of`, with "
        "its tier on both dates and whether it rose, fell or stayed the same (the map's "
        '"Changes since").',
    )
    # `from` is a Python keyword: named in `get_filters`, like ChangesFilter's.
    start = DateFilter(
        help_text="With view=tier_changes: the earlier date to compare the tiers on `as_of` "
        "with, YYYY-MM-DD (default: 365 days before `as_of`); not after `as_of`."
    )

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        start = filters.pop("start")
        start.field_name = "from"
        return {**filters, "from": start}

    def payload(self):
        """Which payload to answer with: `full`, `tiers` or `tier_changes`."""
        return self.values["view"]

    def since(self, date):
        """The `from` date the tiers on `date` are compared with, or a 400 naming it."""
        start = self.values["from"] or date - datetime.timedelta(days=365)
        if start > date:
            raise ValidationError({"from": f"must not be after `as_of` ({date})."})
        return start


# A search is a few words: each term is an OR of LIKEs across joined tables,
# so a thousand-term search costs seconds of database time for one request.
SEARCH_MAX_TERMS = 10
SEARCH_MAX_LENGTH = 200


class BoundedSearchFilter(filters.SearchFilter):
    """`search`, with a 400 for more than SEARCH_MAX_TERMS terms or SEARCH_MAX_LENGTH characters."""

    def get_search_terms(self, request):
        raw = request.query_params.get(self.search_param, "")
        if len(raw) > SEARCH_MAX_LENGTH:
            raise ValidationError(
                {self.search_param: f"at most {SEARCH_MAX_LENGTH} characters, got {len(raw)}."}
            )
        terms = super().get_search_terms(request)
        if len(terms) > SEARCH_MAX_TERMS:
            raise ValidationError(
                {self.search_param: f"at most {SEARCH_MAX_TERMS} words, got {len(terms)}."}
            )
        return terms

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["maxLength"] = SEARCH_MAX_LENGTH
            parameter["description"] = (
                f"{parameter.get('description', 'A search term.')} "
                f"At most {SEARCH_MAX_TERMS} words and {SEARCH_MAX_LENGTH} characters."
            )
        return parameters


class PresenceFilter(FilterSet):
    """Presences on a date (today by default), narrowed by country, kind, organisation, view."""

    host = CountryFilter(
        queryset_method="hosted_by", help_text="ISO alpha-2 code of the host country, e.g. CY."
    )
    operator = CountryFilter(
        queryset_method="operated_by", help_text="ISO alpha-2 code of an operating country."
    )
    country = CountryFilter(
        queryset_method="involving",
        help_text="ISO alpha-2 code of a country that hosts or operates the presence.",
    )
    kind = ChoicesFilter(
        field_name="kind", allowed=Presence.Kind.values, help_text="Kind(s), comma-separated."
    )
    organisation = ChoicesFilter(
        field_name="organisation__slug",
        allowed=organisation_slugs,
        help_text="Slug(s) of the organisation whose force or mission it is, comma-separated.",
    )
    as_of = AsOfFilter(
        queryset_method="valid_on",
        help_text="Only presences that count on this date, YYYY-MM-DD (default: today).",
    )
    bbox = BboxFilter(
        help_text="Only presences inside west,south,east,north (degrees), e.g. -10,35,30,60."
    )
    zoom = ZoomFilter(
        help_text="GeoJSON only: the map's zoom (0-22, default 2), which sets the grid that "
        "clusters a view holding many presences."
    )

    class Meta:
        model = Presence
        fields = []

    def view(self):
        """(zoom, bbox, as_of) of a GeoJSON request, without looking the countries up again."""
        self.check_form()
        data = self.form.cleaned_data
        return tuple(self.filters[name].parse(data.get(name)) for name in ("zoom", "bbox", "as_of"))


def series_keys():
    return set(ExerciseSeries.objects.values_list("key", flat=True))


class ExerciseFilter(FilterSet):
    """Exercise editions, narrowed by country, host, organisation, series and dates."""

    country = CountryFilter(
        queryset_method="involving",
        help_text="ISO alpha-2 code of a country that led, joined or hosted the edition.",
    )
    host = CountryFilter(queryset_method="hosted_by", help_text="ISO alpha-2 code of a host.")
    organisation = ChoicesFilter(
        field_name="organisations__slug",
        distinct=True,
        allowed=organisation_slugs,
        help_text="Slug(s) of an organisation that led or took part, comma-separated.",
    )
    series = ChoicesFilter(
        field_name="series__key", allowed=series_keys, help_text="Series key(s), comma-separated."
    )
    as_of = DateFilter(
        queryset_method="valid_on", help_text="Only editions under way on this date, YYYY-MM-DD."
    )
    bbox = BboxFilter(help_text="Only editions with a location inside west,south,east,north.")

    class Meta:
        model = ExerciseEdition
        fields = []


# `from` is a Python keyword, so these two are set by name.
ExerciseFilter.base_filters["from"] = DateFilter(
    queryset_method="ending_from",
    help_text="Only editions under way on some day from this date on, YYYY-MM-DD.",
)
ExerciseFilter.base_filters["to"] = DateFilter(
    queryset_method="starting_by",
    help_text="Only editions that started by this date, YYYY-MM-DD (with `from`: a period).",
)


class ForcesFilter(FilterSet):
    """A country's forces: the date they are listed for."""

    as_of = AsOfFilter(help_text="Answer for this date, YYYY-MM-DD (default: today).")

    class Meta:
        model = Country
        fields = []

    def as_of_date(self):
        return self.values["as_of"]


class ChangesFilter(FilterSet):
    """The period of a country's or an organisation's changes (`changes`)."""

    # `from` is a Python keyword: the filters are named in `get_filters`' stead below.
    start = DateFilter(
        help_text="First day of the period, YYYY-MM-DD, inclusive (default: 365 days before `to`)."
    )
    end = DateFilter(help_text="Last day of the period, YYYY-MM-DD, inclusive (default: today).")
    # No model: it serves both the countries' and the organisations' `changes`.

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        named = {"from": filters.pop("start"), "to": filters.pop("end")}
        for name, date_filter in named.items():
            date_filter.field_name = name
        return {**named, **filters}

    def period(self):
        """(start, end) from the parameters, or a 400 naming the bad one."""
        values = self.values
        end = values["to"] or timezone.localdate()
        start = values["from"] or end - datetime.timedelta(days=365)
        if start > end:
            raise ValidationError({"from": f"must not be after `to` ({end})."})
        return start, end
