"""Benchmark of breaks in participants' days on forum-shaped wheels: prints ONE JSON line of figures.

    python bench/wheel_breaks.py [--only NAME] [--time-limit SECONDS] [--prove SECONDS]

Instances are generated deterministically (fixed seeds) and shaped like real business-matching forums
(Bofill et al., JAIR 73, 2022): 40-80 participants, all ``side: "any"``; 120-300 requests of weight 1, all
schedulable; 8-10 slots in one session, or 21-22 slots in a morning and an afternoon session; 12-27 tables;
0.3-0.7% of participant-slots forbidden; in two-session wheels some meetings tied to one session; some
instances with 20-40% of meetings fixed in advance.

How an instance is made: every participant gets a number of meetings (a few popular companies get many)
and a planted block of consecutive slots of that length, as an organiser's good schedule would have; each
slot's present participants are paired at random (no pair twice, at most ``tables`` pairs), and the pairs
become the requests. The planted schedule proves every request schedulable; fixed meetings keep their
planted slot and table; forbidden slots and session ties never contradict it. Requests and participants
are then shuffled, so the scheduler does not see the planted schedule.

``breaks_lower_bound`` is proven: the larger of the scheduler's own proof in the run (``stats``) and the
bound cached in ``bench/data/wheel_breaks_bounds.json``, which ``--prove SECONDS`` computes once with at
most that many seconds of CP-SAT per instance on the tiered day model of ``break_bounds.py`` (CP-SAT's
proven objective bound, the minimum when it finishes), keeping a higher bound cached before (the window
bound with every meeting given its own slot). Every
schedule is checked with the independent checker (an invalid one fails the run). One line per instance
goes to stderr, with the planted schedule's breaks (an upper bound on the fewest, loose: the random pairing
leaves holes in it) and the methods that helped.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOUNDS = ROOT / "bench" / "data" / "wheel_breaks_bounds.json"
# Days with one break more than a participant's own minimum listed for the proof, at most this many each.
TIER_CAP = 300

# name, participants, target requests, slots, tables, fixed share, seed
INSTANCES = [
    ("forum-01", 42, 150, 9, 20, 0.0, 101),
    ("forum-02", 48, 170, 10, 21, 0.0, 102),
    ("forum-03", 55, 190, 10, 24, 0.3, 103),
    ("forum-04", 48, 180, 8, 26, 0.0, 104),
    ("forum-05", 60, 230, 10, 27, 0.0, 105),
    ("forum-06", 46, 160, 9, 21, 0.25, 106),
    ("forum-07", 70, 240, 22, 20, 0.0, 107),
    ("forum-08", 80, 300, 22, 27, 0.0, 108),
    ("forum-09", 65, 280, 21, 24, 0.35, 109),
    ("forum-10", 50, 200, 21, 15, 0.0, 110),
    ("forum-11", 75, 300, 22, 25, 0.2, 111),
    ("forum-12", 58, 230, 21, 18, 0.0, 112),
    ("forum-13", 44, 180, 22, 12, 0.4, 113),
    ("forum-14", 62, 260, 22, 20, 0.0, 114),
    ("forum-15", 52, 180, 10, 24, 0.0, 115),
    ("forum-16", 78, 300, 21, 26, 0.3, 116),
    ("forum-17", 67, 220, 9, 27, 0.0, 117),
    ("forum-18", 54, 220, 21, 16, 0.0, 118),
    ("forum-19", 72, 280, 22, 22, 0.25, 119),
    ("forum-20", 45, 150, 8, 23, 0.2, 120),
]


def generate(
    *, participants: int, requests: int, slots: int, tables: int, fixed_share: float, seed: int, planted_out=None
) -> dict:
    """A deterministic forum-shaped ``helix-wheel/1`` instance (see the module docstring)."""
    rng = random.Random(seed)
    morning = slots // 2 if slots > 12 else slots
    slot_ids = [f"m{t + 1:02d}" if t < morning else f"a{t - morning + 1:02d}" for t in range(slots)]
    ids = [f"c{k:03d}" for k in range(participants)]
    # Meetings per participant: skewed (a few popular companies), about 2 * requests in all.
    weights = [rng.paretovariate(2.2) for _ in ids]
    scale = 2 * requests / sum(weights)
    degree = {pid: max(2, min(slots - 1, round(w * scale))) for pid, w in zip(ids, weights, strict=True)}
    start = {pid: rng.randint(0, slots - degree[pid]) for pid in ids}
    pairs: set[frozenset] = set()
    planted: list[tuple[str, str, int, int]] = []  # a, b, slot, table
    for t in range(slots):
        present = [pid for pid in ids if start[pid] <= t < start[pid] + degree[pid]]
        rng.shuffle(present)
        present.sort(key=lambda pid: start[pid] + degree[pid])  # those leaving soonest pair first
        table = 0
        while present and table < tables and len(planted) < requests:
            a = present.pop(0)
            partner = next((b for b in present if frozenset((a, b)) not in pairs), None)
            if partner is None:
                continue
            present.remove(partner)
            pairs.add(frozenset((a, partner)))
            table += 1
            planted.append((a, partner, t, table))
    if planted_out is not None:
        planted_out.extend(planted)
    busy = {(a, t) for a, _b, t, _k in planted} | {(b, t) for _a, b, t, _k in planted}
    # 0.3-0.7% of participant-slots forbidden, never where the planted schedule has a meeting.
    forbidden: dict[str, set[int]] = {}
    free_cells = [(pid, t) for pid in ids for t in range(slots) if (pid, t) not in busy]
    for pid, t in rng.sample(free_cells, round(rng.uniform(0.003, 0.007) * participants * slots)):
        forbidden.setdefault(pid, set()).add(t)
    people = []
    for pid in ids:
        person = {"id": pid, "side": "any"}
        if pid in forbidden:
            person["available"] = [slot_ids[t] for t in range(slots) if t not in forbidden[pid]]
        people.append(person)
    sessions = None
    if slots > 12:
        sessions = {"morning": slot_ids[:morning], "afternoon": slot_ids[morning:]}
    request_list = []
    fixed = []
    for a, b, t, table in planted:
        request = {"a": a, "b": b, "weight": 1}
        if sessions and rng.random() < 0.15:  # "only in the morning" / "only in the afternoon"
            request["slots"] = sessions["morning"] if t < morning else sessions["afternoon"]
        request_list.append(request)
        if rng.random() < fixed_share:
            fixed.append({"a": a, "b": b, "slot": slot_ids[t], "table": table})
    rng.shuffle(request_list)
    rng.shuffle(people)
    instance = {
        "format": "helix-wheel/1",
        "slots": slot_ids,
        "tables": tables,
        "participants": people,
        "requests": request_list,
        "fixed": fixed,
    }
    if sessions:
        instance["sessions"] = sessions
    return instance


def make_instance(spec: tuple, planted_out=None) -> dict:
    _name, participants, requests, slots, tables, fixed_share, seed = spec
    return generate(
        participants=participants,
        requests=requests,
        slots=slots,
        tables=tables,
        fixed_share=fixed_share,
        seed=seed,
        planted_out=planted_out,
    )


def planted_breaks(planted: list[tuple[str, str, int, int]]) -> int:
    """Breaks of the planted schedule (an upper bound on the fewest; the pairing leaves holes in it)."""
    from helix.wheel.scheduler.solution import breaks_of_mask

    busy: dict[str, int] = {}
    for a, b, t, _table in planted:
        busy[a] = busy.get(a, 0) | 1 << t
        busy[b] = busy.get(b, 0) | 1 << t
    return sum(breaks_of_mask(mask) for mask in busy.values())


def cached_bounds() -> dict:
    if BOUNDS.exists():
        return json.loads(BOUNDS.read_text(encoding="utf-8"))
    return {}


def run_one(spec: tuple, time_limit: float, cached: dict) -> dict:
    from wheel import schedule_checked  # bench/wheel.py: schedule, time and check one instance

    name = spec[0]
    planted: list = []
    result, greedy, seconds = schedule_checked(name, make_instance(spec, planted), time_limit)
    stats = result["stats"]
    proven = [stats.get("breaks_lower_bound", 0), cached.get(name, {}).get("lower_bound", 0)]
    print(
        f"{name}: {stats['breaks']} breaks (proven at least {max(proven)}, planted schedule {planted_breaks(planted)},"
        f" greedy {greedy['stats']['breaks']}), spread {stats['breaks_max'] - stats['breaks_min']},"
        f" {stats['scheduled']}/{stats['requests']} meetings, {seconds:.2f} s; {stats['method']}",
        file=sys.stderr,
        flush=True,
    )
    return {
        "name": name,
        "requests": stats["requests"],
        "scheduled": stats["scheduled"],
        "breaks": stats["breaks"],
        "breaks_lower_bound": max(proven),
        "breaks_max": stats["breaks_max"],
        "breaks_min": stats["breaks_min"],
        "greedy_breaks": greedy["stats"]["breaks"],
        "seconds": round(seconds, 2),
    }


def prove(spec: tuple, seconds: float, known: dict | None = None, cap: int = TIER_CAP) -> dict:
    """Prove a lower bound on breaks (every meeting kept) with ``seconds`` of CP-SAT on the tiered day model
    (``break_bounds.tiered_bound``: each participant's days with their own minimum of breaks, or one more,
    or neither; each meeting given its own slot), which is tighter than the window bound the scheduler can
    afford in its run. On one-session wheels (at most ``EXACT_CELLS`` meeting-slot pairs) the exact
    break-counting model (``breaks.exact_breaks``' model) then gets ``seconds`` more with eight CP-SAT
    workers (its bound-proving ones among them), warm-started from the planted schedule; it proves the
    minimum of forum-01 (2) in seconds. A bound cached before is kept when it is higher (all are proofs)."""
    from helix.wheel.scheduler.break_bounds import tiered_bound
    from helix.wheel.scheduler.breaks import participant_bounds
    from helix.wheel.scheduler.instance import parse_instance

    planted: list = []
    problem = parse_instance(make_instance(spec, planted))
    assign = [0] * problem.n_requests  # every request is schedulable (planted): the bound reads only which
    own = participant_bounds(problem, assign)
    started = time.perf_counter()
    bound, optimal = tiered_bound(problem, assign, own, deadline=started + seconds, seed=0, cap=cap)
    method = "tiered days" + (", optimal" if optimal else "")
    if problem.n_requests * problem.n_slots <= EXACT_CELLS:
        exact, exact_optimal = prove_exact(problem, planted_assign(problem, planted), seconds, bound)
        if exact > bound or (exact == bound and exact_optimal and not optimal):
            bound, optimal, method = exact, exact_optimal, "exact breaks" + (", optimal" if exact_optimal else "")
    found = {
        "lower_bound": bound,
        "own_bounds": sum(own),
        "method": method,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if known and known.get("lower_bound", 0) > bound:
        return known
    return found


# The exact break-counting model is tried for proofs up to this many (meeting, slot) pairs (one session).
EXACT_CELLS = 3_000


def planted_assign(problem, planted: list[tuple[str, str, int, int]]) -> list[int]:
    """The planted schedule as a slot per request (every request is in it)."""
    index = {pid: i for i, pid in enumerate(problem.ids)}
    request_of = {frozenset((problem.req_a[r], problem.req_b[r])): r for r in range(problem.n_requests)}
    assign = [-1] * problem.n_requests
    for a, b, t, _table in planted:
        assign[request_of[frozenset((index[a], index[b]))]] = t
    return assign


def prove_exact(problem, assign: list[int], seconds: float, known: int) -> tuple[int, bool]:
    """CP-SAT's proven bound on the exact break-counting model (every request scheduled), and whether it
    finished, with eight workers for ``seconds``."""
    import math

    from ortools.sat.python import cp_model

    from helix.wheel.scheduler.breaks import _break_model

    model, _x, _per, _total = _break_model(problem, assign, list(range(problem.n_requests)), cp_model, known)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 8
    solver.parameters.max_time_in_seconds = seconds
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
        return known, False
    return max(known, math.ceil(solver.best_objective_bound - 1e-6)), status == cp_model.OPTIMAL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only instances whose name contains this")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance (default 10)")
    parser.add_argument("--prove", type=float, help="compute and cache proven lower bounds with this many s each")
    parser.add_argument("--tier-cap", type=int, default=TIER_CAP, help="days listed per participant (--prove)")
    parser.add_argument("--dump", help="write the named instance as JSON to this path and exit")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    specs = [s for s in INSTANCES if not args.only or args.only in s[0]]
    if args.dump:
        Path(args.dump).write_text(json.dumps(make_instance(specs[0])), encoding="utf-8")
        return
    if args.prove:
        cached = cached_bounds()
        for spec in specs:
            cached[spec[0]] = prove(spec, args.prove, cached.get(spec[0]), args.tier_cap)
            print(spec[0], cached[spec[0]], file=sys.stderr)
            BOUNDS.write_text(json.dumps(cached, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return
    cached = cached_bounds()
    rows = [run_one(spec, args.time_limit, cached) for spec in specs]
    print(
        json.dumps(
            {
                "instances": rows,
                "total_breaks": sum(r["breaks"] for r in rows),
                "total_lower_bound": sum(r["breaks_lower_bound"] for r in rows),
            }
        )
    )


if __name__ == "__main__":
    main()
