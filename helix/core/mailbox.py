"""A local mailbox: where every e-mail lands when no mail server is configured (the demo).

``MailboxBackend`` stores each message whole (the exact bytes a mail server would receive) in the
database, so mail sent by the web process and by the task worker ends up in the same place; staff
read it at ``/staff/mailbox/`` with working links and attachments. The text shown is decoded from
the stored bytes, so what staff read is what a recipient's mail program would show.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.core.personal_data import DataSubject, register


class MailboxMessage(models.Model):
    """One e-mail as sent: its envelope and the raw message; the parts are read from `raw`."""

    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    sender = models.CharField(_("from"), max_length=300)
    recipients = models.TextField(_("to"), help_text=_("One address per line."))
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    raw = models.BinaryField(_("message"))

    class Meta:
        app_label = "core"
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("mailbox message")
        verbose_name_plural = _("mailbox messages")

    def __str__(self) -> str:
        return self.subject

    @property
    def recipient_list(self) -> list[str]:
        return [line for line in self.recipients.splitlines() if line]

    def parsed(self) -> email.message.EmailMessage:
        return email.message_from_bytes(bytes(self.raw), policy=email.policy.default)

    def parts(self) -> Parts:
        return parts_of(self.parsed())


@dataclass
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class Parts:
    text: str
    html: str
    attachments: list[Attachment]
    headers: list[tuple[str, str]]


def parts_of(message: email.message.EmailMessage) -> Parts:
    """The decoded plain-text and HTML bodies, the attachments and the headers of a message."""
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    attachments = [
        Attachment(
            filename=part.get_filename() or "adjunto",
            content_type=part.get_content_type(),
            content=part.get_payload(decode=True) or b"",
        )
        for part in message.iter_attachments()
    ]
    return Parts(
        text=text_part.get_content() if text_part is not None else "",
        html=html_part.get_content() if html_part is not None else "",
        attachments=attachments,
        headers=[(name, str(value)) for name, value in message.items()],
    )


def is_enabled() -> bool:
    """Whether Helix's mail goes to this mailbox (no mail server configured)."""
    mailers = getattr(settings, "MAILERS", None) or {}
    backend = (mailers.get("default") or {}).get("BACKEND") or getattr(settings, "EMAIL_BACKEND", "")
    return backend == f"{__name__}.MailboxBackend"


class MailboxBackend(BaseEmailBackend):
    """Django mail backend that stores messages in the mailbox instead of sending them."""

    def send_messages(self, email_messages) -> int:
        stored = 0
        for message in email_messages or ():
            recipients = message.recipients()
            if not recipients:
                continue
            raw = message.message().as_bytes()
            MailboxMessage.objects.create(
                sender=str(message.from_email)[:300],
                recipients="\n".join(recipients),
                subject=str(message.subject)[:500],
                raw=raw,
            )
            stored += 1
        return stored


# Personal data: the mailbox holds messages addressed to people; they are theirs to download, and
# are deleted with the account.


def _addressed_to(subject: DataSubject):
    q = models.Q(pk__in=[])
    for address in subject.emails:
        q |= models.Q(recipients__icontains=address)
    rows = MailboxMessage.objects.filter(q)
    return [m for m in rows if subject.emails & {r.lower() for r in m.recipient_list}]


def export_mailbox(subject: DataSubject) -> list[dict]:
    return [
        {"sent_at": m.sent_at, "to": m.recipient_list, "subject": m.subject, "text": m.parts().text}
        for m in _addressed_to(subject)
    ]


def erase_mailbox(subject: DataSubject) -> None:
    MailboxMessage.objects.filter(pk__in=[m.pk for m in _addressed_to(subject)]).delete()


register(
    "local_mailbox",
    export=export_mailbox,
    erase=erase_mailbox,
    covers={"core.MailboxMessage": ("recipients", "subject", "raw")},
)
