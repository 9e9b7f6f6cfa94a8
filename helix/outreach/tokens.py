"""Signed, URL-safe tokens for links in e-mails (no login needed to use them)."""

from django.core import signing

CONFIRM_SALT = "helix.outreach.confirm"
MANAGE_SALT = "helix.outreach.manage"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirmation link is good for a week

_manage_signer = signing.Signer(salt=MANAGE_SALT)


def confirm_token(subscriber_id: int) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscriber_id))


def read_confirm_token(token: str) -> int | None:
    """The subscriber id, or None when the token is forged or older than a week."""
    try:
        return int(signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=CONFIRM_MAX_AGE))
    except (signing.BadSignature, ValueError):
        return None


def manage_token(subscriber_id: int) -> str:
    """Never expires: it backs the one-click unsubscribe link in every issue (RFC 8058)."""
    return _manage_signer.sign(str(subscriber_id))


def read_manage_token(token: str) -> int | None:
    try:
        return int(_manage_signer.unsign(token))
    except (signing.BadSignature, ValueError):
        return None
