"""Failed sign-in throttling, done by django-axes (the `AXES_*` settings) with Helix's rules.

Failures are rows in the database (axes' `AccessAttempt`, not the per-process cache) so the limit holds
when several app servers sit behind a load balancer. A lock is per (e-mail, client IP address) pair:
`AXES_FAILURE_LIMIT` failures lock that pair only, so someone guessing a person's password from elsewhere
never locks the person out, and one noisy address (a municipality's office behind one IP) never locks
everyone behind it. The cool-off grows: `HELIX_LOGIN_COOLOFF_BASE` at the limit, doubled by every further
failure after a lock lifts, up to `HELIX_LOGIN_COOLOFF_MAX`; a pair's history is forgotten after that
maximum without failures. Behind `HELIX_TRUSTED_PROXY_COUNT` proxies the client address is read from
X-Forwarded-For (never otherwise: anyone can send that header). A successful sign-in forgets its pair's
failures; a password reset forgets all of the e-mail's. Attempts made while locked are not counted.
"""

import datetime as dt
import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()[:254]


def username_from(request, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE: the e-mail typed in the sign-in form, normalised."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalise_email(credentials.get(field))
    return normalise_email(request.POST.get(field) if request is not None else None)


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the peer address, or with `HELIX_TRUSTED_PROXY_COUNT` = n proxies in front,
    the address the outermost of them saw (the n-th entry from the right of X-Forwarded-For: entries to
    its left were written by the client and prove nothing)."""
    if request is None:
        return None
    proxies = settings.HELIX_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


def _pair_failures(request) -> int:
    """Failures recorded for the request's (e-mail, IP address) pair, however old (within the history)."""
    ip = getattr(request, "axes_ip_address", None) or client_ip(request)
    attempts = AccessAttempt.objects.filter(username=username_from(request, None), ip_address=ip)
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def cool_off(request=None) -> dt.timedelta:
    """AXES_COOLOFF_TIME: the base cool-off at the limit, doubled by every failure past it, capped."""
    base, cap = settings.HELIX_LOGIN_COOLOFF_BASE, settings.HELIX_LOGIN_COOLOFF_MAX
    if request is None:
        return base
    past_limit = max(_pair_failures(request) - settings.AXES_FAILURE_LIMIT, 0)
    return min(base * 2 ** min(past_limit, 30), cap)


def cool_off_minutes(request=None) -> int:
    return int(cool_off(request).total_seconds() // 60)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler: pairs' histories kept for the longest cool-off; success forgets the pair."""

    def clean_expired_user_attempts(self, request=None, credentials: dict | None = None) -> int:
        # Axes would delete every attempt older than *this request's* cool-off, cutting short other pairs'
        # longer ones; only attempts older than the longest cool-off are over for everyone.
        threshold = timezone.now() - settings.HELIX_LOGIN_COOLOFF_MAX
        count, _ = AccessAttempt.objects.filter(attempt_time__lte=threshold).delete()
        return count

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """On success, forget this pair's failures only (other addresses' may be an attacker's)."""
        username = get_client_username(request, credentials)
        ip = getattr(request, "axes_ip_address", None) or client_ip(request)
        count, _ = AccessAttempt.objects.filter(username=normalise_email(username), ip_address=ip).delete()
        return count


def forget_failures(*, email: str) -> int:
    """Unlock `email` (after a successful sign-in or password reset). Returns the rows deleted."""
    count, _ = AccessAttempt.objects.filter(username=normalise_email(email)).delete()
    return count


def erase_records(*, email: str) -> None:
    """Delete everything axes holds about `email` (it includes IP addresses and user agents)."""
    username = normalise_email(email)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()
