from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from helix.core import periodic


def periodic_tasks() -> list:
    """Every app's periodic tasks: the ``PERIODIC`` list of each installed Helix app's ``tasks`` module."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("helix.") or find_spec(f"{config.name}.tasks") is None:
            continue
        found.extend(getattr(import_module(f"{config.name}.tasks"), "PERIODIC", []))
    return found


class Command(BaseCommand):
    help = "Enqueue each periodic background task (offer-expiry sweep…) unless it is already waiting to run."

    def handle(self, *args, **options):
        for task in periodic_tasks():
            started = periodic.schedule(task)
            if options["verbosity"]:
                self.stdout.write(f"{task.name}: {'started' if started else 'already scheduled'}")
