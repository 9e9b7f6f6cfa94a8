"""Periodic background tasks on Django Tasks: a task that re-enqueues itself with ``run_after``.

There is no scheduler process: ``manage.py start_periodic_tasks`` (run before the workers start)
enqueues each periodic task once, and each run enqueues the next one. :func:`schedule` never
enqueues a task that already has a run waiting, so starting twice, or a run that overlaps the
command, does not multiply the chain; should two runs ever be waiting, the next run of either sees
the other and does not re-enqueue, so the chain folds back to one.
"""

from __future__ import annotations

import datetime as dt
import zlib

from django.db import connection, transaction
from django.tasks import Task
from django.utils import timezone


def is_pending(task: Task) -> bool:
    """True when a run of ``task`` is enqueued and not started yet (database task backend)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists()


def schedule(task: Task, *, delay: dt.timedelta = dt.timedelta(0)) -> bool:
    """Enqueue ``task`` (without arguments) to run ``delay`` from now, unless a run is already
    waiting. Returns True when a run was enqueued. Backends that cannot defer work (the immediate
    backend of tests and local commands) schedule nothing."""
    backend = task.get_backend()
    if not backend.supports_defer or backend.__class__.__name__ != "DatabaseBackend":
        return False
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Serialise concurrent schedulers of the same task (two workers starting at once).
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(task.module_path.encode())])
        if is_pending(task):
            return False
        task.using(run_after=timezone.now() + delay).enqueue()
    return True
