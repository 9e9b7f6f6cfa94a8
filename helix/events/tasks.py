"""Background work of the events app (Django Tasks): offer expiry, certificate batches."""

from django.tasks import task


@task
def expire_offers() -> dict:
    """Periodic: expire overdue seat offers and offer the seats to the next people waiting."""
    from helix.events.domain.registration import expire_offers as expire

    return expire()


@task
def run_certificate_batch(batch_id: int) -> None:
    from helix.events.domain.certificates import run_certificate_batch as run

    run(batch_id=batch_id)
