"""The project's middleware: gzip for the API, NUL in URLs, a database that goes away."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.middleware.gzip import GZipMiddleware

from .errors import DATABASE_ERRORS, database_unavailable

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


class ApiBodyLimitMiddleware:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE under /api/ is a JSON 413, before anything reads it.

    Django's own check raises when the body is read, which ends in its HTML
    400 page; an API client should get JSON that says what was wrong.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                return self.too_large(limit)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig) and request.path.startswith("/api/"):
            return self.too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return None

    @staticmethod
    def too_large(limit):
        return JsonResponse(
            {"detail": f"The request body is too large: at most {limit:,} bytes."}, status=413
        )
