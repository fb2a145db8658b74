"""`POST /api/auth/token/`: a user name and password swapped for an API token.

DRF's `obtain_auth_token`, with what a login needs: its own rate limit per
client address (`API_THROTTLE_RATES["token"]`), django-axes' lockout answered
as the README says (a JSON 429 with Retry-After, even for the right
password), and a successful login resetting the failure count, as the
admin's login does.
"""

import math

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from rest_framework import parsers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from .parsers import BoundedJSONParser
from .throttles import TokenThrottle


def _locked_out(request):
    # django-axes marks the request it was given: DRF's, or Django's beneath it.
    return bool(
        getattr(request, "axes_locked_out", False)
        or getattr(request._request, "axes_locked_out", False)
    )


class TokenView(ObtainAuthToken):
    """Swap `username` and `password` for the user's API token."""

    throttle_classes = [TokenThrottle]
    parser_classes = [BoundedJSONParser, parsers.FormParser, parsers.MultiPartParser]

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if _locked_out(request):
                return self.locked_out()
            return Response(
                {
                    "detail": "Unable to log in with the credentials given.",
                    "errors": serializer.errors,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        user = serializer.validated_data["user"]
        # As a login: django-axes resets the failure count, Django records last_login.
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @staticmethod
    def locked_out():
        seconds = math.ceil(settings.AXES_COOLOFF_TIME * 3600)
        response = Response(
            {
                "detail": "Too many failed logins: this account is locked for this address. "
                f"Try again in {seconds // 60} minutes."
            },
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
        response["Retry-After"] = str(seconds)
        return response


token = TokenView.as_view()
