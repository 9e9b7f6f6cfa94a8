"""The independent checker catches every kind of invalid schedule (so the property tests can fail)."""

import copy

import pytest

from helix.wheel.scheduler import check_schedule, schedule

INSTANCE = {
    "format": "helix-wheel/1",
    "slots": ["09:00", "09:20", "09:40"],
    "tables": {"09:00": 2, "09:20": 1, "09:40": 2},
    "participants": [
        {"id": "m1", "side": "buyer", "available": ["09:00", "09:40"], "max_meetings": 2},
        {"id": "m2", "side": "buyer"},
        {"id": "c1", "side": "supplier"},
        {"id": "c2", "side": "supplier", "max_meetings": 1},
    ],
    "requests": [
        {"a": "m1", "b": "c1", "weight": 3},
        {"a": "m1", "b": "c2", "weight": 2},
        {"a": "m2", "b": "c1"},
        {"a": "m2", "b": "c2"},
    ],
    "fixed": [{"a": "m1", "b": "c1", "slot": "09:00", "table": 2}],
}


@pytest.fixture(scope="module")
def good():
    result = schedule(INSTANCE, time_limit=2)
    assert check_schedule(INSTANCE, result) == []
    return result


def broken(good, change):
    result = copy.deepcopy(good)
    change(result)
    return check_schedule(INSTANCE, result)


def meeting(result, a, b):
    return next(m for m in result["meetings"] if {m["a"], m["b"]} == {a, b})


def test_schedule_is_optimal_here(good):
    # m1-c1 fixed (3); c2 can take one meeting: m1-c2 (2) beats m2-c2 (1); m2-c1 fits in another slot.
    assert good["stats"]["weight_scheduled"] == 6 == good["stats"]["upper_bound"]
    assert good["stats"]["optimal"] is True


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r.update(format="x"), "format must be"),
        (lambda r: r["meetings"].append({"a": "m2", "b": "m1", "slot": "09:40", "table": 2}), "not a requested pair"),
        (lambda r: r["meetings"].append(dict(r["meetings"][-1])), "scheduled more than once"),
        (lambda r: meeting(r, "m1", "c2").update(slot="09:20", table=1), "m1 is not available"),
        (lambda r: meeting(r, "m1", "c1").update(table=3), "table 3 outside 1..2"),
        (lambda r: meeting(r, "m1", "c1").update(slot="09:40"), "fixed[0] m1–c1: not kept at 09:00"),
        (lambda r: meeting(r, "m1", "c1").update(table=1), "not kept at table 2"),
        (lambda r: r["stats"].update(weight_scheduled=99), "stats.weight_scheduled is 99"),
        (lambda r: r["stats"].update(upper_bound=1), "below the scheduled weight"),
        (lambda r: r["stats"].pop("method"), "stats.method missing"),
        (lambda r: r["unscheduled"].clear(), "neither scheduled nor unscheduled"),
        (lambda r: r["unscheduled"][0].update(reason=""), "no reason given"),
    ],
)
def test_violations_are_reported(good, change, expected):
    violations = broken(good, change)
    assert any(expected in v for v in violations), violations


def test_double_booking_same_slot_and_caps(good):
    result = copy.deepcopy(good)
    m2c2 = next(u for u in result["unscheduled"] if {u["a"], u["b"]} == {"m2", "c2"})
    result["unscheduled"].remove(m2c2)
    slot = meeting(result, "m1", "c2")["slot"]
    result["meetings"].append({"a": "m2", "b": "c2", "slot": slot, "table": 1})
    result["stats"].update(scheduled=len(result["meetings"]), weight_scheduled=7, upper_bound=7)
    violations = check_schedule(INSTANCE, result)
    assert any("c2 has two meetings in this slot" in v for v in violations)
    assert any("c2: 2 meetings exceed max_meetings 1" in v for v in violations)
    assert any("used twice in this slot" in v for v in violations)


def test_malformed_documents_are_reported_not_raised(good):
    assert check_schedule(INSTANCE, {"format": "helix-wheel-schedule/1", "meetings": "x"}) == [
        "meetings must be a list"
    ]
    broken_instance = {**INSTANCE, "participants": [{"side": "buyer"}]}
    assert "cannot check the schedule" in check_schedule(broken_instance, good)[0]
