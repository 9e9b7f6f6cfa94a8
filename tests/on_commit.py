"""Tests run inside a transaction that never commits, so ``transaction.on_commit`` callbacks (queued
e-mails and tasks) would never run. ``with committed():`` runs those registered inside the block at
its end, as a real commit would; callbacks of a rolled-back block are discarded, as in production.

Unlike ``django_capture_on_commit_callbacks`` it removes the callbacks it ran, so nesting it (or
wrapping it in the fixture) never runs a callback twice."""

from contextlib import contextmanager

from django.db import connections


@contextmanager
def committed(using: str = "default"):
    connection = connections[using]
    start = len(connection.run_on_commit)
    try:
        yield
    finally:
        while len(connection.run_on_commit) > start:  # a callback may register more
            pending = connection.run_on_commit[start:]
            del connection.run_on_commit[start:]
            for _savepoints, callback, _robust in pending:
                callback()
