"""Builds the deterministic demo ecosystem by calling each app's `demo.seed`, in dependency order."""

import random
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each module defines `seed(*, rng: random.Random, scale: int, stdout) -> dict[str, int]`.
SEEDERS = [
    "helix.network.demo",
    "helix.matching.demo",
    "helix.events.demo",
    "helix.wheel.demo",
    "helix.academy.demo",
    "helix.outreach.demo",
]


def available_seeders() -> list:
    modules = []
    for name in SEEDERS:
        try:
            modules.append(import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return modules


class Command(BaseCommand):
    help = "Seed a realistic, deterministic Chilean smart-city ecosystem (demo and benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="multiply the amount of data (30 → ≥100,000 records)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when demo data already exists")

    def handle(self, *args, scale, seed, if_empty, **options):
        from helix.network.models import Organisation

        if if_empty and Organisation.objects.exists():
            self.stdout.write("Demo data already present; nothing to do.")
            return
        for module in available_seeders():
            with transaction.atomic():
                counts = module.seed(rng=random.Random(f"{seed}:{module.__name__}"), scale=scale, stdout=self.stdout)
            summary = ", ".join(f"{v} {k}" for k, v in counts.items())
            self.stdout.write(f"{module.__name__.split('.')[1]}: {summary}")
