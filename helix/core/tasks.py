"""Background work of the kernel (Django Tasks). E-mail delivery is ``helix.core.mail.deliver``."""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.utils import timezone

from . import periodic, seats

SWEEP_EVERY = dt.timedelta(minutes=5)


@task
def sweep_seat_offers() -> dict[str, int]:
    """Periodic (every ``SWEEP_EVERY``): expire lapsed seat offers of every app with seats, offer
    the seats to the next people waiting (e-mails queued), then schedule the next run. The next
    run is scheduled even if this one fails, so the chain never stops."""
    try:
        return seats.sweep(now=timezone.now())
    finally:
        periodic.schedule(sweep_seat_offers, delay=SWEEP_EVERY)


#: The periodic tasks ``manage.py start_periodic_tasks`` starts for the kernel (each app lists its own).
PERIODIC = [sweep_seat_offers]
