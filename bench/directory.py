"""Directory benchmark: median and p95 of a directory search and of an organisation page.

Seeds its own throw-away databases with the demo directory (`helix.demo.network`, default scale 30:
more than 100,000 organisations and people) — a temporary SQLite file and a private PostgreSQL
cluster started with scripts/pg.sh — and measures through Django's test client, so URL routing,
views, queries and templates are all included. Prints ONE JSON line:

  {"organisations": N, "people": N, "sqlite": {...}, "postgresql": {...}}

Usage: python bench/directory.py [--scale 30] [--requests 60] [--skip-postgresql]
"""

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What people type in the directory: names with and without accents, topics, places; some with
# filters, some on the experts tab. Each is one request of the measured "directory search".
SEARCHES = [
    {"q": "municipalidad valparaiso"},
    {"q": "agua"},
    {"q": "energía solar"},
    {"q": "universidad"},
    {"q": "movilidad", "region": "13"},
    {"q": "residuos reciclaje", "sector": "company"},
    {"q": "datos abiertos", "tab": "people"},
    {"q": "gonzalez", "tab": "people"},
    {"q": "concepcion"},
    {"q": "fundacion", "kind": "ngo"},
    {"q": "seguridad", "topic": "safety"},
    {"q": "ñuñoa"},
    {"q": "smart"},
    {"q": "calidad del aire", "tab": "people", "region": "8"},
    {"sector": "academia"},
    {"tab": "people", "topic": "water"},
]


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return round(statistics.median(samples), 1), round(cuts[94], 1)


def worker(scale: int, requests: int) -> dict:
    """Runs inside a process whose DATABASE_URL points at an empty database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helix.settings")
    import random

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from helix.demo import network as demo
    from helix.network.models import Organisation, Person

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with transaction.atomic():
        demo.seed(rng=random.Random("2026:helix.network.demo"), scale=scale, stdout=sys.stderr)
    seed_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:  # what autovacuum / PRAGMA optimize give a live database
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    rng = random.Random(7)
    slugs = list(Organisation.objects.order_by("pk").values_list("slug", flat=True))
    pages = [rng.choice(slugs) for _ in range(requests)]
    pages[:3] = ["municipalidad-de-valparaiso", "universidad-de-chile", "municipalidad-de-santiago"]
    client = Client()

    def timed(url: str, params: dict | None = None) -> float:
        t0 = time.perf_counter()
        response = client.get(url, params or {})
        elapsed = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200, (url, params, response.status_code)
        return elapsed

    for params in SEARCHES[:4]:  # warm caches (templates, connections)
        timed("/directory/", params)
    timed(f"/directory/organisations/{pages[0]}/")
    search = [timed("/directory/", SEARCHES[i % len(SEARCHES)]) for i in range(requests)]
    org_page = [timed(f"/directory/organisations/{slug}/") for slug in pages]
    s50, s95 = percentiles(search)
    o50, o95 = percentiles(org_page)
    return {
        "organisations": Organisation.objects.count(),
        "people": Person.objects.count(),
        "seed_seconds": round(seed_seconds, 1),
        "figures": {"search_p50_ms": s50, "search_p95_ms": s95, "org_page_p50_ms": o50, "org_page_p95_ms": o95},
    }


def run_worker(database_url: str, scale: int, requests: int) -> dict:
    # The views themselves are measured: the anonymous page cache (helix.core.page_cache) would serve the
    # repeated searches and pages from memory.
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "HELIX_PAGE_CACHE": "0"}
    cmd = [sys.executable, __file__, "--worker", "--scale", str(scale), "--requests", str(requests)]
    out = subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def with_postgresql(callback):
    """Start a private cluster with scripts/pg.sh, run `callback(database_url)`, always stop it."""
    script = '. scripts/pg.sh; pg_up >&2 || exit 1; printf "%s\\n%s\\n%s\\n" "$DATABASE_URL" "$PG_TMP" "$PG_BIN"'
    out = subprocess.run(["bash", "-c", script], cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    url, pg_tmp, pg_bin = out.strip().splitlines()[-3:]
    try:
        return callback(url)
    finally:
        stop = f". scripts/pg.sh; PG_TMP={shlex.quote(pg_tmp)}; PG_BIN={shlex.quote(pg_bin)}; pg_down"
        subprocess.run(["bash", "-c", stop], cwd=ROOT, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=30)
    parser.add_argument("--requests", type=int, default=60, help="requests per measured figure")
    parser.add_argument("--skip-postgresql", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.scale, args.requests)))
        return

    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="helix-bench-") as tmp:
        sqlite = run_worker(f"sqlite:///{tmp}/directory.sqlite3", args.scale, args.requests)
    result = {"organisations": sqlite["organisations"], "people": sqlite["people"], "sqlite": sqlite["figures"]}
    if not args.skip_postgresql:
        pg = with_postgresql(lambda url: run_worker(url, args.scale, args.requests))
        result["postgresql"] = pg["figures"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
