"""Benchmark of the business-wheel scheduler: prints ONE JSON line of figures.

    python bench/wheel.py [--only NAME] [--verbose]

Instances are generated deterministically (fixed seeds) and look like real wheels: buyers (municipalities)
and suppliers (companies), a few ``any``-side participants (universities, NGOs) who also meet each other,
popular suppliers, late arrivals / early leavers / lunch breaks, some caps, a few already-fixed
meetings, and mixed weights (must-meet = 3, mutual = 2, one-sided = 1). The ``app-*`` instances are
shaped like the wheel app's own exports instead (``generate_app``: weights 1-4, a default cap of 8, half-day
attendance, 12% any-to-any participants; ``app-ticked-*`` also has scattered ticked slots). Each instance
is scheduled in a fresh subprocess so that the peak resident memory (``ru_maxrss``, which includes the C++ solvers) is
that run's alone. Every schedule is also checked with the independent checker (an invalid one fails the
run). ``--verbose`` adds the time limit, whether the weight is proven optimal, the method and greedy's
fairness and idle gaps to each row.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# name, buyers, suppliers, requests, slots, tables, time limit, seed
INSTANCES = [
    ("small-20x20", 20, 20, 160, 8, 10, 2.0, 1),
    ("small-tight-60", 30, 30, 500, 6, 12, 2.0, 2),
    ("mid-100x100-loose-tables-5s", 100, 100, 1500, 10, 100, 5.0, 6),
    ("a-300x300-2s", 300, 300, 6000, 12, 120, 2.0, 3),
    ("a-300x300-15s", 300, 300, 6000, 12, 120, 15.0, 3),
    ("a-300x300-many-tables-5s", 300, 300, 6000, 12, 300, 5.0, 4),
    ("b-1000x1000-60s", 1000, 1000, 40000, 16, 600, 60.0, 5),
    # Shaped like the wheel app's own exports (``build_export``): weights 1-4 from both sides' interest,
    # a default cap per participant, morning-only / afternoon-only halves, "any"-side participants.
    ("app-300x300-2s", 300, 300, 6000, 12, 120, 2.0, 11),
    ("app-300x300-15s", 300, 300, 6000, 12, 120, 15.0, 11),
    # Tables to spare and a quarter ticking scattered slots: caps and clashes bind, not tables.
    ("app-ticked-300x300-2s", 300, 300, 6000, 12, 240, 2.0, 13),
    ("app-ticked-300x300-15s", 300, 300, 6000, 12, 240, 15.0, 13),
    ("app-1000x1000-60s", 1000, 1000, 40000, 16, 600, 60.0, 12),
]


def generate(*, buyers: int, suppliers: int, requests: int, slots: int, tables: int, seed: int, name: str = "") -> dict:
    """A deterministic, realistic ``helix-wheel/1`` instance."""
    rng = random.Random(seed)
    slot_ids = [f"{9 + (20 * t) // 60:02d}:{(20 * t) % 60:02d}" for t in range(slots)]
    n_any = max(1, (buyers + suppliers) // 20)
    buyer_ids = [f"m{k}" for k in range(buyers - n_any // 2)]
    supplier_ids = [f"c{k}" for k in range(suppliers - (n_any - n_any // 2))]
    any_ids = [f"u{k}" for k in range(n_any)]
    participants = [
        _participant(rng, pid, side, slot_ids)
        for side, members in (("buyer", buyer_ids), ("supplier", supplier_ids), ("any", any_ids))
        for pid in members
    ]
    request_list = _requests(rng, buyer_ids, supplier_ids, any_ids, requests)
    return {
        "format": "helix-wheel/1",
        "slots": slot_ids,
        "tables": tables,
        "participants": participants,
        "requests": request_list,
        "fixed": _fixed_meetings(rng, participants, request_list, slot_ids, tables),
    }


def _availability(rng: random.Random, slot_ids: list[str]) -> list[str] | None:
    """A participant's slots: None for the whole session, else late, early, with a break or a short window."""
    slots = len(slot_ids)
    roll = rng.random()
    if roll < 0.62:
        return None  # the whole session
    if roll < 0.77:  # arrives late
        return slot_ids[rng.randint(1, slots // 2) :]
    if roll < 0.90:  # leaves early
        return slot_ids[: rng.randint(slots // 2, slots - 1)]
    if roll < 0.96 and slots >= 4:  # a break in the middle
        start = rng.randint(1, slots - 3)
        return slot_ids[:start] + slot_ids[start + rng.randint(1, 2) :]
    start = rng.randint(0, slots // 2)  # a short window
    return slot_ids[start : start + rng.randint(2, max(2, slots // 3))]


def _participant(rng: random.Random, pid: str, side: str, slot_ids: list[str]) -> dict:
    p = {"id": pid, "side": side}
    window = _availability(rng, slot_ids)
    if window is not None:
        p["available"] = window
    if rng.random() < 0.18:
        p["max_meetings"] = rng.randint(2, max(2, len(slot_ids) - 3))
    return p


def _zipf_weights(n: int, skew: float) -> list[float]:
    return [1.0 / (k + 1) ** skew for k in range(n)]


def _requests(
    rng: random.Random, buyer_ids: list[str], supplier_ids: list[str], any_ids: list[str], requests: int
) -> list[dict]:
    """Up to `requests` distinct pairs with weights 3/2/1; a few suppliers and buyers are in high demand."""
    # Popularity: a few suppliers are in high demand (Zipf-like), buyers' activity varies too.
    sellers = supplier_ids + any_ids
    sell_w = _zipf_weights(len(sellers), 0.6)
    rng.shuffle(sell_w)
    askers = buyer_ids + any_ids
    ask_w = _zipf_weights(len(askers), 0.4)
    rng.shuffle(ask_w)
    pairs: dict[frozenset, dict] = {}
    guard = 0
    while len(pairs) < requests and guard < requests * 20:
        guard += 1
        if rng.random() < 0.04:  # partnering among universities/NGOs and suppliers
            a, b = rng.choice(any_ids), rng.choice(sellers)
        else:
            a = rng.choices(askers, ask_w)[0]
            b = rng.choices(sellers, sell_w)[0]
        key = frozenset((a, b))
        if a == b or key in pairs:
            continue
        roll = rng.random()
        weight = 3 if roll < 0.08 else 2 if roll < 0.33 else 1
        pairs[key] = {"a": a, "b": b, "weight": weight} if rng.random() < 0.5 else {"a": b, "b": a, "weight": weight}
    return list(pairs.values())


def _fixed_meetings(
    rng: random.Random, participants: list[dict], request_list: list[dict], slot_ids: list[str], tables: int
) -> list[dict]:
    """A few meetings already published (must-meet pairs), as after a first round of scheduling."""
    avail = {p["id"]: set(p.get("available", slot_ids)) for p in participants}
    caps = {p["id"]: p.get("max_meetings", len(slot_ids)) for p in participants}
    busy: set = set()
    count: dict[str, int] = {}
    per_slot = dict.fromkeys(slot_ids, 0)
    fixed_list: list[dict] = []
    for r in request_list:
        if len(fixed_list) >= max(2, len(request_list) // 200):
            break
        if r["weight"] != 3:
            continue
        a, b = r["a"], r["b"]
        if count.get(a, 0) >= caps[a] or count.get(b, 0) >= caps[b]:
            continue
        options = [
            s
            for s in slot_ids
            if s in avail[a] and s in avail[b] and (a, s) not in busy and (b, s) not in busy and per_slot[s] < tables
        ]
        if not options:
            continue
        s = rng.choice(options)
        per_slot[s] += 1
        fixed = {"a": a, "b": b, "slot": s}
        if rng.random() < 0.5:
            fixed["table"] = per_slot[s]
        busy |= {(a, s), (b, s)}
        count[a] = count.get(a, 0) + 1
        count[b] = count.get(b, 0) + 1
        fixed_list.append(fixed)
    return fixed_list


def generate_app(
    *, buyers: int, suppliers: int, requests: int, slots: int, tables: int, seed: int, ticked: float = 0.0
) -> dict:
    """A deterministic instance shaped like the wheel app's exports (see ``helix/wheel/domain/scheduling.py``).

    As in the app: each side of a pair says *must* / *like* / nothing and the pair weighs 4 (both must),
    3 (one must), 2 (both like) or 1 (one like); the wheel's default cap (8) applies to everybody without
    their own cap; ~20% attend only the morning or only the afternoon half (the demo's pattern), a few
    arrive late or leave early; ~12% are on side ``any`` (universities, NGOs) and meet anybody, so the
    request graph has odd cycles; a few popular participants draw many requests. A share ``ticked`` of
    participants instead tick a scattered subset of the slots (the registration form allows any subset).
    """
    rng = random.Random(seed)
    slot_ids = [f"{9 + (20 * t) // 60:02d}:{(20 * t) % 60:02d}" for t in range(slots)]
    n_any = (buyers + suppliers) * 12 // 100
    ids = {
        "buyer": [f"b{k}" for k in range(buyers - n_any // 2)],
        "supplier": [f"s{k}" for k in range(suppliers - (n_any - n_any // 2))],
        "any": [f"u{k}" for k in range(n_any)],
    }
    participants = [
        _app_participant(rng, pid, side, slot_ids, ticked) for side, members in ids.items() for pid in members
    ]
    return {
        "format": "helix-wheel/1",
        "slots": slot_ids,
        "tables": tables,
        "participants": participants,
        "requests": _app_requests(rng, ids, requests),
        "fixed": [],
    }


def _app_participant(rng: random.Random, pid: str, side: str, slot_ids: list[str], ticked: float) -> dict:
    """Ticked slots, a half day, late or early (or the whole session), and the wheel's default cap mostly."""
    slots = len(slot_ids)
    half = slots // 2
    entry = {"id": pid, "side": side}
    roll = rng.random()
    if rng.random() < ticked:
        entry["available"] = [s for s in slot_ids if rng.random() < 0.6] or slot_ids[:1]
    elif roll < 0.2:
        entry["available"] = slot_ids[:half] if rng.random() < 0.5 else slot_ids[half:]
    elif roll < 0.28:
        entry["available"] = slot_ids[rng.randint(1, half) :]
    elif roll < 0.34:
        entry["available"] = slot_ids[: rng.randint(half, slots - 1)]
    roll = rng.random()
    entry["max_meetings"] = 8 if roll < 0.85 else rng.randint(3, 10) if roll < 0.95 else slots
    return entry


def _app_requests(rng: random.Random, ids: dict[str, list[str]], requests: int) -> list[dict]:
    """Pairs weighted 4/3/2/1 from each side's must/like interest, drawn towards popular participants."""
    everybody = [pid for members in ids.values() for pid in members]
    popularity = {pid: 1.0 / (k + 1) ** 0.5 for k, pid in enumerate(rng.sample(everybody, len(everybody)))}
    side_of = {pid: side for side, members in ids.items() for pid in members}

    def partners_of(pid: str) -> list[str]:
        side = side_of[pid]
        if side == "buyer":
            return ids["supplier"] + ids["any"]
        if side == "supplier":
            return ids["buyer"] + ids["any"]
        return everybody

    pools = {side: partners_of(members[0]) for side, members in ids.items() if members}
    pool_w = {side: [popularity[q] for q in pool] for side, pool in pools.items()}
    interest: dict[frozenset, dict[str, int]] = {}
    guard = 0
    while len(interest) < requests and guard < requests * 30:
        guard += 1
        a = rng.choice(everybody)
        b = rng.choices(pools[side_of[a]], pool_w[side_of[a]])[0]
        if a == b:
            continue
        key = frozenset((a, b))
        sides = interest.setdefault(key, {})
        sides[a] = 2 if rng.random() < 0.3 else 1
        if rng.random() < 0.3:  # the other side asked too
            sides[b] = 2 if rng.random() < 0.35 else 1
    table = {(2, 2): 4, (2, 1): 3, (2, 0): 3, (1, 1): 2, (1, 0): 1}
    request_list = []
    for key, sides in interest.items():
        a, b = sorted(key)
        high, low = sorted((sides.get(a, 0), sides.get(b, 0)), reverse=True)
        request_list.append({"a": a, "b": b, "weight": table[(high, low)]})
    return request_list


def make_instance(spec: tuple) -> dict:
    name, buyers, suppliers, requests, slots, tables, _limit, seed = spec
    make = generate_app if name.startswith("app-") else generate
    kwargs = {"ticked": 0.25 if "ticked" in name else 0.0} if make is generate_app else {"name": name}
    return make(buyers=buyers, suppliers=suppliers, requests=requests, slots=slots, tables=tables, seed=seed, **kwargs)


def schedule_checked(name: str, instance: dict, limit: float) -> tuple[dict, dict, float]:
    """The schedule (stopping the run if the independent checker finds it invalid), greedy's, and seconds."""
    from helix.wheel.scheduler import check_schedule, greedy_schedule, schedule

    greedy = greedy_schedule(instance)
    started = time.perf_counter()
    result = schedule(instance, time_limit=limit, seed=0)
    seconds = time.perf_counter() - started
    violations = check_schedule(instance, result)
    if violations:
        raise SystemExit(f"{name}: INVALID schedule: {violations[:5]}")
    return result, greedy, seconds


def run_one(spec: tuple, verbose: bool = False) -> dict:
    """Run in a child process: generate, schedule, check; report figures and this process's peak memory."""
    name, buyers, suppliers, requests, slots, tables, limit, seed = spec
    sys.path.insert(0, str(ROOT))
    instance = make_instance(spec)
    result, greedy, seconds = schedule_checked(name, instance, limit)
    stats = result["stats"]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row = {
        "name": name,
        "requests": len(instance["requests"]),
        "weight_scheduled": stats["weight_scheduled"],
        "upper_bound": stats["upper_bound"],
        "ratio": round(stats["weight_scheduled"] / stats["upper_bound"], 5) if stats["upper_bound"] else 1.0,
        "min_meetings": stats["min_meetings"],
        "idle_gaps": stats["idle_gaps"],
        "seconds": round(seconds, 2),
        "peak_mb": round(peak_mb, 1),
        "greedy_weight": greedy["stats"]["weight_scheduled"],
    }
    if verbose:
        row.update(
            time_limit=limit,
            optimal=stats["optimal"],
            method=stats["method"],
            greedy_min_meetings=greedy["stats"]["min_meetings"],
            greedy_idle_gaps=greedy["stats"]["idle_gaps"],
        )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only instances whose name contains this")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--verbose", action="store_true", help="also report time limit, optimality, method")
    parser.add_argument("--dump", help="write the named instance as JSON to this path and exit")
    args = parser.parse_args()
    if args.child:
        spec = next(s for s in INSTANCES if s[0] == args.child)
        print(json.dumps(run_one(spec, args.verbose)))
        return
    if args.dump:
        spec = next(s for s in INSTANCES if args.only and args.only in s[0])
        instance = make_instance(spec)
        Path(args.dump).write_text(json.dumps(instance), encoding="utf-8")
        return
    rows = []
    for spec in INSTANCES:
        if args.only and args.only not in spec[0]:
            continue
        done = subprocess.run(
            [sys.executable, __file__, "--child", spec[0], *(["--verbose"] if args.verbose else [])],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if done.returncode != 0:
            rows.append({"name": spec[0], "error": done.stderr.strip().splitlines()[-1:]})
            continue
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(json.dumps({"instances": rows}))


if __name__ == "__main__":
    main()
