"""Tests run inside a transaction that never commits, so ``transaction.on_commit`` callbacks (queued
e-mails and tasks) would never run. ``with committed():`` runs those registered inside the block as a
real commit would at its end; callbacks of a rolled-back block are discarded, as in production."""

from django.test import TestCase


def committed(using: str = "default"):
    return TestCase.captureOnCommitCallbacks(using=using, execute=True)
