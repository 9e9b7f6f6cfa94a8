"""Bulk attendance certificates for an event's attendees, through the certificates app.

The certificates app (``helix.certificates.domain.issue_certificate``) is written by the academy
team; until it is present, :func:`certificates_available` is False and the staff button explains so.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.events import queries
from helix.events.models import CertificateBatch, Event


class CertificateBatchError(Exception):
    def __init__(self, message, *, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code


def _issue_certificate():
    try:
        from helix.certificates.domain import issue_certificate
    except ImportError:
        return None
    return issue_certificate


def certificates_available() -> bool:
    return _issue_certificate() is not None


def start_certificate_batch(*, event: Event, by=None) -> CertificateBatch:
    """Queue a background batch issuing an attendance certificate to every checked-in attendee."""
    if not certificates_available():
        raise CertificateBatchError(_("Certificates are not available yet on this installation."), code="unavailable")
    total = queries.attendees(event).count()
    if total == 0:
        raise CertificateBatchError(_("Nobody has been checked in at this event yet."), code="empty")
    if event.certificate_batches.filter(
        status__in=[CertificateBatch.Status.QUEUED, CertificateBatch.Status.RUNNING]
    ).exists():
        raise CertificateBatchError(_("A certificate batch for this event is already running."), code="running")
    batch = CertificateBatch.objects.create(event=event, requested_by=by, total=total)
    from helix.events.tasks import run_certificate_batch

    run_certificate_batch.enqueue(batch.pk)
    return batch


def _hours(event: Event) -> float:
    return round((event.ends_at - event.starts_at).total_seconds() / 3600, 1)


def run_certificate_batch(*, batch_id: int, now: dt.datetime | None = None) -> CertificateBatch:
    """Issue the certificates of a batch, updating its progress row as it goes. Attendees without a
    directory person get one (not public). An attendee who already has an attendance certificate
    for this event is skipped, so re-running a batch never duplicates."""
    from helix.network.models import Person

    issue = _issue_certificate()
    batch = CertificateBatch.objects.select_related("event", "requested_by").get(pk=batch_id)
    batch.status = CertificateBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    event = batch.event
    try:
        for registration in queries.attendees(event).iterator(chunk_size=500):
            with transaction.atomic():
                person = registration.person
                if person is None:
                    first, _sep, last = registration.name.partition(" ")
                    person, _c = Person.objects.get_or_create(
                        email=registration.email, defaults={"first_name": first, "last_name": last}
                    )
                    registration.person = person
                    registration.save(update_fields=["person"])
                if _already_has(person, event):
                    batch.skipped += 1
                else:
                    certificate = issue(
                        person=person,
                        kind="attendance",
                        title=event.title,
                        subject=event,
                        hours=_hours(event),
                        issued_by=batch.requested_by,
                    )
                    batch.issued += 1
                    _email_later(certificate)
                batch.save(update_fields=["issued", "skipped"])
        batch.status = CertificateBatch.Status.DONE
    except Exception as exc:  # recorded for staff to see; the batch can be started again
        batch.status = CertificateBatch.Status.FAILED
        batch.error = str(exc)[:2000]
    batch.finished_at = now or timezone.now()
    batch.save(update_fields=["status", "error", "finished_at"])
    return batch


def _email_later(certificate) -> None:
    """Queue the certificate's e-mail (once per certificate; sent after commit)."""
    from helix.certificates.domain import send_certificate_email

    send_certificate_email(certificate=certificate)


def _already_has(person, event: Event) -> bool:
    try:
        from helix.certificates.models import Certificate
    except ImportError:
        return False
    from django.contrib.contenttypes.models import ContentType

    fields = {f.name for f in Certificate._meta.get_fields()}
    qs = Certificate.objects.filter(person=person, kind="attendance")
    if {"subject_type", "subject_id"} <= fields:
        qs = qs.filter(subject_type=ContentType.objects.get_for_model(Event), subject_id=str(event.pk))
    elif {"content_type", "object_id"} <= fields:
        qs = qs.filter(content_type=ContentType.objects.get_for_model(Event), object_id=str(event.pk))
    else:
        qs = qs.filter(title=event.title)
    return qs.exists()
