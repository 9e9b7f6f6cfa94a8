from django.core.management.base import BaseCommand, CommandError

from helix.network.models import Organisation
from helix.network.organisation_export import export_organisation


class Command(BaseCommand):
    help = "Export one organisation's data (and its people's) as a JSON fixture, loadable with loaddata."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the organisation's slug, as in /directory/<slug>/")
        parser.add_argument("path", help="the JSON file to write")

    def handle(self, *args, slug, path, **options):
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"no organisation with the slug {slug!r}")
        counts = export_organisation(organisation, path)
        summary = ", ".join(f"{label}: {n}" for label, n in sorted(counts.items()))
        self.stdout.write(f"Exported {sum(counts.values())} records of {organisation} to {path} ({summary})")
