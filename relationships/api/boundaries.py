"""The map's boundaries: one precomputed TopoJSON document, served as stored."""

import gzip
from functools import lru_cache

from django.http import Http404, HttpResponse
from django.views.decorators.http import condition, require_GET

from ..models import BoundaryTopology

# The browser may keep the document for a day and revalidate with its ETag after.
CACHE_CONTROL = "public, max-age=86400"


def _digest(request):
    return (
        BoundaryTopology.objects.filter(name="countries").values_list("digest", flat=True).first()
    )


@lru_cache(maxsize=4)
def _compressed(digest):
    """The document gzipped once per import (keyed by its digest), not per request."""
    document = BoundaryTopology.objects.get(digest=digest).topojson.encode()
    return document, gzip.compress(document, compresslevel=9)


@require_GET
@condition(etag_func=_digest)
def boundaries(request):
    """Every map feature as TopoJSON (object `countries`; properties key, name, iso2)."""
    digest = _digest(request)
    if digest is None:
        raise Http404("No boundaries imported: run `manage.py import_boundaries`.")
    plain, packed = _compressed(digest)
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(packed if accepts_gzip else plain, content_type="application/json")
    if accepts_gzip:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = CACHE_CONTROL
    return response
