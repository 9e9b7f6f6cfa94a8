"""Background work of the events app (Django Tasks): certificate batches."""

from django.tasks import task


@task
def run_certificate_batch(batch_id: int) -> None:
    from helix.events.domain.certificates import run_certificate_batch as run

    run(batch_id=batch_id)
