"""Every controlled vocabulary of the data, with its labels, in one place.

The models use these as field choices, the dataset loader and the import
resources check values against them, the API's schema names them as enums and
the map page receives them in its config, so a new choice (an agreement kind,
a role) is added here once and every write path, the docs and the page's
labels follow. `fixtures/dataset/README.md` lists them for editors; a test
keeps that list in step with this module.

The stored values never change (they are in the database and the files); the
labels are what readers see.
"""

from django.db import models


class Precision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"


class Obligation(models.TextChoices):
    MUTUAL_DEFENCE = "mutual_defence", "mutual defence"
    CONSULTATION = "consultation", "consultation"
    NON_AGGRESSION = "non_aggression", "non-aggression"
    NEUTRALITY = "neutrality", "neutrality"
    # One-way: the guarantors assure the beneficiaries; no tie among either side.
    SECURITY_ASSURANCE = "security_assurance", "security assurance (one-way)"
    COOPERATION = "cooperation", "cooperation only"


class OrganisationKind(models.TextChoices):
    ALLIANCE = "alliance", "alliance"
    UNION = "union", "union"
    FRAMEWORK = "framework", "framework"
    GROUPING = "grouping", "grouping"
    PARTNERSHIP = "partnership", "partnership"
    PROGRAMME = "programme", "programme"
    AGENCY = "agency", "agency"
    FORUM = "forum", "forum"


class MembershipRole(models.TextChoices):
    MEMBER = "member", "member"
    PARTNER = "partner", "partner"
    OBSERVER = "observer", "observer"
    FRAMEWORK_NATION = "framework_nation", "framework nation"
    PARTICIPANT = "participant", "participant"
    ASSOCIATE = "associate", "associate"


class PartyRole(models.TextChoices):
    """A party's side in an agreement: a plain party, or either side of a one-way
    commitment (the guarantors of the 1994 Budapest memoranda and the state they assure)."""

    PARTY = "party", "party"
    GUARANTOR = "guarantor", "guarantor (gives the commitment)"
    BENEFICIARY = "beneficiary", "beneficiary (receives it)"


# The roles of a one-way commitment: it ties a guarantor to a beneficiary only.
ONE_WAY_ROLES = {PartyRole.GUARANTOR, PartyRole.BENEFICIARY}


class Succession(models.TextChoices):
    """How an agreement follows an earlier one (its `predecessor`)."""

    AMENDS = "amends", "amends"
    REPLACES = "replaces", "replaces"
    RENEWS = "renews", "renews"


class AgreementKind(models.TextChoices):
    TREATY = "treaty", "treaty"
    AGREEMENT = "agreement", "agreement"
    ARRANGEMENT = "arrangement", "arrangement"
    MOU = "mou", "memorandum of understanding"
    LOI = "loi", "letter of intent"
    DECLARATION = "declaration", "declaration"
    JOINT_STATEMENT = "joint_statement", "joint statement"
    PROGRAMME = "programme", "programme"
    PLAN = "plan", "plan"
    REGULATION = "regulation", "regulation"


class PresenceKind(models.TextChoices):
    BASE = "base", "base"
    FACILITY = "facility", "facility"
    ACCESS = "access", "access rights"
    STATIONED_FORCE = "stationed_force", "stationed force"
    ROTATIONAL_DEPLOYMENT = "rotational_deployment", "rotational deployment"
    MISSION = "mission", "mission"


# Kinds that bind in international law: an agreement's `legally_binding`
# defaults to true for these when a file does not say.
BINDING_KINDS = {AgreementKind.TREATY, AgreementKind.AGREEMENT, AgreementKind.REGULATION}


class AgreementStatus(models.TextChoices):
    PROPOSED = "proposed", "proposed"
    SIGNED = "signed", "signed"
    IN_FORCE = "in_force", "in force"
    SUSPENDED = "suspended", "suspended"
    ENDED = "ended", "ended"


# Domains are rows (`Domain`), so that editors can filter by them in the
# admin; the dataset loader creates exactly these, slug and name.
DOMAINS = {
    "air": "Air",
    "land": "Land",
    "maritime": "Maritime",
    "space": "Space",
    "cyber": "Cyber",
    "nuclear": "Nuclear",
    "intelligence": "Intelligence",
    "industrial": "Industrial",
    "procurement": "Procurement",
    "research_technology": "Research and technology",
    "training_exercises": "Training and exercises",
    "logistics": "Logistics",
    "operations": "Operations",
    "security_policy": "Security policy",
}
