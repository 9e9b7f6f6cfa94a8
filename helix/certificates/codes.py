"""Verification codes: random, unguessable, with an HMAC check part so typos and forgeries are caught.

A code is 12 random characters from Crockford's base32 alphabet (60 bits) followed by 2 check
characters derived from an HMAC of those 12 with the SECRET_KEY: written `XXXX-XXXX-XXXX-CC`.
A mistyped or invented code fails the check before any database lookup.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
RANDOM_LENGTH = 12
CHECK_LENGTH = 2
# Characters people confuse when reading a printed code.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _check(body: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"certificate:{body}".encode(), hashlib.sha256).digest()
    value = int.from_bytes(digest[:4], "big")
    chars = []
    for _ in range(CHECK_LENGTH):
        value, index = divmod(value, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


def _format(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def new_code(rng=None) -> str:
    """A fresh random code with its check characters, formatted for print.

    `rng` (a random.Random) is for reproducible demo data only; real codes use `secrets`.
    """
    chooser = rng or secrets
    body = "".join(chooser.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return _format(body + _check(body))


def normalise(text: str) -> str | None:
    """The canonical form of a typed code, or None when it is malformed or its check fails."""
    raw = "".join(ch for ch in (text or "").upper().translate(_CONFUSABLE) if ch.isalnum())
    if len(raw) != RANDOM_LENGTH + CHECK_LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    body, check = raw[:RANDOM_LENGTH], raw[RANDOM_LENGTH:]
    if not hmac.compare_digest(check, _check(body)):
        return None
    return _format(raw)
