"""Background work (Django Tasks). Tasks take primary keys and delegate to domain/notification code."""

from django.tasks import task


@task
def schedule_wheel_task(run_id: int) -> None:
    from .domain.scheduling import execute_run

    execute_run(run_id=run_id)


@task
def send_agendas_task(wheel_id: int, participant_ids: list[int], changed: bool) -> int:
    from .notifications import send_agendas

    return send_agendas(wheel_id=wheel_id, participant_ids=participant_ids, changed=changed)


@task
def send_invitation_task(invitation_id: int) -> int:
    from .notifications import send_invitation

    return send_invitation(invitation_id=invitation_id)


@task
def send_direct_meeting_task(meeting_id: int) -> int:
    from .notifications import send_direct_meeting

    return send_direct_meeting(meeting_id=meeting_id)
