"""`manage.py match`: files only, bad rows reported with file and line, the rest still matched."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

CHALLENGES = """id,title,description,region,tags
C1,Fugas en el APR,"El comité de agua potable rural pierde agua por cañerías rotas.",4,water
C2,Sin descripción,,5,
C1,Duplicado,"Otra vez el mismo id.",5,
C3,Región inventada,"Micros atrasadas en el paradero.",17,
C4,Micros atrasadas,"Los vecinos esperan la micro sin saber cuándo llega.",,mobility;notatag
"""

SOLUTIONS = """id,title,description,provider,sector,regions,tags
S1,Leak detection,"Acoustic leak detection and telemetry for rural water systems.",AquaSense,company,*,water
S2,Real-time bus tracking,"GPS on buses and arrival times at every stop.",TransitCo,company,4;5;13,transport
S3,Bad sector,"Something.",X,pirates,*,
S4,Bad regions,"Something.",X,company,4;99,
S5,Centro de esquí,"Clases de esquí.",Nevados,company,8,
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(tmp_path, challenges, solutions, *extra):
    ch = write(tmp_path, "challenges.csv", challenges)
    so = write(tmp_path, "solutions.csv", solutions)
    out = tmp_path / "matches.json"
    err = StringIO()
    call_command(
        "match",
        "--challenges",
        str(ch),
        "--solutions",
        str(so),
        "--out",
        str(out),
        "--no-embeddings",
        *extra,
        stderr=err,
    )
    return json.loads(out.read_text(encoding="utf-8")), err.getvalue(), ch, so


def test_bad_rows_reported_with_file_line_and_column_rest_matched(tmp_path):
    result, err, ch, so = run(tmp_path, CHALLENGES, SOLUTIONS)
    assert f"{ch}:3: description: empty description" in err
    assert f"{ch}:4: id: duplicate id 'C1' (first on line 2)" in err
    assert f"{ch}:5: region: unknown region code '17'" in err
    assert f"{ch}:6: tags: unknown taxonomy code 'notatag'" in err
    assert f"{so}:4: sector: unknown sector 'pirates'" in err
    assert f"{so}:5: regions: unknown region code '99'" in err
    assert result["format"] == "helix-matches/1"
    assert set(result["matches"]) == {"C1", "C4"}
    assert result["matches"]["C1"][0]["solution"] == "S1"
    assert result["matches"]["C4"][0]["solution"] == "S2"
    returned = {m["solution"] for ms in result["matches"].values() for m in ms}
    assert not returned & {"S3", "S4"}


def test_output_format(tmp_path):
    result, _, _, _ = run(tmp_path, CHALLENGES, SOLUTIONS, "--top", "1")
    assert set(result) == {"format", "matches"}
    for matches in result["matches"].values():
        assert len(matches) <= 1
        for m in matches:
            assert set(m) == {"solution", "score", "why"}
            assert 0 < m["score"] <= 1
            assert all(isinstance(w, str) for w in m["why"])
    assert "región 4" in result["matches"]["C1"][0]["why"]


def test_missing_required_column_is_reported_and_nothing_usable_exits_non_zero(tmp_path):
    with pytest.raises(CommandError, match="no usable challenges"):
        run(tmp_path, "id,title,region\nC1,Agua,4\n", SOLUTIONS)


def test_missing_optional_column_is_reported_but_rows_still_match(tmp_path):
    result, err, ch, _ = run(tmp_path, "id,title,description\nC1,Fugas,Fugas de agua potable rural.\n", SOLUTIONS)
    assert f"{ch}:1: region: missing column" in err
    assert result["matches"]["C1"][0]["solution"] == "S1"


def test_no_usable_solution_exits_non_zero(tmp_path):
    with pytest.raises(CommandError, match="no usable solutions"):
        run(tmp_path, CHALLENGES, "id,title,description,provider,sector,regions,tags\nS1,X,,P,company,*,\n")


def test_wrong_field_count_and_multiline_rows_keep_real_line_numbers(tmp_path):
    text = 'id,title,description,region,tags\nC1,A,"línea uno\nlínea dos de agua potable",4,\nC2,B\nC3,C,"",4,\n'
    _, err, ch, _ = run(tmp_path, text, SOLUTIONS)
    assert f"{ch}:4: -: 2 fields where the header has 5" in err
    assert f"{ch}:5: description: empty description" in err


def test_exit_code_through_manage_py(tmp_path):
    """The real process: status 0 with problems, non-zero when nothing is usable."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    ch = write(tmp_path, "c.csv", CHALLENGES)
    so = write(tmp_path, "s.csv", SOLUTIONS)
    bad = write(tmp_path, "bad.csv", "nothing,here\n1,2\n")
    ok = subprocess.run(
        [sys.executable, "manage.py", "match", "--challenges", ch, "--solutions", so, "--no-embeddings"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["format"] == "helix-matches/1"
    assert "empty description" in ok.stderr
    failed = subprocess.run(
        [sys.executable, "manage.py", "match", "--challenges", bad, "--solutions", so, "--no-embeddings"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert failed.returncode != 0
    assert f"{bad}:1: id: missing column" in failed.stderr


def test_non_utf8_row_is_reported_and_skipped_rest_matched(tmp_path):
    ch = tmp_path / "latin1.csv"
    ch.write_bytes(
        b"id,title,description,region,tags\nC1,Fugas,Fugas de agua potable rural,4,\n"
        + "C2,Cañería,Rotura de cañería,4,\n".encode("latin-1")
    )
    so = write(tmp_path, "solutions.csv", SOLUTIONS)
    out = tmp_path / "m.json"
    err = StringIO()
    call_command(
        "match", "--challenges", str(ch), "--solutions", str(so), "--out", str(out), "--no-embeddings", stderr=err
    )
    assert f"{ch}:3: -: not valid UTF-8" in err.getvalue()
    assert set(json.loads(out.read_text(encoding="utf-8"))["matches"]) == {"C1"}


def test_unwritable_output_is_a_clear_error(tmp_path):
    ch = write(tmp_path, "c.csv", CHALLENGES)
    so = write(tmp_path, "s.csv", SOLUTIONS)
    with pytest.raises(CommandError, match="cannot write the output"):
        call_command(
            "match",
            "--challenges",
            str(ch),
            "--solutions",
            str(so),
            "--out",
            str(tmp_path / "no" / "x.json"),
            "--no-embeddings",
            stderr=StringIO(),
        )
