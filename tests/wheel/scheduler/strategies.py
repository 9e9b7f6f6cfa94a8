"""Hypothesis strategies for small, valid ``helix-wheel/1`` instances (with consistent fixed meetings)."""

from hypothesis import strategies as st


@st.composite
def instances(draw, max_participants=8, max_slots=5, with_fixed=True, with_sessions=False):
    n_slots = draw(st.integers(1, max_slots))
    slots = [f"s{t}" for t in range(n_slots)]
    sessions = None
    if with_sessions and draw(st.booleans()):
        cut = draw(st.integers(1, n_slots))  # a morning of `cut` slots, the rest (if any) an afternoon
        sessions = {"morning": slots[:cut]}
        if cut < n_slots:
            sessions["afternoon"] = slots[cut:]
    if draw(st.booleans()):
        tables = draw(st.integers(0, 4))
    else:
        tables = {s: draw(st.integers(0, 4)) for s in slots}
    n = draw(st.integers(2, max_participants))
    participants = []
    for i in range(n):
        p = {"id": f"p{i}", "side": draw(st.sampled_from(["buyer", "supplier", "any"]))}
        if draw(st.booleans()):
            p["available"] = [s for s in slots if draw(st.booleans())]
        if draw(st.integers(0, 3)) == 0:
            p["max_meetings"] = draw(st.integers(0, n_slots))
        participants.append(p)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(len(pairs), 18)))
    requests = []
    for i, j in chosen:
        a, b = (f"p{i}", f"p{j}") if draw(st.booleans()) else (f"p{j}", f"p{i}")
        request = {"a": a, "b": b, "weight": draw(st.integers(1, 3))}
        if with_sessions and draw(st.integers(0, 2)) == 0:
            common = [s for s in slots if all(s in participants[k].get("available", slots) for k in (i, j))]
            choices = [list(v) for v in (sessions or {}).values() if set(v) & set(common)]
            if choices and draw(st.booleans()):
                request["slots"] = draw(st.sampled_from(choices))  # tied to a session
            elif common:
                request["slots"] = draw(st.lists(st.sampled_from(common), min_size=1, unique=True))
        requests.append(request)
    instance = {
        "format": "helix-wheel/1",
        "slots": slots,
        "tables": tables,
        "participants": participants,
        "requests": requests,
        "fixed": [],
    }
    if sessions:
        instance["sessions"] = sessions
    if with_fixed and requests:
        _add_fixed(draw, instance)
    return instance


def _add_fixed(draw, instance):
    """Fix a few requests at slots where they fit, keeping the instance valid."""
    slots = instance["slots"]
    tables = instance["tables"]
    per_slot = {s: (tables[s] if isinstance(tables, dict) else tables) for s in slots}
    avail = {p["id"]: set(p.get("available", slots)) for p in instance["participants"]}
    caps = {p["id"]: p.get("max_meetings") for p in instance["participants"]}
    busy, count, used_tables = set(), {}, {s: set() for s in slots}
    for r in draw(st.lists(st.sampled_from(instance["requests"]), unique_by=lambda r: (r["a"], r["b"]), max_size=3)):
        a, b = r["a"], r["b"]
        options = [
            s
            for s in slots
            if s in avail[a]
            and s in avail[b]
            and s in r.get("slots", slots)
            and (a, s) not in busy
            and (b, s) not in busy
            and len(used_tables[s]) < per_slot[s]
        ]
        if not options or any(caps[p] is not None and count.get(p, 0) >= caps[p] for p in (a, b)):
            continue
        s = draw(st.sampled_from(options))
        fixed = {"a": a, "b": b, "slot": s}
        free = [k for k in range(1, per_slot[s] + 1) if k not in used_tables[s]]
        if draw(st.booleans()):
            fixed["table"] = draw(st.sampled_from(free))
            used_tables[s].add(fixed["table"])
        else:
            used_tables[s].add(-len(used_tables[s]) - 1)  # counts towards the slot's tables
        busy |= {(a, s), (b, s)}
        count[a] = count.get(a, 0) + 1
        count[b] = count.get(b, 0) + 1
        instance["fixed"].append(fixed)


def brute_force_options(instance, *, may_skip: bool):
    """For brute-force checks: tables per slot, participants by id, and per request the slots it may take
    (its fixed slot, else every slot both sides can attend within its own ``slots``; ``None`` first when a
    request may stay unscheduled)."""
    slots = instance["slots"]
    tables = instance["tables"]
    per_slot = {s: (tables[s] if isinstance(tables, dict) else tables) for s in slots}
    people = {p["id"]: p for p in instance["participants"]}
    avail = {pid: set(p.get("available", slots)) for pid, p in people.items()}
    fixed = {frozenset((f["a"], f["b"])): f["slot"] for f in instance["fixed"]}
    options = []
    for r in instance["requests"]:
        key = frozenset((r["a"], r["b"]))
        if key in fixed:
            options.append([fixed[key]])
            continue
        own = [s for s in slots if s in avail[r["a"]] & avail[r["b"]] & set(r.get("slots", slots))]
        options.append([None, *own] if may_skip else own)
    return per_slot, people, options
