from django.core.management.base import BaseCommand

from helix.core.backup import create_backup


class Command(BaseCommand):
    help = "Back up the whole platform (database as portable JSON + uploaded files) into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("path", help="where to write the archive, e.g. /backups/helix-2026-12-05.tar.gz")
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, database, **options):
        summary = create_backup(path, using=database)
        records = sum(summary.counts.values())
        self.stdout.write(f"Backed up {records} records and {summary.files} files to {summary.path}")
