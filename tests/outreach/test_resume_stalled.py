"""A newsletter whose worker died mid-issue is resumed by the periodic task, without sending twice."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from helix.core.management.commands.start_periodic_tasks import periodic_tasks
from helix.outreach import tasks
from helix.outreach.domain import sending
from helix.outreach.models import Delivery, Issue
from tests.factories.accounts import StaffFactory

from .helpers import subscriber

pytestmark = pytest.mark.django_db


def _prepared_issue(n):
    for i in range(n):
        subscriber(f"lector{i}@example.cl")
    issue = sending.create_issue(actor=StaffFactory(), subject="Boletín", body_markdown="# Hola")
    return sending.prepare_issue(issue_id=issue.pk)


def test_a_stalled_issue_is_resumed_and_nobody_gets_it_twice():
    issue = _prepared_issue(7)
    sending.send_next_batch(issue_id=issue.pk, batch_size=2)  # two sent
    sending._claim(issue_id=issue.pk, batch_size=2)  # two claimed, then the worker was killed
    assert sending.resume_stalled() == []  # it was making progress a moment ago
    later = timezone.now() + dt.timedelta(minutes=11)
    assert sending.resume_stalled(now=later) == [issue.pk]  # the immediate test backend sends at once
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == 5 == len(set(recipients))
    statuses = sorted(Delivery.objects.filter(issue=issue).values_list("status", flat=True))
    assert statuses == ["sending", "sending"] + ["sent"] * 5  # the killed batch is not sent again
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert sending.resume_stalled(now=later) == []


def test_the_resume_task_is_a_registered_periodic_task():
    assert tasks.resume_stalled_sends in periodic_tasks()


def test_no_stall_window_resumes_at_once():
    issue = _prepared_issue(3)
    sending._claim(issue_id=issue.pk, batch_size=1)
    assert sending.resume_stalled(stall_after=dt.timedelta(0)) == [issue.pk]
    assert len(mail.outbox) == 2
