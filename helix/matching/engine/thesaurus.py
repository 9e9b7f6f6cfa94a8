"""Bilingual smart-city thesaurus: maps Spanish and English wording (symptoms, technologies,
Chilean abbreviations) to shared concepts, each filed under a taxonomy topic.

Data lives in `data/thesaurus.csv` (versioned, editable): one concept per row,

    concept,topic,related,es,en

`es`/`en` hold `|`-separated terms (single words or phrases; matched after folding, stopword removal
and Snowball stemming in that language), `related` holds `|`-separated concept ids that are close
enough to count as a weak match (a symptom and the technology that addresses it), and `topic` is a
code of helix/network/data/taxonomy.csv. `data/abbreviations.csv` (abbr,es,en) expands Chilean
acronyms (APR → agua potable rural) for the lexical ranker too.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .text import STOP_EN, STOP_ES, stems, words

DATA_DIR = Path(__file__).resolve().parent / "data"
TAXONOMY_CSV = Path(__file__).resolve().parents[2] / "network" / "data" / "taxonomy.csv"
MAX_PHRASE = 5


@dataclass(frozen=True)
class Concept:
    id: str
    topic: str
    label_es: str
    label_en: str
    related: tuple[str, ...] = ()


@dataclass
class Thesaurus:
    """Phrase tables for both languages; `find` returns the concepts a text mentions."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    abbreviations: dict[str, tuple[str, str]] = field(default_factory=dict)
    topic_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (es, en) from the taxonomy
    _phrases: dict[str, dict[tuple[str, ...], str]] = field(default_factory=lambda: {"es": {}, "en": {}})
    # first stem of a phrase → longest phrase length starting with it (skips most positions fast)
    _starts: dict[str, dict[str, int]] = field(default_factory=lambda: {"es": {}, "en": {}})

    @classmethod
    def load(cls, directory: str | Path | None = None, *, exclude_terms: Iterable[str] = ()) -> Thesaurus:
        """Read thesaurus.csv and abbreviations.csv; `exclude_terms` (folded words) drops any
        term containing one of them (used by the overfitting check in bench/matching_quality.py)."""
        directory = Path(directory) if directory else DATA_DIR
        excluded = set(exclude_terms)
        th = cls()
        with open(directory / "thesaurus.csv", encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(_uncommented(fh))]
        for row in rows:
            es_terms = _split(row["es"])
            en_terms = _split(row["en"])
            cid = row["concept"].strip()
            th.add(
                Concept(
                    id=cid,
                    topic=row["topic"].strip(),
                    label_es=es_terms[0] if es_terms else cid,
                    label_en=en_terms[0] if en_terms else cid,
                    related=tuple(_split(row.get("related") or "")),
                ),
                es=[t for t in es_terms if not excluded.intersection(words(t))],
                en=[t for t in en_terms if not excluded.intersection(words(t))],
            )
        if TAXONOMY_CSV.exists():
            with open(TAXONOMY_CSV, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    th.topic_names[row["code"]] = (row["name_es"], row["name_en"])
        abbr_path = directory / "abbreviations.csv"
        if abbr_path.exists():
            with open(abbr_path, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(_uncommented(fh)):
                    abbr = row["abbr"].strip().lower()
                    if abbr and abbr not in excluded:
                        th.abbreviations[abbr] = (row["es"].strip(), row["en"].strip())
        return th

    def add(self, concept: Concept, *, es: Iterable[str] = (), en: Iterable[str] = ()) -> None:
        self.concepts[concept.id] = concept
        for lang, terms in (("es", es), ("en", en)):
            for term in terms:
                key = phrase_key(term, lang)
                if key and len(key) <= MAX_PHRASE:
                    # First writer keeps an ambiguous phrase: rows are ordered specific → general.
                    self._phrases[lang].setdefault(key, concept.id)
                    starts = self._starts[lang]
                    starts[key[0]] = max(starts.get(key[0], 0), len(key))

    def find(self, content: dict[str, list[str]]) -> dict[str, float]:
        """Concepts mentioned in analysed content ({'es': stems, 'en': stems}) → match count.

        Longer phrases win over their own sub-phrases (greedy longest match per language)."""
        found: dict[str, float] = {}
        for lang, seq in content.items():
            table = self._phrases[lang]
            starts = self._starts[lang]
            n = len(seq)
            free = 0  # first position not consumed by an earlier match
            for i in [i for i, stem in enumerate(seq) if stem in starts]:
                if i < free:
                    continue
                for size in range(min(starts[seq[i]], n - i), 0, -1):
                    cid = table.get(tuple(seq[i : i + size]))
                    if cid is not None:
                        found[cid] = found.get(cid, 0.0) + 1.0
                        free = i + size
                        break
        # Both stemmings may see the same word: count each concept at most a few times.
        return {c: min(v, 3.0) for c, v in found.items()}

    def topic_label(self, code: str, lang: str) -> str:
        names = self.topic_names.get(code)
        return (names[1] if lang == "en" else names[0]) if names else code

    def label(self, concept_id: str, lang: str) -> str:
        c = self.concepts[concept_id]
        return c.label_en if lang == "en" else c.label_es

    def __len__(self) -> int:
        return len(self.concepts)


def phrase_key(term: str, lang: str) -> tuple[str, ...]:
    toks = [t for t in words(term) if t not in STOP_ES and t not in STOP_EN]
    return tuple(stems(toks, lang))


def _split(value: str) -> list[str]:
    return [t.strip() for t in (value or "").split("|") if t.strip()]


def _uncommented(lines):
    return (line for line in lines if not line.startswith("#"))


_DEFAULT: Thesaurus | None = None


def default_thesaurus() -> Thesaurus:
    """The shipped thesaurus, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Thesaurus.load()
    return _DEFAULT
