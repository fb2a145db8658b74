from django.conf import settings
from django.db.models import Max
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from relationships.cache import cached
from relationships.coverage import G20, coverage
from relationships.models import Agreement, Country, Domain, Membership, Obligation, Source
from relationships.ties import TIER_LABELS, TIER_MEANINGS, TIERS, WEIGHTS


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
            "agreements": reverse("agreement-list"),
        },
        "vocabularies": vocabularies(),
        # The record pages' base paths: the panel links each record to its page.
        "records": {
            "agreements": reverse("maps:agreement", args=["x"]).removesuffix("x/"),
            "organisations": reverse("maps:organisation", args=["x"]).removesuffix("x/"),
            "countries": reverse("maps:country", args=["x"]).removesuffix("x/"),
        },
    }
    return render(request, "maps/index.html", {"map_config": config})


def about(request):
    """What the map holds: its as-at date, sources policy, coverage and how tiers are derived."""
    today = timezone.localdate()
    facts = cached(f"about:{today}", lambda: about_facts(today))
    return render(request, "maps/about.html", facts)


def about_facts(date):
    result = coverage(date)
    return {
        "coverage": result,
        "checked_on": Source.objects.aggregate(latest=Max("accessed_on"))["latest"],
        "g20": sorted(
            (
                {"country": name, "iso2": code, "partners": result.partners_by_agreement[code]}
                for code, name in Country.objects.filter(iso2__in=G20).values_list("iso2", "name")
            ),
            key=lambda row: row["country"],
        ),
        "tiers": [
            {"label": TIER_LABELS[tier], "weight": WEIGHTS[tier], "meaning": TIER_MEANINGS[tier]}
            for tier in TIERS
        ],
    }
