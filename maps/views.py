from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from relationships.models import Agreement, Domain, Membership, Obligation


def choices(field_choices):
    return [{"value": value, "label": label} for value, label in field_choices]


def index(request):
    """The map page; everything it shows comes from the API."""
    config = {
        "defaultFocus": settings.MAP_DEFAULT_FOCUS,
        "api": {
            "boundaries": reverse("boundaries"),
            "countries": reverse("country-list"),
            "organisations": reverse("organisation-list"),
        },
        # The filters' options, so that the page needs no extra request for them.
        "filters": {
            "kind": choices(Agreement.Kind.choices),
            "domain": choices(Domain.objects.order_by("name").values_list("slug", "name")),
            "obligation": choices(Obligation.choices),
        },
        "roles": choices(Membership.Role.choices),
    }
    return render(request, "maps/index.html", {"map_config": config})
