"""The full recompute: requested by staff, executed by a background task, progress on a MatchRun row."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.core.enqueue import enqueue_on_commit

from ..models import Challenge, Match, MatchRun, Solution
from .index import challenges_index, solutions_index
from .matching import recompute_challenge, recompute_solution_list, stale_pairs
from .records import bump_clock

# Progress is written every this many records (a row update per record would dominate small runs).
PROGRESS_EVERY = 25
RUNS = "runs"


def request_full_recompute(*, actor) -> tuple[MatchRun, bool]:
    """Queue a full recompute unless one is already queued or running; returns (run, created).

    The task is enqueued after commit, so the worker always finds the MatchRun row.
    """
    if not (actor.is_authenticated and actor.is_staff):
        raise PermissionDenied(_("Only staff can recompute all matches."))
    with transaction.atomic():
        # Serialise requests on a clock row (there may be no run row to lock yet).
        bump_clock(RUNS)
        active = MatchRun.objects.select_for_update().filter(status__in=MatchRun.ACTIVE).first()
        if active is not None:
            return active, False
        run = MatchRun.objects.create(requested_by=actor)
        enqueue_on_commit("helix.matching.tasks.full_recompute", run_id=run.pk)
    return run, True


def _progress(run: MatchRun, **fields) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=list(fields))


def run_full_recompute(*, run_id: int) -> MatchRun:
    """Rebuild both indexes and every ranking; the run row shows total/done as it goes.

    Guarantees: dismissed pairs stay excluded; pairs with interest are kept; on error the run is
    marked failed with the message (matches already written stay valid, each record is atomic).
    """
    run = MatchRun.objects.get(pk=run_id)
    if run.status not in MatchRun.ACTIVE:
        return run
    _progress(run, status=MatchRun.Status.RUNNING, started_at=timezone.now(), done=0)
    try:
        # The one place besides `refresh_embedding` that runs the model: texts without a cached vector.
        solutions_index.rebuild(compute_vectors=True)
        challenges_index.rebuild(compute_vectors=True)
        challenge_ids = list(Challenge.objects.order_by("pk").values_list("pk", flat=True))
        solution_ids = list(Solution.objects.order_by("pk").values_list("pk", flat=True))
        _progress(run, total=len(challenge_ids) + len(solution_ids))
        done = 0
        for challenge_id in challenge_ids:
            recompute_challenge(challenge_id=challenge_id, refresh=False)
            done += 1
            if done % PROGRESS_EVERY == 0:
                _progress(run, done=done)
        for solution_id in solution_ids:
            recompute_solution_list(solution_id=solution_id, refresh=False)
            done += 1
            if done % PROGRESS_EVERY == 0:
                _progress(run, done=done)
        Match.objects.filter(stale_pairs()).delete()
        written = Match.objects.exclude(state=Match.State.DISMISSED).count()
        _progress(
            run,
            done=done,
            matches_written=written,
            status=MatchRun.Status.DONE,
            finished_at=timezone.now(),
        )
    except Exception as exc:  # the run must never stay "running" forever
        _progress(run, status=MatchRun.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        raise
    return run
