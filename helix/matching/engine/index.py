"""An incremental multi-field inverted index with array-based BM25 scoring (numpy only).

Documents live in integer slots shared by every field (so per-field scores are dense arrays that
fuse with plain vector arithmetic). Postings of a bulk build are frozen into numpy arrays per term;
later upserts go to small per-term Python lists (the "delta") and removed or replaced documents are
tombstoned, so one edit costs a few dictionary operations. `compact()` folds the delta back in.
Scoring gathers the postings of the query's terms and accumulates them with `np.bincount`, so a query
costs O(postings of its terms + slots), never a Python loop over documents.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np

Bag = Mapping[str, float]


class _Field:
    def __init__(self, k1: float, b: float):
        self.k1, self.b = k1, b
        self.frozen: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.delta: dict[str, tuple[list[int], list[float]]] = {}
        self.df: Counter[str] = Counter()
        self.length = np.zeros(0, dtype=np.float32)
        self.total_length = 0.0


class Index:
    """Slots + one BM25 field per name in `fields` ({name: (k1, b)})."""

    def __init__(self, fields: Mapping[str, tuple[float, float]]):
        self._field_params = dict(fields)
        self.reset()

    def reset(self, capacity: int = 0) -> None:
        self.fields = {name: _Field(k1, b) for name, (k1, b) in self._field_params.items()}
        self.slot_of: dict[str, int] = {}
        self.ids: list[str | None] = []
        self.bags: list[dict[str, Bag] | None] = []
        self.alive = np.zeros(capacity, dtype=bool)
        self.regions = np.zeros(capacity, dtype=np.int32)  # bit r set = delivers in region r; 0 = anywhere/unknown
        for f in self.fields.values():
            f.length = np.zeros(capacity, dtype=np.float32)
        self.count = 0

    def __len__(self) -> int:
        return self.count

    @property
    def size(self) -> int:
        """Number of slots in use (live and tombstoned)."""
        return len(self.ids)

    # -- writes ------------------------------------------------------------------------------
    def _new_slot(self, doc_id: str, bags: dict[str, Bag], regions: int) -> int:
        slot = len(self.ids)
        if slot >= len(self.alive):
            grow = max(64, len(self.alive) // 2)
            self.alive = np.concatenate([self.alive, np.zeros(grow, dtype=bool)])
            self.regions = np.concatenate([self.regions, np.zeros(grow, dtype=np.int32)])
            for f in self.fields.values():
                f.length = np.concatenate([f.length, np.zeros(grow, dtype=np.float32)])
        self.slot_of[doc_id] = slot
        self.ids.append(doc_id)
        self.bags.append(bags)
        self.alive[slot] = True
        self.regions[slot] = regions
        self.count += 1
        for name, f in self.fields.items():
            bag = bags.get(name, {})
            length = float(sum(bag.values()))
            f.length[slot] = length
            f.total_length += length
            f.df.update(bag.keys())
        return slot

    def build(self, items: Iterable[tuple[str, dict[str, Bag], int]]) -> None:
        """Replace everything with `items` (id, {field: bag}, region bitmask); the last duplicate wins."""
        items = list(items)
        self.reset(capacity=len(items))
        postings = {name: {} for name in self.fields}
        for doc_id, bags, regions in items:
            if doc_id in self.slot_of:
                self.remove(doc_id)
            slot = self._new_slot(doc_id, bags, regions)
            for name in self.fields:
                table = postings[name]
                for term, tf in bags.get(name, {}).items():
                    entry = table.get(term)
                    if entry is None:
                        table[term] = ([slot], [tf])
                    else:
                        entry[0].append(slot)
                        entry[1].append(tf)
        for name, f in self.fields.items():
            for term, (slots, tfs) in postings[name].items():
                slot_arr = np.asarray(slots, dtype=np.int32)
                tf_arr = np.asarray(tfs, dtype=np.float32)
                keep = self.alive[slot_arr]
                if not keep.all():
                    slot_arr, tf_arr = slot_arr[keep], tf_arr[keep]
                if len(slot_arr):
                    f.frozen[term] = (slot_arr, tf_arr)

    def upsert(self, doc_id: str, bags: dict[str, Bag], regions: int = 0) -> int:
        """Add or replace one document in O(its terms); returns its slot."""
        self.remove(doc_id)
        slot = self._new_slot(doc_id, bags, regions)
        for name, f in self.fields.items():
            for term, tf in bags.get(name, {}).items():
                entry = f.delta.get(term)
                if entry is None:
                    f.delta[term] = ([slot], [tf])
                else:
                    entry[0].append(slot)
                    entry[1].append(tf)
        return slot

    def remove(self, doc_id: str) -> None:
        """Tombstone one document (no-op when unknown)."""
        slot = self.slot_of.pop(doc_id, None)
        if slot is None:
            return
        bags = self.bags[slot]
        for name, f in self.fields.items():
            bag = bags.get(name, {})
            f.df.subtract(bag.keys())
            f.total_length -= float(sum(bag.values()))
        self.count -= 1
        self.alive[slot] = False
        self.bags[slot] = None
        self.ids[slot] = None

    def compact(self) -> None:
        """Rebuild the frozen arrays from the live documents (drops tombstones and the delta)."""
        live = [
            (doc_id, bags, int(self.regions[slot]))
            for slot, (doc_id, bags) in enumerate(zip(self.ids, self.bags))
            if doc_id is not None
        ]
        self.build(live)

    # -- reads -------------------------------------------------------------------------------
    def idf(self, field: str, term: str) -> float:
        df = self.fields[field].df.get(term, 0)
        if df <= 0:
            return 0.0
        return math.log(1.0 + (self.count - df + 0.5) / (df + 0.5))

    def _postings(self, f: _Field, term: str):
        frozen = f.frozen.get(term)
        delta = f.delta.get(term)
        if delta is None:
            return frozen
        d = (np.asarray(delta[0], dtype=np.int32), np.asarray(delta[1], dtype=np.float32))
        if frozen is None:
            return d
        return np.concatenate([frozen[0], d[0]]), np.concatenate([frozen[1], d[1]])

    def scores(self, field: str, query: Bag) -> np.ndarray | None:
        """Dense BM25 scores over all slots (dead slots may hold junk: mask with `alive`);
        None when no query term occurs in the field."""
        f = self.fields[field]
        if not self.count:
            return None
        avgdl = max(f.total_length / self.count, 1e-9)
        all_slots, all_scores = [], []
        for term, qw in query.items():
            idf = self.idf(field, term)
            if idf <= 0:
                continue
            post = self._postings(f, term)
            if post is None:
                continue
            slots, tfs = post
            norm = f.k1 * (1.0 - f.b + f.b * f.length[slots] / avgdl)
            all_slots.append(slots)
            all_scores.append((qw * idf * (f.k1 + 1.0)) * tfs / (tfs + norm))
        if not all_slots:
            return None
        slots = np.concatenate(all_slots) if len(all_slots) > 1 else all_slots[0]
        weights = np.concatenate(all_scores) if len(all_scores) > 1 else all_scores[0]
        return np.bincount(slots, weights=weights, minlength=self.size)[: self.size]

    def self_score(self, field: str, query: Bag) -> float:
        """BM25 that a document made of exactly the query's terms would get (a per-query scale)."""
        f = self.fields[field]
        if not self.count:
            return 0.0
        avgdl = max(f.total_length / self.count, 1e-9)
        length = float(sum(query.values()))
        norm = f.k1 * (1.0 - f.b + f.b * length / avgdl)
        return sum(qw * self.idf(field, t) * (f.k1 + 1.0) * qw / (qw + norm) for t, qw in query.items())
