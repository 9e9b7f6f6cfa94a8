"""Outreach's part of the personal-data download and of account deletion.

The newsletter subscription (with its consent trail: wording shown, when and from which IP it was
requested and confirmed) and its deliveries are exported. On deletion they are deleted, as if the
person had unsubscribed and asked to be forgotten: a delivery still waiting in an issue being sent
is counted as skipped, so the issue's figures still add up. Issues the account wrote stay, without
their author.
"""

from typing import Any

from django.db.models import Count, F, Q

from helix.core.personal_data import DataSubject, email_q, register, unlink

from .models import Delivery, Issue, Subscriber


def _subscribers(subject: DataSubject):
    q = email_q("email", subject)
    if subject.person is not None:
        q |= Q(person=subject.person)
    return Subscriber.objects.filter(q)


def export_subscriptions(subject: DataSubject) -> list[dict[str, Any]]:
    rows = _subscribers(subject).prefetch_related("topics", "regions", "deliveries__issue").order_by("pk")
    return [
        {
            "email": s.email,
            "name": s.name,
            "language": s.language,
            "status": s.status,
            "topics": [t.code for t in s.topics.all()],
            "regions": [r.name for r in s.regions.all()],
            "consent": {
                "version": s.consent_version,
                "text": s.consent_text,
                "requested_at": s.consent_requested_at,
                "requested_from_ip": s.consent_ip,
                "confirmation_sent_at": s.confirmation_sent_at,
                "confirmed_at": s.confirmed_at,
                "confirmed_from_ip": s.confirmed_ip,
                "unsubscribed_at": s.unsubscribed_at,
            },
            "deliveries": [
                {"issue": d.issue.subject, "status": d.status, "sent_at": d.sent_at} for d in s.deliveries.all()
            ],
        }
        for s in rows
    ]


def erase_subscriptions(subject: DataSubject) -> None:
    subscribers = _subscribers(subject)
    waiting = (
        Delivery.objects.filter(subscriber__in=subscribers, status=Delivery.Status.PENDING)
        .values("issue_id")
        .annotate(n=Count("pk"))
    )
    for row in waiting:
        Issue.objects.filter(pk=row["issue_id"]).update(skipped_count=F("skipped_count") + row["n"])
    subscribers.delete()  # deliveries cascade


def export_issues_written(subject: DataSubject) -> list[dict[str, Any]]:
    return [
        {"subject": i.subject, "created_at": i.created_at, "status": i.status}
        for i in Issue.objects.filter(created_by=subject.user).order_by("created_at")
    ]


def erase_issues_written(subject: DataSubject) -> None:
    unlink(subject.user, (Issue, "created_by"))


register(
    "newsletter_subscriptions",
    export=export_subscriptions,
    erase=erase_subscriptions,
    covers={
        "outreach.Subscriber": ("email", "name", "person", "consent_ip", "confirmed_ip"),
        "outreach.Delivery": ("subscriber",),
    },
)
register(
    "newsletter_issues_written",
    export=export_issues_written,
    erase=erase_issues_written,
    covers={"outreach.Issue": ("created_by",)},
)
