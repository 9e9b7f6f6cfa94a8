"""Background work of the events app (Django Tasks): certificate batches.

Tasks take primary keys and call the domain; the domain enqueues them by name (helix.core.enqueue).
E-mails go through helix.core.mail; offer expiry is the core periodic sweep."""

from django.tasks import task

from helix.events.domain import certificates


@task
def run_certificate_batch(batch_id: int) -> None:
    certificates.run_certificate_batch(batch_id=batch_id)
