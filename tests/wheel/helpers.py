"""Test helpers: turn the meetings in the database back into a helix-wheel-schedule/1 document so the
scheduler's independent checker can validate what the app wrote."""

from helix.wheel.models import Meeting, Wheel


def db_schedule(instance: dict, wheel: Wheel) -> dict:
    meetings = [
        {"a": m.a.code, "b": m.b.code, "slot": m.slot.code, "table": m.table}
        for m in wheel.meetings.filter(status__in=Meeting.LIVE).select_related("slot", "a", "b")
    ]
    weights = {frozenset((r["a"], r["b"])): r.get("weight", 1) for r in instance["requests"]}
    placed = {frozenset((m["a"], m["b"])) for m in meetings}
    unscheduled = [
        {"a": r["a"], "b": r["b"], "reason": "not placed"}
        for r in instance["requests"]
        if frozenset((r["a"], r["b"])) not in placed
    ]
    weight = sum(weights.get(p, 0) for p in placed)
    return {
        "format": "helix-wheel-schedule/1",
        "meetings": meetings,
        "unscheduled": unscheduled,
        "stats": {
            "requests": len(weights),
            "scheduled": len(meetings),
            "weight_requested": sum(weights.values()),
            "weight_scheduled": weight,
            "upper_bound": sum(weights.values()),
            "seconds": 0,
            "method": "db",
        },
    }
