"""Rate limits for the API, read from `settings.API_THROTTLE_RATES` on each request.

DRF's own throttles copy their rates once at import, so a settings override
(or the test suite switching throttling off) would not reach them.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class SettingsRateMixin:
    def get_rate(self):
        rate = getattr(settings, "API_THROTTLE_RATES", {}).get(self.scope)
        return None if rate in (None, "", "none") else rate

    def allow_request(self, request, view):
        # Already counted by `count_once` (before the cache answered): once is enough.
        if getattr(request, "throttle_counted", False):
            return True
        return super().allow_request(request, view)

    def __init__(self):
        # SimpleRateThrottle reads the rate in __init__; read it from settings instead.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)


def count_once(request, view):
    """Whether the view's rate limits allow this request, counting it once.

    The API's cache (`caching.ConditionalGetMixin`) answers before DRF runs
    its throttles, so it asks here first: cached answers count against the
    limits too. An allowed request is marked, and DRF's own check then lets
    it through without counting it again; a refused one goes on to DRF,
    which answers the 429.
    """
    allowed = all(throttle.allow_request(request, view) for throttle in view.get_throttles())
    request.throttle_counted = allowed
    return allowed


class AnonThrottle(SettingsRateMixin, AnonRateThrottle):
    """Anonymous clients, by address: `anon` requests of any kind."""

    scope = "anon"


class WriteThrottle(SettingsRateMixin, UserRateThrottle):
    """Writes (POST, PUT, PATCH, DELETE), by user or address: `write` requests."""

    scope = "write"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)
