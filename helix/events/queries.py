"""Annotated querysets for the events lists, pages, exports and dashboards."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from helix.core.seats import HOLDING, SeatStatus
from helix.events.models import Attendance, Commitment, Event, Registration, Session, Speaker


def public_events() -> QuerySet[Event]:
    return Event.objects.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])


def event_list(*, now: dt.datetime, when: str = "upcoming", kind: str = "", region: str = "", topic: str = ""):
    """Public events with their place and topics prefetched and seats taken annotated."""
    qs = (
        public_events()
        .select_related("commune__region")
        .prefetch_related("topics")
        .annotate(seats_taken=Count("registrations", filter=Q(registrations__status__in=HOLDING)))
    )
    if when == "past":
        qs = qs.filter(ends_at__lt=now).order_by("-starts_at")
    else:
        qs = qs.filter(ends_at__gte=now).order_by("starts_at")
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(commune__region__code=region)
    if topic:
        qs = qs.filter(topics__code=topic)
    return qs.distinct()


def events_between(start: dt.datetime, end: dt.datetime) -> QuerySet[Event]:
    return (
        Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__lt=end, ends_at__gte=start)
        .select_related("commune")
        .order_by("starts_at")
    )


def event_page(slug: str) -> QuerySet[Event]:
    speakers = Speaker.objects.select_related("person").order_by("order", "pk")
    return (
        public_events()
        .filter(slug=slug)
        .select_related("commune__region", "organiser")
        .prefetch_related(
            "partners",
            "topics",
            "questions",
            Prefetch("speakers", queryset=speakers.filter(session__isnull=True), to_attr="event_speakers"),
            Prefetch(
                "sessions",
                queryset=Session.objects.prefetch_related(Prefetch("speakers", queryset=speakers)).annotate(
                    seats_taken=Count("seats", filter=Q(seats__status__in=HOLDING))
                ),
            ),
        )
    )


def seats_taken(event: Event) -> int:
    return event.registrations.filter(status__in=HOLDING).count()


def waiting_count(event: Event) -> int:
    return event.registrations.filter(status=SeatStatus.WAITING).count()


def user_registrations(user) -> QuerySet[Registration]:
    """An attendee's own registrations (by account, or by e-mail for ones made before signing in)."""
    return (
        Registration.objects.filter(Q(user=user) | Q(user__isnull=True, email=user.email.lower()))
        .select_related("event__commune")
        .order_by("-event__starts_at", "-pk")
    )


def user_registration_for(user, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event)
        .filter(Q(user=user) | Q(user__isnull=True, email=user.email.lower()))
        .order_by("-created_at")
        .first()
    )


def registrations_for_export(event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event)
        .select_related("organisation")
        .prefetch_related("answers")
        .order_by("created_at", "pk")
    )


def attendances_for_export(event: Event) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(registration__event=event)
        .select_related("registration__organisation", "session", "checked_in_by")
        .order_by("checked_in_at", "pk")
    )


def attendees(event: Event) -> QuerySet[Registration]:
    """Registrations that were checked in at the event or any of its sessions."""
    return (
        Registration.objects.filter(event=event)
        .filter(Exists(Attendance.objects.filter(registration=OuterRef("pk"))))
        .select_related("organisation", "person")
        .order_by("name", "pk")
    )


def checkin_search(event: Event, term: str, limit: int = 20) -> QuerySet[Registration]:
    term = term.strip()
    qs = Registration.objects.filter(event=event, status=SeatStatus.CONFIRMED).select_related("organisation")
    if term:
        qs = qs.filter(Q(name__icontains=term) | Q(email__icontains=term) | Q(organisation_name__icontains=term))
    return qs.annotate(
        checked_in=Exists(Attendance.objects.filter(registration=OuterRef("pk"), session=None))
    ).order_by("name")[:limit]


def open_commitments(*, today: dt.date) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(status=Commitment.Status.OPEN)
        .select_related("minutes__event__commune", "owner_person", "owner_organisation")
        .annotate(overdue=Q(due_on__lt=today))
        .order_by("due_on", "pk")
    )
