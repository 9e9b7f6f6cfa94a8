"""Notifying people: an in-app notification and, if they want it, an e-mail (queued on commit).

Apps call :func:`notify` (one person) or :func:`notify_organisation` (the people who act for an
organisation) from the domain function that made the thing happen, inside its transaction: a
rolled-back write leaves no notification and sends no e-mail.

Some things already have an e-mail of their own that carries the link to act (an invitation, a seat
offer with its acceptance link): the caller passes ``emailed=True`` and no second e-mail is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from helix.core import mail
from helix.network.models import Membership

from .messages import MESSAGES
from .models import Kind, Notification, Preference


def _user_of(recipient):
    """The account behind a User or a directory Person (None when the person has no account)."""
    if recipient is None:
        return None
    if isinstance(recipient, get_user_model()):
        return recipient
    user_id = getattr(recipient, "user_id", None)
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


def when(value: dt.datetime | None) -> str:
    """A date and time as notifications show it (Santiago time, day-month-year)."""
    return timezone.localtime(value).strftime("%d-%m-%Y %H:%M") if value else ""


def notify(
    recipient,
    kind: str,
    target: models.Model | None,
    *,
    message: str,
    url: str,
    params: dict | None = None,
    emailed: bool = False,
) -> Notification | None:
    """Tell `recipient` (a User, or a Person with an account) about `target`. Returns the notification,
    or None when the person has no active account."""
    user = _user_of(recipient)
    if user is None or not user.is_active:
        return None
    created = _create([user.pk], kind, target, message=message, url=url, params=params, emailed=emailed)
    return created[0] if created else None


def notify_organisation(
    organisation_id: int,
    kind: str,
    target: models.Model | None,
    *,
    message: str,
    url: str,
    params: dict | None = None,
    emailed: bool = False,
    exclude_user=None,
) -> list[Notification]:
    """Tell everyone who acts for the organisation (approved representatives and admins with an active
    account), except `exclude_user` (the one who did it)."""
    users = Membership.objects.filter(
        organisation_id=organisation_id,
        status=Membership.Status.APPROVED,
        role__in=[Membership.Role.REPRESENTATIVE, Membership.Role.ADMIN],
        person__user__is_active=True,
    )
    if exclude_user is not None and getattr(exclude_user, "pk", None):
        users = users.exclude(person__user=exclude_user)
    user_ids = sorted(set(users.values_list("person__user_id", flat=True)))
    return _create(user_ids, kind, target, message=message, url=url, params=params, emailed=emailed)


def _create(user_ids: Iterable[int], kind, target, *, message, url, params, emailed) -> list[Notification]:
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    if message not in MESSAGES:
        raise ValueError(f"unknown notification message {message!r}")
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    rows = [
        Notification(
            user_id=user_id,
            kind=kind,
            message=message,
            params={k: str(v) for k, v in (params or {}).items()},
            target_type=target_type,
            target_id=target.pk if target is not None else None,
            url=url,
        )
        for user_id in user_ids
    ]
    if not rows:
        return []
    rows = Notification.objects.bulk_create(rows)
    if not emailed:
        ids = [n.pk for n in rows if n.pk is not None]
        if ids:
            mail.send(notification_emails, notification_ids=ids)
    return rows


def wants_email(user, kind: str) -> bool:
    return not Preference.objects.filter(user=user, kind=kind, email=False).exists()


@mail.composer
def notification_emails(*, notification_ids: list[int]) -> list[mail.Email]:
    """One e-mail per notification whose person wants this kind by e-mail (read when composed)."""
    notifications = Notification.objects.filter(pk__in=notification_ids, user__is_active=True).select_related("user")
    opted_out = set(
        Preference.objects.filter(user__in={n.user_id for n in notifications}, email=False).values_list(
            "user_id", "kind"
        )
    )
    return [
        mail.Email(
            template="notifications/email/notification",
            to=[n.user.email],
            language=mail.language_of(n.user),
            context={
                "notification": n,
                "url": _absolute(n.url),
                "preferences_url": _absolute(reverse("notifications:preferences")),
            },
        )
        for n in notifications
        if (n.user_id, n.kind) not in opted_out
    ]


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of `user`'s notifications (or all of them) as read; returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


def set_email_preferences(*, user, email_kinds: Iterable[str], kinds: Iterable[str] = Kind.values) -> None:
    """Record which of `kinds` `user` wants by e-mail (the others of `kinds`: in the app only)."""
    wanted = set(email_kinds)
    for kind in kinds:
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"email": kind in wanted})


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
