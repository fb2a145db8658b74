from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

from .exports import ExportRenderer


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record is still in use."
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, with a `detail` message on every error body.

    Validation errors keep their per-parameter messages and gain a summary,
    so a client always finds which parameter was wrong.
    """
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    renderer = getattr(request, "accepted_renderer", None)
    if isinstance(renderer, ExportRenderer):
        # An export that fails answers with a JSON error, not a broken export file.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        names = ", ".join(sorted(response.data))
        response.data = {"detail": f"Invalid parameter: {names}.", "errors": response.data}
    elif isinstance(exc, Http404) and not str(exc):
        response.data = {"detail": "Not found."}
    return response
