"""Who may write and send newsletters. Pure predicates; the domain functions enforce them and raise.

Subscribers act through the signed token of their e-mails (confirm, preferences, unsubscribe): holding
the token is the permission, so those functions take no account.
"""

from __future__ import annotations

from helix.core.staff import is_staff


def can_edit_newsletter(user) -> bool:
    """Staff write, test and send newsletter issues."""
    return is_staff(user)
