from django.middleware.gzip import GZipMiddleware


class ApiGZipMiddleware(GZipMiddleware):
    """Gzip the API's JSON, and nothing else.

    API responses carry no secret (no CSRF token), so compressing them is
    safe from BREACH-style attacks; HTML pages are left to the front server.
    """

    def process_response(self, request, response):
        if not request.path.startswith("/api/"):
            return response
        return super().process_response(request, response)
