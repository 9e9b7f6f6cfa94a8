"""Reading and validating a ``helix-wheel/1`` instance into compact, index-based data.

Everything downstream (greedy, heuristic, bounds, exact models) works on :class:`Problem`: participants,
slots and requests are numbered, availability is a bit mask over slot indices. Validation collects every
problem it finds (not just the first) so an organiser can fix an exported file in one pass; each message
names the offending entries by their position and ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

INSTANCE_FORMAT = "helix-wheel/1"
SIDES = ("buyer", "supplier", "any")


class InstanceError(ValueError):
    """An instance that cannot be scheduled as given; ``problems`` lists every issue found."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        shown = "; ".join(self.problems[:20])
        more = f" (and {len(self.problems) - 20} more)" if len(self.problems) > 20 else ""
        super().__init__(f"invalid wheel instance: {shown}{more}")


@dataclass
class Problem:
    """An instance in index form. ``req_*`` lists are parallel, one entry per request (input order)."""

    slots: list[str]
    tables: list[int]
    ids: list[str]
    avail: list[int]  # bit mask of slots each participant can attend
    cap: list[int]  # effective cap: min(max_meetings, number of available slots)
    req_a: list[int]
    req_b: list[int]
    req_w: list[int]
    req_common: list[int]  # bit mask of slots both sides can attend
    fixed: dict[int, tuple[int, int | None]] = field(default_factory=dict)  # request -> (slot, table|None)
    max_meetings: list[int | None] = field(default_factory=list)

    @property
    def n_slots(self) -> int:
        return len(self.slots)

    @property
    def n_requests(self) -> int:
        return len(self.req_w)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _name(value) -> str:
    return repr(value) if not isinstance(value, str) else f"'{value}'"


def parse_instance(instance: dict) -> Problem:
    """Validate ``instance`` and return its :class:`Problem`; raise :class:`InstanceError` listing all issues."""
    problems: list[str] = []
    if not isinstance(instance, dict):
        raise InstanceError(["the instance must be a JSON object"])
    fmt = instance.get("format", INSTANCE_FORMAT)
    if fmt != INSTANCE_FORMAT:
        problems.append(f"format must be '{INSTANCE_FORMAT}', not {_name(fmt)}")

    # Slots
    raw_slots = instance.get("slots")
    slots: list[str] = []
    if not isinstance(raw_slots, list) or not raw_slots:
        problems.append("slots must be a non-empty list of slot ids")
        raw_slots = []
    for k, s in enumerate(raw_slots):
        if not isinstance(s, str) or not s:
            problems.append(f"slots[{k}]: slot id must be a non-empty string, not {_name(s)}")
        elif s in slots:
            problems.append(f"slots[{k}]: duplicate slot id '{s}'")
        else:
            slots.append(s)
    slot_index = {s: t for t, s in enumerate(slots)}

    # Tables
    raw_tables = instance.get("tables")
    tables = [0] * len(slots)
    if _is_int(raw_tables):
        if raw_tables < 0:
            problems.append(f"tables must not be negative, not {raw_tables}")
        tables = [max(raw_tables, 0)] * len(slots)
    elif isinstance(raw_tables, dict):
        for s, n in raw_tables.items():
            if s not in slot_index:
                problems.append(f"tables: unknown slot '{s}'")
            elif not _is_int(n) or n < 0:
                problems.append(f"tables['{s}']: must be a non-negative integer, not {_name(n)}")
            else:
                tables[slot_index[s]] = n
        missing = [s for s in slots if s not in raw_tables]
        if missing:
            problems.append("tables: no table count for slot(s) " + ", ".join(f"'{s}'" for s in missing))
    else:
        problems.append("tables must be an integer or an object {slot id: integer}")

    # Participants
    raw_participants = instance.get("participants")
    if not isinstance(raw_participants, list):
        problems.append("participants must be a list")
        raw_participants = []
    ids: list[str] = []
    index: dict[str, int] = {}
    avail: list[int] = []
    max_meetings: list[int | None] = []
    all_slots = (1 << len(slots)) - 1
    for k, p in enumerate(raw_participants):
        if not isinstance(p, dict):
            problems.append(f"participants[{k}]: must be an object")
            continue
        pid = p.get("id")
        if not isinstance(pid, str) or not pid:
            problems.append(f"participants[{k}]: id must be a non-empty string, not {_name(pid)}")
            continue
        if pid in index:
            problems.append(f"participants[{k}]: duplicate participant id '{pid}'")
            continue
        if p.get("side", "any") not in SIDES:
            problems.append(
                f"participants[{k}] '{pid}': side must be buyer, supplier or any, not {_name(p.get('side'))}"
            )
        mask = all_slots
        if p.get("available") is not None:
            raw_av = p["available"]
            mask = 0
            if not isinstance(raw_av, list):
                problems.append(f"participants[{k}] '{pid}': available must be a list of slot ids")
            else:
                for s in raw_av:
                    if not isinstance(s, str) or s not in slot_index:
                        problems.append(f"participants[{k}] '{pid}': unknown slot {_name(s)} in available")
                    else:
                        mask |= 1 << slot_index[s]
        mm = p.get("max_meetings")
        if mm is not None and (not _is_int(mm) or mm < 0):
            problems.append(f"participants[{k}] '{pid}': max_meetings must be a non-negative integer, not {_name(mm)}")
            mm = None
        index[pid] = len(ids)
        ids.append(pid)
        avail.append(mask)
        max_meetings.append(mm)
    cap = [
        min(mm if mm is not None else len(slots), mask.bit_count())
        for mm, mask in zip(max_meetings, avail, strict=True)
    ]

    # Requests
    raw_requests = instance.get("requests", [])
    if not isinstance(raw_requests, list):
        problems.append("requests must be a list")
        raw_requests = []
    req_a: list[int] = []
    req_b: list[int] = []
    req_w: list[int] = []
    pair_of: dict[tuple[int, int], int] = {}
    pair_pos: dict[tuple[int, int], int] = {}
    for k, r in enumerate(raw_requests):
        if not isinstance(r, dict):
            problems.append(f"requests[{k}]: must be an object")
            continue
        a, b = r.get("a"), r.get("b")
        bad = False
        for end in (a, b):
            if not isinstance(end, str) or end not in index:
                problems.append(f"requests[{k}]: unknown participant {_name(end)}")
                bad = True
        w = r.get("weight", 1)
        if not _is_int(w) or w <= 0:
            problems.append(f"requests[{k}] {_name(a)}–{_name(b)}: weight must be a positive integer, not {_name(w)}")
            bad = True
        if bad:
            continue
        if a == b:
            problems.append(f"requests[{k}]: '{a}' cannot meet itself")
            continue
        i, j = index[a], index[b]
        key = (min(i, j), max(i, j))
        if key in pair_of:
            problems.append(f"requests[{k}]: duplicate pair '{a}'–'{b}' (already requests[{pair_pos[key]}])")
            continue
        pair_of[key] = len(req_w)
        pair_pos[key] = k
        req_a.append(i)
        req_b.append(j)
        req_w.append(w)
    req_common = [avail[i] & avail[j] for i, j in zip(req_a, req_b, strict=True)]

    # Fixed meetings
    raw_fixed = instance.get("fixed", [])
    if not isinstance(raw_fixed, list):
        problems.append("fixed must be a list")
        raw_fixed = []
    fixed: dict[int, tuple[int, int | None]] = {}
    fixed_pos: dict[int, int] = {}
    busy: dict[tuple[int, int], int] = {}  # (participant, slot) -> fixed position
    at_table: dict[tuple[int, int], int] = {}  # (slot, table) -> fixed position
    per_slot: dict[int, list[int]] = {}
    per_participant = [0] * len(ids)
    for k, f in enumerate(raw_fixed):
        if not isinstance(f, dict):
            problems.append(f"fixed[{k}]: must be an object")
            continue
        a, b, s, table = f.get("a"), f.get("b"), f.get("slot"), f.get("table")
        label = f"fixed[{k}] {_name(a)}–{_name(b)} at {_name(s)}"
        bad = False
        for end in (a, b):
            if not isinstance(end, str) or end not in index:
                problems.append(f"{label}: unknown participant {_name(end)}")
                bad = True
        if not isinstance(s, str) or s not in slot_index:
            problems.append(f"{label}: unknown slot {_name(s)}")
            bad = True
        if bad:
            continue
        if a == b:
            problems.append(f"{label}: '{a}' cannot meet itself")
            continue
        i, j, t = index[a], index[b], slot_index[s]
        key = (min(i, j), max(i, j))
        r = pair_of.get(key)
        if r is None:
            problems.append(f"{label}: the pair is not among the requests (every fixed pair must also be a request)")
            continue
        if r in fixed:
            problems.append(f"{label}: the pair is already fixed by fixed[{fixed_pos[r]}]")
            continue
        for pid, pi in ((a, i), (b, j)):
            if not avail[pi] >> t & 1:
                problems.append(f"{label}: '{pid}' is not available at '{s}'")
                bad = True
            if (pi, t) in busy:
                problems.append(
                    f"{label}: collides with fixed[{busy[pi, t]}] ('{pid}' would have two meetings at '{s}')"
                )
                bad = True
        if table is not None:
            if not _is_int(table) or not 1 <= table <= tables[t]:
                problems.append(f"{label}: table {_name(table)} is outside 1..{tables[t]}")
                bad = True
            elif (t, table) in at_table:
                problems.append(f"{label}: collides with fixed[{at_table[t, table]}] (same slot and table {table})")
                bad = True
        if bad:
            continue
        busy[i, t] = busy[j, t] = k
        if table is not None:
            at_table[t, table] = k
        fixed[r] = (t, table)
        fixed_pos[r] = k
        per_slot.setdefault(t, []).append(k)
        per_participant[i] += 1
        per_participant[j] += 1
    for t, ks in per_slot.items():
        if len(ks) > tables[t]:
            problems.append(f"slot '{slots[t]}': {len(ks)} fixed meetings but only {tables[t]} tables")
    for i, n in enumerate(per_participant):
        if max_meetings[i] is not None and n > max_meetings[i]:
            problems.append(f"participant '{ids[i]}': {n} fixed meetings exceed max_meetings {max_meetings[i]}")

    if problems:
        raise InstanceError(problems)
    return Problem(
        slots=slots,
        tables=tables,
        ids=ids,
        avail=avail,
        cap=cap,
        req_a=req_a,
        req_b=req_b,
        req_w=req_w,
        req_common=req_common,
        fixed=fixed,
        max_meetings=max_meetings,
    )
