"""An agreement's public fields: one list (relationships/public_fields.py), every format."""

import pytest

from relationships import public_fields
from relationships.api import exports, serializers
from relationships.importers import dataset
from relationships.resources import AgreementResource, MembershipResource

BASE = public_fields.AGREEMENT_FIELDS


@pytest.mark.parametrize(
    "columns, additions",
    [
        (serializers.AgreementSerializer.Meta.fields, {"id"}),
        (
            serializers.AgreementDetailSerializer.Meta.fields,
            {"id", "summary", "note", "parties", "sources", "predecessor", "succession"}
            | {"successors"},
        ),
        (
            serializers.AgreementWriteSerializer.Meta.fields,
            {"summary", "note", "parties", "sources"},
        ),
        (
            exports.AGREEMENT_COLUMNS,
            {"id", "parties", "sources", "summary", "note", "source_titles", "source_publishers"},
        ),
    ],
)
def test_each_format_shows_every_public_field_plus_its_own_additions(columns, additions):
    assert set(columns) == set(BASE) | additions


@pytest.mark.parametrize(
    "columns, base, additions",
    [
        (serializers.MembershipSerializer.Meta.fields, "MEMBERSHIP", {"organisation"}),
        (serializers.MemberSerializer.Meta.fields, "MEMBERSHIP", {"country", "sources"}),
        (
            serializers.MembershipWriteSerializer.Meta.fields,
            "MEMBERSHIP",
            {"id", "organisation", "country", "sources"},
        ),
        (serializers.PartySerializer.Meta.fields, "PARTY", {"organisation"}),
        (serializers.PartyWriteSerializer.Meta.fields, "PARTY", set()),
        (serializers.OrganisationSerializer.Meta.fields, "ORGANISATION", set()),
        (
            serializers.OrganisationDetailSerializer.Meta.fields,
            "ORGANISATION",
            {"summary", "note", "sources", "as_of", "members", "party_to"},
        ),
        (serializers.SourceSerializer.Meta.fields, "SOURCE", {"id"}),
        (serializers.SourceWriteSerializer.Meta.fields, "SOURCE", {"id"}),
    ],
)
def test_each_api_shape_of_the_other_records_is_its_list_plus_additions(columns, base, additions):
    assert set(columns) == set(getattr(public_fields, f"{base}_FIELDS")) | additions


@pytest.mark.parametrize(
    "columns, base, additions",
    [
        (MembershipResource.Meta.fields, "MEMBERSHIP", {"organisation", "country", "sources"}),
        (dataset.MEMBER_FIELDS, "MEMBERSHIP", {"country", "sources"}),
        (dataset.PARTY_FIELDS, "PARTY", {"organisation"}),
        (
            dataset.ORGANISATION_FIELDS,
            "ORGANISATION",
            {"summary", "note", "sources", "members", "suspensions"},
        ),
        (dataset.SOURCE_FIELDS, "SOURCE", set()),
    ],
)
def test_each_file_shape_of_the_other_records_is_its_list_less_precisions(columns, base, additions):
    fields = getattr(public_fields, f"{base}_FIELDS")
    assert set(columns) == set(public_fields.without_precisions(fields)) | additions


def test_the_admin_import_and_the_dataset_files_fold_each_precision_into_its_date():
    precisions = {name for name in BASE if name.endswith("_precision")}
    additions = {"summary", "note", "parties", "sources"}
    assert set(AgreementResource.Meta.fields) == (set(BASE) - precisions) | additions
    assert set(dataset.AGREEMENT_FIELDS) == (set(BASE) - precisions) | additions | {
        "parties_from",
        "suspensions",
        "amends",
        "replaces",
        "renews",
    }


def test_a_new_public_field_reaches_every_format():
    base = [*BASE, "forces"]
    assert "forces" in public_fields.extend(base, first=["id"], after={"domains": ["parties"]})
    assert "forces" in public_fields.extend(base, drop=["signed_on_precision"])


def test_an_addition_placed_after_a_field_not_in_the_list_is_an_error():
    with pytest.raises(ValueError, match="not in the list: nope"):
        public_fields.extend(BASE, after={"nope": ["parties"]})


def test_the_csv_and_import_columns_keep_their_published_order():
    assert ",".join(exports.AGREEMENT_COLUMNS) == (
        "id,key,title,short_title,kind,legally_binding,status,obligation,organisation,domains,"
        "parties,signed_on,signed_on_precision,in_force_on,in_force_on_precision,ended_on,"
        "ended_on_precision,unverified,summary,note,sources,source_titles,source_publishers"
    )
    assert ",".join(AgreementResource.Meta.fields) == (
        "key,title,short_title,kind,legally_binding,status,obligation,organisation,parties,"
        "domains,signed_on,in_force_on,ended_on,summary,unverified,note,sources"
    )
    assert ",".join(MembershipResource.Meta.fields) == (
        "organisation,country,role,joined_on,left_on,unverified,note,sources"
    )
