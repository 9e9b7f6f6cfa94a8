"""Rate limits of the API: per API token, and per client IP address for calls without a token.

ninja's throttles keep each caller's recent request times in a cache; here it is the ``throttle``
cache, a database table (``helix_throttle``), so every app server and worker process counts the same
requests. Over the limit the API answers 429 with ``Retry-After`` (seconds) and the usual ErrorOut
(``code: "throttled"``). Rates come from ``NINJA_DEFAULT_THROTTLE_RATES`` (``token`` and ``ip``),
set from the environment in settings.
"""

from django.core.cache import caches
from ninja.conf import settings as ninja_settings
from ninja.throttling import SimpleRateThrottle

CACHE_ALIAS = "throttle"


class _SharedCacheThrottle(SimpleRateThrottle):
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
