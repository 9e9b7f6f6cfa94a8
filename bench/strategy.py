"""Strategy benchmark: p95 of the coverage page, the expansion ranking and the partner analysis.

Seeds its own throw-away SQLite database with `seed_demo --scale N` (default 1; the issue's target is
30, which takes long on a small machine), then measures through Django's test client (routing, views,
queries, templates, cache). Each page is asked with a few different parameters in turn, so the figures
include cache misses (the first request of each) as well as hits. Also reports the cold (uncached)
compute times and how long a written record takes to show (the cache version bump).
Prints ONE JSON line:

  {"scale": n, "organisations": n, "coverage_p95_ms": x, "expansion_p95_ms": x, "partners_p95_ms": x,
   "coverage_cold_ms": x, "expansion_cold_ms": x, "partners_cold_ms": x, "after_write_staleness_s": x}

Usage: python bench/strategy.py [--scale 1] [--requests 40]
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _django_env import setup_django  # noqa: E402

PERIODS = ["from=2026-01-01&to=2026-12-31", "from=2025-01-01&to=2026-12-31", "from=2026-07-01&to=2026-12-31"]
WEIGHTS = [
    "w_need=5&w_opportunity=5&w_cost=5",
    "w_need=10&w_opportunity=0&w_cost=2",
    "w_need=2&w_opportunity=8&w_cost=9",
]
GOALS = ["", "zone=north", "zone=south", "zone=centre"]


def p95(samples: list[float]) -> float:
    if len(samples) < 2:
        return round(samples[0], 1) if samples else 0.0
    return round(statistics.quantiles(samples, n=100, method="inclusive")[94], 1)


def timed(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    setup_django()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from helix.impact.period import Period
    from helix.impact.strategy import partners
    from helix.impact.strategy.coverage import compute_coverage
    from helix.impact.strategy.expansion import compute_candidates
    from helix.impact.strategy.network_analysis import analyse, build_graph
    from helix.network.models import Organisation
    from tests.factories.accounts import StaffFactory
    from tests.factories.events import EventFactory

    call_command("seed_demo", scale=args.scale, verbosity=0, stdout=sys.stderr)
    cache.clear()
    period = Period.parse("2026-01-01", "2026-12-31")
    cold = {}
    started = time.perf_counter()
    compute_coverage(period, "CL")
    cold["coverage_cold_ms"] = round((time.perf_counter() - started) * 1000, 1)
    started = time.perf_counter()
    compute_candidates(period, "CL")
    cold["expansion_cold_ms"] = round((time.perf_counter() - started) * 1000, 1)
    started = time.perf_counter()
    analyse(build_graph(partners._actors(), partners._links()))
    cold["partners_cold_ms"] = round((time.perf_counter() - started) * 1000, 1)

    client = Client()
    client.force_login(StaffFactory())
    samples = {"coverage": [], "expansion": [], "partners": []}
    for i in range(args.requests):
        samples["coverage"].append(timed(client, f"/impact/coverage/?{PERIODS[i % len(PERIODS)]}"))
        expansion = f"/impact/expansion/?{PERIODS[i % 2]}&{WEIGHTS[i % len(WEIGHTS)]}"
        samples["expansion"].append(timed(client, expansion))
        samples["partners"].append(timed(client, f"/impact/partners/?{GOALS[i % len(GOALS)]}"))

    # A new event shows on the next request (the cache version moved).
    before = client.get(f"/impact/coverage/?{PERIODS[0]}").content
    written = time.perf_counter()
    EventFactory(starts_at=Period.default().bounds()[0].replace(year=2026, month=6, day=1))
    while client.get(f"/impact/coverage/?{PERIODS[0]}").content == before and time.perf_counter() - written < 30:
        time.sleep(0.05)
    staleness = round(time.perf_counter() - written, 2)

    print(
        json.dumps(
            {
                "scale": args.scale,
                "organisations": Organisation.objects.count(),
                "coverage_p95_ms": p95(samples["coverage"]),
                "expansion_p95_ms": p95(samples["expansion"]),
                "partners_p95_ms": p95(samples["partners"]),
                **cold,
                "after_write_staleness_s": staleness,
            }
        )
    )


if __name__ == "__main__":
    main()
