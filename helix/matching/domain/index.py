"""Process-level matcher indexes kept in step with the database.

Every app server (and the task worker) holds its own in-memory index of published solutions and of
open challenges. Writers bump an `IndexClock` row under a lock in their transaction and stamp the
row with the new version, so a process that has applied every row up to version N can catch up by
reading the rows with `index_version > N` — a single cheap query when nothing changed.
"""

import threading
from collections import OrderedDict

import numpy as np
from django.conf import settings

from ..engine import Doc, Matcher
from ..engine import embeddings as emb
from ..models import Challenge, EmbeddingVector, IndexClock, Solution
from .docs import (
    challenge_doc,
    challenge_key,
    matchable_challenges,
    matchable_solutions,
    solution_doc,
    solution_key,
)
from .records import CHALLENGES, SOLUTIONS
from .thesaurus import THESAURUS, current_thesaurus


class DatabaseVectorCache:
    """The engine's embedding cache, persisted in `EmbeddingVector` (keyed by a hash of the text).

    A hash always maps to the same vector, so found vectors are also kept in a small per-process
    LRU: re-ranking a record reads its query vector without a database round trip. Misses are not
    remembered (another process may compute the vector at any time).
    """

    LRU_SIZE = 4096
    _lru: OrderedDict[str, np.ndarray] = OrderedDict()
    _lru_lock = threading.Lock()

    def _remember(self, key: str, vector: np.ndarray) -> None:
        with self._lru_lock:
            self._lru[key] = vector
            self._lru.move_to_end(key)
            while len(self._lru) > self.LRU_SIZE:
                self._lru.popitem(last=False)

    def get(self, key: str):
        return self.get_many([key]).get(key)

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lru_lock:
            for key in keys:
                vec = self._lru.get(key)
                if vec is not None:
                    found[key] = vec
        missing = [k for k in dict.fromkeys(keys) if k not in found]
        for start in range(0, len(missing), 500):
            rows = EmbeddingVector.objects.filter(text_hash__in=missing[start : start + 500]).values_list(
                "text_hash", "vector"
            )
            for key, blob in rows:
                vec = np.frombuffer(bytes(blob), dtype="<f4").copy()
                found[key] = vec
                self._remember(key, vec)
        return found

    def set(self, key: str, vector) -> None:
        data = np.asarray(vector, dtype="<f4")
        EmbeddingVector.objects.update_or_create(text_hash=key, defaults={"dim": data.size, "vector": data.tobytes()})
        self._remember(key, data.copy())

    @classmethod
    def forget(cls) -> None:
        with cls._lru_lock:
            cls._lru.clear()


_thesaurus_cache: dict[int, object] = {}


def thesaurus_for(version: int):
    """The thesaurus at `version`, built once per process (both indexes share it)."""
    if version not in _thesaurus_cache:
        _thesaurus_cache.clear()
        _thesaurus_cache[version] = current_thesaurus()
    return _thesaurus_cache[version]


def clocks(kind: str) -> tuple[int, int]:
    """(records clock, thesaurus clock) in one query."""
    values = dict(IndexClock.objects.filter(name__in=[kind, THESAURUS]).values_list("name", "value"))
    return values.get(kind, 0), values.get(THESAURUS, 0)


def embeddings_enabled() -> bool:
    """`HELIX_MATCHING_EMBEDDINGS` (setting, optional): None = use the embedding model when
    installed (and HELIX_EMBEDDINGS is not off), False = lexical + thesaurus only, True = required."""
    embeddings = getattr(settings, "HELIX_MATCHING_EMBEDDINGS", None)
    return emb.enabled_by_default() if embeddings is None else bool(embeddings)


def new_matcher(thesaurus_version: int = 0) -> Matcher:
    """A matcher with the persistent embedding cache and the current thesaurus.

    It never runs the embedding model itself (`compute_vectors=False`): request paths use cached
    vectors only; `tasks.refresh_embedding` and the full recompute compute the missing ones.
    """
    return Matcher(
        embeddings=embeddings_enabled(),
        thesaurus=thesaurus_for(thesaurus_version),
        cache=DatabaseVectorCache(),
        compute_vectors=False,
    )


class LiveIndex:
    """One kind of record (challenges or solutions) indexed in this process."""

    def __init__(self, kind: str):
        self.kind = kind
        self.matcher: Matcher | None = None
        self.docs: dict[str, Doc] = {}
        self.version = -1
        self.thesaurus_version = -1
        self._lock = threading.RLock()

    def _rows(self):
        return matchable_challenges() if self.kind == CHALLENGES else matchable_solutions()

    def _doc(self, row) -> Doc:
        return challenge_doc(row) if self.kind == CHALLENGES else solution_doc(row)

    def key(self, pk: int) -> str:
        return challenge_key(pk) if self.kind == CHALLENGES else solution_key(pk)

    def _model(self):
        return Challenge if self.kind == CHALLENGES else Solution

    def rebuild(self, *, compute_vectors: bool = False) -> None:
        """Index every matchable row from scratch; `compute_vectors` also embeds texts whose
        vector is not cached yet (background work only: the model takes ~0.3 s per text)."""
        with self._lock:
            # Read the clock first: rows written meanwhile are then included or re-applied later.
            version, thesaurus_version = clocks(self.kind)
            docs = {doc.id: doc for doc in (self._doc(row) for row in self._rows())}
            matcher = new_matcher(thesaurus_version)
            matcher.compute_vectors = compute_vectors
            matcher.build(list(docs.values()))
            matcher.compute_vectors = False
            self.matcher, self.docs = matcher, docs
            self.version, self.thesaurus_version = version, thesaurus_version

    def fresh(self) -> Matcher:
        """The matcher, after applying every committed write this process has not seen yet."""
        with self._lock:
            if self.matcher is None:
                self.rebuild()
                return self.matcher
            version, thesaurus_version = clocks(self.kind)
            if version == self.version and thesaurus_version == self.thesaurus_version:
                return self.matcher
            # A new thesaurus changes every document's analysis; a clock that went back means the
            # database was reset (tests, restore). Either way: start over.
            if thesaurus_version != self.thesaurus_version or version < self.version:
                self.rebuild()
                return self.matcher
            model = self._model()
            changed = list(model.objects.filter(index_version__gt=self.version).values_list("pk", flat=True))
            matchable = {row.pk: row for row in self._rows().filter(pk__in=changed)}
            for pk in changed:
                key = self.key(pk)
                if pk in matchable:
                    doc = self._doc(matchable[pk])
                    self.matcher.upsert(doc)
                    self.docs[key] = doc
                elif key in self.docs:
                    self.matcher.remove(key)
                    del self.docs[key]
            self.version = version
            # Deletions leave no row behind; a count mismatch means something vanished: rebuild.
            if len(self.docs) != self._rows().count():
                self.rebuild()
            return self.matcher

    def doc(self, doc_id: str) -> Doc | None:
        return self.docs.get(doc_id)

    def reset(self) -> None:
        with self._lock:
            self.matcher, self.docs, self.version, self.thesaurus_version = None, {}, -1, -1


solutions_index = LiveIndex(SOLUTIONS)
challenges_index = LiveIndex(CHALLENGES)


def index_for(kind: str) -> LiveIndex:
    return challenges_index if kind == CHALLENGES else solutions_index


def reset_indexes() -> None:
    """Forget both process indexes and cached vectors (the next use rebuilds them)."""
    solutions_index.reset()
    challenges_index.reset()
    _thesaurus_cache.clear()
    DatabaseVectorCache.forget()
