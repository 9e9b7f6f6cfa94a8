"""Minutes of technical round tables and the commitments made there."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.core.errors import HelixError
from helix.events.models import Commitment, Event, Minutes
from helix.events.permissions import can_edit_minutes


def check_can_edit_minutes(*, actor) -> None:
    """Raise ``PermissionDenied`` (translated) unless `actor` may keep minutes and commitments."""
    if not can_edit_minutes(actor):
        raise PermissionDenied(_("Only staff can edit the minutes."))


def minutes_for(*, event: Event, actor) -> Minutes:
    """The minutes of a technical table (created empty on first use, by staff only)."""
    check_can_edit_minutes(actor=actor)
    if event.kind != Event.Kind.TECHNICAL_TABLE:
        raise HelixError(_("Only technical round tables keep minutes."), code="not_a_table")
    minutes, _created = Minutes.objects.get_or_create(event=event)
    return minutes


def add_commitment(
    *,
    minutes: Minutes,
    actor,
    description: str,
    owner_person=None,
    owner_organisation=None,
    due_on: dt.date | None = None,
) -> Commitment:
    check_can_edit_minutes(actor=actor)
    description = (description or "").strip()
    if not description:
        raise HelixError(_("Describe the commitment."), code="invalid")
    return Commitment.objects.create(
        minutes=minutes,
        description=description,
        owner_person=owner_person,
        owner_organisation=owner_organisation,
        due_on=due_on,
    )


def set_commitment_done(*, commitment_id: int, actor, done: bool = True, now: dt.datetime | None = None) -> Commitment:
    """Mark a commitment done (records when) or reopen it."""
    check_can_edit_minutes(actor=actor)
    now = now or timezone.now()
    commitment = Commitment.objects.get(pk=commitment_id)
    commitment.status = Commitment.Status.DONE if done else Commitment.Status.OPEN
    commitment.done_at = now if done else None
    commitment.save(update_fields=["status", "done_at"])
    return commitment


def save_minutes(
    *, minutes: Minutes, actor, summary: str, conclusions: str, published: bool, topics=None, challenges=None
) -> Minutes:
    """Save the text of the minutes; ``topics`` and ``challenges`` (when given) replace the links."""
    check_can_edit_minutes(actor=actor)
    minutes.summary, minutes.conclusions, minutes.published = summary.strip(), conclusions.strip(), published
    minutes.save(update_fields=["summary", "conclusions", "published", "updated_at"])
    if challenges is not None:
        minutes.challenges.set(challenges)
    if topics is not None:
        minutes.topics.set(topics)
    return minutes
