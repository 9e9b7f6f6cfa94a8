"""Schedule a ``helix-wheel/1`` instance file into a ``helix-wheel-schedule/1`` file, no database needed."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from helix.wheel.scheduler import InstanceError, schedule


class Command(BaseCommand):
    help = "Schedule a business wheel from a helix-wheel/1 JSON instance file (works on the file alone)."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--instance", required=True, help="helix-wheel/1 instance file (UTF-8 JSON)")
        parser.add_argument("--out", required=True, help="where to write the helix-wheel-schedule/1 file")
        parser.add_argument("--time-limit", type=float, default=10.0, help="seconds for the whole run (default 10)")
        parser.add_argument("--seed", type=int, default=0, help="random seed for the heuristics")

    def handle(self, *args, instance, out, time_limit, seed, **options):
        started = time.perf_counter()
        if time_limit <= 0:
            raise CommandError("--time-limit must be positive")
        try:
            data = json.loads(Path(instance).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"cannot read {instance}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{instance} is not UTF-8 text: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{instance} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            ) from exc

        def report(event: dict) -> None:
            if options.get("verbosity", 1) >= 2:
                self.stderr.write(
                    f"{event.get('phase')}: weight {event.get('weight')} of at most {event.get('upper_bound')}"
                    f" ({event.get('seconds', 0):.1f} s)"
                )

        # The budget covers reading the file too.
        remaining = max(time_limit - (time.perf_counter() - started), 0.05)
        try:
            result = schedule(data, time_limit=remaining, progress=report, seed=seed)
        except InstanceError as exc:
            lines = "\n".join(f"  - {p}" for p in exc.problems)
            raise CommandError(f"{instance} is not a valid helix-wheel/1 instance:\n{lines}") from exc
        try:
            Path(out).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc
        s = result["stats"]
        verdict = "optimal" if s.get("optimal") else f"at most {s['upper_bound']} possible"
        breaks = f"{s['breaks']} breaks (per participant {s['breaks_min']}-{s['breaks_max']}"
        if "breaks_lower_bound" in s:
            breaks += f", at least {s['breaks_lower_bound']} possible"
        self.stdout.write(
            f"{s['scheduled']} of {s['requests']} requested meetings scheduled, weight {s['weight_scheduled']}"
            f" ({verdict}); {len(result['unscheduled'])} unscheduled; {breaks}); {s['seconds']:.2f} s;"
            f" written to {out}"
        )
