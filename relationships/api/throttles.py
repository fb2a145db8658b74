"""Rate limits for the API, read from `settings.API_THROTTLE_RATES` on each request.

DRF's own throttles copy their rates once at import, so a settings override
(or the test suite switching throttling off) would not reach them.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class SettingsRateMixin:
    """Rates from settings; counts in the shared `throttle` cache; a cache fault lets requests in.

    The counts live in `settings.CACHES["throttle"]` (Redis when configured,
    else a database table), never in one worker's memory: with three workers
    a per-worker count allowed three times the limit. Who the client is comes
    from DRF's `get_ident`: the connection's address, or the address the
    configured number of proxies (`NUM_PROXIES`) put in X-Forwarded-For;
    nothing a client writes in that header by itself counts.
    """

    @property
    def cache(self):
        return caches["throttle"]

    def get_rate(self):
        rate = getattr(settings, "API_THROTTLE_RATES", {}).get(self.scope)
        return None if rate in (None, "", "none") else rate

    def allow_request(self, request, view):
        # Already counted by `count_once` (before the cache answered): once is enough.
        if getattr(request, "throttle_counted", False):
            return True
        try:
            return super().allow_request(request, view)
        except Exception:  # the counts' store is down: serve rather than fail
            logger.warning("Throttle store unavailable; request let through", exc_info=True)
            return True

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


class TokenThrottle(SettingsRateMixin, SimpleRateThrottle):
    """Logins for a token, by client address, signed in or not: `token` requests."""

    scope = "token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def client_address(request):
    """The client's address for rate limits and login lockouts (django-axes too).

    DRF's rule: the connection's address, unless `NUM_PROXIES` proxies are
    configured in front, in which case the address the outermost of them saw.
    """
    return SimpleRateThrottle.get_ident(None, request)
