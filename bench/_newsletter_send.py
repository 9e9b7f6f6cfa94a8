"""Benchmark: send a 50,000-recipient newsletter through the locmem e-mail backend, in batches.

Uses the real sending path (`helix.outreach.domain.sending.prepare_issue` + `run_sending`, which is exactly
what the `send_issue` task runs) on a fresh SQLite database. The timed part is preparing the issue
(50,000 delivery rows) and sending every batch; creating the subscribers is not timed.

The locmem backend keeps every message in `mail.outbox`; the bench empties it after each batch
(through `run_sending`'s `after_batch` hook) so memory measures our code rather than the test
mailbox. Peak memory is the highest resident set size sampled after each batch.

Run: `python bench/_newsletter_send.py [n]` — prints one JSON line.
"""

import json
import sys
import time

from _django_env import rss_mb, setup_django


def measure_newsletter(n: int = 50000, batch_size: int = 1000) -> dict:
    setup_django(TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend")
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.utils import timezone

    from helix.outreach.consent import CONSENT_TEXT, CONSENT_VERSION
    from helix.outreach.domain import sending
    from helix.outreach.models import Subscriber

    # Whatever the environment says, this bench measures the locmem backend.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []
    run = f"{time.time_ns():x}"
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"lector{i}.{run}@example.cl",
                status=Subscriber.Status.CONFIRMED,
                consent_version=CONSENT_VERSION,
                consent_text=str(CONSENT_TEXT),
                consent_requested_at=now,
                confirmed_at=now,
            )
            for i in range(n)
        ),
        batch_size=2000,
    )
    editor = get_user_model().objects.create(email=f"editor.{run}@example.cl", is_staff=True)
    issue = sending.create_issue(
        actor=editor,
        subject="Boletín Helix · noviembre 2026",
        body_markdown=(
            "# Novedades del ecosistema\n\n**Convocatoria abierta**: desafíos municipales de gestión de residuos "
            "en Valparaíso.\n\n- Diplomado en Ciudades Inteligentes: inscripciones abiertas\n"
            "- Feria Smart City Santiago, 3 de diciembre\n\n[Ver agenda](https://helix.example.cl/events/)"
        ),
    )
    peak = rss_mb()
    sent_seen = 0

    def after_batch():
        nonlocal peak, sent_seen
        sent_seen += len(mail.outbox)
        mail.outbox.clear()
        peak = max(peak, rss_mb())

    started, cpu_started = time.perf_counter(), time.process_time()
    sending.prepare_issue(issue_id=issue.pk)
    issue = sending.run_sending(issue_id=issue.pk, batch_size=batch_size, after_batch=after_batch)
    elapsed = time.perf_counter() - started
    # Diagnostic only (the machine is shared): CPU seconds this process used for the same work.
    print(f"newsletter: {n} sent, cpu {time.process_time() - cpu_started:.1f}s", file=sys.stderr)
    sent_seen += len(mail.outbox)
    assert issue.sent_count == n == sent_seen, (issue.sent_count, sent_seen)
    return {"newsletter_50k_s": round(elapsed, 2), "newsletter_peak_mb": round(peak, 1)}


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    print(json.dumps(measure_newsletter(count)))
