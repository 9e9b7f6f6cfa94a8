"""Background work (Django Tasks). Tasks take primary keys and delegate to domain/notification code."""

from django.tasks import task


@task
def schedule_wheel_task(run_id: int) -> None:
    from .domain.scheduling import execute_run

    execute_run(run_id=run_id)
