"""Failed sign-in lockout, done by django-axes (the `AXES_*` settings) with Helix's rules.

Failures are rows in the database (axes' `AccessAttempt`, not the per-process cache) so the limit holds
when several app servers sit behind a load balancer. An e-mail is locked after `AXES_FAILURE_LIMIT`
failures within `AXES_COOLOFF_TIME`; an IP address after `HELIX_LOGIN_MAX_FAILURES_PER_IP` (higher,
because a municipality's whole office may share one address). The lock lifts by itself when the last
failure leaves the cool-off window. A successful sign-in or password reset forgets the e-mail's failures,
not the IP address's (they may be someone else's). Attempts made while locked are not counted.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Sum


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()[:254]


def username_from(request, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE: the e-mail typed in the sign-in form, normalised."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalise_email(credentials.get(field))
    return normalise_email(request.POST.get(field) if request is not None else None)


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the peer address.

    Behind a proxy, the proxy must set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def cool_off_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate, higher limit for IP addresses."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        # AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"]: one queryset each, in that order. Axes
        # compares the larger count with one limit; an IP address reaching its own limit is reported as
        # the e-mail limit so that the lock applies.
        by_email, by_ip = (
            qs.aggregate(n=Sum("failures_since_start"))["n"] or 0 for qs in self.get_user_attempts(request, credentials)
        )
        if by_ip >= settings.HELIX_LOGIN_MAX_FAILURES_PER_IP:
            return max(by_email, settings.AXES_FAILURE_LIMIT)
        return by_email

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """On success, forget the e-mail's failures only (axes would also forget the IP address's)."""
        return forget_failures(email=get_client_username(request, credentials))


def forget_failures(*, email: str) -> int:
    """Unlock `email` (after a successful sign-in or password reset). Returns the rows deleted."""
    count, _ = AccessAttempt.objects.filter(username=normalise_email(email)).delete()
    return count


def erase_records(*, email: str) -> None:
    """Delete everything axes holds about `email` (it includes IP addresses and user agents)."""
    username = normalise_email(email)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()
