import django_filters
from rest_framework.exceptions import ValidationError

from ..models import Agreement, Country, Domain, Membership, Obligation, Organisation
from .params import parse_date


class CommaChoiceFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    """One or several values, comma-separated (`kind=treaty,mou`), each checked."""

    def __init__(self, *args, allowed=None, **kwargs):
        self.allowed = allowed
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value:
            allowed = self.allowed() if callable(self.allowed) else self.allowed
            unknown = [v for v in value if v not in allowed]
            if unknown:
                raise ValidationError(
                    {
                        self.parameter: f"unknown value(s) {', '.join(unknown)}; "
                        f"allowed: {', '.join(sorted(allowed))}."
                    }
                )
        return super().filter(qs, value)

    @property
    def parameter(self):
        """The query parameter this filter reads (`domain`, not its field `domains__slug`)."""
        return next(name for name, f in self.parent.filters.items() if f is self)


def country_or_400(code, name):
    country = Country.objects.filter(iso2=str(code).upper()).first()
    if country is None:
        raise ValidationError({name: f"unknown country code {code!r}."})
    return country


class AgreementFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(
        method="filter_country", help_text="ISO alpha-2 code of a party, e.g. GB."
    )
    partner = django_filters.CharFilter(
        method="filter_partner", help_text="ISO alpha-2 code of another party (with `country`)."
    )
    organisation = CommaChoiceFilter(
        field_name="organisation__slug",
        allowed=lambda: set(Organisation.objects.values_list("slug", flat=True)),
        help_text="Organisation slug(s) the agreement sits under, comma-separated.",
    )
    kind = CommaChoiceFilter(
        field_name="kind", allowed=set(Agreement.Kind.values), help_text="Kind(s), comma-separated."
    )
    status = CommaChoiceFilter(
        field_name="status", allowed=set(Agreement.Status.values), help_text="Status(es)."
    )
    obligation = CommaChoiceFilter(
        field_name="obligation", allowed=set(Obligation.values), help_text="Obligation(s)."
    )
    domain = CommaChoiceFilter(
        field_name="domains__slug",
        distinct=True,
        allowed=lambda: set(Domain.objects.values_list("slug", flat=True)),
        help_text="Domain slug(s), comma-separated.",
    )
    active_on = django_filters.CharFilter(
        method="filter_active_on", help_text="Only agreements that count on this date (YYYY-MM-DD)."
    )

    class Meta:
        model = Agreement
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.involving(country_or_400(value, "country"))

    def filter_partner(self, queryset, name, value):
        return queryset.involving(country_or_400(value, "partner"))

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(parse_date(value, "active_on"))


class MembershipFilter(django_filters.FilterSet):
    organisation = CommaChoiceFilter(
        field_name="organisation__slug",
        allowed=lambda: set(Organisation.objects.values_list("slug", flat=True)),
        help_text="Organisation slug(s), comma-separated.",
    )
    country = django_filters.CharFilter(
        method="filter_country", help_text="ISO alpha-2 code of the member, e.g. GB."
    )
    role = CommaChoiceFilter(
        field_name="role", allowed=set(Membership.Role.values), help_text="Role(s)."
    )
    active_on = django_filters.CharFilter(
        method="filter_active_on", help_text="Only memberships that count on this date."
    )

    class Meta:
        model = Membership
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.involving(country_or_400(value, "country"))

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(parse_date(value, "active_on"))
