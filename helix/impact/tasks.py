"""Background work of the impact app (Django Tasks): precompute the figures and strategy results."""

import datetime as dt

from django.tasks import task

from helix.core import periodic

from . import precompute

REFRESH_EVERY = dt.timedelta(minutes=15)


@task
def precompute_figures() -> dict:
    """Enqueued after a write bumps the figures' data version (at most one run waiting)."""
    return precompute.precompute()


@task
def refresh_figures() -> dict:
    """Periodic (every 15 minutes): keep the usual periods precomputed as days pass ("this year so far"
    changes at midnight) even without writes."""
    try:
        return precompute.precompute()
    finally:
        periodic.schedule(refresh_figures, delay=REFRESH_EVERY)


#: The periodic tasks ``manage.py start_periodic_tasks`` starts for this app.
PERIODIC = [refresh_figures]
