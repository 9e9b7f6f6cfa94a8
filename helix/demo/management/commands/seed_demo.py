"""Builds the deterministic demo ecosystem by calling each seeder's `seed`, in dependency order."""

import random

from django.core.management.base import BaseCommand
from django.db import transaction

from helix.demo import (
    academy,
    events,
    impact,  # impact figures: manual figures + a new figures version
    journey,
    matching,
    network,
    outreach,
    surveys,
    wheel,
)
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

    def handle(self, *args, scale, seed, if_empty, **options):
        if if_empty and Organisation.objects.exists():
            self.stdout.write("Demo data already present; nothing to do.")
            return
        for app, module in SEEDERS:
            with transaction.atomic():
                counts = module.seed(rng=rng_for(seed, app), scale=scale, stdout=self.stdout)
            summary = ", ".join(f"{v} {k}" for k, v in counts.items())
            self.stdout.write(f"{app}: {summary}")
