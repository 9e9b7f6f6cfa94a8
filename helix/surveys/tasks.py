"""Background work of the surveys app: thin wrappers over the domain, taking primary keys."""

from django.tasks import task

from .domain.campaigns import send_reminders


@task
def send_campaign_reminders(campaign_id: int) -> int:
    return send_reminders(campaign_id=campaign_id)
