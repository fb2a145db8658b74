from django.conf import settings
from django.shortcuts import render
from django.urls import reverse


def index(request):
    """The map page; everything it shows comes from the API."""
    config = {
        "defaultFocus": settings.MAP_DEFAULT_FOCUS,
        "api": {
            "boundaries": reverse("boundaries"),
            "countries": reverse("country-list"),
            "organisations": reverse("organisation-list"),
        },
    }
    return render(request, "maps/index.html", {"map_config": config})
