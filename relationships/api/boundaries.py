"""The map's boundaries: one precomputed TopoJSON document, served as stored."""

import gzip

from django.http import Http404, HttpResponse
from django.views.decorators.http import condition, require_safe

from ..cache import BOUNDARIES, data_version
from ..models import BoundaryTopology
from .caching import accepts_gzip

# The browser may keep the document for a day and revalidate with its ETag after.
CACHE_CONTROL = "public, max-age=86400"

# (data version, (digest, plain, gzipped) or None): the document read and
# gzipped once per boundaries version and kept in the process, so a request
# runs one query (the version) and copies no half-megabyte value out of the
# cache. Compressed ahead, as whitenoise does static files, so at the highest
# level: the API's other answers are compressed as they are sent (see
# `caching`). An import saves the document, which bumps the boundaries'
# version; edits to the facts do not (see `relationships.cache`).
_loaded = (None, None)


def document():
    """(digest, plain bytes, gzipped bytes) of the stored document, or None before an import."""
    global _loaded
    version = data_version(BOUNDARIES)
    if _loaded[0] != version:
        row = (
            BoundaryTopology.objects.filter(name="countries")
            .values_list("digest", "topojson")
            .first()
        )
        found = None
        if row is not None:
            plain = row[1].encode()
            found = (row[0], plain, gzip.compress(plain, compresslevel=9, mtime=0))
        _loaded = (version, found)
    return _loaded[1]


def _digest(request):
    found = document()
    return found[0] if found else None


@require_safe
@condition(etag_func=_digest)
def boundaries(request):
    """Every map feature as TopoJSON (object `countries`; properties key, name, iso2)."""
    found = document()
    if found is None:
        raise Http404("No boundaries imported: run `manage.py import_boundaries`.")
    _, plain, packed = found
    gzipped = accepts_gzip(request)
    response = HttpResponse(packed if gzipped else plain, content_type="application/json")
    if gzipped:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = CACHE_CONTROL
    return response
