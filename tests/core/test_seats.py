"""The generic capacity + waiting-list module, driven with a controllable clock."""

import contextlib
import datetime as dt

import pytest

from helix.core import seats
from helix.core.errors import HelixError
from helix.core.seats import SeatSpec, SeatStatus
from helix.events.models import Event, Registration
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)
SPEC = SeatSpec(
    booking_model=Registration,
    holder_field="event",
    capacity=lambda event: event.capacity,
    offer_ttl=lambda event: dt.timedelta(hours=event.offer_hours),
)


def take(event, n, now=T0):
    return seats.take_seat(
        spec=SPEC,
        holder_qs=Event.objects.filter(pk=event.pk),
        create_kwargs={"name": f"P{n}", "email": f"p{n}@example.cl"},
        now=now,
    ).booking


def statuses(event):
    return list(Registration.objects.filter(event=event).order_by("pk").values_list("email", "status", "position"))


def test_fills_capacity_then_queues_in_arrival_order():
    event = EventFactory(capacity=2)
    bookings = [take(event, n) for n in range(5)]
    assert [b.status for b in bookings] == ["confirmed", "confirmed", "waiting", "waiting", "waiting"]
    assert [b.position for b in bookings] == [None, None, 1, 2, 3]


def test_unlimited_capacity_confirms_everyone():
    event = EventFactory(capacity=None)
    assert {take(event, n).status for n in range(4)} == {SeatStatus.CONFIRMED}


def test_release_offers_seat_to_first_waiting_with_deadline():
    event = EventFactory(capacity=1, offer_hours=24)
    first, second, third = (take(event, n) for n in range(3))
    change = seats.release_seat(spec=SPEC, holder_qs=Event.objects.filter(pk=event.pk), booking_pk=first.pk, now=T0)
    assert [b.pk for b in change.promoted] == [second.pk]
    second.refresh_from_db()
    assert second.status == SeatStatus.OFFERED
    assert second.offer_expires_at == T0 + dt.timedelta(hours=24)
    third.refresh_from_db()
    assert third.status == SeatStatus.WAITING
    # A newcomer does not jump the queue while an offer holds the seat.
    assert take(event, 9, now=T0 + dt.timedelta(hours=1)).status == SeatStatus.WAITING


def test_accept_in_time_confirms():
    event = EventFactory(capacity=1)
    first, second = take(event, 0), take(event, 1)
    qs = Event.objects.filter(pk=event.pk)
    seats.release_seat(spec=SPEC, holder_qs=qs, booking_pk=first.pk, now=T0)
    seats.accept_offer(spec=SPEC, holder_qs=qs, booking_pk=second.pk, now=T0 + dt.timedelta(hours=47))
    second.refresh_from_db()
    assert second.status == SeatStatus.CONFIRMED and second.offer_expires_at is None


def test_late_accept_expires_and_passes_seat_on():
    event = EventFactory(capacity=1)
    first, second, third = (take(event, n) for n in range(3))
    qs = Event.objects.filter(pk=event.pk)
    seats.release_seat(spec=SPEC, holder_qs=qs, booking_pk=first.pk, now=T0)
    late = T0 + dt.timedelta(hours=48, seconds=1)
    with pytest.raises(HelixError) as exc:
        seats.accept_offer(spec=SPEC, holder_qs=qs, booking_pk=second.pk, now=late)
    assert exc.value.code == "expired"
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == SeatStatus.EXPIRED
    assert third.status == SeatStatus.OFFERED and third.offer_expires_at == late + dt.timedelta(hours=48)


def test_periodic_sweep_expires_only_overdue_offers():
    event = EventFactory(capacity=2)
    a, b, c, d = (take(event, n) for n in range(4))
    qs = Event.objects.filter(pk=event.pk)
    seats.release_seat(spec=SPEC, holder_qs=qs, booking_pk=a.pk, now=T0)
    seats.release_seat(spec=SPEC, holder_qs=qs, booking_pk=b.pk, now=T0 + dt.timedelta(hours=10))
    # At T0+49h only c's offer (made at T0) is overdue; d's (T0+10h) is not.
    changes = seats.expire_offers(spec=SPEC, now=T0 + dt.timedelta(hours=49))
    assert [x.pk for ch in changes for x in ch.expired] == [c.pk]
    c.refresh_from_db()
    d.refresh_from_db()
    assert (c.status, d.status) == (SeatStatus.EXPIRED, SeatStatus.OFFERED)
    # Idempotent: nothing left to do.
    assert seats.expire_offers(spec=SPEC, now=T0 + dt.timedelta(hours=49)) == []


def test_release_twice_is_a_clear_error_and_changes_nothing():
    event = EventFactory(capacity=1)
    a = take(event, 0)
    qs = Event.objects.filter(pk=event.pk)
    seats.release_seat(spec=SPEC, holder_qs=qs, booking_pk=a.pk, now=T0)
    before = statuses(event)
    with pytest.raises(HelixError) as exc:
        seats.release_seat(spec=SPEC, holder_qs=qs, booking_pk=a.pk, now=T0)
    assert exc.value.code == "not_active"
    assert statuses(event) == before


def test_lazy_expiry_on_take_seat_frees_the_stale_offer():
    event = EventFactory(capacity=1)
    a, b = take(event, 0), take(event, 1)
    qs = Event.objects.filter(pk=event.pk)
    seats.release_seat(spec=SPEC, holder_qs=qs, booking_pk=a.pk, now=T0)
    # b never answers; three days later a newcomer arrives and gets the seat b let lapse.
    newcomer = take(event, 2, now=T0 + dt.timedelta(days=3))
    b.refresh_from_db()
    assert b.status == SeatStatus.EXPIRED
    assert newcomer.status == SeatStatus.CONFIRMED


def test_invariant_never_more_holding_than_capacity():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    event = EventFactory(capacity=3)
    qs = Event.objects.filter(pk=event.pk)
    counter = iter(range(10_000))

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(["take", "cancel", "accept", "tick"]), st.integers(0, 30)), max_size=25))
    def run(ops):
        now = T0
        for op, arg in ops:
            now += dt.timedelta(hours=arg)
            active = list(Registration.objects.filter(event=event, status__in=seats.ACTIVE).order_by("pk"))
            if op == "take":
                take(event, next(counter), now=now)
            elif op == "cancel" and active:
                seats.release_seat(spec=SPEC, holder_qs=qs, booking_pk=active[arg % len(active)].pk, now=now)
            elif op == "accept" and active:
                with contextlib.suppress(HelixError):
                    seats.accept_offer(spec=SPEC, holder_qs=qs, booking_pk=active[arg % len(active)].pk, now=now)
            else:
                seats.expire_offers(spec=SPEC, now=now)
            holding = Registration.objects.filter(event=event, status__in=seats.HOLDING).count()
            waiting = Registration.objects.filter(event=event, status=SeatStatus.WAITING).count()
            assert holding <= 3
            # No seat idles while someone waits.
            assert waiting == 0 or holding == 3
        Registration.objects.filter(event=event).delete()

    run()
