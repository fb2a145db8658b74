from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, with a `detail` message on every error body.

    Validation errors keep their per-parameter messages and gain a summary,
    so a client always finds which parameter was wrong.
    """
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        names = ", ".join(sorted(response.data))
        response.data = {"detail": f"Invalid parameter: {names}.", "errors": response.data}
    elif isinstance(exc, Http404) and not str(exc):
        response.data = {"detail": "Not found."}
    return response
