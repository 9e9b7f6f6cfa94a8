"""Failed-login throttling.

Failures are rows in the database (not the per-process cache) so the limit holds when several app
servers sit behind a load balancer. An e-mail is locked after `MAX_FAILURES_PER_EMAIL` failures within
`WINDOW`; an IP address after `MAX_FAILURES_PER_IP` (higher, because a municipality's whole office may
share one address). The lock lifts by itself when the oldest failure leaves the window.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import LoginAttempt

WINDOW = dt.timedelta(minutes=getattr(settings, "HELIX_LOGIN_WINDOW_MINUTES", 15))
MAX_FAILURES_PER_EMAIL = getattr(settings, "HELIX_LOGIN_MAX_FAILURES", 5)
MAX_FAILURES_PER_IP = getattr(settings, "HELIX_LOGIN_MAX_FAILURES_PER_IP", 20)


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()[:254]


def client_ip(request) -> str | None:
    """The peer address. Behind a proxy, the proxy must set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def is_locked(*, email: str, ip: str | None, now: dt.datetime | None = None) -> bool:
    """True while the e-mail or the IP address has reached its failure limit within the window."""
    since = (now or timezone.now()) - WINDOW
    recent = LoginAttempt.objects.filter(created_at__gt=since)
    if recent.filter(email=normalise_email(email)).count() >= MAX_FAILURES_PER_EMAIL:
        return True
    return bool(ip) and recent.filter(ip_address=ip).count() >= MAX_FAILURES_PER_IP


def record_failure(*, email: str, ip: str | None) -> None:
    """Store one failed attempt; drop attempts that have left the window so the table stays small."""
    now = timezone.now()
    LoginAttempt.objects.filter(created_at__lte=now - WINDOW).delete()
    LoginAttempt.objects.create(email=normalise_email(email), ip_address=ip, created_at=now)


def clear_failures(*, email: str) -> None:
    """A successful sign-in forgets the e-mail's failures (the IP's stay: they may be someone else's)."""
    LoginAttempt.objects.filter(email=normalise_email(email)).delete()
