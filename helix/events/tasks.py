"""Background work of the events app (Django Tasks): e-mails, offer expiry, certificate batches.

Tasks take primary keys and call the domain; the domain enqueues them by name (helix.core.enqueue)."""

from django.tasks import task

from helix.events.domain import certificates, registration
from helix.events.emails import registration_email, session_offer_email
from helix.events.models import Registration, SessionSeat


@task
def send_registration_email(registration_id: int, kind: str) -> None:
    booking = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if booking is not None:
        registration_email(booking, kind).send()


@task
def send_session_offer_email(seat_id: int) -> None:
    seat = (
        SessionSeat.objects.select_related("session", "registration__event", "registration__user")
        .filter(pk=seat_id)
        .first()
    )
    if seat is not None:
        session_offer_email(seat).send()


@task
def expire_offers() -> dict:
    """Periodic: expire overdue seat offers and offer the seats to the next people waiting."""
    return registration.expire_offers()


@task
def run_certificate_batch(batch_id: int) -> None:
    certificates.run_certificate_batch(batch_id=batch_id)
