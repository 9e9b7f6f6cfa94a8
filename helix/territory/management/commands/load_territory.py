from django.core.management.base import BaseCommand

from helix.territory.domain import load_territory


class Command(BaseCommand):
    help = "Load (or refresh) Chile's regions and communes. Safe to run repeatedly."

    def handle(self, *args, **options):
        result = load_territory()
        self.stdout.write(f"{result['regions']} regions, {result['communes']} communes ({result['created']} new)")
