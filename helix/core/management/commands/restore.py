from django.core.management.base import BaseCommand, CommandError

from helix.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database (and MEDIA_ROOT)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive written by `manage.py backup`")
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, database, **options):
        try:
            summary = restore_backup(path, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        records = sum(summary.counts.values())
        self.stdout.write(f"Restored {records} records and {summary.files} files from {summary.path}")
