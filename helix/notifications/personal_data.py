"""Notifications' part of the personal-data download and of account deletion: a person's notifications
and preferences exist only for them, so both are exported and deleted."""

from typing import Any

from helix.core.personal_data import DataSubject, register

from .models import Notification, Preference


def export_notifications(subject: DataSubject) -> dict[str, Any]:
    return {
        "notifications": [
            {"kind": n.kind, "text": n.text, "url": n.url, "created_at": n.created_at, "read_at": n.read_at}
            for n in Notification.objects.filter(user=subject.user).order_by("created_at", "pk")
        ],
        "email_preferences": {p.kind: p.email for p in Preference.objects.filter(user=subject.user).order_by("kind")},
    }


def erase_notifications(subject: DataSubject) -> None:
    Notification.objects.filter(user=subject.user).delete()
    Preference.objects.filter(user=subject.user).delete()


register(
    "notifications",
    export=export_notifications,
    erase=erase_notifications,
    covers={"notifications.Notification": ("user", "params"), "notifications.Preference": ("user", "email")},
)
