"""Reading and validating a ``helix-wheel/1`` instance into compact, index-based data.

Everything downstream (greedy, heuristic, bounds, exact models) works on :class:`Problem`: participants,
slots and requests are numbered, availability is a bit mask over slot indices. Validation collects every
problem it finds (not just the first) so an organiser can fix an exported file in one pass; each message
names the offending entries by their position and ids.

A request's own ``slots`` narrow where it may take place: they are folded into ``req_common`` (the slots
both sides can attend), so every later phase respects them without knowing about them.
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
    # Per request, the slots its ``slots`` field allows (all slots when absent); already folded into req_common.
    req_slots: list[int] = field(default_factory=list)
    sessions: dict[str, int] = field(default_factory=dict)  # session name -> bit mask of its slots

    @property
    def n_slots(self) -> int:
        return len(self.slots)

    @property
    def n_requests(self) -> int:
        return len(self.req_w)

    def slot_list(self, mask: int) -> list[int]:
        return [t for t in range(len(self.slots)) if mask >> t & 1]


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _name(value) -> str:
    return repr(value) if not isinstance(value, str) else f"'{value}'"


@dataclass
class _Reader:
    """Parsing state shared by the section readers below: the problems found and what is known so far."""

    problems: list[str] = field(default_factory=list)
    slots: list[str] = field(default_factory=list)
    slot_index: dict[str, int] = field(default_factory=dict)
    index: dict[str, int] = field(default_factory=dict)  # participant id -> number
    pair_of: dict[tuple[int, int], int] = field(default_factory=dict)  # (low, high) participant -> request
    req_pos: list[int] = field(default_factory=list)  # request -> its position in the input list

    def slot_mask(self, raw, label: str, what: str) -> int | None:
        """The bit mask of a list of slot ids; each unknown one is reported (``None`` if not a list)."""
        if not isinstance(raw, list):
            self.problems.append(f"{label}: {what} must be a list of slot ids")
            return None
        mask = 0
        for s in raw:
            if not isinstance(s, str) or s not in self.slot_index:
                self.problems.append(f"{label}: unknown slot {_name(s)} in {what}")
            else:
                mask |= 1 << self.slot_index[s]
        return mask


def parse_instance(instance: dict) -> Problem:
    """Validate ``instance`` and return its :class:`Problem`; raise :class:`InstanceError` listing all issues."""
    if not isinstance(instance, dict):
        raise InstanceError(["the instance must be a JSON object"])
    reader = _Reader()
    fmt = instance.get("format", INSTANCE_FORMAT)
    if fmt != INSTANCE_FORMAT:
        reader.problems.append(f"format must be '{INSTANCE_FORMAT}', not {_name(fmt)}")
    _read_slots(reader, instance.get("slots"))
    tables = _read_tables(reader, instance.get("tables"))
    sessions = _read_sessions(reader, instance.get("sessions"))
    ids, avail, max_meetings = _read_participants(reader, instance.get("participants"))
    req_a, req_b, req_w, req_slots = _read_requests(reader, instance.get("requests", []), avail)
    req_common = [avail[i] & avail[j] & m for i, j, m in zip(req_a, req_b, req_slots, strict=True)]
    problem = Problem(
        slots=reader.slots,
        tables=tables,
        ids=ids,
        avail=avail,
        cap=[
            min(mm if mm is not None else len(reader.slots), mask.bit_count())
            for mm, mask in zip(max_meetings, avail, strict=True)
        ],
        req_a=req_a,
        req_b=req_b,
        req_w=req_w,
        req_common=req_common,
        max_meetings=max_meetings,
        req_slots=req_slots,
        sessions=sessions,
    )
    _read_fixed(reader, instance.get("fixed", []), problem)
    if reader.problems:
        raise InstanceError(reader.problems)
    return problem


def _read_slots(reader: _Reader, raw_slots) -> None:
    if not isinstance(raw_slots, list) or not raw_slots:
        reader.problems.append("slots must be a non-empty list of slot ids")
        raw_slots = []
    for k, s in enumerate(raw_slots):
        if not isinstance(s, str) or not s:
            reader.problems.append(f"slots[{k}]: slot id must be a non-empty string, not {_name(s)}")
        elif s in reader.slot_index:
            reader.problems.append(f"slots[{k}]: duplicate slot id '{s}'")
        else:
            reader.slot_index[s] = len(reader.slots)
            reader.slots.append(s)


def _read_tables(reader: _Reader, raw_tables) -> list[int]:
    slots, problems = reader.slots, reader.problems
    tables = [0] * len(slots)
    if _is_int(raw_tables):
        if raw_tables < 0:
            problems.append(f"tables must not be negative, not {raw_tables}")
        return [max(raw_tables, 0)] * len(slots)
    if not isinstance(raw_tables, dict):
        problems.append("tables must be an integer or an object {slot id: integer}")
        return tables
    for s, n in raw_tables.items():
        if s not in reader.slot_index:
            problems.append(f"tables: unknown slot '{s}'")
        elif not _is_int(n) or n < 0:
            problems.append(f"tables['{s}']: must be a non-negative integer, not {_name(n)}")
        else:
            tables[reader.slot_index[s]] = n
    missing = [s for s in slots if s not in raw_tables]
    if missing:
        problems.append("tables: no table count for slot(s) " + ", ".join(f"'{s}'" for s in missing))
    return tables


def _read_sessions(reader: _Reader, raw) -> dict[str, int]:
    """Named groups of consecutive slots, in slot order, each slot in at most one session."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        reader.problems.append("sessions must be an object {session name: [slot ids]}")
        return {}
    sessions: dict[str, int] = {}
    owner: dict[int, str] = {}  # slot -> session that has it
    for name, members in raw.items():
        label = f"sessions['{name}']"
        if not name:
            reader.problems.append("sessions: a session name must be a non-empty string")
            continue
        mask = reader.slot_mask(members, label, "its slots")
        if mask is None:
            continue
        if not mask:
            reader.problems.append(f"{label}: a session needs at least one slot")
            continue
        positions = [reader.slot_index[s] for s in members if isinstance(s, str) and s in reader.slot_index]
        clash = sorted({owner[t] for t in positions if t in owner})
        if clash:
            shared = ", ".join(f"'{reader.slots[t]}'" for t in positions if t in owner)
            others = ", ".join(f"'{o}'" for o in clash)
            reader.problems.append(f"{label}: overlaps session(s) {others} (slot(s) {shared})")
        if len(set(positions)) != len(positions):
            reader.problems.append(f"{label}: a slot is listed twice")
        elif positions != sorted(positions):
            reader.problems.append(f"{label}: slots must be listed in slot order")
        low = mask & -mask
        if mask != ((1 << mask.bit_length()) - low):
            holes = [reader.slots[t] for t in range(low.bit_length() - 1, mask.bit_length()) if not mask >> t & 1]
            gap = ", ".join(f"'{s}'" for s in holes)
            reader.problems.append(f"{label}: slots are not consecutive (missing {gap} between them)")
        for t in positions:
            owner.setdefault(t, name)
        sessions[name] = mask
    return sessions


def _read_participants(reader: _Reader, raw) -> tuple[list[str], list[int], list[int | None]]:
    problems = reader.problems
    if not isinstance(raw, list):
        problems.append("participants must be a list")
        raw = []
    ids: list[str] = []
    avail: list[int] = []
    max_meetings: list[int | None] = []
    all_slots = (1 << len(reader.slots)) - 1
    for k, p in enumerate(raw):
        if not isinstance(p, dict):
            problems.append(f"participants[{k}]: must be an object")
            continue
        pid = p.get("id")
        if not isinstance(pid, str) or not pid:
            problems.append(f"participants[{k}]: id must be a non-empty string, not {_name(pid)}")
            continue
        if pid in reader.index:
            problems.append(f"participants[{k}]: duplicate participant id '{pid}'")
            continue
        label = f"participants[{k}] '{pid}'"
        if p.get("side", "any") not in SIDES:
            problems.append(f"{label}: side must be buyer, supplier or any, not {_name(p.get('side'))}")
        mask = all_slots
        if p.get("available") is not None:
            mask = reader.slot_mask(p["available"], label, "available") or 0
        mm = p.get("max_meetings")
        if mm is not None and (not _is_int(mm) or mm < 0):
            problems.append(f"{label}: max_meetings must be a non-negative integer, not {_name(mm)}")
            mm = None
        reader.index[pid] = len(ids)
        ids.append(pid)
        avail.append(mask)
        max_meetings.append(mm)
    return ids, avail, max_meetings


def _read_requests(reader: _Reader, raw, avail: list[int]) -> tuple[list[int], list[int], list[int], list[int]]:
    problems, index = reader.problems, reader.index
    if not isinstance(raw, list):
        problems.append("requests must be a list")
        raw = []
    req_a: list[int] = []
    req_b: list[int] = []
    req_w: list[int] = []
    req_slots: list[int] = []
    all_slots = (1 << len(reader.slots)) - 1
    for k, r in enumerate(raw):
        if not isinstance(r, dict):
            problems.append(f"requests[{k}]: must be an object")
            continue
        a, b = r.get("a"), r.get("b")
        label = f"requests[{k}] {_name(a)}–{_name(b)}"
        bad = False
        for end in (a, b):
            if not isinstance(end, str) or end not in index:
                problems.append(f"requests[{k}]: unknown participant {_name(end)}")
                bad = True
        w = r.get("weight", 1)
        if not _is_int(w) or w <= 0:
            problems.append(f"{label}: weight must be a positive integer, not {_name(w)}")
            bad = True
        only = all_slots
        if r.get("slots") is not None:
            only = reader.slot_mask(r["slots"], label, "slots")
            bad = bad or only is None
        if bad:
            continue
        if a == b:
            problems.append(f"requests[{k}]: '{a}' cannot meet itself")
            continue
        i, j = index[a], index[b]
        key = (min(i, j), max(i, j))
        if key in reader.pair_of:
            problems.append(
                f"requests[{k}]: duplicate pair '{a}'–'{b}' (already requests[{reader.req_pos[reader.pair_of[key]]}])"
            )
            continue
        if r.get("slots") is not None and not avail[i] & avail[j] & only:
            problems.append(f"{label}: none of its slots is in both participants' availability")
            continue
        reader.pair_of[key] = len(req_w)
        reader.req_pos.append(k)
        req_a.append(i)
        req_b.append(j)
        req_w.append(w)
        req_slots.append(only)
    return req_a, req_b, req_w, req_slots


def _read_fixed(reader: _Reader, raw, problem: Problem) -> None:  # noqa: C901 - one check per rule
    problems, index, slot_index = reader.problems, reader.index, reader.slot_index
    if not isinstance(raw, list):
        problems.append("fixed must be a list")
        raw = []
    fixed, tables, avail = problem.fixed, problem.tables, problem.avail
    fixed_pos: dict[int, int] = {}
    busy: dict[tuple[int, int], int] = {}  # (participant, slot) -> fixed position
    at_table: dict[tuple[int, int], int] = {}  # (slot, table) -> fixed position
    per_slot: dict[int, int] = {}
    per_participant = [0] * len(problem.ids)
    for k, f in enumerate(raw):
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
        r = reader.pair_of.get((min(i, j), max(i, j)))
        if r is None:
            problems.append(f"{label}: the pair is not among the requests (every fixed pair must also be a request)")
            continue
        if r in fixed:
            problems.append(f"{label}: the pair is already fixed by fixed[{fixed_pos[r]}]")
            continue
        if not problem.req_slots[r] >> t & 1:
            problems.append(f"{label}: outside the slots of its request (requests[{reader.req_pos[r]}])")
            bad = True
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
        per_slot[t] = per_slot.get(t, 0) + 1
        per_participant[i] += 1
        per_participant[j] += 1
    for t, n in per_slot.items():
        if n > tables[t]:
            problems.append(f"slot '{reader.slots[t]}': {n} fixed meetings but only {tables[t]} tables")
    for i, n in enumerate(per_participant):
        mm = problem.max_meetings[i]
        if mm is not None and n > mm:
            problems.append(f"participant '{problem.ids[i]}': {n} fixed meetings exceed max_meetings {mm}")
