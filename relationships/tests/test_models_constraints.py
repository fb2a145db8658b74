"""Integrity lives in the database: bad rows are rejected whatever writes them."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from relationships.models import Agreement, AgreementParty, Membership

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
