"""Two-factor recovery codes: generated, hashed and checked (the device is ``models.RecoveryCodes``).

A code is 12 random base32 characters (60 bits), shown once as ``abcd-efgh-ijkl``. Only a slow salted
hash (PBKDF2, through Django's password hashers) is stored, so a copy of the database does not give
working codes. The first four characters are also kept in clear (``lookup``) so that checking a code
hashes it once, against the code with the same start, instead of against each of the person's codes;
the other 40 bits behind PBKDF2 are what an attacker holding the database would have to guess.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
LENGTH = 12
LOOKUP = 4


class RecoveryCodeHasher(PBKDF2PasswordHasher):
    # Fewer rounds than passwords (which are guessable): a code is random, and a person may type several.
    iterations = 120_000


HASHER = RecoveryCodeHasher()


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def clean(code: str) -> str:
    """What a person typed, without spaces, dashes and case: ``ABCD-efgh ijkl`` → ``abcdefghijkl``."""
    return "".join((code or "").replace("-", " ").split()).lower()


def shown(code: str) -> str:
    """The code as shown to its owner, in groups of four."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def lookup(code: str) -> str:
    return clean(code)[:LOOKUP]


def digest(code: str) -> str:
    return make_password(clean(code), hasher=HASHER)


def matches(code: str, encoded: str) -> bool:
    return HASHER.verify(clean(code), encoded)
