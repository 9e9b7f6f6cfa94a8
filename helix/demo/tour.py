"""The short tour `seed_demo` prints at the end: for each feature, which page to open and as whom,
with the real addresses of the records just seeded (a line is left out when its records are not)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, Q
from django.urls import reverse

from helix.academy.models import Cohort
from helix.certificates.models import Certificate
from helix.core.seats import HOLDING, SeatStatus
from helix.demo.dates import today
from helix.demo.network import REPRESENTATIVE_EMAIL, REPRESENTATIVE_PASSWORD
from helix.events.models import Event
from helix.matching.models import Challenge
from helix.wheel.models import Wheel

STAFF = "admin@helix.demo / helix-demo-2026 (made by `manage.py demo_admin`)"
REPRESENTATIVE = f"{REPRESENTATIVE_EMAIL} / {REPRESENTATIVE_PASSWORD}"
ANYONE = "anyone (no sign-in)"


def full_event() -> Event | None:
    """An upcoming event whose seats are all taken and that has a waiting list."""
    return (
        upcoming_events()
        .filter(capacity__isnull=False)
        .annotate(
            held=Count("registrations", filter=Q(registrations__status__in=HOLDING)),
            waiting=Count("registrations", filter=Q(registrations__status=SeatStatus.WAITING)),
        )
        .filter(held__gte=F("capacity"), waiting__gt=0)
        .order_by("starts_at")
        .first()
    )


def upcoming_events():
    start_of_today = dt.datetime.combine(today(), dt.time(0, 0), tzinfo=dt.UTC)
    return Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__gte=start_of_today)


def cohort_with_free_seats() -> Cohort | None:
    return (
        Cohort.objects.filter(starts_on__gt=today(), capacity__isnull=False)
        .annotate(held=Count("enrolments", filter=Q(enrolments__status__in=HOLDING)))
        .filter(held__lt=F("capacity"))
        .select_related("course")
        .order_by("starts_on", "pk")
        .first()
    )


def open_wheel() -> Wheel | None:
    start = dt.datetime.combine(today(), dt.time(12, 0), tzinfo=dt.UTC)
    return (
        Wheel.objects.filter(status=Wheel.Status.OPEN, date__gt=today())
        .filter(Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=start))
        .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=start))
        .order_by("date", "pk")
        .first()
    )


def past_event_certificate() -> Certificate | None:
    return (
        Certificate.objects.filter(kind="attendance", revoked_at__isnull=True, issued_at__date__lt=today())
        .order_by("issued_at", "pk")
        .first()
    )


def lines() -> list[str]:
    """The tour, one line per feature: what, where, as whom."""
    tour = [
        ("Mi Helix: requests to answer, next meetings, challenges and matches", "/mi-helix/", REPRESENTATIVE),
        ("Mi Helix for staff: representation requests, wheels to schedule, overdue offers", "/mi-helix/", STAFF),
        ("Every e-mail the demo sent, whole, with working links", "/staff/mailbox/", STAFF),
        ("Notifications (the bell) and which ones arrive by e-mail", "/notifications/", REPRESENTATIVE),
    ]
    challenge = Challenge.objects.filter(created_by__email=REPRESENTATIVE_EMAIL).order_by("pk").first()
    if challenge is not None:
        what = "A challenge's ranked matches: invite, propose a meeting"
        tour.append((what, challenge.get_absolute_url(), REPRESENTATIVE))
    if (event := full_event()) is not None:
        tour.append(("A full event: register and join its waiting list", event.get_absolute_url(), ANYONE))
    tour.append(("Upcoming events and the calendar", "/events/", ANYONE))
    if (wheel := open_wheel()) is not None:
        what = "A business wheel open for registration: register an organisation found in the directory"
        tour.append((what, reverse("wheel:register", args=[wheel.pk]), STAFF))
        what = "The same wheel as a participant: meeting requests to answer, the agenda"
        tour.append((what, wheel.get_absolute_url(), REPRESENTATIVE))
    if (cohort := cohort_with_free_seats()) is not None:
        what = f"A course cohort with free seats ({cohort.course.title})"
        tour.append((what, cohort.get_absolute_url(), "any signed-in person"))
    if (certificate := past_event_certificate()) is not None:
        tour.append(("A past event's attendance certificate, verified", certificate.get_absolute_url(), ANYONE))
    tour += [
        ("The directory: organisations and experts", "/directory/", ANYONE),
        ("The staff pipeline board and match runs", "/matching/runs/", STAFF),
        ("Newsletters: archive, subscription, sending", "/newsletters/", STAFF),
        ("The HTTP API", "/api/docs", ANYONE),
    ]
    return [f"- {what}\n    {settings.SITE_URL}{where}  (as {who})" for what, where, who in tour]
