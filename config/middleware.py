from django.middleware.gzip import GZipMiddleware
from django.urls import reverse

from relationships.api.boundaries import boundaries


class ApiGZipMiddleware(GZipMiddleware):
    """Gzip the API's JSON, and nothing else.

    API responses carry no secret (no CSRF token), so compressing them is
    safe from BREACH-style attacks; HTML pages are left to the front server.
    """

    def process_response(self, request, response):
        if not request.path.startswith("/api/"):
            return response
        return super().process_response(request, response)


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
