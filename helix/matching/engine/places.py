"""Chilean place names (communes, regions) removed from texts before matching.

Place names are matched by the region channel, not by words: "Puente Alto" is not about bridges,
"Puerto Montt" is not about ports, and "Cabildo" the commune is not a town-hall meeting. Names are
read from helix/territory/data (plain CSV); without those files nothing is removed.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from .text import words

TERRITORY = Path(__file__).resolve().parents[2] / "territory" / "data"


@lru_cache(maxsize=1)
def place_table() -> tuple[dict[str, int], frozenset[tuple[str, ...]]]:
    """(first word → longest name length, set of folded name word-tuples)."""
    names: set[tuple[str, ...]] = set()
    for filename, column in (("chile_communes.csv", "commune"), ("chile_regions.csv", "region_name")):
        try:
            with open(TERRITORY / filename, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    key = tuple(words(row.get(column, "")))
                    if key:
                        names.add(key)
        except OSError:
            continue
    starts: dict[str, int] = {}
    for key in names:
        starts[key[0]] = max(starts.get(key[0], 0), len(key))
    return starts, frozenset(names)


def strip_places(tokens: list[str]) -> list[str]:
    """`tokens` without any commune or region name (longest match first)."""
    starts, names = place_table()
    if not starts or starts.keys().isdisjoint(tokens):
        return tokens
    out: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        longest = starts.get(tokens[i])
        if longest:
            for size in range(min(longest, n - i), 0, -1):
                if tuple(tokens[i : i + size]) in names:
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        else:
            out.append(tokens[i])
            i += 1
    return out
