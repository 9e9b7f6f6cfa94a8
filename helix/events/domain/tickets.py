"""Signed tokens: the ticket code in the QR, and the links in e-mails (cancel, accept an offer).

Codes are ``django.core.signing`` HMAC signatures over the registration id, each with its own salt so
that a cancel link cannot be used as a ticket and vice versa. They are deterministic (the same
registration always has the same ticket), need no storage, and any change to a character is rejected.
"""

from django.core import signing
from django.utils.translation import gettext_lazy as _

from helix.core.errors import HelixError

TICKET_SALT = "helix.events.ticket"
CANCEL_SALT = "helix.events.cancel"
OFFER_SALT = "helix.events.offer"
SESSION_OFFER_SALT = "helix.events.session-offer"
TICKET_PREFIX = "HX"


def _sign(salt: str, pk: int, prefix: str = "") -> str:
    return signing.Signer(salt=salt).sign(f"{prefix}{pk}")


def _tampered() -> HelixError:
    return HelixError(_("This code is not valid: it is malformed or has been tampered with."), code="bad_code")


def _unsign(salt: str, token: str, prefix: str = "") -> int:
    token = (token or "").strip()
    if not token or len(token) > 200:
        raise HelixError(_("The code is empty or malformed."), code="bad_code")
    try:
        value = signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature:
        raise _tampered() from None
    if not value.startswith(prefix) or not value[len(prefix) :].isdigit():
        raise _tampered()
    return int(value[len(prefix) :])


def ticket_code(registration_id: int) -> str:
    """The code printed in the QR ticket, e.g. ``HX42:5dbZ…``."""
    return _sign(TICKET_SALT, registration_id, TICKET_PREFIX)


def parse_ticket(code: str) -> int:
    """Registration id of a genuine ticket code; raises :class:`~helix.core.errors.HelixError` otherwise."""
    return _unsign(TICKET_SALT, code, TICKET_PREFIX)


def cancel_token(registration_id: int) -> str:
    return _sign(CANCEL_SALT, registration_id)


def parse_cancel_token(token: str) -> int:
    return _unsign(CANCEL_SALT, token)


def offer_token(registration_id: int) -> str:
    return _sign(OFFER_SALT, registration_id)


def parse_offer_token(token: str) -> int:
    return _unsign(OFFER_SALT, token)


def session_offer_token(seat_id: int) -> str:
    return _sign(SESSION_OFFER_SALT, seat_id)


def parse_session_offer_token(token: str) -> int:
    return _unsign(SESSION_OFFER_SALT, token)
