"""Background work of the events app (Django Tasks): e-mails, offer expiry, certificate batches."""

from django.tasks import task

from helix.events.models import Registration, SessionSeat


@task
def send_registration_email(registration_id: int, kind: str) -> None:
    from helix.events.emails import registration_email

    registration = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if registration is not None:
        registration_email(registration, kind).send()


@task
def send_session_offer_email(seat_id: int) -> None:
    from helix.events.emails import session_offer_email

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
    from helix.events.domain.registration import expire_offers as expire

    return expire()


@task
def run_certificate_batch(batch_id: int) -> None:
    from helix.events.domain.certificates import run_certificate_batch as run

    run(batch_id=batch_id)
