"""Enqueue an app's background task by its dotted name.

An app's `tasks` module is a thin layer over its domain: each task takes primary keys and calls a domain
function, so `tasks` imports the domain. The domain must not import `tasks` back (that is an import
cycle, at module level or hidden inside functions), so it names the task it wants run::

    enqueue("helix.wheel.tasks.schedule_wheel_task", run.pk)
    enqueue_on_commit("helix.matching.tasks.full_recompute", run_id=run.pk)

The name is resolved when the task is enqueued; tests/core/test_enqueue.py checks that every name used
in the code is a task.
"""

from django.db import transaction
from django.tasks import Task
from django.utils.module_loading import import_string


def task_named(path: str) -> Task:
    task = import_string(path)
    if not isinstance(task, Task):
        raise TypeError(f"{path} is not a task (decorate it with @django.tasks.task)")
    return task


def enqueue(path: str, /, *args, **kwargs):
    """Enqueue the task now (inside the caller's transaction, if any). Returns its TaskResult."""
    return task_named(path).enqueue(*args, **kwargs)


def enqueue_on_commit(path: str, /, *args, **kwargs) -> None:
    """Enqueue the task once the current transaction commits (at once outside a transaction), so the
    worker always finds the rows the caller wrote."""
    transaction.on_commit(lambda: enqueue(path, *args, **kwargs))
