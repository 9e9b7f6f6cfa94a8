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


def _statuses(issue):
    return list(Delivery.objects.filter(issue=issue).order_by("pk").values_list("status", flat=True))


def test_a_stalled_issue_is_resumed_and_nobody_gets_it_twice_or_is_lost():
    issue = _prepared_issue(7)
    sending.send_next_batch(issue_id=issue.pk, batch_size=2)  # two sent
    sending._claim(issue_id=issue.pk, batch_size=3)  # three claimed; the worker sent the first one, then died
    first = Delivery.objects.filter(issue=issue, status=Delivery.Status.SENDING).order_by("pk").first()
    Delivery.objects.filter(pk=first.pk).update(status=Delivery.Status.SENT, sent_at=timezone.now())
    mail.outbox.clear()
    assert sending.resume_stalled() == []  # it was making progress a moment ago
    later = timezone.now() + dt.timedelta(minutes=11)
    assert sending.resume_stalled(now=later) == [issue.pk]  # the immediate test backend sends at once
    # The second row of the dead batch was in flight: it may have gone out, so it is not sent again but
    # marked failed; the third was never attempted and goes out now with the rest.
    assert _statuses(issue) == ["sent", "sent", "sent", "failed", "sent", "sent", "sent"]
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == 3 == len(set(recipients))
    issue.refresh_from_db()
    assert (issue.status, issue.sent_count, issue.failed_count) == (Issue.Status.SENT, 6, 1)
    assert sending.resume_stalled(now=later) == []


def test_a_dead_batch_that_was_the_last_one_is_released_too():
    issue = _prepared_issue(3)
    sending._claim(issue_id=issue.pk, batch_size=3)  # no row pending any more: the worker died on the last batch
    assert sending.resume_stalled(stall_after=dt.timedelta(0)) == [issue.pk]
    assert _statuses(issue) == ["failed", "sent", "sent"]
    assert len(mail.outbox) == 2
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_a_mail_server_failure_keeps_what_was_sent_and_fails_the_rest(monkeypatch):
    issue = _prepared_issue(4)
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages
    calls = []

    def flaky(self, messages):
        calls.append(1)
        if len(calls) == 3:
            raise ConnectionError("mail server gone")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    with pytest.raises(ConnectionError):
        sending.send_next_batch(issue_id=issue.pk, batch_size=4)
    assert _statuses(issue) == ["sent", "sent", "failed", "failed"]
    issue.refresh_from_db()
    assert (issue.sent_count, issue.failed_count) == (2, 2)


def test_the_resume_task_is_a_registered_periodic_task():
    assert tasks.resume_stalled_sends in periodic_tasks()


def test_no_stall_window_resumes_at_once():
    issue = _prepared_issue(3)
    sending._claim(issue_id=issue.pk, batch_size=1)
    assert sending.resume_stalled(stall_after=dt.timedelta(0)) == [issue.pk]
    assert len(mail.outbox) == 2  # the claimed row was in flight when its worker died: failed, not resent
