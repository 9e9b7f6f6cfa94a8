"""The audit log: an append-only record of sensitive actions, visible to staff at ``/audit/``.

Each app calls :func:`record` where the sensitive action happens (inside the same transaction, so a
rolled-back action leaves no event): permission and role changes, approvals, exports, imports,
deletions and personal-data downloads. Events are never changed or deleted: ``save`` on an existing
event, ``delete`` and the queryset's ``update``/``delete`` raise. The one exception is the erasure of
an account (Ley 21.719): the person's e-mail in the events they caused is replaced by a placeholder
(see ``helix/core/personal_data.py``'s audit section below), so the log keeps *what* was done without
keeping *who* once they asked to be forgotten.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class Action(models.TextChoices):
    ROLE_CHANGED = "role.changed", _("Permission or role changed")
    MEMBERSHIP_DECIDED = "membership.decided", _("Representation request decided")
    AGREEMENT_CONFIRMED = "agreement.confirmed", _("Agreement confirmed")
    EXPORTED = "data.exported", _("Data exported")
    IMPORTED = "data.imported", _("Data imported")
    ACCOUNT_DELETED = "account.deleted", _("Account deleted")
    PERSONAL_DATA_DOWNLOADED = "personal_data.downloaded", _("Personal data downloaded")
    TWO_FACTOR_ENABLED = "2fa.enabled", _("Two-factor authentication enabled")
    TWO_FACTOR_DISABLED = "2fa.disabled", _("Two-factor authentication disabled")
    API_TOKEN_CHANGED = "api_token.changed", _("API token changed")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")


class AuditEvent(models.Model):
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    # SET_NULL: an account's deletion keeps its events (the collector's null-out bypasses the
    # queryset guard on purpose); `actor_email` is pseudonymised by the erasure.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=40, choices=Action.choices, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)  # "network.membership"
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        app_label = "core"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")


def _target_fields(target) -> dict[str, str]:
    if target is None:
        return {}
    if isinstance(target, str):
        return {"target_label": target[:200]}
    if isinstance(target, models.Model):
        return {
            "target_type": target._meta.label_lower,
            "target_id": str(target.pk),
            "target_label": str(target)[:200],
        }
    return {"target_label": str(target)[:200]}


def record(actor, action: Action | str, target=None, **details: Any) -> AuditEvent:
    """Append one event: who (`actor`, a user or None for the system), what (`action`), on what
    (`target`: a model instance, a text or None) and the particulars (`details`, JSON-serialisable).

    Call it inside the action's transaction: the event is written with the action or not at all.
    """
    if action not in Action.values:
        raise ValueError(f"unknown audit action {action!r}")
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if signed_in else None,
        actor_email=actor.email if signed_in else "",
        action=str(action),
        details=details,
        **_target_fields(target),
    )


def pseudonymise_actor(*, user_id: int, placeholder: str) -> int:
    """The erasure's one permitted rewrite: events caused by the account keep what was done, not who."""
    events = AuditEvent.objects.filter(actor_id=user_id)
    return models.QuerySet.update(events, actor=None, actor_email=placeholder)


# The audit log's part of the personal-data download and of account deletion (see core.personal_data).


def export_audit_events(subject) -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(actor=subject.user).order_by("created_at", "pk")
    return [
        {"at": event.created_at, "action": event.action, "target": event.target_label} for event in events.iterator()
    ]


def erase_audit_events(subject) -> None:
    """Events the person caused stay, pseudonymised; their names and e-mails leave every event's target."""
    from helix.core.personal_data import ERASED, scrub

    pseudonymise_actor(user_id=subject.user.pk, placeholder=ERASED)
    mentions = models.Q(pk__in=[])
    for text in subject.strings:
        mentions |= models.Q(target_label__icontains=text)
    for event in AuditEvent.objects.filter(mentions).only("pk", "target_label"):
        label = scrub(event.target_label, subject)
        models.QuerySet.update(AuditEvent.objects.filter(pk=event.pk), target_label=label)


def _register_personal_data() -> None:
    from helix.core.personal_data import register

    register(
        "audit_log",
        export=export_audit_events,
        erase=erase_audit_events,
        covers={"core.AuditEvent": ("actor", "actor_email")},
    )


_register_personal_data()
