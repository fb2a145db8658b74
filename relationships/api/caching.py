"""HTTP caching for the API: ETags, 304s, rendered bodies kept per data version, gzip.

The ETag is built from the code's version (`config.cache.code_version`: a
deploy that changes the answers changes it), the data versions the answer is
built from (read from the database once per request and bumped after each
commit that changes what they cover, see `relationships.cache`), today's date
(the default as-of date), the full URL and the Accept header, so it is known
before any query runs.

The rendered body of an anonymous GET (JSON, GeoJSON, CSV, GeoPackage, any
export but the browsable API's HTML; gzipped once when the client takes gzip;
up to MAX_CACHED_BYTES) is cached under the same seed: a repeat from another
client is then bytes from the cache, with no query, no serializer and no
compression.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag

from ..cache import BOUNDARIES, FACTS, PAYLOAD_TIMEOUT, data_version, data_versions, scoped_version
from .throttles import count_once

# The site's one way to gzip: Django's GZipMiddleware, which compresses the rest
# of /api/ as `config.middleware.ApiGZipMiddleware`. Here it compresses a body
# once, before it is cached. Without its random padding (a defence against
# BREACH for pages with a secret): a cached body holds none (the browsable
# API's HTML is never cached), and the padding could make it too long to keep
# compressed, at random.
_gzip = GZipMiddleware(lambda request: None)
_gzip.max_random_bytes = 0


def accepts_gzip(request):
    return bool(re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")))


def known_parameters(view):
    """The query parameters `view` reads: its filters, pagination, search, ordering, format."""
    names = {"format"}
    filterset = getattr(view, "filterset_class", None)
    if filterset is not None:
        names.update(filterset.base_filters)
    pagination = getattr(view, "pagination_class", None)
    if pagination is not None:
        names.update({pagination.page_query_param, pagination.page_size_query_param})
    for backend in getattr(view, "filter_backends", []):
        for attribute in ("search_param", "ordering_param"):
            if hasattr(backend, attribute):
                names.add(getattr(backend, attribute))
    return names


class ConditionalGetMixin:
    """Repeat GETs are a 304 while the data has not changed, and cheap when they are not."""

    # Bigger bodies (whole exports at scale) are rebuilt each time rather than
    # left to fill the cache: it caps entries, not bytes.
    MAX_CACHED_BYTES = 1_000_000
    CACHED_HEADERS = ["Content-Type", "Content-Disposition", "Allow", "Vary", "ETag"]

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        user = request.user.pk if "text/html" in request.headers.get("Accept", "") else None
        seed = "|".join(
            str(part)
            for part in [
                settings.CODE_VERSION,  # a deploy that changes the answers changes their tags
                *self.cache_versions(request),
                timezone.localdate(),
                request.get_full_path(),
                request.headers.get("Accept", ""),
                user,
            ]
        )
        etag = quote_etag(hashlib.sha256(seed.encode()).hexdigest()[:32])
        if "HTTP_AUTHORIZATION" not in request.META and not count_once(request, self):
            # Cached answers count against the rate limits too: DRF answers the 429.
            return self._respond(request, etag, *args, **kwargs)
        if get_conditional_response(request, etag=etag) is not None:
            response = HttpResponseNotModified()
            response["ETag"] = etag
            return response
        # Authenticated requests go through DRF (a bad token must stay a 401). A URL with
        # a parameter the view does not read is answered but never stored: junk
        # parameters would otherwise each fill the cache with a copy of one answer.
        if "HTTP_AUTHORIZATION" in request.META or set(request.GET) - known_parameters(self):
            return self._respond(request, etag, *args, **kwargs)
        variant = f"{seed}|{request.build_absolute_uri()}|{accepts_gzip(request)}"
        key = "response:" + hashlib.sha256(variant.encode()).hexdigest()  # links name the host
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = self._respond(request, etag, *args, **kwargs)
        renderer = getattr(response, "accepted_renderer", None)
        # Any format but the browsable API's HTML (it shows the user and a CSRF token).
        if response.status_code == 200 and renderer and renderer.media_type != "text/html":
            response.render()
            patch_vary_headers(response, ["Accept-Encoding"])
            response = _gzip.process_response(request, response)
            headers = {name: response[name] for name in self.CACHED_HEADERS if name in response}
            if response.has_header("Content-Encoding"):
                headers["Content-Encoding"] = response["Content-Encoding"]
            if len(response.content) <= self.MAX_CACHED_BYTES:
                cache.set(key, (response.content, headers), timeout=PAYLOAD_TIMEOUT)
        return response

    def cache_versions(self, request):
        """The data versions this request's answer is built from, read first (one query):
        the facts, or the scopes that cover it (`cache_scopes`), and the boundaries the
        GeoJSON exports draw."""
        scopes = self.cache_scopes(request, self.action_map.get(request.method.lower()))
        if scopes is None:
            return data_versions(FACTS, BOUNDARIES)
        return (scoped_version(*scopes), data_version(BOUNDARIES))

    def cache_scopes(self, request, action):
        """The scopes (`relationships.cache`: a country's, an organisation's, the forces')
        that cover the answer of `action` to `request`, or None: every fact. Called
        before DRF has set `self.action`."""
        return None

    def _respond(self, request, etag, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code == 200 and not response.has_header("ETag"):
            # A record's own ETag (a detail of a writable record, see `preconditions`) stays.
            response["ETag"] = etag
            patch_vary_headers(response, ["Accept"])
        return response
