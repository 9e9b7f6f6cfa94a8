"""What changed between two schedules of the same wheel (for re-scheduling after publication)."""

from __future__ import annotations


def _key(meeting: dict) -> frozenset:
    return frozenset((meeting["a"], meeting["b"]))


def compare_schedules(old: dict, new: dict) -> dict:
    """Meetings ``added``, ``removed`` and ``moved`` (slot or table changed) from ``old`` to ``new``.

    Pairs are unordered; ``moved`` entries carry ``from`` and ``to`` as ``{"slot", "table"}``. Lists are
    sorted by (slot, table) of the meeting's new (or, for removals, old) place, so the report is stable."""
    before = {_key(m): m for m in old.get("meetings", [])}
    after = {_key(m): m for m in new.get("meetings", [])}
    added = [after[k] for k in after.keys() - before.keys()]
    removed = [before[k] for k in before.keys() - after.keys()]
    moved = []
    for k in before.keys() & after.keys():
        was, now = before[k], after[k]
        if (was["slot"], was["table"]) != (now["slot"], now["table"]):
            moved.append(
                {
                    "a": now["a"],
                    "b": now["b"],
                    "from": {"slot": was["slot"], "table": was["table"]},
                    "to": {"slot": now["slot"], "table": now["table"]},
                }
            )

    def place(m: dict) -> tuple:
        where = m.get("to", m)
        return (str(where["slot"]), where["table"], m["a"], m["b"])

    return {"added": sorted(added, key=place), "removed": sorted(removed, key=place), "moved": sorted(moved, key=place)}
