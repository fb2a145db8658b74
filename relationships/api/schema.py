"""What the OpenAPI schema says beyond what drf-spectacular reads by itself.

drf-spectacular documents the success responses from the serializers and the
query parameters from the FilterSets (their `help_text`). Here:

- `AutoSchema`: a detail action's FilterSet is documented too (the
  relationships endpoints, an organisation's detail), not only a list's; and
  (`WriteSchema`, every view's) the `If-Match` header of each PUT, PATCH and
  DELETE that honours it (`preconditions.IfMatchMixin`), whose 412
  `document_errors` adds;
- `FilterExtension`: a filter's allowed values (`allowed`) become its enum;
- `export_formats`: the `format` parameter and the response of each export
  renderer a view has;
- the decorators of the operations that need more (`relationships_schema`,
  `pair_schema`, `agreements_schema`);
- `document_errors`: the error answers every operation can give. They come
  from shared code (the exception handler, throttles, the 503 middleware), so
  they are documented here once, for every operation they apply to.
"""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework.renderers import JSONRenderer

from .exports import (
    AGREEMENT_EXPORTS,
    EDITION_EXPORTS,
    MEMBERSHIP_EXPORTS,
    PRESENCE_EXPORTS,
    RELATIONSHIP_EXPORTS,
)
from .filters import FilterBackend
from .preconditions import IfMatchMixin
from .serializers import (
    AgreementDetailSerializer,
    AgreementSerializer,
    AgreementWriteSerializer,
    CountryChangesSerializer,
    CountryForcesSerializer,
    ExerciseEditionSerializer,
    MembershipWriteSerializer,
    OrganisationChangesSerializer,
    PairSerializer,
    PresenceSerializer,
    RelationshipsSerializer,
    TierChangesSerializer,
)

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The record's `ETag` as last read (a detail GET or a write answers it): "
    "the write goes through only while the record is unchanged since, else a 412.",
)
CONDITIONAL_WRITES = {"PUT", "PATCH", "DELETE"}


class WriteSchema(SpectacularAutoSchema):
    """drf-spectacular's, with the If-Match header of each write that honours it
    (every view's schema class: `DEFAULT_SCHEMA_CLASS`)."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if isinstance(self.view, IfMatchMixin) and self.method in CONDITIONAL_WRITES:
            parameters = [*parameters, IF_MATCH]
        return parameters


class AutoSchema(WriteSchema):
    """Documenting the FilterSet of a detail action too."""

    def get_filter_backends(self):
        if getattr(self.view, "filterset_class", None) and not self._is_list_view():
            return [FilterBackend]
        return super().get_filter_backends()


class FilterExtension(DjangoFilterExtension):
    """django-filter's parameters, with the allowed values of our checked filters as enums."""

    target_class = "relationships.api.filters.FilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        allowed = getattr(filter_field, "allowed", None)
        if allowed is not None and not callable(allowed):
            for parameter in parameters:
                schema = parameter["schema"]
                schema.get("items", schema)["enum"] = list(allowed)
        return parameters


def document_type(renderer):
    """The OpenAPI type of what a renderer class answers."""
    if renderer.render_style == "binary":
        return OpenApiTypes.BINARY
    return OpenApiTypes.OBJECT if issubclass(renderer, JSONRenderer) else OpenApiTypes.STR


def export_formats(json_response, exports):
    """The `format` parameter and the 200 responses of a view with export renderers.

    `exports` maps each export renderer to what it answers (see `exports`).
    """
    parameter = OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=["json", *(renderer.format for renderer in exports)],
        required=False,
        description="; ".join(f"{r.format}: {text}" for r, text in exports.items()) + ".",
    )
    responses = {(200, "application/json"): json_response}
    for renderer, text in exports.items():
        responses[(200, renderer.media_type)] = OpenApiResponse(
            document_type(renderer), description=text[:1].upper() + text[1:] + "."
        )
    return {"parameters": [parameter], "responses": responses}


PARTNER = OpenApiParameter(
    "partner",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="ISO alpha-2 code of the other country.",
)

# The operations whose parameters or answers drf-spectacular cannot read alone.
# JSON: the relationships, or with view=tier_changes each partner's tier on two dates.
relationships_schema = extend_schema(
    operation_id="countries_relationships",
    **export_formats(
        PolymorphicProxySerializer(
            component_name="RelationshipsOrTierChanges",
            serializers=[RelationshipsSerializer, TierChangesSerializer],
            resource_type_field_name=None,
        ),
        RELATIONSHIP_EXPORTS,
    ),
)
pair_schema = extend_schema(
    operation_id="countries_relationships_with_partner",
    parameters=[PARTNER],
    responses={200: PairSerializer},
)
agreements_schema = extend_schema_view(
    list=extend_schema(**export_formats(AgreementSerializer(many=True), AGREEMENT_EXPORTS)),
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
presences_schema = extend_schema_view(
    list=extend_schema(**export_formats(PresenceSerializer(many=True), PRESENCE_EXPORTS))
)
exercises_schema = extend_schema_view(
    list=extend_schema(**export_formats(ExerciseEditionSerializer(many=True), EDITION_EXPORTS))
)
forces_schema = extend_schema(
    operation_id="countries_forces", responses={200: CountryForcesSerializer}
)
country_changes_schema = extend_schema(
    operation_id="countries_changes", responses={200: CountryChangesSerializer}
)
organisation_changes_schema = extend_schema(
    operation_id="organisations_changes", responses={200: OrganisationChangesSerializer}
)
memberships_schema = extend_schema_view(
    list=extend_schema(**export_formats(MembershipWriteSerializer(many=True), MEMBERSHIP_EXPORTS)),
)

ERROR = {
    "type": "object",
    "description": "An error: `detail` says what went wrong; `errors` names each bad "
    "parameter or field with its message(s).",
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["detail"],
}

WRITES = {"post", "put", "patch", "delete"}


def error(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def document_errors(result, generator, request, public):
    """Postprocessing hook: 400, 401, 403, 404, 409, 412, 429 and 503 where they can
    happen; reads marked as needing no credentials."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    # DRF's token view refuses blank credentials; say so.
    for name in ("username", "password"):
        schemas.get("AuthToken", {}).get("properties", {}).get(name, {}).setdefault("minLength", 1)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if method not in WRITES and operation.get("security"):
                # Reads are public: no credentials is a valid choice too.
                operation["security"].append({})
            found = {}
            if operation.get("parameters") or operation.get("requestBody"):
                found["400"] = error("A parameter or field is invalid; `errors` names it.")
            if method in WRITES:
                found["401"] = error("No credentials (a token or a session) were given.")
                found["403"] = error("The user lacks the model permission, or CSRF failed.")
            names = {parameter["name"] for parameter in operation.get("parameters", [])}
            if "{" in path or "page" in names:
                found["404"] = error("No record with this key, or no such page.")
            if method == "delete":
                found["409"] = error("The record is still in use.")
            if IF_MATCH.name in names:
                found["412"] = error(
                    "`If-Match` does not match the record's ETag: it changed since it was "
                    "read; nothing was written."
                )
            found["429"] = error("Too many requests; retry after `Retry-After` seconds.")
            found["503"] = error("The database is unavailable; retry after `Retry-After`.")
            for status, response in found.items():
                responses.setdefault(status, response)
    return result
