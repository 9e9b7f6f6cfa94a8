from django.core.management.base import BaseCommand, CommandError

from helix.core.errors import HelixError
from helix.territory.countries import load_country


class Command(BaseCommand):
    help = "Load (or refresh) a country's first-level subdivisions from pycountry. Safe to run repeatedly."

    def add_arguments(self, parser):
        parser.add_argument("country", help="ISO 3166-1 alpha-2 code, e.g. PE")

    def handle(self, *args, **options):
        try:
            result = load_country(options["country"])
        except HelixError as error:
            raise CommandError(error.messages[0]) from error
        self.stdout.write(
            f"{result['subdivisions']} subdivisions ({result['created']} new, {result['updated']} updated)"
        )
