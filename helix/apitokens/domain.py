"""Creating, revoking and checking personal API tokens.

The token itself is shown once, at creation; only its SHA-256 digest is stored, so a leaked database
does not leak working tokens. A token is refused once revoked or expired, or when its account is
inactive; ``last_used_at`` is refreshed at most once a minute, so reads do not each cost a write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.core import audit
from helix.core.errors import HelixError

from .models import ApiToken
from .permissions import can_create_token, can_revoke_token

TOKEN_PREFIX = "hx_"
EXPIRY_DAYS = (7, 30, 90, 365)
MAX_ACTIVE_TOKENS = 10
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(*, actor, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token for ``actor``; returns the row and the token text, which is never stored."""
    if not can_create_token(actor):
        raise PermissionDenied(_("Sign in to create an API token."))
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise HelixError(_("Give the token a name of up to 100 characters."), code="invalid")
    if scope not in ApiToken.Scope.values:
        raise HelixError(_("Choose read only or read and write."), code="invalid")
    if days not in EXPIRY_DAYS:
        raise HelixError(_("Choose one of the offered expiry periods."), code="invalid")
    now = timezone.now()
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(user=actor, revoked_at=None, expires_at__gt=now)
        if len(active) >= MAX_ACTIVE_TOKENS:
            raise HelixError(
                _("You already have %(count)d active tokens. Revoke one first.") % {"count": MAX_ACTIVE_TOKENS},
                code="too_many",
            )
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=actor,
            name=name,
            scope=scope,
            prefix=raw[: len(TOKEN_PREFIX) + 8],
            token_hash=digest(raw),
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
        audit.record(actor, audit.Action.API_TOKEN_CHANGED, token, change="created", scope=scope, days=days)
    return token, raw


def revoke_token(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's tokens; revoking twice keeps the first time."""
    if not can_revoke_token(actor, token):
        raise PermissionDenied(_("You can only revoke your own tokens."))
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(actor, audit.Action.API_TOKEN_CHANGED, token, change="revoked")
    return token


def authenticate(raw: str) -> ApiToken | None:
    """The active token with this text, or None (unknown, revoked, expired, or inactive account)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=digest(raw)).first()
    now = timezone.now()
    if token is None or not token.is_active(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
