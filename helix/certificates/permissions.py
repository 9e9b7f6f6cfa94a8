"""Who may download or revoke a certificate. Pure predicates; the domain functions enforce them and raise.

Verifying a code is public on purpose (anyone holding a printed certificate may check it).
"""

from __future__ import annotations

from helix.core.staff import is_staff


def can_download(user, certificate) -> bool:
    """The holder (through their account) and staff may download the PDF."""
    if user is None or not user.is_authenticated:
        return False
    return is_staff(user) or (certificate.person.user_id is not None and certificate.person.user_id == user.pk)


def can_revoke(user) -> bool:
    """Only staff revoke a certificate."""
    return is_staff(user)
