from django.core.management.base import BaseCommand

from helix.academy.domain import expire_offers


class Command(BaseCommand):
    help = "Expire overdue cohort seat offers and offer the seats to the next people waiting (run every few minutes)."

    def handle(self, *args, **options):
        offered = expire_offers()
        self.stdout.write(f"{offered} new seat offers sent.")
