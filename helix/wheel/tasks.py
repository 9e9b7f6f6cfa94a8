"""Background work (Django Tasks). Tasks take primary keys and delegate to domain/notification code; the
domain enqueues them by name (helix.core.enqueue)."""

from django.tasks import task

from .domain.scheduling import execute_run
from .notifications import send_agendas


@task
def schedule_wheel_task(run_id: int) -> None:
    execute_run(run_id=run_id)


@task
def send_agendas_task(wheel_id: int, participant_ids: list[int], changed: bool) -> int:
    return send_agendas(wheel_id=wheel_id, participant_ids=participant_ids, changed=changed)
