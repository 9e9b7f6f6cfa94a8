"""Background sending of newsletter issues (Django Tasks): primary keys in, domain functions do the work."""

import datetime as dt

from django.tasks import task

from helix.core import periodic

from .domain import sending


@task
def send_issue(issue_id: int, batch_size: int = sending.DEFAULT_BATCH_SIZE) -> int:
    issue = sending.run_sending(issue_id=issue_id, batch_size=batch_size)
    return issue.sent_count


RESUME_EVERY = dt.timedelta(minutes=5)


@task
def resume_stalled_sends() -> list[int]:
    """Periodic (every 5 minutes): restart the sending of issues whose worker died mid-issue."""
    try:
        return sending.resume_stalled()
    finally:
        periodic.schedule(resume_stalled_sends, delay=RESUME_EVERY)


#: The periodic tasks ``manage.py start_periodic_tasks`` starts for this app.
PERIODIC = [resume_stalled_sends]
