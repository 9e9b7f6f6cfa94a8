"""Background sending of newsletter issues (Django Tasks): primary keys in, domain functions do the work."""

from django.tasks import task

from .domain import sending


@task
def send_issue(issue_id: int, batch_size: int = sending.DEFAULT_BATCH_SIZE) -> int:
    issue = sending.run_sending(issue_id=issue_id, batch_size=batch_size)
    return issue.sent_count
