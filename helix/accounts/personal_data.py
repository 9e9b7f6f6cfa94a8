"""The account's part of the personal-data download and of account deletion.

Besides the `User` row itself: failed sign-in records for the e-mail (they hold IP addresses) and
the account's sessions are deleted (other sessions lose entries that name the person); the
back-office log keeps other people's actions but the person's name and e-mail are scrubbed from
what it says about them; queued background tasks (e-mails) that carry the person's address are
discarded. The account itself is deleted last (order 1000), so every other section can still follow
it; links to it from kept records are then set to null by their foreign keys.
"""

import json
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from helix.core.personal_data import DataSubject, register, scrub_text_fields
from helix.core.tabular.staging import StagedUpload

from . import lockout


def export_account(subject: DataSubject) -> dict[str, Any]:
    user = subject.user
    return {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_staff": user.is_staff,
        "is_active": user.is_active,
    }


def erase_account(subject: DataSubject) -> None:
    subject.user.delete()


def _live_sessions():
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        yield session, session.get_decoded()


def export_sessions(subject: DataSubject) -> list[dict[str, Any]]:
    user_id = str(subject.user.pk)
    return [{"expires": s.expire_date} for s, data in _live_sessions() if data.get("_auth_user_id") == user_id]


def erase_sessions(subject: DataSubject) -> None:
    """The account's sessions are deleted; other sessions lose any entry naming the person (for
    example a directory import that staff left pending). Sessions are signed, so they are decoded
    one by one; expired ones are left to `clearsessions`."""
    user_id = str(subject.user.pk)
    strings = [s.lower() for s in subject.strings]
    for session, data in _live_sessions():
        if data.get("_auth_user_id") == user_id:
            session.delete()
            continue
        kept = {k: v for k, v in data.items() if not any(s in json.dumps(v, default=str).lower() for s in strings)}
        if kept != data:
            Session.objects.save(session.session_key, kept, session.expire_date)


def _sign_in_records(model, subject: DataSubject):
    return model.objects.filter(username__in=[lockout.normalise_email(e) for e in subject.emails])


def export_login_attempts(subject: DataSubject) -> list[dict[str, Any]]:
    rows = _sign_in_records(AccessAttempt, subject).order_by("attempt_time")
    failures = _sign_in_records(AccessFailureLog, subject).order_by("attempt_time")
    return [
        {
            "at": a.attempt_time,
            "ip_address": a.ip_address,
            "user_agent": a.user_agent,
            "failures": a.failures_since_start,
        }
        for a in rows
    ] + [{"at": f.attempt_time, "ip_address": f.ip_address, "user_agent": f.user_agent} for f in failures]


def erase_login_attempts(subject: DataSubject) -> None:
    for email in subject.emails:
        lockout.erase_records(email=email)


def export_admin_actions(subject: DataSubject) -> list[dict[str, Any]]:
    rows = LogEntry.objects.filter(user=subject.user).select_related("content_type").order_by("action_time")
    return [
        {
            "at": e.action_time,
            "action": {1: "added", 2: "changed", 3: "deleted"}.get(e.action_flag, str(e.action_flag)),
            "record_type": e.content_type.model if e.content_type_id else None,
            "record": e.object_repr,
        }
        for e in rows
    ]


def erase_admin_log(subject: DataSubject) -> None:
    # The account's own entries go with it (LogEntry.user cascades); other staff's entries stay as
    # an audit trail but stop naming the person.
    scrub_text_fields(LogEntry, ["object_repr", "change_message"], subject)


def export_queued_tasks(subject: DataSubject) -> list[dict[str, Any]]:
    return [
        {"task": t.task_path, "queued_at": t.enqueued_at, "status": t.status}
        for t in _tasks_naming(subject).order_by("enqueued_at")
    ]


def erase_queued_tasks(subject: DataSubject) -> None:
    _tasks_naming(subject).filter(status="READY").delete()  # e-mails not yet sent are not sent
    scrub_text_fields(DBTaskResult, ["args_kwargs", "return_value", "traceback"], subject)


def _tasks_naming(subject: DataSubject):
    from django.db.models import Q

    q = Q(pk__in=[])
    for email in subject.emails:
        q |= Q(args_kwargs__icontains=email)
    return DBTaskResult.objects.filter(q)


register(
    "account",
    export=export_account,
    erase=erase_account,
    covers={"accounts.User": ("email", "full_name")},
    order=1000,
)


def export_staged_uploads(subject: DataSubject) -> list[dict[str, Any]]:
    rows = StagedUpload.objects.filter(owner=subject.user).order_by("created_at")
    return [{"at": u.created_at, "purpose": u.purpose, "file": u.filename, "bytes": len(u.data)} for u in rows]


def erase_staged_uploads(subject: DataSubject) -> None:
    # Files a staff member uploaded for an import and never confirmed (they may name other people too).
    StagedUpload.objects.filter(owner=subject.user).delete()


register(
    "staged_uploads",
    export=export_staged_uploads,
    erase=erase_staged_uploads,
    covers={"core.StagedUpload": ("owner",)},
)
register(
    "sessions",
    export=export_sessions,
    erase=erase_sessions,
    covers={"sessions.Session": ("session_data",)},
)
register(
    "failed_sign_ins",
    export=export_login_attempts,
    erase=erase_login_attempts,
    covers={
        "axes.AccessAttempt": ("username", "ip_address", "user_agent", "get_data", "post_data"),
        "axes.AccessFailureLog": ("username", "ip_address", "user_agent"),
        "axes.AccessLog": ("username", "ip_address", "user_agent"),
    },
)
register(
    "admin_actions",
    export=export_admin_actions,
    erase=erase_admin_log,
    covers={"admin.LogEntry": ("user", "object_repr", "change_message")},
)
register(
    "queued_tasks",
    export=export_queued_tasks,
    erase=erase_queued_tasks,
    covers={"django_tasks_database.DBTaskResult": ("args_kwargs", "return_value", "traceback")},
)


# Two-factor authentication (ops): the devices (the secret key and recovery codes are not exported).


def export_two_factor(subject: DataSubject) -> list[dict[str, Any]]:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import RecoveryCodes

    return [
        {
            "kind": kind,
            "name": d.name,
            "confirmed": d.confirmed,
            "created_at": d.created_at,
            "last_used": d.last_used_at,
        }
        for kind, model in (
            ("authenticator app", TOTPDevice),
            ("recovery codes", RecoveryCodes),
            ("recovery codes (before hashing)", StaticDevice),
        )
        for d in model.objects.filter(user=subject.user).order_by("pk")
    ]


def erase_two_factor(subject: DataSubject) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import RecoveryCodes

    TOTPDevice.objects.filter(user=subject.user).delete()
    RecoveryCodes.objects.filter(user=subject.user).delete()  # their codes go with them (cascade)
    StaticDevice.objects.filter(user=subject.user).delete()


register(
    "two_factor",
    export=export_two_factor,
    erase=erase_two_factor,
    covers={
        "otp_totp.TOTPDevice": ("user", "name"),
        "otp_static.StaticDevice": ("user", "name"),
        "accounts.RecoveryCodes": ("user", "name"),
    },
)
