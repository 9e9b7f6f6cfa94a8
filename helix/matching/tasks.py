"""Background tasks (Django Tasks). They take primary keys and delegate to the domain."""

from django.tasks import task

from .domain.embeddings import refresh_record_embedding
from .domain.runs import run_full_recompute


@task
def full_recompute(*, run_id: int) -> int:
    """Recompute every match; progress is stored on MatchRun `run_id`. Returns the pairs written."""
    return run_full_recompute(run_id=run_id).matches_written


@task
def refresh_embedding(*, kind: str, pk: int) -> bool:
    """Embed one edited challenge ("challenges") or solution ("solutions") and re-rank it."""
    return refresh_record_embedding(kind=kind, pk=pk)
