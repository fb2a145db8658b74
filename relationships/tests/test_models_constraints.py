"""Integrity lives in the database: bad rows are rejected whatever writes them."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from relationships.models import Agreement, AgreementParty, Membership, Organisation

D = datetime.date


def rejected(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


@pytest.mark.django_db
def test_entry_into_force_before_signature_is_rejected(world):
    rejected(lambda: Agreement.objects.filter(pk=world["raa"].pk).update(in_force_on=D(2022, 1, 1)))


@pytest.mark.django_db
def test_an_end_date_needs_the_ended_status(world):
    rejected(lambda: Agreement.objects.filter(pk=world["raa"].pk).update(ended_on=D(2025, 1, 1)))
    Agreement.objects.filter(pk=world["raa"].pk).update(ended_on=D(2025, 1, 1), status="ended")


@pytest.mark.django_db
def test_an_agreement_cannot_end_before_it_starts(world):
    rejected(
        lambda: Agreement.objects.filter(pk=world["raa"].pk).update(
            ended_on=D(2020, 1, 1), status="ended"
        )
    )


@pytest.mark.django_db
def test_a_party_is_listed_once_per_agreement(world):
    rejected(
        lambda: AgreementParty.objects.create(
            agreement=world["raa"], country=world["countries"]["GB"]
        )
    )


@pytest.mark.django_db
def test_a_membership_cannot_end_before_it_starts(world):
    rejected(
        lambda: Membership.objects.create(
            organisation=world["nato"],
            country=world["countries"]["BR"],
            joined_on=D(2020, 1, 1),
            left_on=D(2019, 1, 1),
        )
    )


@pytest.mark.django_db
def test_agreement_keys_are_unique(world):
    rejected(
        lambda: Agreement.objects.create(
            key="gb-jp-raa", title="Again", kind="treaty", status="signed"
        )
    )


@pytest.mark.django_db
def test_an_organisation_cannot_be_dissolved_before_it_was_founded(world):
    rejected(
        lambda: Organisation.objects.filter(pk=world["nato"].pk).update(
            founded_on=D(1949, 4, 4), dissolved_on=D(1948, 1, 1)
        )
    )


@pytest.mark.django_db
def test_a_party_cannot_leave_an_agreement_before_it_joined(world):
    rejected(
        lambda: AgreementParty.objects.create(
            agreement=world["raa"],
            country=world["countries"]["AU"],
            joined_on=D(2024, 1, 1),
            left_on=D(2023, 1, 1),
        )
    )


@pytest.mark.django_db
def test_a_membership_is_recorded_once_per_start_date(world):
    rejected(
        lambda: Membership.objects.create(
            organisation=world["nato"], country=world["countries"]["GB"], joined_on=D(1949, 8, 24)
        )
    )


@pytest.mark.django_db
def test_full_clean_reports_each_constraint_by_its_message(world):
    from django.core.exceptions import ValidationError

    raa = world["raa"]
    raa.ended_on, raa.status = D(2020, 1, 1), "ended"
    with pytest.raises(ValidationError) as error:
        raa.full_clean()
    assert error.value.messages == [
        "An agreement cannot end before it was signed or entered into force."
    ]
