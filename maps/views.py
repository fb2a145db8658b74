from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from relationships.models import Agreement, Domain, Membership, Obligation
from relationships.ties import TIER_LABELS, TIERS


def choices(field_choices):
    return [{"value": value, "label": label} for value, label in field_choices]


def vocabularies():
    """Every code the page shows, with its label, in display order.

    The page takes its labels and its filters' options from here, so a new
    choice on a model needs no JavaScript edit.
    """
    return {
        "kind": choices(Agreement.Kind.choices),
        "status": choices(Agreement.Status.choices),
        "role": choices(Membership.Role.choices),
        "obligation": choices(Obligation.choices),
        "domain": choices(Domain.objects.order_by("name").values_list("slug", "name")),
        "tier": choices((tier, TIER_LABELS[tier]) for tier in TIERS),
    }


def index(request):
    """The map page; everything it shows comes from the API."""
    config = {
        "defaultFocus": settings.MAP_DEFAULT_FOCUS,
        "api": {
            "boundaries": reverse("boundaries"),
            "countries": reverse("country-list"),
            "organisations": reverse("organisation-list"),
        },
        "vocabularies": vocabularies(),
    }
    return render(request, "maps/index.html", {"map_config": config})
