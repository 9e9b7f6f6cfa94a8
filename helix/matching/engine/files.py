"""Bulk matching from CSV files (format: shared/formats/matching.md), without a database.

Every bad row is reported as "file:line: column: message" and skipped (or, for a harmless defect
such as an unknown tag, the value is ignored and the row kept); the rest is still matched.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .matcher import Doc, Matcher

FORMAT = "helix-matches/1"
SECTORS = frozenset({"company", "academia", "government", "civil_society"})
REGION_CODES = frozenset(range(1, 17))
TAXONOMY_CSV = Path(__file__).resolve().parents[2] / "network" / "data" / "taxonomy.csv"

CHALLENGE_COLUMNS = ("id", "title", "description", "region", "tags")
SOLUTION_COLUMNS = ("id", "title", "description", "provider", "sector", "regions", "tags")
REQUIRED = ("id", "title", "description")


@dataclass
class Loaded:
    docs: list[Doc]
    problems: list[str]

    @property
    def usable(self) -> bool:
        return bool(self.docs)


def taxonomy_codes() -> frozenset[str]:
    try:
        with open(TAXONOMY_CSV, encoding="utf-8", newline="") as fh:
            return frozenset(row["code"] for row in csv.DictReader(fh))
    except OSError:  # running the engine outside the repository: accept any tag
        return frozenset()


def _decode(path: Path, problems: list[str]) -> tuple[str, set[int]] | None:
    """File text and the numbers of lines that are not valid UTF-8 (decoded with U+FFFD there)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(f"{path}:0: -: cannot open file ({exc.strerror or exc})")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), set()
    except UnicodeDecodeError:
        pass
    bad: set[int] = set()
    lines = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            bad.add(number)
            lines.append(raw.decode("utf-8", errors="replace"))
    return "\n".join(lines), bad


def _rows(path: Path, expected: tuple[str, ...], problems: list[str]):
    """Yield (line, row dict) for each data row; header and structure problems go to `problems`."""
    name = str(path)
    decoded = _decode(path, problems)
    if decoded is None:
        return
    text, bad_lines = decoded
    reader = csv.reader(io.StringIO(text, newline=""))
    header = _header(reader, name, expected, bad_lines, problems)
    if header is not None:
        yield from _data_rows(reader, header, name, bad_lines, problems)


def _header(reader, name: str, expected: tuple[str, ...], bad_lines: set[int], problems: list[str]) -> list[str] | None:
    """The normalised header row, or None when no row can be used (the reason goes to `problems`)."""
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problems.append(f"{name}:1: -: unreadable header ({exc})")
        return None
    if not header:
        problems.append(f"{name}:1: -: empty file (expected a header row: {', '.join(expected)})")
        return None
    if 1 in bad_lines:
        problems.append(f"{name}:1: -: header is not valid UTF-8 (save the file as UTF-8)")
    header = [h.strip().lower() for h in header]
    missing = [c for c in expected if c not in header]
    for col in missing:
        fatal = col in REQUIRED
        problems.append(
            f"{name}:1: {col}: missing column"
            + ("; no row can be used" if fatal else "; treated as empty in every row")
        )
    if any(c in REQUIRED for c in missing):
        return None
    return header


def _data_rows(reader, header: list[str], name: str, bad_lines: set[int], problems: list[str]):
    """Yield (line, row dict) for each well-formed data row after the header; skipped rows go to `problems`."""
    seen_line = 1
    while True:
        start = seen_line + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(f"{name}:{start}: -: malformed CSV ({exc}); rest of file skipped")
            return
        seen_line = reader.line_num
        if not any(v.strip() for v in values):
            continue  # blank line
        if bad_lines.intersection(range(start, seen_line + 1)):
            problems.append(f"{name}:{start}: -: not valid UTF-8 (save the file as UTF-8); row skipped")
            continue
        if len(values) != len(header):
            problems.append(f"{name}:{start}: -: {len(values)} fields where the header has {len(header)}; row skipped")
            continue
        yield start, dict(zip(header, (v.strip() for v in values)))


def _common(name: str, line: int, row: dict, seen: dict[str, int], problems: list[str]) -> bool:
    doc_id = row.get("id", "")
    if not doc_id:
        problems.append(f"{name}:{line}: id: empty id; row skipped")
        return False
    if doc_id in seen:
        problems.append(f"{name}:{line}: id: duplicate id '{doc_id}' (first on line {seen[doc_id]}); row skipped")
        return False
    if not row.get("description"):
        problems.append(f"{name}:{line}: description: empty description; row skipped")
        return False
    seen[doc_id] = line
    return True


def _tags(name: str, line: int, value: str, known: frozenset[str], problems: list[str]) -> frozenset[str]:
    tags = set()
    for tag in (t.strip().lower() for t in (value or "").split(";")):
        if not tag:
            continue
        if known and tag not in known:
            problems.append(f"{name}:{line}: tags: unknown taxonomy code '{tag}'; tag ignored")
            continue
        tags.add(tag)
    return frozenset(tags)


def _region(value: str) -> int | None:
    try:
        code = int(value)
    except ValueError:
        return None
    return code if code in REGION_CODES else None


def read_challenges(path: str | Path) -> Loaded:
    path = Path(path)
    problems: list[str] = []
    docs: list[Doc] = []
    seen: dict[str, int] = {}
    known = taxonomy_codes()
    for line, row in _rows(path, CHALLENGE_COLUMNS, problems):
        if not _common(str(path), line, row, seen, problems):
            continue
        raw = row.get("region", "")
        regions = None
        if raw:
            code = _region(raw)
            if code is None:
                problems.append(f"{path}:{line}: region: unknown region code '{raw}' (expected 1–16); row skipped")
                del seen[row["id"]]
                continue
            regions = frozenset({code})
        docs.append(
            Doc(
                id=row["id"],
                title=row.get("title", ""),
                description=row["description"],
                regions=regions,
                tags=_tags(str(path), line, row.get("tags", ""), known, problems),
            )
        )
    return Loaded(docs, problems)


def read_solutions(path: str | Path) -> Loaded:
    path = Path(path)
    problems: list[str] = []
    docs: list[Doc] = []
    seen: dict[str, int] = {}
    known = taxonomy_codes()
    for line, row in _rows(path, SOLUTION_COLUMNS, problems):
        if not _common(str(path), line, row, seen, problems):
            continue
        sector = row.get("sector", "")
        if sector and sector not in SECTORS:
            problems.append(
                f"{path}:{line}: sector: unknown sector '{sector}' (expected {', '.join(sorted(SECTORS))}); row skipped"
            )
            del seen[row["id"]]
            continue
        raw = row.get("regions", "")
        regions: frozenset[int] | None = None
        if raw and raw != "*":
            codes = [p.strip() for p in raw.split(";") if p.strip()]
            bad = [c for c in codes if _region(c) is None]
            if bad or not codes:
                problems.append(
                    f"{path}:{line}: regions: unknown region code '{';'.join(bad) or raw}' "
                    "(expected 1–16 separated by ';', or '*'); row skipped"
                )
                del seen[row["id"]]
                continue
            regions = frozenset(int(c) for c in codes)
        docs.append(
            Doc(
                id=row["id"],
                title=row.get("title", ""),
                description=row["description"],
                regions=regions,
                tags=_tags(str(path), line, row.get("tags", ""), known, problems),
                extra=row.get("provider", ""),
            )
        )
    return Loaded(docs, problems)


def match_docs(challenges: Iterable[Doc], solutions: Iterable[Doc], *, top: int = 10, matcher=None) -> dict:
    """helix-matches/1 dict: every challenge → its best `top` solutions."""
    matcher = matcher if matcher is not None else Matcher()
    matcher.build(solutions)
    matches = {}
    for ch in challenges:
        matches[ch.id] = [{"solution": m.id, "score": m.score, "why": list(m.why)} for m in matcher.query(ch, top=top)]
    return {"format": FORMAT, "matches": matches}


def match_files(challenges_csv, solutions_csv, *, top: int = 10, matcher=None) -> tuple[dict, list[str]]:
    """Read both files, match, and return (helix-matches/1 dict, problems "file:line: column: message")."""
    ch = read_challenges(challenges_csv)
    so = read_solutions(solutions_csv)
    result = match_docs(ch.docs, so.docs, top=top, matcher=matcher)
    return result, ch.problems + so.problems
