"""Turns a Doc into the bags of terms the matcher indexes: lexical stems, thesaurus concepts, topics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .places import strip_places
from .text import DOMAIN_STOP, STOP_EN, STOP_ES, guess_language, raw_words, stems, words
from .thesaurus import Thesaurus

TITLE_WEIGHT = 2.0
EXTRA_WEIGHT = 0.5
RELATED_WEIGHT = 0.5
INFERRED_TOPIC_WEIGHT = 0.5


@dataclass(frozen=True)
class Analysed:
    lang: str
    lexical: dict[str, float]
    concepts: dict[str, float]
    topics: dict[str, float]
    surface: dict[str, str]  # lexical stem → a readable word seen in the text (for "why")


def analyse(
    title: str, description: str, extra: str, tags, thesaurus: Thesaurus | None, *, readable: bool = False
) -> Analysed:
    """Bags of one document. `readable` keeps accented surface words for "why" (queries only).

    Each field is stemmed once per language: the document's own language feeds BM25, both feed the
    thesaurus lookup (so English loanwords in Spanish text, and the reverse, still find concepts).
    """
    t_words, d_words = strip_places(words(title)), strip_places(words(description))
    x_words = strip_places(words(extra))
    lang = guess_language(t_words + d_words)
    expansions = _abbreviation_expansions((*t_words, *d_words, *x_words), thesaurus, lang)
    lexical, surface, concepts = _term_bags(
        (
            (t_words, TITLE_WEIGHT, TITLE_WEIGHT),
            (d_words, 1.0, 1.0),
            (x_words, EXTRA_WEIGHT, 1.0),
            (expansions, 0.5, 1.0),
        ),
        thesaurus,
        lang,
    )
    if readable:  # 'telemetria' → 'telemetría' as written
        originals = {w: r for r, w in raw_words(f"{title} {description}")}
        surface = {stem: originals.get(tok, tok) for stem, tok in surface.items()}
    return Analysed(lang, lexical, concepts, _topics(concepts, tags, thesaurus), surface)


def _abbreviation_expansions(tokens, thesaurus: Thesaurus | None, lang: str) -> list[str]:
    """The words of the thesaurus's expansion of every abbreviation among the tokens, in `lang`."""
    expansions: list[str] = []
    if thesaurus is not None and thesaurus.abbreviations:
        abbr = thesaurus.abbreviations
        for tok in tokens:
            exp = abbr.get(tok)
            if exp is not None:
                expansions.extend(words(exp[0 if lang == "es" else 1]))
    return expansions


def _term_bags(
    fields, thesaurus: Thesaurus | None, lang: str
) -> tuple[dict[str, float], dict[str, str], dict[str, float]]:
    """Lexical stems (with a surface word each) and concepts of (tokens, weight, concept weight) fields."""
    lexical: dict[str, float] = {}
    surface: dict[str, str] = {}
    concepts: dict[str, float] = {}
    for toks, weight, concept_weight in fields:
        if not toks:
            continue
        kept = [t for t in toks if t not in STOP_ES and t not in STOP_EN]
        by_lang = {"es": stems(kept, "es"), "en": stems(kept, "en")}
        for tok, stem in zip(kept, by_lang[lang]):
            if len(tok) < 2 or tok in DOMAIN_STOP:
                continue
            if stem in lexical:
                lexical[stem] += weight
            else:
                lexical[stem] = weight
                surface[stem] = tok
        if thesaurus is not None:
            for cid, n in thesaurus.find(by_lang).items():
                concepts[cid] = concepts.get(cid, 0.0) + concept_weight * n
    return lexical, surface, concepts


def _topics(concepts: dict[str, float], tags, thesaurus: Thesaurus | None) -> dict[str, float]:
    """Topics inferred from the concepts (at a reduced weight) and given by the tags (full weight)."""
    topics: Counter[str] = Counter()
    if thesaurus is not None:
        for cid in concepts:
            topic = thesaurus.concepts[cid].topic
            if topic:
                topics[topic] = max(topics[topic], INFERRED_TOPIC_WEIGHT)
    for tag in tags or ():
        topics[tag] = 1.0
    return dict(topics)


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
