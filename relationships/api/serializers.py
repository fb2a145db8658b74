from rest_framework import serializers

from ..models import Agreement, AgreementParty, Country, Membership, Organisation, Source
from ..ties import TIER_LABELS


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = [
            "url",
            "title",
            "publisher",
            "published_on",
            "published_on_precision",
            "accessed_on",
        ]


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
        fields = [
            "organisation",
            "role",
            "joined_on",
            "joined_on_precision",
            "left_on",
            "left_on_precision",
            "unverified",
            "note",
        ]


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
        fields = [
            "country",
            "role",
            "joined_on",
            "joined_on_precision",
            "left_on",
            "left_on_precision",
            "unverified",
            "note",
            "sources",
        ]


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "obligation",
            "founded_on",
            "founded_on_precision",
            "dissolved_on",
            "dissolved_on_precision",
            "unverified",
        ]


class OrganisationDetailSerializer(OrganisationSerializer):
    as_of = serializers.DateField(read_only=True)
    members = MemberSerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True)

    class Meta(OrganisationSerializer.Meta):
        fields = OrganisationSerializer.Meta.fields + [
            "summary",
            "note",
            "sources",
            "as_of",
            "members",
        ]


class PartySerializer(serializers.ModelSerializer):
    country = CountryRefSerializer()

    class Meta:
        model = AgreementParty
        fields = ["country", "joined_on", "joined_on_precision", "left_on", "left_on_precision"]


class AgreementSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    domains = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "key",
            "title",
            "short_title",
            "kind",
            "legally_binding",
            "status",
            "obligation",
            "domains",
            "organisation",
            "signed_on",
            "signed_on_precision",
            "in_force_on",
            "in_force_on_precision",
            "ended_on",
            "ended_on_precision",
            "unverified",
        ]


class AgreementDetailSerializer(AgreementSerializer):
    parties = PartySerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True, read_only=True)

    class Meta(AgreementSerializer.Meta):
        fields = AgreementSerializer.Meta.fields + ["summary", "note", "parties", "sources"]


class AgreementTieSerializer(serializers.Serializer):
    """One agreement behind a relationship, with its status on the as-of date."""

    def to_representation(self, tie):
        data = AgreementSerializer(tie.agreement).data
        data["summary"] = tie.agreement.summary
        data["note"] = tie.agreement.note
        data["status_on_date"] = tie.status
        data["tier"] = tie.tier
        data["sources"] = SourceSerializer(tie.agreement.sources.all(), many=True).data
        return data


class OrganisationTieSerializer(serializers.Serializer):
    def to_representation(self, tie):
        data = OrganisationRefSerializer(tie.organisation).data
        data.update(role=tie.role, partner_role=tie.partner_role, tier=tie.tier)
        return data


class RelationshipSerializer(serializers.Serializer):
    def to_representation(self, relationship):
        return {
            "country": CountryRefSerializer(relationship.country).data,
            "tier": relationship.tier,
            "tier_label": TIER_LABELS[relationship.tier],
            "score": relationship.score,
            "agreements": AgreementTieSerializer(relationship.agreements, many=True).data,
            "organisations": OrganisationTieSerializer(relationship.organisations, many=True).data,
        }
