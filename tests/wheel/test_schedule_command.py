"""The ``schedule_wheel`` command: works on the file alone, writes a valid schedule, fails clearly."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from helix.wheel.scheduler import check_schedule

ROOT = Path(__file__).resolve().parents[2]

INSTANCE = {
    "format": "helix-wheel/1",
    "slots": ["09:00", "09:20", "09:40"],
    "tables": 40,
    "participants": [
        {"id": "m13101", "side": "buyer", "available": ["09:00", "09:40"], "max_meetings": 6},
        {"id": "c17", "side": "supplier"},
        {"id": "u3", "side": "any"},
    ],
    "requests": [{"a": "m13101", "b": "c17", "weight": 3}, {"a": "c17", "b": "u3", "weight": 1}],
    "fixed": [{"a": "m13101", "b": "c17", "slot": "09:00", "table": 4}],
}


def write(tmp_path, data, name="instance.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_writes_a_valid_schedule(tmp_path, capsys):
    out = tmp_path / "schedule.json"
    call_command("schedule_wheel", instance=str(write(tmp_path, INSTANCE)), out=str(out), time_limit=2)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["format"] == "helix-wheel-schedule/1"
    assert check_schedule(INSTANCE, result) == []
    assert {"a": "m13101", "b": "c17", "slot": "09:00", "table": 4} in result["meetings"]
    assert result["stats"]["weight_scheduled"] == 4 == result["stats"]["upper_bound"]
    out = capsys.readouterr().out
    assert "2 of 2 requested meetings scheduled, weight 4 (optimal)" in out
    # c17 meets at 09:00 (fixed) and then u3: next to it, so nobody waits; every request is in, so it is proven.
    assert result["stats"]["breaks"] == 0 == result["stats"]["breaks_lower_bound"]
    assert "0 breaks (per participant 0-0, at least 0 possible)" in out


def test_invalid_instance_names_the_offending_entries(tmp_path):
    bad = {**INSTANCE, "requests": [*INSTANCE["requests"], {"a": "c17", "b": "nobody"}]}
    with pytest.raises(CommandError, match=r"requests\[2\]: unknown participant 'nobody'"):
        call_command("schedule_wheel", instance=str(write(tmp_path, bad)), out=str(tmp_path / "s.json"))
    assert not (tmp_path / "s.json").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "is not valid JSON"), ("[1, 2]", "the instance must be a JSON object")],
)
def test_malformed_json(tmp_path, content, message):
    with pytest.raises(CommandError, match=message):
        call_command("schedule_wheel", instance=str(write(tmp_path, content)), out=str(tmp_path / "s.json"))


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("schedule_wheel", instance=str(tmp_path / "nope.json"), out=str(tmp_path / "s.json"))


def test_exit_codes_from_the_command_line(tmp_path):
    """Run as organisers do, without a database: 0 on success, non-zero with the reason on stderr."""
    good, out = write(tmp_path, INSTANCE), tmp_path / "schedule.json"
    cmd = [sys.executable, "manage.py", "schedule_wheel", "--out", str(out), "--time-limit", "2"]
    env = {"DATABASE_URL": "sqlite:////nonexistent/dir/db.sqlite3", "PATH": "/usr/bin:/bin"}
    ok = subprocess.run([*cmd, "--instance", str(good)], cwd=ROOT, capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["stats"]["scheduled"] == 2
    bad = write(tmp_path, {**INSTANCE, "fixed": [{"a": "m13101", "b": "c17", "slot": "09:20"}]}, "bad.json")
    failed = subprocess.run([*cmd, "--instance", str(bad)], cwd=ROOT, capture_output=True, text=True, env=env)
    assert failed.returncode != 0
    assert "'m13101' is not available at '09:20'" in failed.stderr
