"""Builds the deterministic demo ecosystem by calling each seeder's `seed`, in dependency order."""

import datetime as dt
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from helix.demo import (
    academy,
    events,
    history,  # the past three years' events at scale (impact figures, issue 9)
    impact,  # impact figures: manual figures + a new figures version
    journey,
    matching,
    network,
    outreach,
    surveys,
    tour,
    wheel,
)
from helix.demo.dates import anchored
from helix.network.models import Organisation

# Each module defines `seed(*, rng: random.Random, scale: int, stdout) -> dict[str, int]`. The random
# stream of each is named after the module it lived in before the demo package, so a given --seed still
# builds the same data.
SEEDERS = [
    ("network", network),
    ("matching", matching),
    ("events", events),
    ("wheel", wheel),
    ("journey", journey),
    ("academy", academy),
    ("outreach", outreach),
    ("surveys", surveys),
    ("history", history),  # past events, written in bulk (after events: they get no certificates)
    ("impact", impact),  # impact figures (last: it reads what the others wrote)
]


def rng_for(seed: int, app: str) -> random.Random:
    return random.Random(f"{seed}:helix.{app}.demo")


class Command(BaseCommand):
    help = "Seed a realistic, deterministic Chilean smart-city ecosystem (demo and benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="multiply the amount of data (30 → ≥100,000 records)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when demo data already exists")
        # Demo dates (issue 12 §6): seed as if on another day, or only some parts (tests).
        parser.add_argument("--today", type=_date, help="seed as if today were YYYY-MM-DD (default: today)")
        parser.add_argument("--only", type=_names, help="comma-separated seeders to run, e.g. events,wheel,academy")

    def handle(self, *args, scale, seed, if_empty, today=None, only=None, **options):
        if if_empty and Organisation.objects.exists():
            self.stdout.write("Demo data already present; nothing to do.")
            with anchored(today):
                if tour.full_event() is None or tour.open_wheel() is None:
                    self.stdout.write(
                        "It was seeded on an earlier day and its dates have gone by: to seed it again for today, "
                        "delete var/helix.sqlite3 (or the database) and run this again."
                    )
            return
        # Seeded texts that come from the apps (statuses, agreement titles) are stored in the site's language.
        with translation.override(settings.LANGUAGE_CODE):
            if not settings.LANGUAGE_CODE.startswith("en") and gettext("Pilot agreed") == "Pilot agreed":
                raise CommandError(
                    "The translations are not compiled, so the demo's texts would be stored in English: "
                    "run scripts/setup.sh (or manage.py compilemessages) first."
                )
            self._seed(scale=scale, seed=seed, today=today, only=only)

    def _seed(self, *, scale, seed, today, only):
        with anchored(today):
            for app, module in SEEDERS:
                if only and app not in only:
                    continue
                with transaction.atomic():
                    counts = module.seed(rng=rng_for(seed, app), scale=scale, stdout=self.stdout)
                summary = ", ".join(f"{v} {k}" for k, v in counts.items())
                self.stdout.write(f"{app}: {summary}")
            self.stdout.write("\nA short tour (sign in at /accounts/login/):\n" + "\n".join(tour.lines()))


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today: {value!r} is not a date YYYY-MM-DD") from exc


def _names(value: str) -> set[str]:
    names = {name.strip() for name in value.split(",") if name.strip()}
    unknown = names - {app for app, _module in SEEDERS}
    if unknown:
        raise CommandError(f"--only: unknown seeders {', '.join(sorted(unknown))}")
    return names
