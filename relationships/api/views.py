from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ..models import (
    Agreement,
    AgreementParty,
    Country,
    Domain,
    Membership,
    Obligation,
    Organisation,
)
from ..ties import TIER_LABELS, TIERS, WEIGHTS, Filters, relationships_of
from . import params
from .filters import AgreementFilter
from .serializers import (
    AgreementDetailSerializer,
    AgreementSerializer,
    CountryDetailSerializer,
    CountryRefSerializer,
    CountrySerializer,
    OrganisationDetailSerializer,
    OrganisationSerializer,
    RelationshipSerializer,
)

AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="Answer for this date (default: today)."
)


def csv_param(name, description):
    return OpenApiParameter(name, OpenApiTypes.STR, description=f"{description} Comma-separated.")


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """Countries, keyed by ISO 3166-1 alpha-2 code."""

    lookup_field = "iso2"
    lookup_value_regex = "[^/]+"
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        queryset = Country.objects.all()
        if self.action == "retrieve":
            queryset = queryset.select_related("sovereign").prefetch_related(
                Prefetch("memberships", Membership.objects.select_related("organisation"))
            )
        return queryset

    def get_serializer_class(self):
        return CountryDetailSerializer if self.action == "retrieve" else CountrySerializer

    def get_object(self):
        code = self.kwargs["iso2"].upper()
        country = self.get_queryset().filter(iso2=code).first()
        if country is None:
            raise Http404(f"No country with ISO code {code!r}.")
        return country

    @extend_schema(
        parameters=[
            AS_OF,
            csv_param("organisation", "Only ties under these organisation slugs."),
            csv_param("kind", "Only agreements of these kinds."),
            csv_param("domain", "Only agreements in these domains."),
            csv_param("status", "Only agreements with these statuses."),
            csv_param("obligation", "Only ties with these obligations."),
            csv_param("partner", "Only these partners (ISO alpha-2 codes)."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True)
    def relationships(self, request, iso2=None):
        """Everything that ties this country to each partner on a date, strongest first."""
        country = self.get_object()
        date = params.as_of(request)
        filters = relationship_filters(request)
        partners = relationships_of(country, date, filters)
        return Response(
            {
                "country": CountryRefSerializer(country).data,
                "as_of": date.isoformat(),
                "tiers": [
                    {"tier": t, "label": TIER_LABELS[t], "weight": WEIGHTS[t]} for t in TIERS
                ],
                "partners": RelationshipSerializer(partners, many=True).data,
            }
        )


def relationship_filters(request):
    codes = [code.upper() for code in params.codes(request, "partner")]
    partners = list(Country.objects.filter(iso2__in=codes)) if codes else []
    missing = set(codes) - {c.iso2 for c in partners}
    if missing:
        raise ValidationError({"partner": f"unknown country code(s) {', '.join(sorted(missing))}."})
    return Filters(
        organisations=params.choices(
            request,
            "organisation",
            lambda: set(Organisation.objects.values_list("slug", flat=True)),
        ),
        kinds=params.choices(request, "kind", set(Agreement.Kind.values)),
        domains=params.choices(
            request, "domain", lambda: set(Domain.objects.values_list("slug", flat=True))
        ),
        statuses=params.choices(request, "status", set(Agreement.Status.values)),
        obligations=params.choices(request, "obligation", set(Obligation.values)),
        partners=partners,
    )


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Alliances, unions, frameworks and groupings; the detail lists members on a date."""

    lookup_field = "slug"
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        queryset = Organisation.objects.all()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("sources")
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return OrganisationDetailSerializer
        return OrganisationSerializer

    @extend_schema(parameters=[AS_OF])
    def retrieve(self, request, slug=None):
        organisation = self.get_object()
        date = params.as_of(request)
        organisation.as_of = date
        organisation.members = (
            Membership.objects.active_on(date)
            .filter(organisation=organisation)
            .select_related("country")
            .prefetch_related("sources")
            .order_by("joined_on", "country__name")
        )
        return Response(OrganisationDetailSerializer(organisation).data)


class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    """Agreements between states, with their parties and sources."""

    filterset_class = AgreementFilter
    search_fields = ["title", "short_title", "summary", "parties__country__name"]
    ordering_fields = ["signed_on", "in_force_on", "title", "kind", "status"]
    ordering = ["-signed_on", "title"]

    def get_queryset(self):
        queryset = Agreement.objects.select_related("organisation").prefetch_related("domains")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("parties", AgreementParty.objects.select_related("country")), "sources"
            )
        return queryset

    def get_serializer_class(self):
        return AgreementDetailSerializer if self.action == "retrieve" else AgreementSerializer
