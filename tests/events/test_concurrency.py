"""200+ people register at once for 50 seats: exactly 50 confirmed, the rest queued in arrival order."""

import threading

import pytest
from django.db import connection, connections

from helix.core.seats import SeatStatus
from helix.events.domain import registration as domain
from helix.events.models import Registration
from tests.factories import EventFactory

PEOPLE = 200
SEATS = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook_and_queue_in_arrival_order():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locking")
    event = EventFactory(capacity=SEATS)
    barrier = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []
    results: dict[int, int] = {}

    def attendee(n: int) -> None:
        try:
            barrier.wait(timeout=60)
            registration = domain.register(event_id=event.pk, name=f"Persona {n}", email=f"p{n}@example.cl")
            results[n] = registration.pk
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=attendee, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    assert len(results) == PEOPLE  # nobody lost

    rows = list(
        Registration.objects.filter(event=event).order_by("pk").values_list("pk", "email", "status", "position")
    )
    assert len(rows) == PEOPLE and len({r[1] for r in rows}) == PEOPLE  # none duplicated
    confirmed = [r for r in rows if r[2] == SeatStatus.CONFIRMED]
    waiting = [r for r in rows if r[2] == SeatStatus.WAITING]
    assert len(confirmed) == SEATS
    assert len(waiting) == PEOPLE - SEATS
    # Arrival order = order in which the event lock was obtained = insertion (pk) order.
    assert max(r[0] for r in confirmed) < min(r[0] for r in waiting)
    assert [r[3] for r in waiting] == list(range(1, PEOPLE - SEATS + 1))
    assert all(r[3] is None for r in confirmed)
