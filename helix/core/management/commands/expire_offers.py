from django.core.management.base import BaseCommand
from django.utils import timezone

from helix.core import seats


class Command(BaseCommand):
    help = "Expire lapsed waiting-list seat offers now (events, sessions, cohorts) and offer the seats on."

    def handle(self, *args, **options):
        counts = seats.sweep(now=timezone.now())
        self.stdout.write(f"{counts['expired']} offers expired, {counts['offered']} new offers made.")
