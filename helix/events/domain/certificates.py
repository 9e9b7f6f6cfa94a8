"""Bulk attendance certificates for an event's attendees, through the certificates app."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.certificates.domain import issue_certificate, send_certificate_email
from helix.certificates.models import Certificate
from helix.core.enqueue import enqueue
from helix.core.errors import HelixError
from helix.events import queries
from helix.events.models import CertificateBatch, Event
from helix.events.permissions import can_issue_certificates


def start_certificate_batch(*, event: Event, actor) -> CertificateBatch:
    """Queue a background batch issuing an attendance certificate to every checked-in attendee (staff only,
    else ``PermissionDenied``)."""
    if not can_issue_certificates(actor):
        raise PermissionDenied(_("Only staff can issue certificates."))
    total = queries.attendees(event).count()
    if total == 0:
        raise HelixError(_("Nobody has been checked in at this event yet."), code="empty")
    if event.certificate_batches.filter(
        status__in=[CertificateBatch.Status.QUEUED, CertificateBatch.Status.RUNNING]
    ).exists():
        raise HelixError(_("A certificate batch for this event is already running."), code="running")
    batch = CertificateBatch.objects.create(event=event, requested_by=actor, total=total)
    enqueue("helix.events.tasks.run_certificate_batch", batch.pk)
    return batch


def _hours(event: Event) -> float:
    return round((event.ends_at - event.starts_at).total_seconds() / 3600, 1)


def run_certificate_batch(*, batch_id: int, now: dt.datetime | None = None) -> CertificateBatch:
    """Issue the certificates of a batch, updating its progress row as it goes. Attendees without a
    directory person get one (not public). An attendee who already has an attendance certificate
    for this event is skipped, so re-running a batch never duplicates."""
    from helix.network.models import Person

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
                    certificate = issue_certificate(
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
    send_certificate_email(certificate=certificate)


def _already_has(person, event: Event) -> bool:
    return Certificate.objects.filter(
        person=person,
        kind=Certificate.Kind.ATTENDANCE,
        subject_type=ContentType.objects.get_for_model(Event),
        subject_id=event.pk,
    ).exists()
