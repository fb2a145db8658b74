"""The API's viewsets. Each reads like DRF's own examples: a QuerySet bundle
from the model (`for_api()`), a serializer, a FilterSet; HTTP caching comes
from `caching`, the OpenAPI text from `schema`, the exports from `exports`."""

from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from .. import changes
from ..cache import (
    BOUNDARIES,
    FORCES,
    SHARED,
    cached,
    cached_value,
    country_scope,
    data_version,
    data_versions,
    organisation_scope,
    scoped_version,
    ties_scope,
)
from ..models import (
    Agreement,
    Country,
    ExerciseEdition,
    Membership,
    Organisation,
    Presence,
    Source,
)
from ..ties import remembered_history, remembered_relationships
from .caching import ConditionalGetMixin
from .errors import Conflict
from .exports import (
    AGREEMENT_COLUMNS,
    AGREEMENT_EXPORTS,
    EDITION_CELLS,
    EDITION_COLUMNS,
    EDITION_EXPORTS,
    MEMBERSHIP_COLUMNS,
    MEMBERSHIP_EXPORTS,
    PRESENCE_CELLS,
    PRESENCE_COLUMNS,
    PRESENCE_EXPORTS,
    RELATIONSHIP_COLUMNS,
    RELATIONSHIP_EXPORTS,
    CSVRenderer,
    agreement_rows,
    attachment,
    edition_features,
    is_csv,
    is_export,
    membership_rows,
    presence_features,
    relationship_features,
    relationship_rows,
    rows,
)
from .filters import (
    AgreementFilter,
    BoundedSearchFilter,
    ChangesFilter,
    ExerciseFilter,
    FilterBackend,
    ForcesFilter,
    MembershipFilter,
    OrganisationFilter,
    PairFilter,
    PresenceFilter,
    RelationshipFilter,
    StrictOrderingFilter,
    country_or_404,
    named_scopes,
    two_countries_or_404,
)
from .preconditions import IfMatchMixin
from .renderers import JSONRenderer
from .schema import (
    AutoSchema,
    agreements_schema,
    country_changes_schema,
    exercises_schema,
    forces_schema,
    memberships_schema,
    organisation_changes_schema,
    pair_schema,
    presences_schema,
    relationships_schema,
)
from .serializers import (
    AgreementDetailSerializer,
    AgreementSerializer,
    AgreementWriteSerializer,
    CountryChangesSerializer,
    CountryDetailSerializer,
    CountryForcesSerializer,
    CountrySerializer,
    ExerciseEditionSerializer,
    MembershipWriteSerializer,
    OrganisationChangesSerializer,
    OrganisationDetailSerializer,
    OrganisationSerializer,
    PairSerializer,
    PresenceSerializer,
    RelationshipsSerializer,
    SourceWriteSerializer,
    TierChangesSerializer,
    tiers_only,
)

# A list naming more organisations is keyed by every fact.
MAX_SCOPED_SLUGS = 10


class CountryViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Countries, keyed by ISO 3166-1 alpha-2 code."""

    lookup_field = "iso2"
    lookup_value_regex = "[^/]+"
    pagination_class = None
    filter_backends = []
    filterset_class = None  # the relationships actions' own
    schema = AutoSchema()
    csv_columns = RELATIONSHIP_COLUMNS  # the relationships' CSV export

    def get_queryset(self):
        if self.action == "retrieve":
            return Country.objects.for_api()
        return Country.objects.all()

    def get_serializer_class(self):
        return CountryDetailSerializer if self.action == "retrieve" else CountrySerializer

    def get_object(self):
        return country_or_404(self.get_queryset(), self.kwargs["iso2"])

    # Answers built from the country's scope (and `shared`) only, not from every fact.
    COUNTRY_SCOPED_ACTIONS = {"relationships", "pair", "changes"}
    # The relationships' answers that show the ties alone, none of the agreements' words:
    # keyed by the countries' ties (`cache.ties_scope`), which a change of words leaves.
    TIES_ONLY_VIEWS = {"tiers", "tier_changes"}

    def cache_scopes(self, request, action):
        if action == "list":
            return []  # the countries' own fields: `shared` alone (a country's change bumps it)
        if action in self.COUNTRY_SCOPED_ACTIONS:
            ties_only = action == "relationships" and self.ties_only(request)
            if ties_only:
                # The scope's own version read in the same one query: the tiers are taken
                # from the full answer when it is cached (`relationships`).
                data_versions(SHARED, *self.country_scopes())
            return self.country_scopes(ties_only)
        return [FORCES] if action == "forces" else None

    def ties_only(self, request):
        """Whether the relationships' answer to `request` is the JSON of the ties alone
        (`TIES_ONLY_VIEWS`): not an export, asked for by format or by Accept."""
        return (
            request.GET.get("view") in self.TIES_ONLY_VIEWS
            and "format" not in request.GET
            and not self.kwargs.get("format")
            and not any(kind in request.headers.get("Accept", "") for kind in ("csv", "geo"))
        )

    def country_scopes(self, ties_only=False):
        """This country's scope and its ties' (and, for a pair, the partner's); its ties'
        alone for an answer of `ties_only`."""
        codes = [self.kwargs["iso2"], *filter(None, [self.kwargs.get("partner")])]
        ties = [ties_scope(code) for code in codes]
        return ties if ties_only else [country_scope(code) for code in codes] + ties

    def scoped_version(self, ties_only=False):
        """The version of this country's relationships (and, for a pair, the partner's)."""
        return scoped_version(*self.country_scopes(ties_only))

    @relationships_schema
    @action(
        detail=True,
        renderer_classes=[JSONRenderer, BrowsableAPIRenderer, *RELATIONSHIP_EXPORTS],
        filterset_class=RelationshipFilter,
    )
    def relationships(self, request, iso2=None, format=None):
        """Everything that ties this country to each partner on a date, strongest first."""
        country = self.get_object()
        params = self.filterset_class(request.query_params, request=request)
        date, ties = params.query()
        key = f"{country.iso2}:{date}:{ties.key}"
        version = self.scoped_version()  # of the answers that list words (titles, sources)
        if is_csv(request):
            return self.relationships_csv(request, country, date, ties, key, version)
        if is_export(request):
            features = cached(
                f"geojson:{data_version(BOUNDARIES)}:{key}",  # it draws the stored boundaries
                lambda: relationship_features(
                    country, remembered_relationships(country, date, ties, details=False), date
                ),
                version,
            )
            response = Response(
                features, headers=attachment(f"relationships-{iso2}-{date}", request)
            )
            # The GeoPackage is written once per data version (of the facts and the boundaries).
            response.export_key = f"{data_version(BOUNDARIES)}:{key}"
            return response
        ties_version = self.scoped_version(ties_only=True)
        if params.payload() == "tier_changes":
            return self.tier_changes(country, date, params.since(date), ties, key, ties_version)
        full = params.payload() == "full"
        if not full:
            # The tiers are the full answer's without the ties: taken from it when it is
            # cached (a click on the focus, then the map coloured by it, computes once).
            known = cached_value(f"relationships:{key}", version)
            if known is not None:
                return Response(tiers_only(known))
        answer = cached(
            f"{'relationships' if full else 'tiers'}:{key}",
            lambda: (
                RelationshipsSerializer(
                    {
                        "country": country,
                        "as_of": date,
                        "partners": remembered_relationships(country, date, ties, details=full),
                        "ties": full,
                    }
                ).data
            ),
            version if full else ties_version,
        )
        return Response(answer)

    def tier_changes(self, country, date, start, ties, key, version):
        """Each partner's tier on `start` and on `date`, and which way it moved (`changes`)."""
        answer = cached(
            f"tier_changes:{key}:{start}",
            lambda: (
                TierChangesSerializer(
                    {
                        "country": country,
                        "as_of": date,
                        "start": start,
                        "partners": changes.compare_tiers(
                            remembered_history(country, ties, details=False), start, date, ties
                        ),
                    }
                ).data
            ),
            version,
        )
        return Response(answer)

    def relationships_csv(self, request, country, date, ties, key, version):
        """The relationships as CSV rows, one per partner (`exports.relationship_rows`)."""
        rows = cached(
            f"csv:{key}",
            lambda: list(
                relationship_rows(  # the agreements' order within a tier is by title
                    country,
                    remembered_relationships(country, date, ties, details=False, words=True),
                    date,
                )
            ),
            version,
        )
        return Response(rows, headers=attachment(f"relationships-{country.iso2}-{date}", request))

    @country_changes_schema
    @action(detail=True, filterset_class=ChangesFilter)
    def changes(self, request, iso2=None, format=None):
        """What changed for this country between two dates: its agreements' and memberships'
        events, and the partners whose tier with it rose or fell (see `changes`)."""
        country = self.get_object()
        start, end = self.filterset_class(
            request.query_params, queryset=self.get_queryset()
        ).period()
        answer = cached(
            f"changes:country:{country.iso2}:{start}:{end}",
            lambda: (
                CountryChangesSerializer(
                    {
                        "country": country,
                        "start": start,
                        "end": end,
                        "events": changes.country_events(country, start, end),
                        "tier_changes": changes.tier_changes(
                            remembered_history(country, details=False), start, end
                        ),
                    }
                ).data
            ),
            self.scoped_version(),
        )
        return Response(answer)

    @pair_schema
    @action(
        detail=True,
        url_path=r"relationships/(?P<partner>[^/]+)",
        url_name="pair",
        filterset_class=PairFilter,
    )
    def pair(self, request, iso2=None, partner=None, format=None):
        """Everything that ties this country to one partner on a date (tier null when none)."""
        country, other = two_countries_or_404(self.get_queryset(), iso2, partner)
        date, ties = self.filterset_class(request.query_params, request=request).query([other])
        answer = cached(
            f"pair:{country.iso2}:{date}:{ties.key}",
            lambda: (
                PairSerializer(
                    {
                        "country": country,
                        "partner": other,
                        "as_of": date,
                        "relationship": next(
                            iter(remembered_relationships(country, date, ties)), None
                        ),
                    }
                ).data
            ),
            self.scoped_version(),
        )
        return Response(answer)

    @forces_schema
    @action(detail=True, filterset_class=ForcesFilter)
    def forces(self, request, iso2=None, format=None):
        """A country's forces on a date: hosted, abroad, and its exercises in the year to it."""
        country = self.get_object()
        date = self.filterset_class(request.query_params, request=request).as_of_date()
        presences = list(
            Presence.objects.valid_on(date).involving(country).for_api().order_by("name")
        )
        hosted = [p for p in presences if p.host_id == country.pk]
        abroad = [p for p in presences if p.host_id != country.pk]
        editions = list(
            ExerciseEdition.objects.involving(country)
            .in_year_to(date)
            .for_api()
            .order_by("-started_on", "name")
        )
        return Response(
            CountryForcesSerializer(
                {
                    "country": country,
                    "as_of": date,
                    "hosted": {"count": len(hosted), "presences": hosted},
                    "abroad": {"count": len(abroad), "presences": abroad},
                    "exercises": {"count": len(editions), "editions": editions},
                }
            ).data
        )


class OrganisationViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Alliances, unions, frameworks and groupings; the detail lists members on a date."""

    lookup_field = "slug"
    pagination_class = None
    filter_backends = []
    filterset_class = OrganisationFilter  # the detail's `as_of`
    schema = AutoSchema()

    def get_queryset(self):
        if self.action == "retrieve":
            return Organisation.objects.for_api(members_on=self.members_on())
        return Organisation.objects.all()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return OrganisationDetailSerializer
        return OrganisationSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "retrieve":
            context["as_of"] = self.members_on()
        return context

    def members_on(self):
        return self.filterset_class(self.request.query_params).members_on()

    def cache_scopes(self, request, action):
        # An organisation's detail is built from its scope (and `shared`) only.
        return [organisation_scope(self.kwargs["slug"])] if action == "retrieve" else None

    @organisation_changes_schema
    @action(detail=True, filterset_class=ChangesFilter)
    def changes(self, request, slug=None, format=None):
        """What changed for this organisation between two dates: the agreements under it
        signed, in force or ended, and its accessions and withdrawals (see `changes`)."""
        organisation = self.get_object()
        start, end = self.filterset_class(
            request.query_params, queryset=self.get_queryset()
        ).period()
        answer = cached(
            f"changes:organisation:{organisation.pk}:{start}:{end}",
            lambda: (
                OrganisationChangesSerializer(
                    {
                        "organisation": organisation,
                        "start": start,
                        "end": end,
                        "events": changes.organisation_events(organisation, start, end),
                    }
                ).data
            ),
        )
        return Response(answer)


@agreements_schema
class AgreementViewSet(ConditionalGetMixin, IfMatchMixin, viewsets.ModelViewSet):
    """Agreements between states, with their parties and sources; editors may write."""

    filter_backends = [FilterBackend, BoundedSearchFilter, StrictOrderingFilter]
    filterset_class = AgreementFilter
    search_fields = ["title", "short_title", "summary", "parties__country__name"]
    ordering_fields = ["signed_on", "in_force_on", "title", "kind", "status"]
    ordering = ["-signed_on", "title"]
    csv_columns = AGREEMENT_COLUMNS

    def get_queryset(self):
        details = self.action == "retrieve" or is_export(self.request)
        return Agreement.objects.for_api(details=details, links=self.action == "retrieve")

    def cache_scopes(self, request, action):
        # A list narrowed to a country's (or a pair's) agreements is built from their
        # scopes: an agreement joins or leaves it only through a party of that country;
        # one narrowed to organisations', from theirs: an agreement joins or leaves it
        # only by a change to it, which bumps the organisation it is or was under.
        if action != "list" or (named := named_scopes(request.GET)) is None:
            return None  # a malformed value: a 400 from the filters, never cached
        codes, slugs = named
        if not (codes or slugs) or len(slugs) > MAX_SCOPED_SLUGS:
            return None
        return [country_scope(code) for code in codes] + [organisation_scope(s) for s in slugs]

    def get_renderers(self):
        renderers = super().get_renderers()
        # No action is an unsupported method: it must still reach its 405 with ?format=csv.
        if self.action in ("list", None):
            renderers += [renderer() for renderer in AGREEMENT_EXPORTS]
        return renderers

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return AgreementWriteSerializer
        return AgreementDetailSerializer if self.action == "retrieve" else AgreementSerializer

    def list(self, request, *args, **kwargs):
        if not is_export(request):
            return super().list(request, *args, **kwargs)
        rows = agreement_rows(self.filter_queryset(self.get_queryset()))
        return Response(list(rows), headers=attachment("agreements", request))


@memberships_schema
class MembershipViewSet(ConditionalGetMixin, IfMatchMixin, viewsets.ModelViewSet):
    """Memberships of organisations over time; editors may write."""

    serializer_class = MembershipWriteSerializer
    filter_backends = [FilterBackend]
    filterset_class = MembershipFilter
    queryset = Membership.objects.for_api()
    csv_columns = MEMBERSHIP_COLUMNS

    def get_renderers(self):
        renderers = super().get_renderers()
        # As the agreements': an unsupported method must still reach its 405 with ?format=csv.
        if self.action in ("list", None):
            renderers += [renderer() for renderer in MEMBERSHIP_EXPORTS]
        return renderers

    def list(self, request, *args, **kwargs):
        if not is_export(request):
            return super().list(request, *args, **kwargs)
        rows = membership_rows(self.filter_queryset(self.get_queryset()))
        return Response(list(rows), headers=attachment("memberships", request))


class SourceViewSet(ConditionalGetMixin, IfMatchMixin, viewsets.ModelViewSet):
    """The citations behind every fact; editors may write."""

    serializer_class = SourceWriteSerializer
    filter_backends = [BoundedSearchFilter]
    search_fields = ["title", "publisher", "url"]
    queryset = Source.objects.all()

    def perform_destroy(self, source):
        citing = [
            "agreements",
            "organisations",
            "presences",
            "exercise_series",
            "exercise_editions",
        ]
        if any(getattr(source, name).exists() for name in citing):
            raise Conflict(
                "This source is still cited by an agreement, an organisation, a presence "
                "or an exercise."
            )
        source.delete()


class ExportListMixin:
    """A read-only list that also answers its `exports` (CSV, GeoJSON) with the same filters.

    Only the list filters: a record's detail is found by its key whatever the date.
    """

    exports = {}

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action in ("list", None):
            renderers += [renderer() for renderer in self.exports]
        return renderers

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        if not is_export(request):
            return super().list(request, *args, **kwargs)
        name = self.basename.replace("edition", "exercise") + "s"
        if isinstance(request.accepted_renderer, CSVRenderer):
            answer = list(rows(self.filter_queryset(self.get_queryset()), *self.csv))
        else:
            answer = self.geojson()
        return Response(answer, headers=attachment(name, request))


class ForcesScopeMixin:
    """Answers built from the forces (presences, exercises) and `shared` only: an
    agreement's edit leaves them cached unless a presence rests on it."""

    def cache_scopes(self, request, action):
        return [FORCES]


@presences_schema
class PresenceViewSet(
    ForcesScopeMixin, ExportListMixin, ConditionalGetMixin, viewsets.ReadOnlyModelViewSet
):
    """Forces abroad: bases, facilities, access, stationed and rotational forces, missions."""

    lookup_field = "key"
    filter_backends = [FilterBackend, BoundedSearchFilter]
    filterset_class = PresenceFilter
    search_fields = ["name", "location_name", "summary", "host__name", "operators__name"]
    exports = PRESENCE_EXPORTS
    csv_columns = PRESENCE_COLUMNS
    csv = (PRESENCE_COLUMNS, PRESENCE_CELLS)
    serializer_class = PresenceSerializer

    def get_queryset(self):
        if is_export(self.request) and not isinstance(self.request.accepted_renderer, CSVRenderer):
            return Presence.objects.all()  # the GeoJSON picks its own (`presence_features`)
        return Presence.objects.for_api()

    def geojson(self):
        params = self.filterset_class(self.request.query_params, request=self.request)
        return presence_features(self.filter_queryset(self.get_queryset()), *params.view())


@exercises_schema
class ExerciseViewSet(
    ForcesScopeMixin, ExportListMixin, ConditionalGetMixin, viewsets.ReadOnlyModelViewSet
):
    """Exercise editions (one row each), with their series, countries and locations."""

    lookup_field = "key"
    filter_backends = [FilterBackend, BoundedSearchFilter]
    filterset_class = ExerciseFilter
    search_fields = ["name", "series__name", "summary"]
    exports = EDITION_EXPORTS
    csv_columns = EDITION_COLUMNS
    csv = (EDITION_COLUMNS, EDITION_CELLS)
    serializer_class = ExerciseEditionSerializer

    def get_queryset(self):
        if is_export(self.request) and not isinstance(self.request.accepted_renderer, CSVRenderer):
            return ExerciseEdition.objects.for_map()
        return ExerciseEdition.objects.for_api()

    def geojson(self):
        return edition_features(self.filter_queryset(self.get_queryset()))
