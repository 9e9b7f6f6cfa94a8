"""Impact benchmark: p95 of the figures API and the staff dashboard as served (cached per data version)
and cold (a new figures version before every request, so no cached value helps), of the strategy
pages when they exist, and how long a new agreement takes to show in the figures.

Seeds its own throw-away database with `seed_demo --scale N` (default 30: ≥ 100,000 actors) in a private
PostgreSQL cluster started with scripts/pg.sh (or a temporary SQLite file with --sqlite), and measures
through Django's test client. Prints ONE JSON line:

  {"actors": n, "interactions": n, "figures_p95_ms": x, "dashboard_p95_ms": x, "coverage_p95_ms": x,
   "expansion_p95_ms": x, "partners_p95_ms": x, "after_write_staleness_s": x,
   "figures_cold_p95_ms": x, "dashboard_cold_p95_ms": x, "figures_constant_writes_p95_ms": x,
   "precompute_s": x, "load_avg_1m": [before, after]}

"As served" is after the background precompute (helix/impact/precompute.py, run here as the worker's
task runs it) for the current data version; "cold" has a new data version before every request, so
nothing precomputed or cached helps. Staleness: a new agreement committed, then the figures API read
until it counts it (no worker runs here: the read computes it, as it does until the worker catches up).
Constant writes: the figures API read for 15 s while another thread moves the data version every 100 ms.

The partners page is measured with and without a goal: regions (a zone, a region), topics, both.
A strategy page that does not exist yet is reported as null.
Usage: python bench/impact.py [--scale 30] [--requests 40] [--sqlite | --database-url URL]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

CONSTANT_WRITES_S = 15
STRATEGY_PAGES = {"coverage": "impact:coverage", "expansion": "impact:expansion", "partners": "impact:partners"}


def p95(samples: list[float]) -> float:
    if len(samples) < 2:
        return round(samples[0], 1) if samples else 0.0
    return round(statistics.quantiles(samples, n=100, method="inclusive")[94], 1)


def interactions() -> int:
    """Rows the figures read that record something a person or organisation did."""
    from helix.academy.models import Enrolment
    from helix.events.models import Attendance, Registration, Speaker
    from helix.matching.models import Challenge, Match, Outcome, Solution
    from helix.network.models import Agreement
    from helix.surveys.models import Response
    from helix.wheel.models import DirectMeeting, Meeting

    models = (
        Attendance, Registration, Speaker, Enrolment, Challenge, Solution, Match, Outcome, Agreement,
        Response, Meeting, DirectMeeting,
    )  # fmt: skip
    return sum(model.objects.count() for model in models)


def partner_goals() -> list[dict]:
    """The partners page as asked: no goal, region goals (a zone, one region) and topic goals (a topic alone,
    "water projects in the north", a region with a topic)."""
    from helix.network.models import Topic
    from helix.territory.models import Region

    water = Topic.objects.get(code="water").pk
    energy = Topic.objects.get(code="energy").pk
    nuble = Region.objects.get(country="CL", code=16).pk
    metropolitana = Region.objects.get(country="CL", code=13).pk
    return [
        {},
        {"zone": "north"},
        {"region": nuble},
        {"topic": water},
        {"zone": "north", "topic": water},
        {"region": metropolitana, "topic": energy},
        {"zone": "south", "topic": energy},
    ]


def worker(scale: int, requests: int, *, seed: bool = True) -> dict:
    load_before = os.getloadavg()[0]
    cold_requests = max(6, requests // 4)  # each cold request computes everything: fewer of them
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helix.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from helix.impact.figures.cache import bump
    from helix.impact.precompute import precompute
    from helix.impact.strategy import partners
    from helix.network.domain import confirm_agreement, propose_agreement
    from helix.network.models import Organisation, Person

    call_command("migrate", verbosity=0)
    if seed:
        call_command("seed_demo", scale=scale, stdout=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    staff, _new = get_user_model().objects.get_or_create(
        email="bench-impact@helix.cl", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(staff)
    today = timezone.localdate()
    periods = [
        {"from": f"{today.year}-01-01", "to": today.isoformat()},
        {"from": f"{today.year - 1}-01-01", "to": f"{today.year - 1}-12-31"},
        {"from": f"{today.year - 2}-07-01", "to": today.isoformat()},
    ]

    def timed(url: str, params: dict, *, cold: bool = True) -> float:
        if cold:
            bump()
        started = time.perf_counter()
        response = client.get(url, params)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        return elapsed

    timed("/api/impact/figures", periods[0])  # warm templates and connections
    # Cold: a new figures version before every request (as right after a write), nothing cached.
    figures_cold = [timed("/api/impact/figures", periods[i % len(periods)]) for i in range(cold_requests)]
    dashboard_cold = [timed("/impact/dashboard/", periods[i % len(periods)]) for i in range(cold_requests)]
    # As served: what the background worker precomputes for the current data version (run here, as the
    # worker's task does); a period it does not precompute (the third) is computed by its first request.
    bump()
    started = time.perf_counter()
    precompute()
    precompute_s = time.perf_counter() - started
    # The pages are served by another process than the worker's: no partner graph or index in memory.
    partners._graph.clear()
    getattr(partners, "_index", {}).clear()
    figures = [timed("/api/impact/figures", periods[i % len(periods)], cold=False) for i in range(requests)]
    dashboard = [timed("/impact/dashboard/", periods[i % len(periods)], cold=False) for i in range(requests)]
    strategy = {}
    for name, url_name in STRATEGY_PAGES.items():
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            strategy[name] = None
            continue
        queries = partner_goals() if name == "partners" else periods
        strategy[name] = p95([timed(url, queries[i % len(queries)], cold=False) for i in range(requests)])

    # Staleness: a confirmed agreement with a foreign partner, then read the (warm, cached) figure
    # until it moves.
    def international() -> int:
        body = client.get("/api/impact/figures", periods[0]).json()
        return next(f["value"] for f in body["figures"] if f["key"] == "international_entities_under_agreement")

    before = international()
    home = Organisation.objects.filter(country="CL").order_by("pk").first()
    abroad = Organisation.objects.create(
        name="Bench Partner International", slug=f"bench-partner-{time.time_ns()}", normalized_name="bench partner",
        sector="civil_society", kind="international", country="ES",
    )  # fmt: skip
    with transaction.atomic():
        agreement, _created = propose_agreement(actor=staff, parties=[home, abroad], title="Bench agreement")
        confirm_agreement(actor=staff, agreement=agreement)
    committed = time.perf_counter()
    while international() == before and time.perf_counter() - committed < 30:
        time.sleep(0.01)
    staleness = time.perf_counter() - committed

    # Constant writes: the data version moves every 100 ms (another thread) while the figures are read,
    # for at least CONSTANT_WRITES_S seconds (several computations and the rule's window, whatever the scale).
    stop = threading.Event()

    def writer() -> None:
        while not stop.wait(0.1):
            bump()
        connection.close()

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    constant, started = [], time.perf_counter()
    try:
        while len(constant) < requests or time.perf_counter() - started < CONSTANT_WRITES_S:
            constant.append(timed("/api/impact/figures", periods[len(constant) % 2], cold=False))
    finally:
        stop.set()
        thread.join()

    return {
        "actors": Organisation.objects.count() + Person.objects.count(),
        "interactions": interactions(),
        "figures_p95_ms": p95(figures),
        "dashboard_p95_ms": p95(dashboard),
        "figures_cold_p95_ms": p95(figures_cold),
        "figures_constant_writes_p95_ms": p95(constant),
        "dashboard_cold_p95_ms": p95(dashboard_cold),
        "coverage_p95_ms": strategy["coverage"],
        "expansion_p95_ms": strategy["expansion"],
        "partners_p95_ms": strategy["partners"],
        "after_write_staleness_s": round(staleness, 3),
        "precompute_s": round(precompute_s, 1),
        "load_avg_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def run_worker(database_url: str, scale: int, requests: int, *, seed: bool = True) -> dict:
    # Staff are signed in with force_login (no two-factor device): the 2FA gate is not what is measured,
    # nor the API's rate limit per address (every request here comes from one).
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "HELIX_STAFF_2FA_REQUIRED": "0",
        "HELIX_API_RATE_PER_IP": "1000000/min",
    }
    cmd = [sys.executable, __file__, "--worker", "--scale", str(scale), "--requests", str(requests)]
    cmd += [] if seed else ["--no-seed"]
    out = subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=30)
    parser.add_argument("--requests", type=int, default=40, help="requests per measured page")
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file instead of PostgreSQL")
    parser.add_argument(
        "--database-url", default="", help="measure an already seeded database (a copy: the bench writes to it)"
    )
    parser.add_argument("--no-seed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.scale, args.requests, seed=not args.no_seed)))
        return
    if args.database_url:
        result = run_worker(args.database_url, args.scale, args.requests, seed=False)
    elif args.sqlite:
        with tempfile.TemporaryDirectory(prefix="helix-bench-") as tmp:
            result = run_worker(f"sqlite:///{tmp}/impact.sqlite3", args.scale, args.requests)
    else:
        from directory import with_postgresql

        result = with_postgresql(lambda url: run_worker(url, args.scale, args.requests))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
