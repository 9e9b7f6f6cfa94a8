"""The one way Helix sends e-mail: a background task queued when the transaction commits.

An app describes each kind of message with a *composer*: a function decorated with
:func:`composer` that takes primary keys and plain values (JSON-serialisable) and returns the
:class:`Email` (or a list of them, or ``None`` when there is nothing to send any more). A domain
function asks for a message with :func:`send`::

    @mail.composer
    def enrolment_email(*, enrolment_id: int, kind: str) -> mail.Email | None:
        enrolment = Enrolment.objects.filter(pk=enrolment_id).first()
        ...
        return mail.Email(template=f"academy/email/{kind}", to=[person.email],
                          language=mail.language_of(person), context={...})

    mail.send(enrolment_email, enrolment_id=enrolment.pk, kind="confirmed")

Guarantees:

* Nothing is sent for a write that is rolled back, and nothing is sent inside a request: ``send``
  registers ``transaction.on_commit`` and only then enqueues the :func:`deliver` task (outside a
  transaction, on commit means now).
* The worker composes the message from the committed data, in the recipient's language
  (``Email.language``), from a template pair: ``<template>_subject.txt`` (one line) and
  ``<template>.txt``, plus ``<template>.html`` as an HTML alternative when it exists and renders to
  something. Text templates are rendered without HTML auto-escaping (they are not HTML).
* Heavy parts (PDFs, calendar files, QR images) are built by the composer in the worker, never in
  the request.

The task is defined in this module (not in ``tasks.py``) so that ``send`` and the task do not import
each other.
"""

from __future__ import annotations

import email.message
import email.policy
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation
from django.utils.module_loading import import_string

from helix.core.personal_data import is_erased_email

#: (filename, content, mimetype) or a ready MIME part (e.g. an inline image with a Content-ID).
Attachment = tuple[str, bytes | str, str] | email.message.MIMEPart


# RFC 5322's limit for a line of a message. Text parts whose lines fit go out as they are ("8bit"):
# never quoted-printable, which breaks long links across lines with "=" in a plain-text reader.
MAX_LINE = 998


@functools.lru_cache(maxsize=16)
def eight_bit(policy: email.policy.Policy) -> email.policy.Policy:
    """`policy` with lines up to RFC 5322's limit: the e-mail package then writes UTF-8 text parts
    as 8bit instead of quoted-printable (its choice for any line over 78 characters)."""
    return policy.clone(max_line_length=MAX_LINE)


class Message(EmailMultiAlternatives):
    """Django's message with 8-bit text bodies, whatever policy the mail backend asks for."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=eight_bit(policy))


@dataclass
class Email:
    """One message to compose: a template pair, its context, the recipients and their language."""

    template: str
    to: Sequence[str]
    context: Mapping = field(default_factory=dict)
    language: str | None = None
    attachments: Sequence[Attachment] = ()
    reply_to: Sequence[str] = ()


def composer(func: Callable) -> Callable:
    """Mark a function as a mail composer: ``func(**kwargs) -> Email | list[Email] | None``.
    Only marked functions can be named in a queued :func:`deliver` task."""
    func.is_mail_composer = True
    return func


def send(composer_func: Callable, /, **kwargs) -> None:
    """Queue the message(s) ``composer_func(**kwargs)`` describes, once the current transaction
    commits (nothing is queued if it rolls back). ``kwargs`` must be JSON-serialisable: pass
    primary keys, not model instances."""
    path = _path_of(composer_func)
    # robust: the write is committed by then; a failure to enqueue is logged, not turned into an
    # error page for a change that did happen.
    transaction.on_commit(lambda: deliver.enqueue(path, kwargs), robust=True)


def language_of(recipient) -> str:
    """The language to write to ``recipient`` in: a User's ``language``, a Person's account's, a
    subscriber's ``language``, else the site's default."""
    language = getattr(recipient, "language", None)
    if not language:
        user = getattr(recipient, "user", None) if getattr(recipient, "user_id", None) else None
        language = getattr(user, "language", None)
    return language or settings.LANGUAGE_CODE


def render(message: Email) -> EmailMultiAlternatives:
    """Compose the Django message: the template pair rendered in ``message.language``."""
    with translation.override(message.language or settings.LANGUAGE_CODE):
        context = dict(message.context)
        subject = " ".join(render_text(f"{message.template}_subject.txt", context).split())
        body = render_text(f"{message.template}.txt", context)
        html = _render_html(f"{message.template}.html", context)
    result = Message(subject=subject, body=body, to=list(message.to), reply_to=list(message.reply_to))
    if html:
        result.attach_alternative(html, "text/html")
    for attachment in message.attachments:
        if isinstance(attachment, email.message.MIMEPart):
            result.attach(attachment)
        else:
            result.attach(*attachment)
    return result


@task
def deliver(composer_path: str, kwargs: dict) -> int:
    """Compose and send the messages of one :func:`send` call. Returns how many were sent."""
    func = import_string(composer_path)
    if not getattr(func, "is_mail_composer", False):
        raise ValueError(f"{composer_path} is not a mail composer")
    composed = func(**kwargs)
    if composed is None:
        return 0
    messages = [composed] if isinstance(composed, Email) else list(composed)
    sent = 0
    for message in messages:
        # A record anonymised by an erasure keeps a placeholder address: never write to it.
        message.to = [address for address in message.to if not is_erased_email(address)]
        if message.to:
            render(message).send()
            sent += 1
    return sent


def _path_of(func: Callable) -> str:
    if not getattr(func, "is_mail_composer", False):
        raise ValueError(f"{func!r} is not decorated with @mail.composer")
    return f"{func.__module__}.{func.__qualname__}"


def render_text(name: str, context: dict) -> str:
    """A subject or plain-text body template, rendered with auto-escaping off: "&" stays "&"."""
    return get_template(name).template.render(Context(context, autoescape=False))


def _render_html(name: str, context: dict) -> str:
    try:
        template = get_template(name)
    except TemplateDoesNotExist:
        return ""
    html = template.render(context)
    return html if html.strip() else ""
