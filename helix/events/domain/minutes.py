"""Minutes of technical round tables and the commitments made there."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.events.models import Commitment, Event, Minutes


class MinutesError(Exception):
    def __init__(self, message, *, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code


def check_can_edit_minutes(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def minutes_for(*, event: Event) -> Minutes:
    """The minutes of a technical table (created empty on first use)."""
    if event.kind != Event.Kind.TECHNICAL_TABLE:
        raise MinutesError(_("Only technical round tables keep minutes."), code="not_a_table")
    minutes, _created = Minutes.objects.get_or_create(event=event)
    return minutes


def add_commitment(
    *, minutes: Minutes, description: str, owner_person=None, owner_organisation=None, due_on: dt.date | None = None
) -> Commitment:
    description = (description or "").strip()
    if not description:
        raise MinutesError(_("Describe the commitment."), code="invalid")
    return Commitment.objects.create(
        minutes=minutes,
        description=description,
        owner_person=owner_person,
        owner_organisation=owner_organisation,
        due_on=due_on,
    )


def set_commitment_done(*, commitment_id: int, done: bool = True, now: dt.datetime | None = None) -> Commitment:
    """Mark a commitment done (records when) or reopen it."""
    now = now or timezone.now()
    commitment = Commitment.objects.get(pk=commitment_id)
    commitment.status = Commitment.Status.DONE if done else Commitment.Status.OPEN
    commitment.done_at = now if done else None
    commitment.save(update_fields=["status", "done_at"])
    return commitment


def save_minutes(
    *, minutes: Minutes, summary: str, conclusions: str, published: bool, topics=None, challenges=None
) -> Minutes:
    """Save the text of the minutes; ``topics`` and ``challenges`` (when given) replace the links."""
    minutes.summary, minutes.conclusions, minutes.published = summary.strip(), conclusions.strip(), published
    minutes.save(update_fields=["summary", "conclusions", "published", "updated_at"])
    if challenges is not None:
        minutes.challenges.set(challenges)
    if topics is not None:
        minutes.topics.set(topics)
    return minutes
