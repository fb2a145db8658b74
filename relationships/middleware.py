"""Middleware of the relationships app (listed in `config.settings.MIDDLEWARE`)."""

from django.urls import reverse

from .api.boundaries import boundaries


class BoundariesMiddleware:
    """Serve the map's boundaries early, the way whitenoise serves static files.

    The document is the same for everyone and held in memory (see
    `relationships.api.boundaries`), so it needs no session, user, CSRF check,
    messages or URL routing: the same view runs, before all of them. That is
    most of the cost of a request for it, and every page load asks for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.path = None

    def __call__(self, request):
        if self.path is None:
            self.path = reverse("boundaries")
        if request.path_info == self.path:
            return boundaries(request)
        return self.get_response(request)
