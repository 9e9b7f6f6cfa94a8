"""Each way an instance can be invalid is rejected with a message naming the offending entries."""

import copy

import pytest

from helix.wheel.scheduler import InstanceError, schedule, validate_instance

BASE = {
    "format": "helix-wheel/1",
    "slots": ["09:00", "09:20", "09:40"],
    "tables": 2,
    "participants": [
        {"id": "m1", "side": "buyer", "available": ["09:00", "09:40"], "max_meetings": 2},
        {"id": "c1", "side": "supplier"},
        {"id": "c2", "side": "supplier"},
        {"id": "u1", "side": "any"},
    ],
    "requests": [
        {"a": "m1", "b": "c1", "weight": 3},
        {"a": "m1", "b": "c2", "weight": 2},
        {"a": "c1", "b": "u1"},
        {"a": "c2", "b": "u1", "weight": 1},
    ],
    "fixed": [{"a": "m1", "b": "c1", "slot": "09:00", "table": 2}],
}


def variant(change):
    instance = copy.deepcopy(BASE)
    change(instance)
    return instance


def problems_of(instance):
    with pytest.raises(InstanceError) as info:
        validate_instance(instance)
    with pytest.raises(InstanceError):
        schedule(instance, time_limit=1)
    return info.value.problems


def test_base_instance_is_valid():
    validate_instance(BASE)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda i: i.update(format="helix-wheel/2"), "format must be 'helix-wheel/1'"),
        (lambda i: i.update(slots=[]), "slots must be a non-empty list"),
        (lambda i: i["slots"].append("09:00"), "slots[3]: duplicate slot id '09:00'"),
        (lambda i: i.update(tables=-1), "tables must not be negative"),
        (lambda i: i.update(tables="many"), "tables must be an integer or an object"),
        (lambda i: i.update(tables={"09:00": 2, "09:20": 2}), "no table count for slot(s) '09:40'"),
        (lambda i: i.update(tables={"09:00": 2, "09:20": 2, "09:40": 1, "10:00": 1}), "tables: unknown slot '10:00'"),
        (lambda i: i.update(tables={"09:00": 2, "09:20": "x", "09:40": 1}), "tables['09:20']: must be a non-negative"),
        (
            lambda i: i["participants"].append({"id": "c1", "side": "supplier"}),
            "participants[4]: duplicate participant id 'c1'",
        ),
        (lambda i: i["participants"][1].update(side="seller"), "participants[1] 'c1': side must be"),
        (lambda i: i["participants"][1].update(available=["08:00"]), "'c1': unknown slot '08:00' in available"),
        (lambda i: i["participants"][1].update(max_meetings=-2), "'c1': max_meetings must be a non-negative integer"),
        (lambda i: i["requests"].append({"a": "m1", "b": "zz9"}), "requests[4]: unknown participant 'zz9'"),
        (
            lambda i: i["requests"].append({"a": "c1", "b": "m1"}),
            "requests[4]: duplicate pair 'c1'–'m1' (already requests[0])",
        ),
        (lambda i: i["requests"].append({"a": "c1", "b": "c1"}), "requests[4]: 'c1' cannot meet itself"),
        (lambda i: i["requests"][2].update(weight=0), "requests[2] 'c1'–'u1': weight must be a positive integer"),
        (lambda i: i["requests"][2].update(weight=1.5), "weight must be a positive integer, not 1.5"),
        (
            lambda i: i["fixed"].append({"a": "x", "b": "c2", "slot": "09:00"}),
            "fixed[1] 'x'–'c2' at '09:00': unknown participant 'x'",
        ),
        (
            lambda i: i["fixed"].append({"a": "c2", "b": "u1", "slot": "10:00"}),
            "fixed[1] 'c2'–'u1' at '10:00': unknown slot",
        ),
        (
            lambda i: i["fixed"].append({"a": "m1", "b": "c2", "slot": "09:20"}),
            "fixed[1] 'm1'–'c2' at '09:20': 'm1' is not available",
        ),
        (
            lambda i: i["fixed"].append({"a": "m1", "b": "c2", "slot": "09:00"}),
            "collides with fixed[0] ('m1' would have two meetings",
        ),
        (
            lambda i: i["fixed"].append({"a": "c2", "b": "u1", "slot": "09:00", "table": 2}),
            "collides with fixed[0] (same slot and table 2)",
        ),
        (lambda i: i["fixed"].append({"a": "c2", "b": "u1", "slot": "09:20", "table": 3}), "table 3 is outside 1..2"),
        (lambda i: i["fixed"].append({"a": "c1", "b": "m1", "slot": "09:40"}), "the pair is already fixed by fixed[0]"),
        (lambda i: i["fixed"].append({"a": "c2", "b": "c1", "slot": "09:40"}), "the pair is not among the requests"),
        (lambda i: i["participants"][0].update(max_meetings=0), "'m1': 1 fixed meetings exceed max_meetings 0"),
        (lambda i: i.update(sessions={"morning": ["09:00", "10:00"]}), "sessions['morning']: unknown slot '10:00'"),
        (
            lambda i: i.update(sessions={"morning": ["09:00", "09:20"], "late": ["09:20", "09:40"]}),
            "sessions['late']: overlaps session(s) 'morning' (slot(s) '09:20')",
        ),
        (
            lambda i: i.update(sessions={"odd": ["09:00", "09:40"]}),
            "sessions['odd']: slots are not consecutive (missing '09:20' between them)",
        ),
        (
            lambda i: i.update(sessions={"back": ["09:20", "09:00"]}),
            "sessions['back']: slots must be listed in slot order",
        ),
        (lambda i: i.update(sessions={"none": []}), "sessions['none']: a session needs at least one slot"),
        (lambda i: i.update(sessions=["09:00"]), "sessions must be an object"),
        (
            lambda i: i["requests"][1].update(slots=["09:20"]),
            "requests[1] 'm1'–'c2': none of its slots is in both participants' availability",
        ),
        (lambda i: i["requests"][2].update(slots=["11:00"]), "requests[2] 'c1'–'u1': unknown slot '11:00' in slots"),
        (
            lambda i: i["requests"][0].update(slots=["09:40"]),
            "fixed[0] 'm1'–'c1' at '09:00': outside the slots of its request (requests[0])",
        ),
    ],
)
def test_invalid_instances_are_rejected_naming_the_entries(change, expected):
    problems = problems_of(variant(change))
    assert any(expected in p for p in problems), problems


def test_more_fixed_meetings_than_tables_in_a_slot():
    def change(i):
        i["tables"] = {"09:00": 1, "09:20": 1, "09:40": 1}
        i["fixed"] = [{"a": "m1", "b": "c1", "slot": "09:00"}, {"a": "c2", "b": "u1", "slot": "09:00"}]

    assert "slot '09:00': 2 fixed meetings but only 1 tables" in problems_of(variant(change))


def test_all_problems_are_reported_at_once():
    def change(i):
        i["requests"].append({"a": "m1", "b": "ghost"})
        i["requests"].append({"a": "c2", "b": "m1"})

    problems = problems_of(variant(change))
    assert len(problems) == 2
    assert "ghost" in str(InstanceError(problems))


@pytest.mark.parametrize("bad", [[], "text", None, 3])
def test_non_object_instance(bad):
    with pytest.raises(InstanceError):
        validate_instance(bad)


def test_sessions_and_request_slots_are_accepted():
    def change(i):
        i["sessions"] = {"morning": ["09:00", "09:20"], "afternoon": ["09:40"]}
        i["requests"][1]["slots"] = ["09:40"]  # tied to the afternoon
        i["requests"][0]["slots"] = ["09:00", "09:20"]  # the fixed meeting is inside it

    validate_instance(variant(change))
