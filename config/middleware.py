import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse
from django.views import defaults

from relationships.api.boundaries import boundaries

logger = logging.getLogger(__name__)


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


class RejectNulMiddleware:
    """A NUL character in the path or query is a 400: PostgreSQL cannot compare text with it.

    Forms and serializers already refuse NUL in bodies; a URL reached the
    database unchecked (a country code `G%00` was a 500).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request):
        names = sorted(
            name
            for name, values in request.GET.lists()
            if "\x00" in name or any("\x00" in value for value in values)
        )
        if names and "\x00" not in request.path:
            body = {
                "detail": f"Invalid parameter: {', '.join(names)}.",
                "errors": {name: "must not contain a NUL character." for name in names},
            }
        else:
            body = {"detail": "A NUL character is not allowed in a URL."}
        if request.path.startswith("/api/"):
            return JsonResponse(body, status=400)
        return HttpResponse(body["detail"], status=400, content_type="text/plain; charset=utf-8")


DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(request):
    """A 503 with Retry-After: JSON under /api/, a short plain page elsewhere."""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": "The database is unavailable; try again shortly."}, status=503
        )
    else:
        response = HttpResponse(
            "The service is temporarily unavailable; try again shortly.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """A database that goes away gives clean 503s, and the site recovers when it returns.

    Django closes a broken connection at the end of the request, so the next
    request connects afresh; nothing here needs to reconnect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("Database unavailable: %s", exception)
            return database_unavailable(request)
        return None


def server_error(request):
    """handler500: a database failure outside a view is still a 503, anything else a 500."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        return database_unavailable(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)


def page_not_found(request, exception):
    """handler404: a JSON 404 for any unmatched path under /api/, the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
