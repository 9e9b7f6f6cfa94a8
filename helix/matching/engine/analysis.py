"""Turns a Doc into the bags of terms the matcher indexes: lexical stems, thesaurus concepts, topics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .text import guess_language, is_stop, stems, words
from .thesaurus import Thesaurus, content_stems

TITLE_WEIGHT = 2.0
EXTRA_WEIGHT = 0.5
RELATED_WEIGHT = 0.35
INFERRED_TOPIC_WEIGHT = 0.5


@dataclass(frozen=True)
class Analysed:
    lang: str
    lexical: dict[str, float]
    concepts: dict[str, float]
    topics: dict[str, float]
    surface: dict[str, str]  # lexical stem → a readable word seen in the text (for "why")


def analyse(title: str, description: str, extra: str, tags, thesaurus: Thesaurus | None) -> Analysed:
    t_words, d_words, x_words = words(title), words(description), words(extra)
    lang = guess_language(t_words + d_words)
    lexical: Counter[str] = Counter()
    surface: dict[str, str] = {}
    expansions: list[str] = []
    for toks, weight in ((t_words, TITLE_WEIGHT), (d_words, 1.0), (x_words, EXTRA_WEIGHT)):
        if thesaurus is not None and thesaurus.abbreviations:
            for tok in toks:
                exp = thesaurus.abbreviations.get(tok)
                if exp is not None:
                    expansions.extend(words(exp[0 if lang == "es" else 1]))
        kept = [t for t in toks if not is_stop(t)]
        for tok, stem in zip(kept, stems(kept, lang)):
            lexical[stem] += weight
            surface.setdefault(stem, tok)
    exp_kept = [t for t in expansions if not is_stop(t)]
    for tok, stem in zip(exp_kept, stems(exp_kept, lang)):
        lexical[stem] += 0.5
        surface.setdefault(stem, tok)

    concepts: dict[str, float] = {}
    topics: Counter[str] = Counter()
    if thesaurus is not None:
        found = thesaurus.find(content_stems(t_words))
        for cid, n in found.items():
            concepts[cid] = concepts.get(cid, 0.0) + TITLE_WEIGHT * n
        found = thesaurus.find(content_stems(d_words + expansions + x_words))
        for cid, n in found.items():
            concepts[cid] = concepts.get(cid, 0.0) + n
        for cid in concepts:
            topic = thesaurus.concepts[cid].topic
            if topic:
                topics[topic] = max(topics[topic], INFERRED_TOPIC_WEIGHT)
    for tag in tags or ():
        topics[tag] = 1.0
    return Analysed(lang, dict(lexical), concepts, dict(topics), surface)


def expand_related(concepts: dict[str, float], thesaurus: Thesaurus | None) -> dict[str, float]:
    """Query-side expansion: related concepts join at a reduced weight (never above a direct mention)."""
    if thesaurus is None:
        return dict(concepts)
    out = dict(concepts)
    for cid, w in concepts.items():
        for rel in thesaurus.concepts[cid].related:
            if rel in thesaurus.concepts:
                out[rel] = max(out.get(rel, 0.0), RELATED_WEIGHT * min(w, 1.0))
    return out
