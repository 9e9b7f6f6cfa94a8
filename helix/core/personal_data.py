"""Personal-data rights (Chile's Ley 21.719): access (the download) and erasure (account deletion).

Every app that stores personal data owns a section, declared in its own ``personal_data.py`` module
(discovered at start-up by ``CoreConfig.ready``)::

    from helix.core.personal_data import register

    register(
        "event_registrations",
        export=export_registrations,   # DataSubject -> anything DjangoJSONEncoder can serialise
        erase=erase_registrations,     # DataSubject -> None; deletes or anonymises the rows
        covers={"events.Registration": ("name", "email", "person", "user"), ...},
    )

``covers`` names every model and field holding personal data that the section exports *and*
erases; ``tests/core/test_personal_data_coverage.py`` walks all models and fails when a model with
a personal field (a link to the user model or ``network.Person``, or a field named like ``email``,
``name``, ``phone``, ``notes``, ``ip``…) is not covered by some section.

Erasure rules (what users of pretix and Decidim expect):

* Records that exist only for the person (answers to registration questions, newsletter
  subscriptions and their consent trail, memberships, failed sign-ins, sessions) are **deleted**.
* Records that other people's figures rely on (an event registration counted in attendance, an
  enrolment counted in "professionals trained", a certificate) are **kept and anonymised**: they lose
  name, e-mail, answers and the link to the account; the directory person becomes a tombstone
  (name "—", nothing else). A certificate therefore stays verifiable by its code but no longer shows
  whose it was.
* Places that are still to come (seats at events and cohorts not yet started, waiting-list places
  and seat offers) are **released** first, so the waiting list moves on, and queued e-mails about
  the person's records are discarded.
* Records owned by an organisation (challenges, solutions, wheel participations, pipeline moves)
  stay; only the link to the person (author, contact, representative) is dropped, and the person's
  name and e-mail are scrubbed from free text written about them (minutes, notes, admin log).

Erasers run in one transaction, in ascending ``order`` (default 100): the directory person is
anonymised or deleted at 900 and the account deleted at 1000, so every other eraser can still
follow ``subject.person`` and ``subject.user``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

ERASED = "—"  # what an erased name becomes
# Where an erased e-mail that must stay unique points: the reserved ".invalid" TLD, which never
# receives mail. Mail to these addresses must not be attempted: senders check `is_erased_email`.
ERASED_EMAIL_DOMAIN = "erased.invalid"


def erased_email(tag: object) -> str:
    """A unique placeholder for an erased address (for columns that are unique or required)."""
    return f"erased-{tag}@{ERASED_EMAIL_DOMAIN}"


def is_erased_email(address: str) -> bool:
    """True for a placeholder left by an erasure: mail to it must not be sent."""
    return address.lower().endswith("@" + ERASED_EMAIL_DOMAIN)


@dataclass(frozen=True)
class DataSubject:
    """The person whose data is exported or erased, with every identifier Helix may hold for them.

    `emails` are lower-cased (the account's and the directory person's); `names` are the full names
    known for them, used to scrub free text that mentions them.
    """

    user: Any
    person: Any | None
    emails: frozenset[str]
    names: frozenset[str]

    @property
    def strings(self) -> list[str]:
        """Identifying strings worth scrubbing from free text (long enough not to hit ordinary words)."""
        return sorted({s for s in self.emails | self.names if len(s) >= 5}, key=len, reverse=True)


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[DataSubject], Any]
    erase: Callable[[DataSubject], None]
    covers: Mapping[str, tuple[str, ...]]
    order: int = 100


_sections: dict[str, Section] = {}


def register(
    name: str,
    *,
    export: Callable[[DataSubject], Any],
    erase: Callable[[DataSubject], None],
    covers: Mapping[str, Iterable[str]],
    order: int = 100,
) -> Section:
    """Declare a section of the download and its eraser. Registering a name again replaces it."""
    section = Section(name, export, erase, {label: tuple(fields) for label, fields in covers.items()}, order)
    _sections[name] = section
    return section


def unregister(name: str) -> None:
    _sections.pop(name, None)


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.name))


def coverage() -> dict[str, set[str]]:
    """`"app_label.ModelName"` → the personal fields some section exports and erases."""
    covered: dict[str, set[str]] = {}
    for section in _sections.values():
        for label, fields in section.covers.items():
            covered.setdefault(label.lower(), set()).update(fields)
    return covered


def subject_for(user) -> DataSubject:
    """The account's identifiers. Its directory person is the one linked to it or, failing that, the
    unlinked directory record with the account's e-mail (e-mails are unique in the directory)."""
    Person = apps.get_model("network", "Person")
    person = Person.objects.filter(user=user).first()
    if person is None and user.email:
        person = Person.objects.filter(user__isnull=True, email__iexact=user.email).first()
    emails = {user.email.lower()} if user.email else set()
    names = {user.full_name.strip()} if user.full_name.strip() else set()
    if person is not None:
        if person.email:
            emails.add(person.email.lower())
        if person.full_name and person.full_name != ERASED:
            names.add(person.full_name)
    return DataSubject(user=user, person=person, emails=frozenset(emails), names=frozenset(names))


def collect_personal_data(*, user) -> dict[str, Any]:
    """Everything Helix holds about `user`: one key per registered section."""
    subject = subject_for(user)
    data: dict[str, Any] = {"generated_at": timezone.now().isoformat(), "format": "helix-personal-data/2"}
    for section in sorted(_sections.values(), key=lambda s: s.name):
        data[section.name] = section.export(subject)
    return data


def erase_personal_data(*, user, actor=None) -> None:
    """Run every section's eraser for `user` in one transaction; the last one deletes the account.

    Guarantees that, once committed, no registered record holds the person's name, e-mail or
    answers, and no record links to their account or directory person except anonymised tombstones.
    The deletion is written to the audit log: by `actor` (staff), or by the account's owner when
    `actor` is None or the user themself (then without naming them).
    """
    from helix.core import audit  # audit log (ops): imported late, it is a model module

    with transaction.atomic():
        subject = subject_for(user)
        user_pk = user.pk
        for section in sections():
            section.erase(subject)
        by_staff = actor is not None and getattr(actor, "pk", None) != user_pk
        audit.record(actor if by_staff else None, audit.Action.ACCOUNT_DELETED, f"#{user_pk}", by_owner=not by_staff)


# Helpers for erasers.


def email_q(field: str, subject: DataSubject) -> Q:
    """Rows whose `field` is one of the subject's e-mails (any case)."""
    q = Q(pk__in=[])
    for email in subject.emails:
        q |= Q(**{f"{field}__iexact": email})
    return q


def unlink(target, *links: tuple[type[models.Model], str]) -> int:
    """Set each nullable foreign key `(Model, "field")` that points to `target` to null.

    For records that stay (an organisation's challenge, a check-in) but must forget who wrote or
    did them. A `target` of None does nothing. Returns the number of rows changed.
    """
    if target is None:
        return 0
    return sum(model.objects.filter(**{field: target}).update(**{field: None}) for model, field in links)


def scrub(text: str, subject: DataSubject) -> str:
    """`text` with the subject's names and e-mails replaced by "—" (case-insensitive, whole words)."""
    for s in subject.strings:
        text = re.sub(rf"(?<!\w){re.escape(s)}(?!\w)", ERASED, text, flags=re.IGNORECASE)
    return text


def scrub_text_fields(model: type[models.Model], fields: Iterable[str], subject: DataSubject) -> int:
    """Scrub the subject's names and e-mails from free-text `fields` of every row mentioning them.

    Text fields are scrubbed in place; JSON fields are scrubbed in their serialised form. Returns
    the number of rows changed.
    """
    fields = list(fields)
    strings = subject.strings
    if not strings:
        return 0
    q = Q(pk__in=[])
    for field in fields:
        for s in strings:
            q |= Q(**{f"{field}__icontains": s})
    changed = 0
    for row in model.objects.filter(q).only("pk", *fields):
        dirty = []
        for field in fields:
            value = getattr(row, field)
            new = _scrub_value(value, subject)
            if new != value:
                setattr(row, field, new)
                dirty.append(field)
        if dirty:
            row.save(update_fields=dirty)
            changed += 1
    return changed


def _scrub_value(value, subject: DataSubject):
    if isinstance(value, str):
        return scrub(value, subject)
    if isinstance(value, list):
        return [_scrub_value(v, subject) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_value(v, subject) for k, v in value.items()}
    return value


def discard_queued_mail(composer_path: str, *, key: str, values: Iterable[Any]) -> int:
    """Delete not-yet-sent e-mails queued with ``helix.core.mail.send(composer, **kwargs)`` whose
    ``kwargs[key]`` is one of `values` (e-mails about records being erased)."""
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    wanted = set(values)
    if not wanted:
        return 0
    doomed = []
    rows = DBTaskResult.objects.filter(task_path="helix.core.mail.deliver", status="READY")
    for pk, args_kwargs in rows.values_list("pk", "args_kwargs"):
        args = (args_kwargs or {}).get("args") or []
        kwargs = (args_kwargs or {}).get("kwargs") or {}
        path = args[0] if args else kwargs.get("composer_path")
        mail_kwargs = (args[1] if len(args) > 1 else kwargs.get("kwargs")) or {}
        if path == composer_path and mail_kwargs.get(key) in wanted:
            doomed.append(pk)
    DBTaskResult.objects.filter(pk__in=doomed).delete()
    return len(doomed)
