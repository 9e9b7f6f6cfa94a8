"""Rescheduling after publishing: published meetings (passed as fixed, with their table) never move, while
late registrations and new requests are absorbed around them."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helix.wheel.scheduler import check_schedule, compare_schedules, schedule
from helix.wheel.scheduler.solution import idle_gaps_of_mask

from .strategies import instances


def publish(instance, result, keep):
    """The instance after publishing ``keep`` of the scheduled meetings (all fixed at slot and table)."""
    fixed = [dict(m) for m in result["meetings"] if keep(m)]
    return {**instance, "fixed": fixed}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(with_fixed=False), st.data())
def test_published_meetings_stay_put_when_requests_arrive(instance, data):
    first = schedule(instance, time_limit=1)
    published = publish(instance, first, lambda m: data.draw(st.booleans()))
    # New requests between existing participants, plus a late registration with requests.
    ids = [p["id"] for p in instance["participants"]]
    existing = {frozenset((r["a"], r["b"])) for r in instance["requests"]}
    late = {"id": "late", "side": "any", "available": instance["slots"][-2:]}
    extra = [{"a": "late", "b": i, "weight": 2} for i in ids[:3]]
    for a, b in data.draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=5)):
        if a != b and frozenset((a, b)) not in existing:
            existing.add(frozenset((a, b)))
            extra.append({"a": a, "b": b, "weight": 3})
    changed = {
        **published,
        "participants": [*instance["participants"], late],
        "requests": [*instance["requests"], *extra],
    }
    second = schedule(changed, time_limit=1)
    assert check_schedule(changed, second) == []
    placed = {frozenset((m["a"], m["b"])): (m["slot"], m["table"]) for m in second["meetings"]}
    for m in published["fixed"]:
        assert placed[frozenset((m["a"], m["b"]))] == (m["slot"], m["table"])
    changes = compare_schedules({"meetings": published["fixed"]}, second)
    assert changes["moved"] == [] and changes["removed"] == []
    # Publishing everything and changing nothing reproduces the first schedule's weight exactly.
    all_published = publish(instance, first, lambda m: True)
    again = schedule(all_published, time_limit=1)
    assert again["stats"]["weight_scheduled"] >= first["stats"]["weight_scheduled"]


def test_a_cancellation_frees_the_slot_for_others():
    instance = {
        "format": "helix-wheel/1",
        "slots": ["09:00", "09:20"],
        "tables": 1,
        "participants": [{"id": x, "side": "any"} for x in ("m1", "m2", "c1", "c2")],
        "requests": [
            {"a": "m1", "b": "c1", "weight": 3},
            {"a": "m2", "b": "c2", "weight": 3},
            {"a": "m2", "b": "c1", "weight": 1},
        ],
    }
    first = schedule(instance, time_limit=1)
    assert first["stats"]["weight_scheduled"] == 6
    # c2 cancels: the published m1-c1 meeting stays, m2-c1 takes the freed table.
    kept = [dict(m) for m in first["meetings"] if "c2" not in (m["a"], m["b"])]
    after = {
        **instance,
        "participants": [p for p in instance["participants"] if p["id"] != "c2"],
        "requests": [r for r in instance["requests"] if "c2" not in (r["a"], r["b"])],
        "fixed": kept,
    }
    second = schedule(after, time_limit=1)
    assert check_schedule(after, second) == []
    assert kept[0] in second["meetings"]
    assert second["stats"]["weight_scheduled"] == 4


def test_idle_gap_definition():
    # Meetings in slots 0 and 3; available everywhere: slots 1 and 2 are idle.
    assert idle_gaps_of_mask(0b1001, 0b1111) == 2
    # Not available in slot 2 (a break they chose): only slot 1 counts.
    assert idle_gaps_of_mask(0b1001, 0b1011) == 1
    # One meeting or none: no gap; outside the first..last span never counts.
    assert idle_gaps_of_mask(0b0100, 0b1111) == 0
    assert idle_gaps_of_mask(0, 0b1111) == 0
    assert idle_gaps_of_mask(0b0110, 0b1111) == 0


def test_progress_is_reported():
    events = []
    instance = {
        "format": "helix-wheel/1",
        "slots": ["a", "b"],
        "tables": 1,
        "participants": [{"id": "x", "side": "buyer"}, {"id": "y", "side": "supplier"}, {"id": "z", "side": "any"}],
        "requests": [{"a": "x", "b": "y"}, {"a": "x", "b": "z"}, {"a": "y", "b": "z"}],
    }
    result = schedule(instance, time_limit=1, progress=events.append)
    assert events[0]["phase"] == "greedy"
    assert events[-1] == {**events[-1], "phase": "done", "weight": 2, "upper_bound": 2}
    assert all({"phase", "weight", "upper_bound", "seconds"} <= e.keys() for e in events)
    assert result["stats"]["optimal"] is True


def test_compare_schedules_reports_what_changed():
    old = {
        "meetings": [
            {"a": "m1", "b": "c1", "slot": "09:00", "table": 1},
            {"a": "m2", "b": "c2", "slot": "09:00", "table": 2},
            {"a": "m3", "b": "c3", "slot": "09:20", "table": 1},
        ]
    }
    new = {
        "meetings": [
            {"a": "c1", "b": "m1", "slot": "09:00", "table": 1},  # same pair, same place: unchanged
            {"a": "m2", "b": "c2", "slot": "09:20", "table": 2},  # moved
            {"a": "m4", "b": "c3", "slot": "09:00", "table": 2},  # added; m3-c3 removed
        ]
    }
    changes = compare_schedules(old, new)
    assert changes["added"] == [{"a": "m4", "b": "c3", "slot": "09:00", "table": 2}]
    assert changes["removed"] == [{"a": "m3", "b": "c3", "slot": "09:20", "table": 1}]
    assert changes["moved"] == [
        {"a": "m2", "b": "c2", "from": {"slot": "09:00", "table": 2}, "to": {"slot": "09:20", "table": 2}}
    ]
    assert compare_schedules(new, new) == {"added": [], "removed": [], "moved": []}
