"""Vocabularies come from relationships/vocabularies.py; the dataset's README lists the same."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from relationships import vocabularies
from relationships.models import Agreement, Membership, Organisation, Presence

README = Path(settings.BASE_DIR) / "fixtures" / "dataset" / "README.md"


def readme_lists():
    """{bullet head: [values]} from the README's "Vocabularies" section."""
    text = README.read_text().split("## Vocabularies", 1)[1].split("\n## ", 1)[0]
    lists = {}
    for bullet in re.split(r"\n- ", "\n" + text.strip()):
        if ":" not in bullet:
            continue
        head, body = bullet.split(":", 1)
        body = re.sub(r"\([^)]*\)", "", body)  # glosses, which may quote words
        lists[head.strip()] = re.findall(r"`([a-z_]+)`", body)
    return lists


@pytest.mark.parametrize(
    "head, values",
    [
        ("Organisation `kind`", vocabularies.OrganisationKind.values),
        ("Agreement `kind`", vocabularies.AgreementKind.values),
        ("`obligation`", vocabularies.Obligation.values),
        ("Agreement `status`", vocabularies.AgreementStatus.values),
        ("`domains`", list(vocabularies.DOMAINS)),
        ("Member `role`", vocabularies.MembershipRole.values),
        ("Presence `kind`", vocabularies.PresenceKind.values),
        ("Party `role`", vocabularies.PartyRole.values),
        ("Succession", vocabularies.Succession.values),
    ],
)
def test_the_dataset_readme_lists_each_vocabulary_as_the_code_has_it(head, values):
    assert readme_lists().get(head) == values


def test_the_models_use_the_vocabularies():
    assert Agreement.Kind is vocabularies.AgreementKind
    assert Agreement.Status is vocabularies.AgreementStatus
    assert Organisation.Kind is vocabularies.OrganisationKind
    assert Membership.Role is vocabularies.MembershipRole
    assert Agreement._meta.get_field("kind").choices == vocabularies.AgreementKind.choices
    assert Membership._meta.get_field("role").choices == vocabularies.MembershipRole.choices
    assert Presence._meta.get_field("kind").choices == vocabularies.PresenceKind.choices
