"""Composing and sending newsletter issues in batches, at most once per recipient.

Life of an issue: DRAFT → `prepare_issue` (HTML rendered, one `Delivery` row per recipient, status
SENDING) → `send_next_batch` repeatedly (by the `send_issue` task) → `finish_issue` (SENT).

Each batch first *claims* its rows (PENDING → SENDING, committed, with one claim id per batch) and
only then sends them one by one in row order, marking each SENT as soon as the mail server took it.
So a retried or resumed task never sends a row twice (at-most-once), and when a worker dies mid-batch
exactly one row is uncertain: the first of its batch still SENDING, the message in flight. The
resume marks that row FAILED (staff see it; it may have gone out) and puts the rest of the batch,
never attempted, back to PENDING, so nobody else is lost. The subscriber's status is read in the
same claiming transaction, right before sending: someone who unsubscribes while an issue is going
out gets nothing from the batches that follow (their row becomes SKIPPED).
"""

import datetime as dt
import email.policy
import functools
import uuid
from dataclasses import dataclass
from email.headerregistry import HeaderRegistry

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection, transaction
from django.db.models import Count, F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from helix.core import mail
from helix.core.enqueue import enqueue
from helix.core.errors import HelixError
from helix.core.slugs import unique_slug

from .. import tokens
from ..models import Delivery, Issue, Subscriber
from ..permissions import can_edit_newsletter
from ..rendering import render_markdown
from .segments import recipients_for

DEFAULT_BATCH_SIZE = 500
# Replaced per recipient: rendering the templates once per issue keeps 50,000 sends fast.
_UNSUBSCRIBE_MARK = "__HELIX_UNSUBSCRIBE_URL__"
_MANAGE_MARK = "__HELIX_MANAGE_URL__"
_TOKEN_MARK = "__HELIX_TOKEN__"


# Paths of the newsletters app that an archive slug must not shadow.
_RESERVED_SLUGS = {"subscribe", "confirm", "unsubscribe", "preferences", "manage"}


def check_can_edit_newsletter(*, actor) -> None:
    """Raise ``PermissionDenied`` (translated) unless `actor` may write and send newsletters."""
    if not can_edit_newsletter(actor):
        raise PermissionDenied(translation.gettext_lazy("Only staff can write and send newsletters."))


def create_issue(*, subject: str, body_markdown: str, segment=None, actor) -> Issue:
    check_can_edit_newsletter(actor=actor)
    return Issue.objects.create(
        subject=subject,
        slug=unique_slug(subject, queryset=Issue.objects.all(), fallback="boletin", reserved=_RESERVED_SLUGS),
        body_markdown=body_markdown,
        body_html=render_markdown(body_markdown),
        segment=segment,
        created_by=actor,
    )


def update_issue(*, issue: Issue, subject: str, body_markdown: str, segment=None, actor) -> Issue:
    check_can_edit_newsletter(actor=actor)
    if issue.status != Issue.Status.DRAFT:
        raise HelixError(translation.gettext_lazy("Only drafts can be edited."), code="not_draft")
    issue.subject, issue.body_markdown, issue.segment = subject, body_markdown, segment
    issue.body_html = render_markdown(body_markdown)
    issue.save(update_fields=["subject", "body_markdown", "segment", "body_html"])
    return issue


class _CachingHeaderRegistry(HeaderRegistry):
    """The standard header registry with two caches, for sending tens of thousands of messages.

    CPython's `HeaderRegistry` creates a new class for every header set and parses every value
    again; in a newsletter most headers (Subject, From, MIME-Version, Content-Type…) are identical
    in every message. Header objects are immutable, so identical ones can be shared: same
    classes, same parse, same output — only faster.
    """

    _SHARED = frozenset(
        {"subject", "from", "mime-version", "content-type", "content-transfer-encoding", "list-unsubscribe-post"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._classes: dict[str, type] = {}
        self._parsed = functools.lru_cache(maxsize=512)(super().__call__)

    def __getitem__(self, name):
        key = name.lower()
        cls = self._classes.get(key)
        if cls is None:
            cls = self._classes[key] = super().__getitem__(name)
        return cls

    def __call__(self, name, value):
        if isinstance(value, str) and name.lower() in self._SHARED:
            return self._parsed(name, value)
        return super().__call__(name, value)


NEWSLETTER_POLICY = email.policy.default.clone(header_factory=_CachingHeaderRegistry())


class NewsletterMessage(mail.Message):
    """A newsletter e-mail: Helix's 8-bit message with the faster (equivalent) header policy."""

    def message(self, *, policy=NEWSLETTER_POLICY):
        return super().message(policy=policy)


@dataclass(frozen=True)
class Composed:
    """An issue rendered once; `message_for` personalises it per recipient."""

    subject: str
    text: str
    html: str
    # URL patterns resolved once per issue; "{token}" is filled per recipient.
    unsubscribe_pattern: str = ""
    manage_pattern: str = ""

    def message_for(self, *, email: str, subscriber_id: int | None) -> EmailMultiAlternatives:
        if subscriber_id is None:  # a test send: links lead to the public archive
            unsubscribe_url = manage_url = settings.SITE_URL + reverse("outreach:archive")
        else:
            token = tokens.manage_token(subscriber_id)
            unsubscribe_url = self.unsubscribe_pattern.replace(_TOKEN_MARK, token)
            manage_url = self.manage_pattern.replace(_TOKEN_MARK, token)
        message = NewsletterMessage(
            subject=self.subject,
            body=self.text.replace(_UNSUBSCRIBE_MARK, unsubscribe_url).replace(_MANAGE_MARK, manage_url),
            to=[email],
            headers={
                # RFC 2369 + RFC 8058: mail clients show an "Unsubscribe" button that POSTs here.
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            self.html.replace(_UNSUBSCRIBE_MARK, unsubscribe_url).replace(_MANAGE_MARK, manage_url), "text/html"
        )
        return message


def compose(issue: Issue, *, test: bool = False) -> Composed:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "issue": issue,
            "body_html": issue.body_html or render_markdown(issue.body_markdown),
            "archive_url": settings.SITE_URL + issue.get_absolute_url(),
            "unsubscribe_url": _UNSUBSCRIBE_MARK,
            "manage_url": _MANAGE_MARK,
            "test": test,
        }
        # Subject and text body are not HTML: rendered without auto-escaping (issue 12 §5).
        subject = " ".join(mail.render_text("outreach/email/issue_subject.txt", context).split())
        return Composed(
            subject=subject,
            text=mail.render_text("outreach/email/issue_body.txt", context),
            html=render_to_string("outreach/email/issue_body.html", context),
            unsubscribe_pattern=settings.SITE_URL + reverse("outreach:unsubscribe", args=[_TOKEN_MARK]),
            manage_pattern=settings.SITE_URL + reverse("outreach:preferences", args=[_TOKEN_MARK]),
        )


def send_test(*, issue: Issue, to: str, actor) -> None:
    """Send the issue, marked as a test, to one address (the editor's own)."""
    check_can_edit_newsletter(actor=actor)
    if issue.status == Issue.Status.DRAFT:
        issue.body_html = render_markdown(issue.body_markdown)
    compose(issue, test=True).message_for(email=to, subscriber_id=None).send()


def prepare_issue(*, issue_id: int, now=None) -> Issue:
    """Freeze a draft for sending: render its HTML and record one pending delivery per recipient.

    Raises HelixError (code ``not_draft``) when the issue is not a draft (it can be sent only once).
    """
    now = now or timezone.now()
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue_id)
        if issue.status != Issue.Status.DRAFT:
            raise HelixError(
                translation.gettext_lazy("This issue has already been sent or is being sent."), code="not_draft"
            )
        issue.body_html = render_markdown(issue.body_markdown)
        recipient_ids = recipients_for(issue.segment).values_list("pk", flat=True)
        deliveries = (Delivery(issue=issue, subscriber_id=pk) for pk in recipient_ids.iterator(chunk_size=5000))
        Delivery.objects.bulk_create(deliveries, batch_size=2000, ignore_conflicts=True)
        issue.total_recipients = Delivery.objects.filter(issue=issue).count()
        issue.status = Issue.Status.SENDING
        issue.send_started_at = now
        issue.save(update_fields=["body_html", "total_recipients", "status", "send_started_at"])
    return issue


def _claim(*, issue_id: int, batch_size: int) -> tuple[list[tuple[int, int, str]], list[int]]:
    """Claim up to batch_size pending rows: (to send, skipped ids). Committed before any sending."""
    with transaction.atomic():
        pending = Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.PENDING).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True, of=("self",))
        rows = list(pending.values_list("pk", "subscriber_id", "subscriber__email", "subscriber__status")[:batch_size])
        to_send = [(pk, sid, email) for pk, sid, email, status in rows if status == Subscriber.Status.CONFIRMED]
        skipped = [pk for pk, _sid, _email, status in rows if status != Subscriber.Status.CONFIRMED]
        if to_send:
            Delivery.objects.filter(pk__in=[row[0] for row in to_send]).update(
                status=Delivery.Status.SENDING, claim=uuid.uuid4()
            )
        if skipped:
            Delivery.objects.filter(pk__in=skipped).update(status=Delivery.Status.SKIPPED)
            Issue.objects.filter(pk=issue_id).update(skipped_count=F("skipped_count") + len(skipped))
    return to_send, skipped


def send_next_batch(*, issue_id: int, batch_size: int = DEFAULT_BATCH_SIZE, composed: Composed | None = None) -> int:
    """Send one batch of the issue. Returns how many rows it processed (0: nothing left).

    Unsubscribed-meanwhile recipients are skipped; a failure of the mail server marks the batch's
    rows FAILED (never retried automatically, so nobody gets a duplicate).
    """
    to_send, skipped = _claim(issue_id=issue_id, batch_size=batch_size)
    if not to_send:
        return len(skipped)
    if composed is None:
        composed = compose(Issue.objects.get(pk=issue_id))
    ids = [row[0] for row in to_send]
    sent = 0
    mailer = mailers.default
    # One statement, prepared once: it runs once per message (an ORM update costs several times more).
    mark_sent = "UPDATE {} SET {} = %s, {} = %s WHERE {} = %s".format(
        *map(connection.ops.quote_name, (Delivery._meta.db_table, "status", "sent_at", "id"))
    )
    try:
        mailer.open()  # one connection for the batch; each message is marked as soon as it left
        with connection.cursor() as cursor:
            for pk, sid, email in to_send:  # in row order: the first row still SENDING is the one in flight
                mailer.send_messages([composed.message_for(email=email, subscriber_id=sid)])
                now = connection.ops.adapt_datetimefield_value(timezone.now())
                cursor.execute(mark_sent, [Delivery.Status.SENT.value, now, pk])
                sent += 1
    except Exception:
        failed = ids[sent:]
        Delivery.objects.filter(pk__in=failed).update(status=Delivery.Status.FAILED)
        Issue.objects.filter(pk=issue_id).update(
            sent_count=F("sent_count") + sent, failed_count=F("failed_count") + len(failed)
        )
        raise
    finally:
        mailer.close()
    Issue.objects.filter(pk=issue_id).update(sent_count=F("sent_count") + sent)
    return len(ids) + len(skipped)


def finish_issue(*, issue_id: int, now=None) -> Issue:
    """Mark the issue SENT once no delivery is pending. Idempotent."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue_id)
        pending = issue.deliveries.filter(status=Delivery.Status.PENDING).exists()
        if issue.status == Issue.Status.SENDING and not pending:
            issue.status = Issue.Status.SENT
            issue.sent_at = now or timezone.now()
            issue.save(update_fields=["status", "sent_at"])
    return issue


def run_sending(*, issue_id: int, batch_size: int = DEFAULT_BATCH_SIZE, after_batch=None) -> Issue:
    """Send every pending delivery of an issue, batch by batch, then mark it sent.

    Safe to call again after an interruption: it resumes with the rows still pending.
    `after_batch` (optional callable) runs after each batch — the benchmark uses it.
    """
    issue = Issue.objects.get(pk=issue_id)
    composed = compose(issue)
    while send_next_batch(issue_id=issue_id, batch_size=batch_size, composed=composed):
        if after_batch:
            after_batch()
    return finish_issue(issue_id=issue_id)


def queue_issue(*, issue: Issue, actor, expected_recipients: int | None = None) -> Issue:
    """Prepare the issue and hand the sending to the background task (staff only, else ``PermissionDenied``).

    ``expected_recipients`` is the count the editor confirmed (issue 12 §3): when the audience changed
    since, nothing is sent and HelixError ``audience_changed`` asks to confirm again.
    """
    check_can_edit_newsletter(actor=actor)
    if expected_recipients is not None:
        current = recipients_for(issue.segment).count()
        if current != expected_recipients:
            raise HelixError(
                translation.gettext_lazy(
                    "The number of recipients changed (now %(count)d). Check it and confirm again."
                ),
                code="audience_changed",
                params={"count": current},
            )
    issue = prepare_issue(issue_id=issue.pk)
    enqueue("helix.outreach.tasks.send_issue", issue.pk)
    return issue


def resume_stalled(*, now=None, stall_after=None) -> list[int]:
    """Re-enqueue the sending of issues that still have pending deliveries but made no progress for
    ``stall_after`` (10 minutes): their worker died (killed, redeployed) mid-issue. Returns their ids.

    Safe even if the first worker is alive after all: batches claim rows before sending, so two
    runs share the pending rows and nobody gets the issue twice. Of a dead worker's batch (rows still
    SENDING), the first row is the message it was sending: it may have gone out, so it becomes FAILED
    (at most once); the rest were never attempted and go back to PENDING (nobody lost). Fault test:
    ``bench/load.py``'s ``worker_kill_duplicates`` and ``worker_kill_lost``.
    """
    now = now or timezone.now()
    cutoff = now - (dt.timedelta(minutes=10) if stall_after is None else stall_after)
    stalled = []
    unfinished = Q(deliveries__status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING])
    issues = Issue.objects.filter(unfinished, status=Issue.Status.SENDING).distinct()
    for issue in issues.annotate(last_sent=Max("deliveries__sent_at")):
        last_progress = issue.last_sent or issue.send_started_at
        if last_progress is None or last_progress < cutoff:
            _release_dead_claims(issue.pk)
            enqueue("helix.outreach.tasks.send_issue", issue.pk)
            stalled.append(issue.pk)
    return stalled


def _release_dead_claims(issue_id: int) -> None:
    """The batches a dead worker left SENDING: the row in flight → FAILED, the others → PENDING."""
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update()
            .filter(issue_id=issue_id, status=Delivery.Status.SENDING)
            .order_by("pk")
            .values_list("pk", "claim")
        )
        in_flight: dict = {}
        for pk, claim in rows:
            in_flight.setdefault(claim, pk)  # the first row of each batch, in sending order
        uncertain = set(in_flight.values())
        Delivery.objects.filter(pk__in=uncertain).update(status=Delivery.Status.FAILED)
        never_tried = [pk for pk, _claim in rows if pk not in uncertain]
        Delivery.objects.filter(pk__in=never_tried).update(status=Delivery.Status.PENDING, claim=None)
        counts = Delivery.objects.filter(issue_id=issue_id).aggregate(
            sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
            failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
        )
        Issue.objects.filter(pk=issue_id).update(sent_count=counts["sent"], failed_count=counts["failed"])
