"""Answering a proposal or an invitation: one answer, taken under a row lock (two answers serialise)."""

from django.db.models import QuerySet
from django.utils import timezone

from helix.core.errors import HelixError


def lock_unanswered(queryset: QuerySet, pk: int, *, waiting: str, message, code: str):
    """The row `pk`, locked until the end of the caller's transaction; HelixError unless still `waiting`."""
    row = queryset.select_for_update().get(pk=pk)
    if row.status != waiting:
        raise HelixError(message, code=code)
    return row


def close(row, *, status: str, **fields) -> None:
    """Record the answer: the new status, when, and any other field set with it."""
    row.status = status
    row.answered_at = timezone.now()
    for name, value in fields.items():
        setattr(row, name, value)
    row.save(update_fields=["status", "answered_at", *fields])
