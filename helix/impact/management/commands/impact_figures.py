"""`manage.py impact_figures [--from DATE] [--to DATE] [--format json|csv]`: every impact figure with its
key, value, unit and definition version, and the challenge funnel, computed fresh (never from cache)."""

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from helix.core.errors import HelixError
from helix.impact.figures import figure_rows, funnel
from helix.impact.figures.document import CSV_HEADER, csv_rows, document
from helix.impact.period import Period


class Command(BaseCommand):
    help = "Print the impact figures and the challenge funnel for a period (default: this year so far)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", default="", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", default="", help="last day, YYYY-MM-DD")
        parser.add_argument("--format", dest="file_format", choices=["json", "csv"], default="json")

    def handle(self, *args, start, end, file_format, **options):
        try:
            period = Period.parse(start, end)
        except HelixError as error:
            details = "; ".join(f"--{field}: {message}" for field, message in error.field_errors.items())
            raise CommandError(f"{error.text} {details}".strip()) from error
        doc = document(period, {"figures": figure_rows(period), "funnel": funnel(period)})
        if file_format == "json":
            self.stdout.write(json.dumps(doc, ensure_ascii=False))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        writer.writerows(csv_rows(doc))
