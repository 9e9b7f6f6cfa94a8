"""Background work (Django Tasks). Tasks take primary keys and delegate to domain/notification code; the
domain enqueues them by name (helix.core.enqueue)."""

from django.tasks import task

from .domain.scheduling import execute_run


@task
def schedule_wheel_task(run_id: int) -> None:
    execute_run(run_id=run_id)
