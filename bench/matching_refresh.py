"""Refreshing one edited record: seconds of the synchronous save path (p50/p95).

Seeds a throw-away SQLite database with the demo directory and the matching demo (300 challenges,
240 solutions, their matches), then repeatedly edits one published solution's text, and one open
challenge's text, and saves it through the domain functions (`save_solution` / `save_challenge`):
validation, the index catch-up, re-ranking of the affected lists and the writes, in one transaction.
Each edit is a new text, so the embedding is never cached: with the model installed, that is the
background task's work (`tasks.refresh_embedding`, enqueued and not run here); its own time is
measured separately on a few records. Prints ONE JSON line:

  {"records": N, "embeddings": bool, "solution": {"p50_s": x, "p95_s": x}, "challenge": {...},
   "background_embed_s": {"p50_s": x, "p95_s": x}}

Usage: python bench/matching_refresh.py [--edits 30]
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def figures(samples: list[float]) -> dict:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50_s": round(statistics.median(samples), 3), "p95_s": round(cuts[94], 3)}


def worker(edits: int) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helix.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from helix.demo import matching as matching_demo
    from helix.demo import network as network_demo
    from helix.matching.domain.embeddings import refresh_record_embedding
    from helix.matching.domain.index import embeddings_enabled, reset_indexes
    from helix.matching.domain.records import CHALLENGES, SOLUTIONS, save_challenge, save_solution
    from helix.matching.models import Challenge, Solution

    call_command("migrate", verbosity=0)
    # Seed lexically: embedding 540 texts takes minutes on this CPU and is not what is measured.
    settings.HELIX_MATCHING_EMBEDDINGS = False
    with transaction.atomic():
        network_demo.seed(rng=random.Random("2026:helix.network.demo"), scale=1, stdout=sys.stderr)
        matching_demo.seed(rng=random.Random("2026:helix.matching.demo"), scale=1, stdout=sys.stderr)
    settings.HELIX_MATCHING_EMBEDDINGS = None  # as shipped: the model when installed
    reset_indexes()
    from helix.accounts.models import User

    staff = User.objects.filter(is_staff=True).first() or User.objects.create_user(
        email="bench@helix.cl", password="x", is_staff=True
    )
    rng = random.Random(11)
    solutions = list(Solution.objects.filter(status=Solution.Status.PUBLISHED).select_related("provider"))
    challenges = list(
        Challenge.objects.filter(status__in=Challenge.MATCHABLE).select_related("organisation", "commune")
    )
    extra = ["Incluye capacitación.", "Con soporte en terreno.", "Sensores IoT y panel web.", "Piloto de 3 meses."]

    def edit_solution(i: int) -> float:
        s = rng.choice(solutions)
        t0 = time.perf_counter()
        save_solution(actor=staff, provider=s.provider, solution=s, description=f"{s.description} {extra[i % 4]} #{i}")
        return time.perf_counter() - t0

    def edit_challenge(i: int) -> float:
        c = rng.choice(challenges)
        t0 = time.perf_counter()
        save_challenge(actor=staff, organisation=c.organisation, challenge=c, description=f"{c.description} ({i})")
        return time.perf_counter() - t0

    edit_solution(-1), edit_challenge(-1)  # warm: builds both process indexes
    solution_s = [edit_solution(i) for i in range(edits)]
    challenge_s = [edit_challenge(i) for i in range(edits)]
    result = {
        "records": len(solutions) + len(challenges),
        "embeddings": embeddings_enabled(),
        "solution": figures(solution_s),
        "challenge": figures(challenge_s),
    }
    if embeddings_enabled():
        background = []
        for kind, rows in ((SOLUTIONS, solutions), (CHALLENGES, challenges)):
            for row in rng.sample(rows, 3):
                t0 = time.perf_counter()
                refresh_record_embedding(kind=kind, pk=row.pk)
                background.append(time.perf_counter() - t0)
        result["background_embed_s"] = figures(background)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=30, help="edits per measured figure")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.edits)))
        return
    with tempfile.TemporaryDirectory(prefix="helix-bench-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/refresh.sqlite3",
            "DEBUG": "0",
            # Enqueued embedding tasks are stored, not run: the synchronous path is what is timed.
            "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
        }
        cmd = [sys.executable, __file__, "--worker", "--edits", str(args.edits)]
        out = subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    print(out.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
