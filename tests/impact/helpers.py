"""Small hand-built records for the impact figures' tests (each test counts by hand)."""

import datetime as dt

from django.utils import timezone

from helix.core.seats import SeatStatus
from helix.events.models import Attendance, Registration
from helix.impact.period import Period
from helix.wheel.domain import dayof
from helix.wheel.models import Side
from tests.factories.wheel import ParticipantFactory, WheelFactory


def this_period() -> Period:
    today = timezone.localdate()
    return Period(today - dt.timedelta(days=120), today + dt.timedelta(days=60))


def attend(event, person, organisation=None, when=None):
    registration = Registration.objects.create(
        event=event,
        person=person,
        name=person.full_name,
        email=person.email,
        organisation=organisation,
        status=SeatStatus.CONFIRMED,
        created_at=timezone.now(),
    )
    Attendance.objects.create(registration=registration, checked_in_at=when or timezone.now())
    return registration


def held_meeting(staff_user, first, second, *, match=None, day=None):
    """A wheel meeting between two organisations, marked held (day: the wheel's date, today by default)."""
    wheel = WheelFactory(date=day or timezone.localdate())
    a = ParticipantFactory(wheel=wheel, organisation=first, side=Side.BUYER)
    b = ParticipantFactory(wheel=wheel, organisation=second, side=Side.SUPPLIER)
    meeting = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=a, b=b, slot=wheel.slots.first(), table=1, status="held"
    )
    if match is not None:
        from helix.wheel.models import MeetingRequest

        request = MeetingRequest.objects.create(
            wheel=wheel, from_participant=a, to_participant=b, priority="must", source_match=match
        )
        meeting.request = request
        meeting.save(update_fields=["request"])
    return meeting
