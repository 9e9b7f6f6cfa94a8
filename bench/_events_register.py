"""Benchmark: register 10,000 people to one event through the web form's domain function.

Calls `helix.events.domain.registration.register` (exactly what the event page's form calls) n times
on a fresh SQLite database, with the production task backend (django_tasks_db): as on the live site,
each registration writes its row and answers and, on commit, enqueues its e-mail task;
the e-mails (QR ticket PNG, waiting-list notice) are composed later by the worker and are not part of
the web request, so not of this figure. The event has n/2 seats, so half the people are confirmed and
half queue on the waiting list. Peak memory is the highest resident set size sampled every 500.

Run: `python bench/_events_register.py [n]` — prints one JSON line.
"""

import json
import sys
import time

from _django_env import rss_mb, setup_django


def measure_register(n: int = 10000, sample_every: int = 500) -> dict:
    setup_django()
    import datetime as dt
    import logging

    from django.test.utils import override_settings
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from helix.events.domain.registration import register
    from helix.events.models import Event, Question, Registration

    # Whatever the environment or the other half of bench/events.py says, registration enqueues its
    # e-mail like production does (override_settings also resets the cached task backends).
    production_tasks = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
    production_tasks.enable()
    logging.getLogger("django.tasks").setLevel(logging.WARNING)  # one INFO line per task otherwise
    run = f"{time.time_ns():x}"
    start = timezone.now() + dt.timedelta(days=30)
    event = Event.objects.create(
        title="Congreso Ciudades Inteligentes 2026 (bench)",
        slug=f"bench-{run}",
        kind=Event.Kind.CONGRESS,
        status=Event.Status.PUBLISHED,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=8),
        capacity=n // 2,
    )
    question = Question.objects.create(event=event, label="Cargo", kind=Question.Kind.TEXT, required=True)
    peak = rss_mb()
    began = time.perf_counter()
    for i in range(n):
        register(
            event_id=event.pk,
            name=f"Persona {i}",
            email=f"persona{i}.{run}@example.cl",
            organisation_name="Municipalidad de Valparaíso",
            answers={f"q_{question.pk}": "Encargada de innovación"},
        )
        if (i + 1) % sample_every == 0:
            peak = max(peak, rss_mb())
    elapsed = time.perf_counter() - began
    counts = {s: Registration.objects.filter(event=event, status=s).count() for s in ("confirmed", "waiting")}
    assert counts == {"confirmed": n // 2, "waiting": n - n // 2}, counts
    queued = DBTaskResult.objects.filter(task_path="helix.core.mail.deliver").count()
    assert queued >= n, queued  # one e-mail task per registration, none lost
    production_tasks.disable()
    return {"register_10k_s": round(elapsed, 2), "register_peak_mb": round(peak, 1)}


if __name__ == "__main__":
    print(json.dumps(measure_register(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)))
