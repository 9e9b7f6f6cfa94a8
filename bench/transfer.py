"""Transfer benchmark: export 100,000 organisations as CSV and XLSX, and preview an import.

Seeds its own throw-away SQLite database (bulk inserts, not the demo seeder, to stay quick), then
measures through Django's test client: wall time, rows per second and the Python heap peak
(tracemalloc) of a full export, which shows the export streams instead of loading every row. Also
times the preview of a 5,000-row organisations CSV (read + plan, nothing written). Prints ONE JSON line:

  {"organisations": N, "csv": {"seconds": s, "rows_per_s": r, "peak_mb": m, "bytes": b},
   "xlsx": {...}, "import_preview_5000_rows_s": s}

Usage: python bench/transfer.py [--rows 100000]
"""

import argparse
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    _setup_django(tmp.name)
    from django.test import Client

    from helix.accounts.models import User
    from helix.territory.models import Commune

    communes = list(Commune.objects.select_related("region"))
    ids = _seed_organisations(args.rows, communes)
    client = Client()
    results: dict = {"organisations": len(ids), **_time_exports(client, len(ids))}
    staff = User.objects.create_user(email="bench@helix.cl", password="x", is_staff=True)
    client.force_login(staff)
    seconds, counts = _time_import_preview(client, communes)
    results["import_preview_5000_rows_s"] = seconds
    results["import_preview_counts"] = counts
    print(json.dumps(results))
    tmp.cleanup()


def _setup_django(directory: str) -> None:
    """Django on a fresh SQLite database in `directory`, migrated, with a fast password hasher."""
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helix.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)


def _seed_organisations(rows: int, communes: list) -> list[int]:
    """Bulk-insert `rows` organisations with one topic each; returns their pks."""
    from helix.core.text import fold_words
    from helix.network.models import Organisation, Topic
    from helix.network.models.organisations import KIND_SECTOR

    kinds = list(KIND_SECTOR)
    topics = list(Topic.objects.all())
    batch = []
    for n in range(rows):
        commune = communes[n % len(communes)]
        kind = kinds[n % len(kinds)]
        name = f"Organización de prueba {n} {commune.name}"
        batch.append(
            Organisation(
                name=name,
                slug=f"org-{n}",
                normalized_name=fold_words(name),
                kind=kind,
                sector=KIND_SECTOR[kind],
                commune=commune,
                region=commune.region,
                website=f"https://org{n}.cl",
                description="Soluciones para ciudades inteligentes y sostenibles.",
                search_text=fold_words(name),
            )
        )
    Organisation.objects.bulk_create(batch, batch_size=2000)
    through = Organisation.topics.through
    ids = list(Organisation.objects.values_list("pk", flat=True))
    through.objects.bulk_create(
        [through(organisation_id=pk, topic_id=topics[pk % len(topics)].pk) for pk in ids], batch_size=5000
    )
    return ids


def _time_exports(client, count: int) -> dict:
    """Seconds, rows per second and bytes of the CSV and XLSX exports; the CSV export's Python heap peak."""
    results: dict = {}
    for file_format in ("csv", "xlsx"):
        started = time.perf_counter()
        response = client.get(f"/directory/transfer/export/organisations.{file_format}")
        size = sum(len(chunk) for chunk in response.streaming_content)
        seconds = time.perf_counter() - started
        results[file_format] = {"seconds": round(seconds, 2), "rows_per_s": round(count / seconds), "bytes": size}
    # Memory measured on a separate CSV run: tracemalloc slows Python down too much to time with it.
    tracemalloc.start()
    response = client.get("/directory/transfer/export/organisations.csv")
    for _chunk in response.streaming_content:
        pass
    results["csv"]["python_heap_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    tracemalloc.stop()
    return results


def _time_import_preview(client, communes: list) -> tuple[float, dict]:
    """Seconds to preview a 5,000-row organisations CSV (half updates, half new) and the plan's counts."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    lines = ["nombre,tipo,comuna,temas"]
    for n in range(5000):
        # Half the rows match existing organisations (updates), half are new.
        name = f"Organización de prueba {n * 2} {communes[(n * 2) % len(communes)].name}" if n % 2 else f"Nueva {n}"
        lines.append(f"{name},pyme,{communes[(n * 2) % len(communes)].cut},agua")
    upload = SimpleUploadedFile("bench.csv", "\n".join(lines).encode())
    started = time.perf_counter()
    response = client.post("/directory/transfer/import/", {"kind": "organisations", "file": upload}, follow=True)
    seconds = round(time.perf_counter() - started, 2)
    return seconds, response.context["plan"].counts


if __name__ == "__main__":
    main()
