"""A short-lived cache of whole public pages for visitors who are not signed in (issue 11: load).

Most traffic on the directory and the events is anonymous, and every anonymous visitor sees the same
page: this keeps the page, per language and full URL, for a few seconds (``settings.HELIX_PAGE_CACHE``:
URL name → seconds) in the process's memory (the ``pages`` cache), so a popular page is built once per
app-server process and period instead of on every request.

Only what is the same for everyone is served from the cache:
- GET or HEAD, not htmx (partial pages), no ``Authorization`` header;
- no cookie but the CSRF and language cookies: a session (signed in, or carrying anything), a pending
  message or any other state means the page is built as usual;
- a 200 HTML answer that sets no cookie other than the CSRF one and does not say ``private``/``no-store``.

The CSRF token is the only per-visitor part of those pages (forms, htmx headers). It is cut out when the
page is stored and each visitor's own token is put back when it is served, so forms keep working and no
visitor ever gets another's token. Django's CSRF middleware sets the cookie as usual (this middleware is
the innermost: every other middleware still runs, only the view is skipped).

What a visitor may see late is bounded by the period: a changed title, seats left (registration itself
always goes through the locked domain function), a new event in the calendar.
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.urls import Resolver404, resolve
from django.utils import translation

CACHE_ALIAS = "pages"
HEADER = "X-Helix-Page-Cache"
_CANDIDATE_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def _periods() -> dict[str, int]:
    return getattr(settings, "HELIX_PAGE_CACHE", None) or {}


def _allowed_cookies() -> set[str]:
    return {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


def _seconds_for(request) -> int:
    """How long this request's page may be kept (0: not at all)."""
    periods = _periods()
    if not periods or request.method not in ("GET", "HEAD"):
        return 0
    if request.headers.get("HX-Request") or request.headers.get("Authorization"):
        return 0
    if not set(request.COOKIES) <= _allowed_cookies():
        return 0
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return 0
    return int(periods.get(match.view_name, 0))


def _key(request) -> str:
    url = f"{request.get_host()}{request.get_full_path()}".encode()
    return f"helix:page:{translation.get_language()}:{hashlib.sha256(url).hexdigest()}"


def _storable(request, response) -> dict | None:
    """The response as stored (its body split around the visitor's CSRF token), or None."""
    if (
        response.status_code != 200
        or response.streaming
        or not response.get("Content-Type", "").startswith("text/html")
    ):
        return None
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control or "no-cache" in control:
        return None
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return None
    content = response.content
    secret = request.META.get("CSRF_COOKIE")
    tokens = set()
    if secret:
        tokens = {t for t in set(_CANDIDATE_TOKEN.findall(content)) if _unmask_cipher_token(t.decode()) == secret}
    parts = [content]
    for token in tokens:
        parts = [piece for part in parts for piece in _split_keep(part, token)]
    headers = [(k, v) for k, v in response.items() if k.lower() not in {"content-length", "set-cookie"}]
    return {"parts": parts, "headers": headers, "has_token": bool(tokens)}


def _split_keep(part, token: bytes) -> list:
    """`part` split on `token`, with None where the token was (bytes in between)."""
    if part is None:
        return [None]
    pieces = part.split(token)
    out = [pieces[0]]
    for piece in pieces[1:]:
        out += [None, piece]
    return out


def _response(request, stored: dict) -> HttpResponse:
    token = get_token(request).encode() if stored["has_token"] else b""
    response = HttpResponse(b"".join(token if p is None else p for p in stored["parts"]))
    for name, value in stored["headers"]:
        response[name] = value
    response[HEADER] = "hit"
    return response


class AnonymousPageCacheMiddleware:
    """Serves the pages of ``settings.HELIX_PAGE_CACHE`` to anonymous visitors from a short-lived cache.
    Must be the last middleware (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = _seconds_for(request)
        if not seconds:
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            return _response(request, stored)
        response = self.get_response(request)
        stored = _storable(request, response)
        if stored is not None:
            cache.set(key, stored, seconds)
            response[HEADER] = "miss"
        return response
