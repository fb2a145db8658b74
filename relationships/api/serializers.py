from django.db import transaction
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import changes, public_fields, rules
from ..models import (
    Agreement,
    AgreementParty,
    Country,
    Domain,
    ExerciseEdition,
    ExerciseLocation,
    ExerciseSeries,
    Membership,
    Organisation,
    Presence,
    Source,
    iso_code,
)
from ..ties import TIER_LABELS, TIERS, WEIGHTS
from ..vocabularies import Precision


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = public_fields.SOURCE_API_FIELDS


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["iso2", "iso3", "name", "region", "subregion", "is_state"]


class CountryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["iso2", "name"]


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name", "short_name", "kind", "obligation"]


class MembershipSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer()

    class Meta:
        model = Membership
        fields = public_fields.MEMBERSHIP_OF_COUNTRY_FIELDS


class CountryDetailSerializer(CountrySerializer):
    sovereign = CountryRefSerializer(allow_null=True)
    memberships = MembershipSerializer(many=True)

    class Meta(CountrySerializer.Meta):
        fields = CountrySerializer.Meta.fields + ["official_name", "sovereign", "memberships"]


class MemberSerializer(serializers.ModelSerializer):
    country = CountryRefSerializer()
    sources = SourceSerializer(many=True)

    class Meta:
        model = Membership
        fields = public_fields.MEMBER_OF_ORGANISATION_FIELDS


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = public_fields.ORGANISATION_FIELDS


class PartyToSerializer(serializers.ModelSerializer):
    """An agreement an organisation is a party to (the EU's partnership with Japan)."""

    id = serializers.IntegerField(source="agreement.id")
    key = serializers.CharField(source="agreement.key")
    title = serializers.CharField(source="agreement.title")
    short_title = serializers.CharField(source="agreement.short_title")
    kind = serializers.ChoiceField(source="agreement.kind", choices=Agreement.Kind.choices)
    status = serializers.ChoiceField(source="agreement.status", choices=Agreement.Status.choices)
    signed_on = serializers.DateField(source="agreement.signed_on", allow_null=True)
    signed_on_precision = serializers.CharField(source="agreement.signed_on_precision")
    in_force_on = serializers.DateField(source="agreement.in_force_on", allow_null=True)
    in_force_on_precision = serializers.CharField(source="agreement.in_force_on_precision")
    ended_on = serializers.DateField(source="agreement.ended_on", allow_null=True)
    ended_on_precision = serializers.CharField(source="agreement.ended_on_precision")

    class Meta:
        model = AgreementParty
        fields = [
            "id",
            "key",
            "title",
            "short_title",
            "kind",
            "status",
            "signed_on",
            "signed_on_precision",
            "in_force_on",
            "in_force_on_precision",
            "ended_on",
            "ended_on_precision",
            "role",
        ]


class OrganisationDetailSerializer(OrganisationSerializer):
    """An organisation with its members on the as-of date."""

    # `as_of` comes from the context; the view's QuerySet,
    # `Organisation.objects.for_api(as_of)`, prefetched only those members.

    as_of = serializers.SerializerMethodField()
    members = MemberSerializer(source="memberships", many=True, read_only=True)
    sources = SourceSerializer(many=True)
    party_to = PartyToSerializer(
        source="agreement_parties",
        many=True,
        read_only=True,
        help_text="Agreements the organisation itself is a party to, whatever their dates.",
    )

    class Meta(OrganisationSerializer.Meta):
        fields = [
            *OrganisationSerializer.Meta.fields,
            *public_fields.ORGANISATION_DETAIL_ADDITIONS,
            "as_of",
            "members",
            "party_to",
        ]

    @extend_schema_field(OpenApiTypes.DATE)
    def get_as_of(self, organisation):
        return self.context["as_of"].isoformat()


class PartyCountrySerializer(CountryRefSerializer):
    """A party's country; for a historical state, when it ended and what it is shown as."""

    dissolved_on = serializers.DateField(
        allow_null=True, help_text="The last day it existed, for a state that no longer exists."
    )
    shown_as = CountryRefSerializer(
        many=True,
        help_text="For a state that no longer exists, today's states it is drawn as "
        "(empty: not drawn); empty for a current state.",
    )

    class Meta(CountryRefSerializer.Meta):
        fields = [*CountryRefSerializer.Meta.fields, "dissolved_on", "shown_as"]


class PartySerializer(serializers.ModelSerializer):
    country = PartyCountrySerializer(
        allow_null=True, help_text="A state party (null: an organisation)."
    )
    organisation = OrganisationRefSerializer(
        allow_null=True, help_text="An organisation party (null: a state)."
    )

    class Meta:
        model = AgreementParty
        fields = public_fields.PARTY_API_FIELDS


class AgreementRefSerializer(serializers.ModelSerializer):
    """Another agreement named from this one."""

    class Meta:
        model = Agreement
        fields = ["id", "key", "title", "short_title"]


class SuccessorSerializer(AgreementRefSerializer):
    class Meta(AgreementRefSerializer.Meta):
        fields = [*AgreementRefSerializer.Meta.fields, "succession"]


class AgreementSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    domains = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = public_fields.AGREEMENT_API_FIELDS


class AgreementDetailSerializer(AgreementSerializer):
    parties = PartySerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True, read_only=True)
    predecessor = AgreementRefSerializer(
        read_only=True,
        allow_null=True,
        help_text="The earlier instrument it amends, replaces or renews (see `succession`).",
    )
    successors = SuccessorSerializer(
        many=True,
        read_only=True,
        help_text="Later instruments that amend, replace or renew it, each saying how.",
    )

    class Meta(AgreementSerializer.Meta):
        fields = [
            *AgreementSerializer.Meta.fields,
            *public_fields.AGREEMENT_API_DETAIL_ADDITIONS,
            *public_fields.AGREEMENT_API_SUCCESSION_FIELDS,
        ]


class TieLinkSerializer(serializers.Serializer):
    """An agreement linked to a tie's agreement: its key, its name and how they are linked."""

    key = serializers.CharField()
    label = serializers.CharField(help_text="Its short title, or its title.")
    succession = serializers.ChoiceField(
        choices=Agreement._meta.get_field("succession").choices,
        help_text="How the later of the two follows the earlier: amends, replaces, renews.",
    )


def link(agreement, how):
    return {"key": agreement.key, "label": agreement.label, "succession": how}


def historical(state):
    return None if state is None else {"iso2": state.iso2, "name": state.name}


# The historical state a side of a tie was (the Soviet Union for Russia), or null.
AS_STATE = CountryRefSerializer(
    allow_null=True,
    help_text="The historical state the country held this tie as (the Soviet Union, shown "
    "as Russia), or null when it held it itself.",
)
PARTNER_AS_STATE = CountryRefSerializer(
    allow_null=True,
    help_text="The historical state the partner held this tie as (Czechoslovakia, shown as "
    "Czechia and as Slovakia), or null.",
)

# A tie between two parties whose obligations one has suspended towards the other.
SUSPENDED = serializers.BooleanField(
    help_text="Suspended between the two on the as-of date (ANZUS between the US and New "
    "Zealand since 1986): counted at the lowest tier."
)


class HistoryAgreementSerializer(AgreementSerializer):
    """An agreement of a tie history, its domains fetched as a list (`TieHistory.add_details`)."""

    domains = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, source="domain_list"
    )


class AgreementTieSerializer(AgreementSerializer):
    """One agreement behind a relationship, with its status on the as-of date."""

    # The fields are declared for the schema; `to_representation` is written
    # out because one instance serializes every tie of a payload: DRF builds a
    # ModelSerializer's fields anew for each instance, which was most of the
    # time of a large payload (2.6 s for a thousand ties), so the field
    # serializers are built once here, and each agreement is serialized once
    # however many partners share it.

    summary = serializers.CharField()
    note = serializers.CharField()
    status_on_date = serializers.ChoiceField(
        choices=Agreement.Status.choices, help_text="Its status on the as-of date."
    )
    not_in_force = serializers.BooleanField(
        help_text="Legally binding but only signed (not in force) on the as-of date: "
        "counted as a political commitment, whatever its obligation."
    )
    suspended = SUSPENDED
    tier = serializers.ChoiceField(choices=TIERS, help_text="The tier of this tie.")
    role = serializers.ChoiceField(
        choices=AgreementParty.Role.choices,
        allow_null=True,
        help_text="The country's role in it: a party, or a side of a one-way commitment.",
    )
    partner_role = serializers.ChoiceField(
        choices=AgreementParty.Role.choices,
        allow_null=True,
        help_text="The partner's role in it (null in `with_organisations`).",
    )
    as_state = AS_STATE
    partner_as_state = PARTNER_AS_STATE
    predecessor = TieLinkSerializer(
        allow_null=True, help_text="The earlier instrument it amends, replaces or renews."
    )
    successor = TieLinkSerializer(
        allow_null=True,
        help_text="The first later instrument that amends, replaces or renews it.",
    )
    sources = SourceSerializer(many=True)

    class Meta(AgreementSerializer.Meta):
        fields = AgreementSerializer.Meta.fields + [
            "summary",
            "note",
            "status_on_date",
            "not_in_force",
            "suspended",
            "tier",
            "role",
            "partner_role",
            "as_state",
            "partner_as_state",
            "predecessor",
            "successor",
            "sources",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._agreement = HistoryAgreementSerializer()
        self._source = SourceSerializer()

    def to_representation(self, tie):
        agreement = tie.agreement
        # Kept on the instance: a tie history's agreements (`ties.TieHistory`, read-only
        # and remembered per data version) serve every date's answer, so each is
        # serialized once per version, not once per date.
        common = getattr(agreement, "_tie_fields", None)
        if common is None:
            common = agreement._tie_fields = (
                self._agreement.to_representation(agreement),
                [self._source.to_representation(s) for s in agreement.source_list],
            )
        fields, sources = common
        predecessor = agreement.predecessor if agreement.predecessor_id else None
        return {
            **fields,
            "summary": agreement.summary,
            "note": agreement.note,
            "status_on_date": tie.status,
            "not_in_force": tie.not_in_force,
            "suspended": tie.suspended,
            "tier": tie.tier,
            "role": tie.role,
            "partner_role": tie.partner_role,
            "as_state": historical(tie.as_state),
            "partner_as_state": historical(tie.partner_as_state),
            "predecessor": predecessor and link(predecessor, agreement.succession),
            "successor": getattr(agreement, "successor", None),
            "sources": sources,
        }


class OrganisationTieSerializer(OrganisationRefSerializer):
    """One organisation both countries belong to, with each one's role in it."""

    role = serializers.ChoiceField(choices=Membership.Role.choices)
    partner_role = serializers.ChoiceField(choices=Membership.Role.choices)
    tier = serializers.ChoiceField(choices=TIERS, help_text="The tier of this tie.")
    suspended = SUSPENDED
    as_state = AS_STATE
    partner_as_state = PARTNER_AS_STATE
    unverified = serializers.BooleanField(
        help_text="The organisation, or either country's membership of it, is flagged "
        "unverified: the tie does not set tier and score beside a verified one."
    )

    class Meta(OrganisationRefSerializer.Meta):
        fields = OrganisationRefSerializer.Meta.fields + [
            "role",
            "partner_role",
            "tier",
            "suspended",
            "as_state",
            "partner_as_state",
            "unverified",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisation = OrganisationRefSerializer()
        # Each organisation's own fields, serialized once per answer: NATO ties a
        # country to thirty partners (DRF's generic fields were 11% of the United
        # States' full answer).
        self._refs = {}

    def to_representation(self, tie):
        organisation = tie.organisation
        ref = self._refs.get(organisation.pk)
        if ref is None:
            ref = self._refs[organisation.pk] = self._organisation.to_representation(organisation)
        data = dict(ref)
        data.update(
            role=tie.role,
            partner_role=tie.partner_role,
            tier=tie.tier,
            suspended=tie.suspended,
            as_state=historical(tie.as_state),
            partner_as_state=historical(tie.partner_as_state),
            unverified=not tie.verified,
        )
        return data


class OrganisationPartySerializer(serializers.Serializer):
    """An organisation that is a party to agreements with the country (the EU's security and
    defence partnerships): listed, never drawn as ties with its members."""

    organisation = OrganisationRefSerializer()
    agreements = AgreementTieSerializer(many=True)

    def to_representation(self, listed):
        return {
            "organisation": OrganisationRefSerializer(listed.organisation).data,
            "agreements": AgreementTieSerializer(many=True).to_representation(listed.agreements),
        }


class TierSerializer(serializers.Serializer):
    """One tier of the scale, strongest first (see `relationships.ties`)."""

    tier = serializers.ChoiceField(choices=TIERS)
    label = serializers.CharField()
    weight = serializers.IntegerField()


TIER_SCALE = [{"tier": t, "label": TIER_LABELS[t], "weight": WEIGHTS[t]} for t in TIERS]


# Whether a relationship rests on anything confirmed (see `ties.Relationship.verified`).
VERIFIED = serializers.BooleanField(
    help_text="False when every tie is unverified (an agreement, organisation or membership "
    "flagged unverified): tier and score then rest on unverified records only, and the map "
    "draws the partner hatched. `verified=true` leaves such ties out."
)


class RelationshipSerializer(serializers.Serializer):
    """A partner, its tier and score, and the ties behind them (not with view=tiers)."""

    # With many=True one instance serves every partner. With `ties=False` (the
    # map's `?view=tiers`) only tier, label and score are sent, which is why
    # the schema does not require the ties.

    country = CountryRefSerializer()
    tier = serializers.ChoiceField(choices=TIERS, help_text="The strongest tier of its ties.")
    tier_label = serializers.CharField()
    score = serializers.IntegerField(help_text="The weighted count of its ties.")
    verified = VERIFIED
    agreements = AgreementTieSerializer(
        many=True, required=False, help_text="Absent with view=tiers."
    )
    organisations = OrganisationTieSerializer(
        many=True, required=False, help_text="Absent with view=tiers."
    )

    def __init__(self, *args, ties=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.ties = ties
        self._country = CountryRefSerializer()
        self._agreements = AgreementTieSerializer(many=True)
        self._organisations = OrganisationTieSerializer(many=True)

    def to_representation(self, relationship):
        data = {
            "country": self._country.to_representation(relationship.country),
            "tier": relationship.tier,
            "tier_label": TIER_LABELS[relationship.tier],
            "score": relationship.score,
            "verified": relationship.verified,
        }
        if self.ties:
            data["agreements"] = self._agreements.to_representation(relationship.agreements)
            data["organisations"] = self._organisations.to_representation(
                relationship.organisations
            )
        return data


# What a partner keeps in the map's `?view=tiers` (RelationshipSerializer with ties=False).
TIER_FIELDS = ("country", "tier", "tier_label", "score", "verified")


def tiers_only(answer):
    """The `?view=tiers` answer, from the full answer of the same country, date and
    filters (`RelationshipsSerializer` data): each partner without its ties."""
    return {
        "country": answer["country"],
        "as_of": answer["as_of"],
        "tiers": answer["tiers"],
        "partners": [
            {name: partner[name] for name in TIER_FIELDS} for partner in answer["partners"]
        ],
    }


class RelationshipsSerializer(serializers.Serializer):
    """A country's relationships on a date: the tier scale, and its partners strongest first."""

    # Serializes a dict: `country`, `as_of`, `partners` (`ties.Relationship`s)
    # and `ties` (False for the map's tiers view).

    country = CountryRefSerializer()
    as_of = serializers.DateField()
    tiers = TierSerializer(many=True, help_text="The tier scale, strongest first.")
    partners = RelationshipSerializer(many=True)
    with_organisations = OrganisationPartySerializer(
        many=True,
        required=False,
        help_text="Agreements the country has with an organisation as a party (the EU, NATO), "
        "by organisation: they tie it to the organisation, not to its members. Absent with "
        "view=tiers.",
    )

    def to_representation(self, answer):
        ties = answer.get("ties", True)
        data = {
            "country": CountryRefSerializer(answer["country"]).data,
            "as_of": answer["as_of"].isoformat(),
            "tiers": TIER_SCALE,
            "partners": RelationshipSerializer(answer["partners"], many=True, ties=ties).data,
        }
        if ties:
            data["with_organisations"] = OrganisationPartySerializer(
                answer["partners"].with_organisations, many=True
            ).data
        return data


class TierComparisonSerializer(serializers.Serializer):
    """A partner's tier on `from` and on `as_of` (null when untied), and which way it moved."""

    country = CountryRefSerializer(source="partner")
    tier = serializers.ChoiceField(
        choices=TIERS, allow_null=True, source="tier_after", help_text="The tier on `as_of`."
    )
    tier_label = serializers.SerializerMethodField()
    score = serializers.IntegerField(help_text="The weighted count of its ties on `as_of`.")
    tier_before = serializers.ChoiceField(
        choices=TIERS, allow_null=True, help_text="The tier on `from`."
    )
    tier_before_label = serializers.SerializerMethodField()
    change = serializers.ChoiceField(
        choices=["rose", "fell", "same"],
        help_text="rose: a new or stronger tie; fell: a weaker or ended one; same: unchanged.",
    )

    def get_tier_label(self, comparison) -> str | None:
        return TIER_LABELS.get(comparison.tier_after)

    def get_tier_before_label(self, comparison) -> str | None:
        return TIER_LABELS.get(comparison.tier_before)


class TierChangesSerializer(serializers.Serializer):
    """A country's partners on two dates (`view=tier_changes`): the map's "Changes since"."""

    # Serializes a dict: `country`, `start`, `as_of`, `partners` (`changes.TierChange`s).

    country = CountryRefSerializer()
    as_of = serializers.DateField()
    tiers = serializers.SerializerMethodField(help_text="The tier scale, strongest first.")
    partners = TierComparisonSerializer(
        many=True,
        help_text="Every partner tied on `from` or `as_of`: the strongest on `as_of` first, "
        "then those no longer tied.",
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(source="start")  # `from` is a Python keyword
        return fields

    @extend_schema_field(TierSerializer(many=True))
    def get_tiers(self, answer):
        return TIER_SCALE


class PairSerializer(serializers.Serializer):
    """What ties two countries on a date (tier null and no ties when nothing does)."""

    # Serializes a dict: `country`, `partner`, `as_of` and `relationship` (a
    # `ties.Relationship`, or None).

    country = CountryRefSerializer()
    partner = CountryRefSerializer()
    as_of = serializers.DateField()
    tier = serializers.ChoiceField(choices=TIERS, allow_null=True)
    tier_label = serializers.CharField()
    score = serializers.IntegerField()
    verified = serializers.BooleanField(
        allow_null=True,
        help_text="False when every tie between the two is unverified; null when none ties them.",
    )
    agreements = AgreementTieSerializer(many=True)
    organisations = OrganisationTieSerializer(many=True)

    def to_representation(self, answer):
        relationship = answer["relationship"]
        if relationship is None:
            ties = {"tier": None, "tier_label": "", "score": 0, "verified": None}
            ties.update(agreements=[], organisations=[])
        else:
            ties = RelationshipSerializer(relationship).data
            del ties["country"]
        return {
            "country": CountryRefSerializer(answer["country"]).data,
            "partner": CountryRefSerializer(answer["partner"]).data,
            "as_of": answer["as_of"].isoformat(),
            **ties,
        }


# Writes -------------------------------------------------------------------
# Editors with the model permission write through these. They check what the
# model and its constraints check, so a bad write is a 400 naming the field,
# never a database error.


class CountryCodeField(serializers.SlugRelatedField):
    """A country given by its ISO alpha-2 code, in either case."""

    default_error_messages = {
        "does_not_exist": "Unknown country code {value}.",
        "invalid": "Expected an ISO 3166-1 alpha-2 code such as GB.",
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="iso2", queryset=Country.objects.all(), **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not iso_code(data):
            self.fail("invalid")
        return super().to_internal_value(iso_code(data))


def check(violations):
    """The rules' violations as a 400 naming each field (see relationships/rules.py)."""
    if violations:
        raise serializers.ValidationError(rules.by_field(violations))


def current(attrs, instance, names):
    """The record as it will be: what the request sends, else what is stored."""
    return {name: attrs.get(name, getattr(instance, name, None)) for name in names}


class PartyWriteSerializer(serializers.ModelSerializer):
    country = CountryCodeField(help_text="ISO alpha-2 code of the party.")

    class Meta:
        model = AgreementParty
        fields = public_fields.PARTY_FIELDS
        validators = []  # the agreement is not known yet; parties are checked as a list

    def validate(self, attrs):
        check(rules.party_dates(**current(attrs, None, ["joined_on", "left_on"])))
        return attrs


class AgreementWriteSerializer(serializers.ModelSerializer):
    """An agreement as an editor writes it: parties by ISO code, sources by id."""

    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text="Slug of the organisation it sits under, if any.",
    )
    domains = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Domain.objects.all(),
        many=True,
        required=False,
        help_text="Domain slugs.",
    )
    parties = PartyWriteSerializer(many=True, help_text="At least two parties.")
    sources = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(), many=True, help_text="Ids of at least one source."
    )

    class Meta:
        model = Agreement
        fields = public_fields.AGREEMENT_API_WRITE_FIELDS

    def validate_parties(self, parties):
        # A PATCH makes the nested fields optional; a party still needs its country.
        if any("country" not in party for party in parties):
            raise serializers.ValidationError("Each party needs a `country` (an ISO alpha-2 code).")
        violations = rules.parties([party["country"].iso2 for party in parties])
        if violations:
            raise serializers.ValidationError([violation.message for violation in violations])
        return parties

    def validate_sources(self, sources):
        violations = rules.cited(sources)
        if violations:
            raise serializers.ValidationError([violation.message for violation in violations])
        return sources

    def validate(self, attrs):
        dates = ["status", "signed_on", "in_force_on", "ended_on"]
        check(rules.agreement_dates(**current(attrs, self.instance, dates)))
        if "parties" in attrs:
            obligation = current(attrs, self.instance, ["obligation"])["obligation"]
            roles = [party.get("role") or "party" for party in attrs["parties"]]
            check(rules.roles(obligation=obligation, roles=roles))
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        parties = validated_data.pop("parties")
        sources = validated_data.pop("sources")
        domains = validated_data.pop("domains", [])
        agreement = Agreement.objects.create(**validated_data)
        agreement.sources.set(sources)
        agreement.domains.set(domains)
        self._write_parties(agreement, parties)
        return agreement

    @transaction.atomic
    def update(self, agreement, validated_data):
        parties = validated_data.pop("parties", None)
        sources = validated_data.pop("sources", None)
        domains = validated_data.pop("domains", None)
        for name, value in validated_data.items():
            setattr(agreement, name, value)
        agreement.save()
        if sources is not None:
            agreement.sources.set(sources)
        if domains is not None:
            agreement.domains.set(domains)
        if parties is not None:
            agreement.parties.all().delete()
            self._write_parties(agreement, parties)
        return agreement

    def _write_parties(self, agreement, parties):
        for party in parties:
            AgreementParty.objects.create(agreement=agreement, **party)

    def to_representation(self, agreement):
        return AgreementDetailSerializer(agreement, context=self.context).data


class MembershipWriteSerializer(serializers.ModelSerializer):
    """A country's role in an organisation over a period."""

    organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), help_text="Organisation slug."
    )
    country = CountryCodeField(help_text="ISO alpha-2 code of the member.")
    sources = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(),
        many=True,
        required=False,
        help_text="Ids of sources; when empty, the organisation's sources apply.",
    )

    class Meta:
        model = Membership
        fields = public_fields.MEMBERSHIP_WRITE_FIELDS
        # The unique (organisation, country, joined_on) rule is checked in
        # validate(): DRF's generated validator would make joined_on required.
        validators = []

    def validate(self, attrs):
        check(rules.membership_dates(**current(attrs, self.instance, ["joined_on", "left_on"])))
        key = current(attrs, self.instance, ["organisation", "country", "joined_on"])
        duplicates = Membership.objects.filter(**key)
        if self.instance is not None:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise serializers.ValidationError({"joined_on": rules.MEMBERSHIP_STARTS_TWICE})
        return attrs


class SourceWriteSerializer(SourceSerializer):
    """A citation: URL, title, publisher and dates."""


# Forces abroad: presences and exercise editions (see `relationships/forces.py`).


class OrganisationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "short_name", "name"]


class AgreementBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "key", "short_title"]


class PresenceSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(
        source="get_kind_display", help_text="The kind as readers see it."
    )
    host = CountryRefSerializer()
    operators = CountryRefSerializer(many=True)
    organisation = OrganisationBriefSerializer(allow_null=True)
    agreement = AgreementBriefSerializer(allow_null=True)
    sources = SourceSerializer(many=True)

    class Meta:
        model = Presence
        fields = public_fields.PRESENCE_API_FIELDS


class SeriesRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExerciseSeries
        fields = ["key", "name"]


class ExerciseLocationSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(
        slug_field="iso2",
        read_only=True,
        allow_null=True,
        help_text="ISO alpha-2 code of the country the point is in; null at sea.",
    )

    class Meta:
        model = ExerciseLocation
        fields = public_fields.LOCATION_FIELDS


class ExerciseEditionSerializer(serializers.ModelSerializer):
    series = SeriesRefSerializer()
    leads = CountryRefSerializer(many=True)
    participants = CountryRefSerializer(many=True)
    hosts = CountryRefSerializer(many=True)
    organisations = OrganisationBriefSerializer(many=True)
    locations = ExerciseLocationSerializer(many=True)
    summary = serializers.SerializerMethodField(
        help_text="What the edition did; the series' summary when it has none of its own."
    )
    sources = SourceSerializer(many=True)

    class Meta:
        model = ExerciseEdition
        fields = public_fields.EDITION_API_FIELDS

    def get_summary(self, edition) -> str:
        return edition.summary or edition.series.summary


class PresenceGroupSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    presences = PresenceSerializer(many=True)


class EditionGroupSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    editions = ExerciseEditionSerializer(many=True)


class CountryForcesSerializer(serializers.Serializer):
    """A country's forces on a date: foreign presences it hosts, its own abroad, and the
    exercise editions it led, joined or hosted in the year up to the date."""

    country = CountryRefSerializer()
    as_of = serializers.DateField()
    hosted = PresenceGroupSerializer(help_text="Foreign presences on its soil on the date.")
    abroad = PresenceGroupSerializer(help_text="Its presences abroad on the date.")
    exercises = EditionGroupSerializer(
        help_text="Editions it led, joined or hosted, under way in the year up to the date "
        "(the 365 days to it), latest first."
    )


# What changed between two dates (`changes`): /api/countries/{iso2}/changes/ and
# /api/organisations/{slug}/changes/.


class ChangeEventSerializer(serializers.Serializer):
    """One dated event: an agreement signed, in force, ended, joined or left; a membership
    joined or left."""

    date = serializers.DateField()
    precision = serializers.ChoiceField(choices=Precision.choices)
    event = serializers.ChoiceField(choices=changes.EVENT_KINDS)
    record_type = serializers.ChoiceField(choices=["agreement", "organisation"])
    key = serializers.CharField(help_text="The agreement's key or the organisation's slug.")
    title = serializers.CharField(help_text="Its short title (or title), or short name.")
    url = serializers.SerializerMethodField(help_text="The record's API detail.")
    country = CountryRefSerializer(
        allow_null=True, help_text="For an organisation's changes: the member that joined or left."
    )

    def get_url(self, event) -> str:
        if event.record_type == "agreement":
            return reverse("agreement-detail", args=[event.agreement_id])
        return reverse("organisation-detail", args=[event.key])


class TierChangeSerializer(serializers.Serializer):
    partner = CountryRefSerializer()
    tier_before = serializers.ChoiceField(choices=TIERS, allow_null=True)
    tier_after = serializers.ChoiceField(choices=TIERS, allow_null=True)
    change = serializers.ChoiceField(choices=["rose", "fell"])


class ChangesSerializer(serializers.Serializer):
    """The events between two dates (both inclusive), by date."""

    def get_fields(self):
        fields = super().get_fields()
        # `from` and `to`, like the parameters (`from` cannot be an attribute name).
        fields["from"] = serializers.DateField(source="start")
        fields["to"] = serializers.DateField(source="end")
        fields["events"] = ChangeEventSerializer(many=True)
        return fields


class CountryChangesSerializer(ChangesSerializer):
    country = CountryRefSerializer()

    def get_fields(self):
        fields = super().get_fields()  # country, from, to, events
        fields["tier_changes"] = TierChangeSerializer(
            many=True,
            help_text="Partners whose tier with the country differs between `from` and `to`.",
        )
        return fields


class OrganisationChangesSerializer(ChangesSerializer):
    organisation = OrganisationRefSerializer()
