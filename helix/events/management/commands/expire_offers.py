from django.core.management.base import BaseCommand

from helix.events.domain.registration import expire_offers


class Command(BaseCommand):
    help = "Expire overdue waiting-list seat offers and offer the seats to the next people (run every few minutes)."

    def handle(self, *args, **options):
        counts = expire_offers()
        self.stdout.write(f"{counts['expired']} offers expired, {counts['offered']} new offers made.")
