"""Independent validity checker for a ``helix-wheel-schedule/1`` against its ``helix-wheel/1`` instance.

Deliberately written from the raw dicts and the format's wording, sharing no code with the scheduler, so
that a bug in the scheduler's internal representation cannot hide itself. Returns human-readable
violations; an empty list means the schedule is valid.
"""

from __future__ import annotations


def _pair(a, b) -> frozenset:
    return frozenset((a, b))


def check_schedule(instance: dict, schedule: dict) -> list[str]:
    """Every way ``schedule`` breaks the format's validity rules for ``instance`` ([] = valid).

    ``instance`` is expected to be valid (see ``validate_instance``); if either document is too malformed
    to read, that is reported as a violation rather than raised."""
    try:
        return _check(instance, schedule)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        return [f"cannot check the schedule: malformed instance or schedule ({exc!r})"]


def _check(instance: dict, schedule: dict) -> list[str]:  # noqa: C901 - one linear list of rules
    v: list[str] = []
    if not isinstance(schedule, dict):
        return ["schedule must be a JSON object"]
    if schedule.get("format") != "helix-wheel-schedule/1":
        v.append(f"format must be 'helix-wheel-schedule/1', not {schedule.get('format')!r}")
    slots = list(instance.get("slots") or [])
    raw_tables = instance.get("tables")
    tables = {s: (raw_tables.get(s, 0) if isinstance(raw_tables, dict) else raw_tables) for s in slots}
    people = {p["id"]: p for p in instance.get("participants") or []}
    available = {
        pid: set(p["available"]) if p.get("available") is not None else set(slots) for pid, p in people.items()
    }
    requested = {}
    only_in: dict[frozenset, set] = {}  # a request's own "slots", where it has them
    for r in instance.get("requests") or []:
        requested[_pair(r["a"], r["b"])] = r.get("weight", 1)
        if r.get("slots") is not None:
            only_in[_pair(r["a"], r["b"])] = set(r["slots"])

    meetings = schedule.get("meetings")
    if not isinstance(meetings, list):
        return [*v, "meetings must be a list"]
    seen_pairs: set[frozenset] = set()
    seen_person_slot: set[tuple] = set()
    seen_table: set[tuple] = set()
    per_person: dict[str, int] = {}
    placed: dict[frozenset, tuple] = {}
    weight = 0
    for k, m in enumerate(meetings):
        if not isinstance(m, dict) or not {"a", "b", "slot", "table"} <= m.keys():
            v.append(f"meetings[{k}]: must have a, b, slot and table")
            continue
        a, b, s, table = m["a"], m["b"], m["slot"], m["table"]
        label = f"meetings[{k}] {a}–{b} at {s}"
        pair = _pair(a, b)
        if a == b or pair not in requested:
            v.append(f"{label}: not a requested pair")
        elif pair in seen_pairs:
            v.append(f"{label}: pair scheduled more than once")
        else:
            weight += requested[pair]
        seen_pairs.add(pair)
        placed[pair] = (s, table)
        if s not in tables:
            v.append(f"{label}: unknown slot")
            continue
        if pair in only_in and s not in only_in[pair]:
            v.append(f"{label}: outside the request's slots")
        for p in (a, b):
            if p not in people:
                v.append(f"{label}: unknown participant {p}")
                continue
            if (p, s) in seen_person_slot:
                v.append(f"{label}: {p} has two meetings in this slot")
            seen_person_slot.add((p, s))
            if s not in available[p]:
                v.append(f"{label}: {p} is not available")
            per_person[p] = per_person.get(p, 0) + 1
        if not isinstance(table, int) or isinstance(table, bool) or not 1 <= table <= tables[s]:
            v.append(f"{label}: table {table!r} outside 1..{tables[s]}")
        elif (s, table) in seen_table:
            v.append(f"{label}: table {table} used twice in this slot")
        seen_table.add((s, table))
    for p, n in per_person.items():
        cap = people.get(p, {}).get("max_meetings")
        if cap is not None and n > cap:
            v.append(f"{p}: {n} meetings exceed max_meetings {cap}")
    for k, f in enumerate(instance.get("fixed") or []):
        got = placed.get(_pair(f["a"], f["b"]))
        if got is None or got[0] != f["slot"]:
            v.append(f"fixed[{k}] {f['a']}–{f['b']}: not kept at {f['slot']} (got {got})")
        elif f.get("table") is not None and got[1] != f["table"]:
            v.append(f"fixed[{k}] {f['a']}–{f['b']}: not kept at table {f['table']} (got {got[1]})")

    # Bookkeeping: every request is either scheduled or listed as unscheduled with a reason, and stats agree.
    unscheduled = schedule.get("unscheduled")
    if not isinstance(unscheduled, list):
        v.append("unscheduled must be a list")
        unscheduled = []
    listed: set[frozenset] = set()
    for k, u in enumerate(unscheduled):
        pair = _pair(u.get("a"), u.get("b")) if isinstance(u, dict) else None
        if pair is None or pair not in requested:
            v.append(f"unscheduled[{k}]: not a requested pair")
        elif pair in seen_pairs or pair in listed:
            v.append(f"unscheduled[{k}] {u['a']}–{u['b']}: also scheduled or listed twice")
        elif not u.get("reason"):
            v.append(f"unscheduled[{k}] {u['a']}–{u['b']}: no reason given")
        if pair is not None:
            listed.add(pair)
    missing = set(requested) - seen_pairs - listed
    if missing:
        v.append(f"{len(missing)} request(s) neither scheduled nor unscheduled, e.g. {sorted(next(iter(missing)))}")
    stats = schedule.get("stats")
    if not isinstance(stats, dict):
        return [*v, "stats must be an object"]
    expected = {
        "requests": len(requested),
        "scheduled": len(meetings),
        "weight_requested": sum(requested.values()),
        "weight_scheduled": weight,
    }
    for key, value in expected.items():
        if stats.get(key) != value:
            v.append(f"stats.{key} is {stats.get(key)!r}, expected {value}")
    for key in ("upper_bound", "seconds", "method"):
        if key not in stats:
            v.append(f"stats.{key} missing")
    ub = stats.get("upper_bound")
    if isinstance(ub, int | float) and ub < weight:
        v.append(f"stats.upper_bound {ub} is below the scheduled weight {weight}")
    v.extend(_check_breaks(slots, meetings, stats))
    return v


def _check_breaks(slots: list, meetings: list, stats: dict) -> list[str]:
    """The break figures in ``stats``, recounted from the meetings: per participant, the positions of
    their meetings in slot order; every step of more than one slot between two of them is a break."""
    if "breaks" not in stats:
        return []
    position = {s: k for k, s in enumerate(slots)}
    days: dict[str, list[int]] = {}
    for m in meetings:
        if isinstance(m, dict) and m.get("slot") in position:
            for p in (m.get("a"), m.get("b")):
                days.setdefault(p, []).append(position[m["slot"]])
    per = []
    for day in days.values():
        day.sort()
        per.append(sum(1 for x, y in zip(day, day[1:]) if y - x > 1))
    expected = {"breaks": sum(per), "breaks_max": max(per, default=0), "breaks_min": min(per, default=0)}
    v = [f"stats.{k} is {stats.get(k)!r}, expected {e}" for k, e in expected.items() if stats.get(k) != e]
    low = stats.get("breaks_lower_bound")
    if isinstance(low, int) and low > expected["breaks"]:
        v.append(f"stats.breaks_lower_bound {low} is above the schedule's {expected['breaks']} breaks")
    return v
