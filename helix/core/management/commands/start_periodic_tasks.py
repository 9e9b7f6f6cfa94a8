from django.core.management.base import BaseCommand

from helix.core import periodic
from helix.core.tasks import PERIODIC


class Command(BaseCommand):
    help = "Enqueue each periodic background task (offer-expiry sweep…) unless it is already waiting to run."

    def handle(self, *args, **options):
        for task in PERIODIC:
            started = periodic.schedule(task)
            if options["verbosity"]:
                self.stdout.write(f"{task.name}: {'started' if started else 'already scheduled'}")
