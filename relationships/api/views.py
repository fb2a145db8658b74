import gzip
import hashlib

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, filters, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from ..cache import PAYLOAD_TIMEOUT, cached, data_version
from ..models import (
    Agreement,
    AgreementParty,
    Country,
    Domain,
    Membership,
    Obligation,
    Organisation,
    Source,
)
from ..ties import TIER_LABELS, TIERS, WEIGHTS, Filters, relationships_of
from . import params
from .exports import (
    AGREEMENT_COLUMNS,
    CSVRenderer,
    GeoJSONRenderer,
    GeoPackageRenderer,
    agreement_rows,
    relationship_features,
)
from .filters import AgreementFilter, MembershipFilter
from .serializers import (
    AgreementDetailSerializer,
    AgreementSerializer,
    AgreementWriteSerializer,
    CountryDetailSerializer,
    CountryRefSerializer,
    CountrySerializer,
    MembershipWriteSerializer,
    OrganisationDetailSerializer,
    OrganisationSerializer,
    RelationshipSerializer,
    SourceWriteSerializer,
)


class ConditionalGetMixin:
    """Repeat GETs are a 304 while the data has not changed, and cheap when they are not.

    The ETag is built from the data version (bumped by every save, see
    `relationships.cache`), today's date (the default as-of date), the full
    URL and the Accept header, so it is known before any query runs.

    The rendered body of an anonymous GET (JSON, GeoJSON, CSV, GeoPackage;
    gzipped once when the client takes gzip; up to MAX_CACHED_BYTES) is cached
    under the same seed: a repeat from another client is then bytes from the
    cache, with no query, no serializer and no compression. The browsable
    API's HTML is never cached (it shows the user and a CSRF token).
    """

    CACHED_FORMATS = {"json", "geojson", "csv", "gpkg"}
    # Bigger bodies (whole exports at scale) are rebuilt each time rather than
    # left to fill a worker's memory: local memory caps entries, not bytes.
    MAX_CACHED_BYTES = 1_000_000
    CACHED_HEADERS = ["Content-Type", "Content-Disposition", "Allow", "Vary", "ETag"]

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        user = request.user.pk if "text/html" in request.headers.get("Accept", "") else None
        seed = "|".join(
            str(part)
            for part in [
                data_version(),
                timezone.localdate(),
                request.get_full_path(),
                request.headers.get("Accept", ""),
                user,
            ]
        )
        etag = quote_etag(hashlib.sha256(seed.encode()).hexdigest()[:32])
        if "HTTP_AUTHORIZATION" not in request.META and self._throttled(request):
            # Cached answers count against the rate limits too: DRF answers the 429.
            return self._respond(request, etag, *args, **kwargs)
        if get_conditional_response(request, etag=etag) is not None:
            response = HttpResponseNotModified()
            response["ETag"] = etag
            return response
        # Authenticated requests go through DRF (a bad token must stay a 401).
        if "HTTP_AUTHORIZATION" in request.META:
            return self._respond(request, etag, *args, **kwargs)
        gzipped = bool(re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")))
        variant = f"{seed}|{request.build_absolute_uri()}|{gzipped}"  # links name the host
        key = "response:" + hashlib.sha256(variant.encode()).hexdigest()
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = self._respond(request, etag, *args, **kwargs)
        renderer = getattr(response, "accepted_renderer", None)
        if (
            response.status_code == 200
            and renderer is not None
            and renderer.format in self.CACHED_FORMATS
        ):
            response.render()
            patch_vary_headers(response, ["Accept-Encoding"])
            if gzipped and len(response.content) >= 200:
                # Level 6, as GZipMiddleware: level 9 saves ~3% and costs twice the time.
                response.content = gzip.compress(response.content, compresslevel=6, mtime=0)
                response["Content-Encoding"] = "gzip"
                response["ETag"] = "W/" + etag  # as GZipMiddleware marks a changed body
            headers = {name: response[name] for name in self.CACHED_HEADERS if name in response}
            if response.has_header("Content-Encoding"):
                headers["Content-Encoding"] = response["Content-Encoding"]
            if len(response.content) <= self.MAX_CACHED_BYTES:
                cache.set(key, (response.content, headers), timeout=PAYLOAD_TIMEOUT)
        return response

    def _throttled(self, request):
        """Whether a rate limit refuses this request (recording it when allowed)."""
        refused = any(not t.allow_request(request, self) for t in self.get_throttles())
        request.throttle_counted = not refused  # DRF's own check then lets it through
        return refused

    def _respond(self, request, etag, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code == 200:
            response["ETag"] = etag
            patch_vary_headers(response, ["Accept"])
        return response


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


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record is still in use."
    default_code = "conflict"


AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="Answer for this date, YYYY-MM-DD (default: today)."
)


def list_param(name, description, enum=None):
    """A comma-separated list parameter (`kind=treaty,mou`), with its allowed values."""
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        description=f"{description} Comma-separated.",
        many=True,
        explode=False,
        style="form",
        enum=enum,
    )


RELATIONSHIP_FILTERS = [
    AS_OF,
    list_param(
        "organisation", "Only ties under these organisation slugs (see /api/organisations/)."
    ),
    list_param("kind", "Only agreements of these kinds.", Agreement.Kind.values),
    list_param("domain", "Only agreements in these domain slugs."),
    list_param("status", "Only agreements with these statuses.", Agreement.Status.values),
    list_param("obligation", "Only ties with these obligations.", Obligation.values),
]
PARTNER_FILTER = list_param("partner", "Only these partners (ISO alpha-2 codes).")
RELATIONSHIP_VIEWS = ["full", "tiers"]
VIEW_PARAM = OpenApiParameter(
    "view",
    OpenApiTypes.STR,
    enum=RELATIONSHIP_VIEWS,
    description="full (default): every partner with its agreements and organisations; "
    "tiers: each partner's tier, tier_label and score only, the small payload that "
    "colours the map.",
)


def format_param(formats, description):
    return OpenApiParameter(
        "format", OpenApiTypes.STR, enum=formats, description=description, required=False
    )


RELATIONSHIP_SHAPE = {
    "tier": serializers.ChoiceField(choices=TIERS),
    "tier_label": serializers.CharField(),
    "score": serializers.IntegerField(),
    "agreements": serializers.ListField(child=serializers.DictField()),
    "organisations": serializers.ListField(child=serializers.DictField()),
}
RELATIONSHIPS_RESPONSE = inline_serializer(
    "Relationships",
    {
        "country": CountryRefSerializer(),
        "as_of": serializers.DateField(),
        "tiers": serializers.ListField(child=serializers.DictField()),
        "partners": serializers.ListField(
            child=inline_serializer(
                "Partner", {"country": CountryRefSerializer(), **RELATIONSHIP_SHAPE}
            )
        ),
    },
)
PAIR_RESPONSE = inline_serializer(
    "PairRelationship",
    {
        "country": CountryRefSerializer(),
        "partner": CountryRefSerializer(),
        "as_of": serializers.DateField(),
        **RELATIONSHIP_SHAPE,
        "tier": serializers.ChoiceField(choices=TIERS, allow_null=True),
    },
)


class CountryViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
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
        return country_or_404(self.kwargs["iso2"], self.get_queryset())

    @extend_schema(
        operation_id="countries_relationships",
        parameters=[
            *RELATIONSHIP_FILTERS,
            PARTNER_FILTER,
            VIEW_PARAM,
            format_param(
                ["json", "geojson", "gpkg"],
                "geojson: a FeatureCollection of every map boundary with its tier and score "
                "with this country (also at relationships.geojson); gpkg: the same as a "
                "GeoPackage layer `relationships` (also at relationships.gpkg).",
            ),
        ],
        responses={
            (200, "application/json"): RELATIONSHIPS_RESPONSE,
            (200, "application/geo+json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="A GeoJSON FeatureCollection; each feature's properties: "
                "key, name, iso2, focus, as_of, is_focus, tier, tier_label, score.",
            ),
            (200, "application/geopackage+sqlite3"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The same features as a GeoPackage."
            ),
        },
    )
    @action(
        detail=True,
        renderer_classes=[JSONRenderer, BrowsableAPIRenderer, GeoJSONRenderer, GeoPackageRenderer],
    )
    def relationships(self, request, iso2=None, format=None):
        """Everything that ties this country to each partner on a date, strongest first."""
        country = self.get_object()
        date = params.as_of(request)
        filters = relationship_filters(request)
        view = params.one_of(request, "view", RELATIONSHIP_VIEWS, "full")
        key = f"{country.iso2}:{date}:{filters_key(filters)}"
        if request.accepted_renderer.format in ("geojson", "gpkg"):
            features = cached(
                f"geojson:{key}",
                lambda: relationship_features(
                    country, relationships_of(country, date, filters, details=False), date
                ),
            )
            filename = f"relationships-{country.iso2}-{date}.{request.accepted_renderer.format}"
            return Response(
                features, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
            )
        if view == "tiers":
            return Response(cached(f"tiers:{key}", lambda: tiers_payload(country, date, filters)))
        return Response(
            cached(f"relationships:{key}", lambda: relationships_payload(country, date, filters))
        )

    @extend_schema(
        operation_id="countries_relationships_with_partner",
        parameters=[
            OpenApiParameter(
                "partner",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="ISO alpha-2 code of the other country.",
            ),
            *RELATIONSHIP_FILTERS,
        ],
        responses={200: PAIR_RESPONSE},
    )
    @action(detail=True, url_path=r"relationships/(?P<partner>[^/]+)", url_name="pair")
    def pair(self, request, iso2=None, partner=None, format=None):
        """Everything that ties this country to one partner on a date (tier null when none)."""
        country = self.get_object()
        other = country_or_404(partner, Country.objects.all())
        date = params.as_of(request)
        filters = relationship_filters(request, partners=[other])
        key = f"pair:{country.iso2}:{date}:{filters_key(filters)}"
        return Response(cached(key, lambda: pair_payload(country, other, date, filters)))


def country_or_404(code, queryset):
    code = str(code).upper()
    country = queryset.filter(iso2=code).first()
    if country is None:
        raise Http404(f"No country with ISO code {code!r}.")
    return country


def relationships_payload(country, date, filters):
    return {
        "country": CountryRefSerializer(country).data,
        "as_of": date.isoformat(),
        "tiers": [{"tier": t, "label": TIER_LABELS[t], "weight": WEIGHTS[t]} for t in TIERS],
        "partners": RelationshipSerializer(
            relationships_of(country, date, filters), many=True
        ).data,
    }


def tiers_payload(country, date, filters):
    """What the map needs to colour itself: each partner's tier and score, no ties."""
    return {
        "country": CountryRefSerializer(country).data,
        "as_of": date.isoformat(),
        "tiers": [{"tier": t, "label": TIER_LABELS[t], "weight": WEIGHTS[t]} for t in TIERS],
        "partners": [
            {
                "country": {"iso2": r.country.iso2, "name": r.country.name},
                "tier": r.tier,
                "tier_label": TIER_LABELS[r.tier],
                "score": r.score,
            }
            for r in relationships_of(country, date, filters, details=False)
        ],
    }


def pair_payload(country, other, date, filters):
    found = relationships_of(country, date, filters)
    if found:
        data = RelationshipSerializer(found[0]).data
    else:
        data = {"tier": None, "tier_label": "", "score": 0, "agreements": [], "organisations": []}
    return {
        "country": CountryRefSerializer(country).data,
        "partner": CountryRefSerializer(other).data,
        "as_of": date.isoformat(),
        **{name: value for name, value in data.items() if name != "country"},
    }


def relationship_filters(request, partners=None):
    if partners is None:
        codes = [code.upper() for code in params.codes(request, "partner")]
        partners = list(Country.objects.filter(iso2__in=codes)) if codes else []
        missing = set(codes) - {c.iso2 for c in partners}
        if missing:
            raise ValidationError(
                {"partner": f"unknown country code(s) {', '.join(sorted(missing))}."}
            )
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


def filters_key(filters):
    """A stable cache key for a set of filters (the order of values does not matter)."""
    parts = [
        filters.organisations,
        filters.kinds,
        filters.domains,
        filters.statuses,
        filters.obligations,
        [country.iso2 for country in filters.partners],
    ]
    return "|".join(",".join(sorted(set(part))) for part in parts)


class OrganisationViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
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


AGREEMENT_ORDERING = ["signed_on", "in_force_on", "title", "kind", "status"]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            list_param("kind", "Kind(s) of instrument.", Agreement.Kind.values),
            list_param("status", "Status(es).", Agreement.Status.values),
            list_param("obligation", "Obligation(s).", Obligation.values),
            list_param("organisation", "Organisation slug(s) the agreement sits under."),
            list_param("domain", "Domain slug(s)."),
            OpenApiParameter(
                "active_on", OpenApiTypes.DATE, description="Only agreements that count then."
            ),
            OpenApiParameter(
                "ordering",
                OpenApiTypes.STR,
                description="Order by these fields, comma-separated; prefix - to reverse.",
                many=True,
                explode=False,
                enum=[p + f for f in AGREEMENT_ORDERING for p in ("", "-")],
            ),
            format_param(
                ["json", "csv"],
                "csv: every matching agreement (unpaginated) as CSV, parties as ISO codes "
                "(also at /api/agreements.csv).",
            ),
        ],
        responses={
            (200, "application/json"): AgreementSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="Every matching agreement, one row each, columns: "
                + ", ".join(AGREEMENT_COLUMNS)
                + ".",
            ),
        },
    ),
    create=extend_schema(
        request=AgreementWriteSerializer, responses={201: AgreementDetailSerializer}
    ),
    update=extend_schema(
        request=AgreementWriteSerializer, responses={200: AgreementDetailSerializer}
    ),
    partial_update=extend_schema(
        request=AgreementWriteSerializer, responses={200: AgreementDetailSerializer}
    ),
)
class AgreementViewSet(ConditionalGetMixin, viewsets.ModelViewSet):
    """Agreements between states, with their parties and sources; editors may write."""

    filter_backends = [DjangoFilterBackend, filters.SearchFilter, StrictOrderingFilter]
    filterset_class = AgreementFilter
    search_fields = ["title", "short_title", "summary", "parties__country__name"]
    ordering_fields = AGREEMENT_ORDERING
    ordering = ["-signed_on", "title"]
    csv_columns = AGREEMENT_COLUMNS

    def get_queryset(self):
        queryset = Agreement.objects.select_related("organisation").prefetch_related("domains")
        if self.action == "retrieve" or self._exporting():
            queryset = queryset.prefetch_related(
                Prefetch("parties", AgreementParty.objects.select_related("country")), "sources"
            )
        return queryset

    def get_renderers(self):
        renderers = super().get_renderers()
        # No action is an unsupported method: it must still reach its 405 with ?format=csv.
        if self.action in ("list", None):
            renderers.append(CSVRenderer())
        return renderers

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return AgreementWriteSerializer
        return AgreementDetailSerializer if self.action == "retrieve" else AgreementSerializer

    def _exporting(self):
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer is not None and renderer.format == "csv"

    def list(self, request, *args, **kwargs):
        if not self._exporting():
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        return Response(
            list(agreement_rows(queryset)),
            headers={"Content-Disposition": 'attachment; filename="agreements.csv"'},
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            list_param("organisation", "Organisation slug(s)."),
            list_param("role", "Role(s).", Membership.Role.values),
            OpenApiParameter(
                "active_on", OpenApiTypes.DATE, description="Only memberships that count then."
            ),
        ]
    )
)
class MembershipViewSet(ConditionalGetMixin, viewsets.ModelViewSet):
    """Memberships of organisations over time; editors may write."""

    serializer_class = MembershipWriteSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = MembershipFilter

    def get_queryset(self):
        return Membership.objects.select_related("organisation", "country").prefetch_related(
            "sources"
        )


class SourceViewSet(ConditionalGetMixin, viewsets.ModelViewSet):
    """The citations behind every fact; editors may write."""

    serializer_class = SourceWriteSerializer
    filter_backends = [filters.SearchFilter]
    search_fields = ["title", "publisher", "url"]
    queryset = Source.objects.all()

    def perform_destroy(self, source):
        if source.agreements.exists() or source.organisations.exists():
            raise Conflict("This source is still cited by an agreement or an organisation.")
        source.delete()
