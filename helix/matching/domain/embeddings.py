"""Embeddings off the request path: a save re-ranks at once on lexical + thesaurus signals, and a
background task computes the record's embedding, then re-ranks it again with the vector."""

from django.db import transaction

from helix.core.enqueue import enqueue_on_commit

from ..engine import Doc, Matcher
from ..engine.embeddings import MAX_CHARS, text_hash
from ..models import Challenge, Solution
from .docs import challenge_doc, matchable_challenges, matchable_solutions, solution_doc
from .index import DatabaseVectorCache, embeddings_enabled, index_for
from .records import CHALLENGES, SOLUTIONS, bump_clock


def _has_cached_vector(record: Challenge | Solution) -> bool:
    doc = Doc(id="", title=record.title, description=record.description)
    key = text_hash(Matcher.embedding_text(doc)[:MAX_CHARS])  # the key the engine's Embedder uses
    return DatabaseVectorCache().get(key) is not None


def schedule_embedding(*, record: Challenge | Solution) -> bool:
    """After the caller's transaction commits, enqueue `tasks.refresh_embedding` for `record` when
    the model is in use, the record takes part in matching and its text has no cached vector.
    Returns whether a task will be enqueued."""
    matchable = record.is_matchable if isinstance(record, Challenge) else record.is_published
    if not (matchable and embeddings_enabled()) or _has_cached_vector(record):
        return False
    kind = CHALLENGES if isinstance(record, Challenge) else SOLUTIONS
    enqueue_on_commit("helix.matching.tasks.refresh_embedding", kind=kind, pk=record.pk)
    return True


def refresh_record_embedding(*, kind: str, pk: int) -> bool:
    """Compute the embedding of one challenge or solution, then re-rank it with the vector.

    Guarantees: every process picks the vector up (the record is re-stamped with a new index-clock
    version, so each catches up through its usual path); nothing happens when the record is gone,
    not matchable, the model is off, or the vector was already there. Returns whether it re-ranked.
    """
    if kind not in (CHALLENGES, SOLUTIONS):
        raise ValueError(f"unknown kind: {kind}")
    rows = matchable_challenges() if kind == CHALLENGES else matchable_solutions()
    row = rows.filter(pk=pk).first()
    if row is None or not embeddings_enabled():
        return False
    doc = challenge_doc(row) if kind == CHALLENGES else solution_doc(row)
    matcher = index_for(kind).fresh()
    if matcher.embedder is None:
        return False
    computed = matcher.ensure_vectors([doc])
    if not computed and matcher.has_vector(doc.id):
        return False
    model = Challenge if kind == CHALLENGES else Solution
    with transaction.atomic():
        model.objects.filter(pk=pk).update(index_version=bump_clock(kind))
    from .matching import recompute_challenge, recompute_solution

    if kind == CHALLENGES:
        recompute_challenge(challenge_id=pk)
    else:
        recompute_solution(solution_id=pk)
    return True
