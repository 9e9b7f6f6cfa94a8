"""Rate limits of the API: per API token, and per client IP address for calls without a token.

ninja's throttles keep each caller's recent request times in a cache; here it is the ``throttle``
cache, a database table (``helix_throttle``), so every app server and worker process counts the same
requests. Over the limit the API answers 429 with ``Retry-After`` (seconds) and the usual ErrorOut
(``code: "throttled"``). Rates come from ``NINJA_DEFAULT_THROTTLE_RATES`` (``token`` and ``ip``),
set from the environment in settings.
"""

import threading

from django.core.cache import caches
from ninja.conf import settings as ninja_settings
from ninja.throttling import SimpleRateThrottle

CACHE_ALIAS = "throttle"


def _per_thread(name: str) -> property:
    def get(self):
        return getattr(self._state, name, None)

    def set_(self, value):
        setattr(self._state, name, value)

    return property(get, set_)


class _SharedCacheThrottle(SimpleRateThrottle):
    # One throttle object serves every request of the process; ninja keeps the request's key and
    # history on it between `allow_request` and `wait`, so that state is kept per thread.
    key = _per_thread("key")
    history = _per_thread("history")
    now = _per_thread("now")
    rate = _per_thread("rate")
    num_requests = _per_thread("num_requests")
    duration = _per_thread("duration")

    def __init__(self, rate: str | None = None):
        self._state = threading.local()
        super().__init__(rate)

    @property
    def cache(self):
        return caches[CACHE_ALIAS]

    def get_rate(self) -> str | None:
        # Read on each call (ninja copies the rates once, at import), so a changed setting applies.
        return ninja_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class TokenRateThrottle(_SharedCacheThrottle):
    """Calls made with a personal API token, counted per token (whatever the address)."""

    scope = "token"

    def get_cache_key(self, request):
        token = getattr(request, "api_token", None)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class IpRateThrottle(_SharedCacheThrottle):
    """Calls without a token (anonymous or the web session), counted per client IP address. The address
    is REMOTE_ADDR, or the one the trusted proxies add to X-Forwarded-For (``NINJA_NUM_PROXIES``)."""

    scope = "ip"

    def get_cache_key(self, request):
        if getattr(request, "api_token", None) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def throttles():
    return [TokenRateThrottle(), IpRateThrottle()]
