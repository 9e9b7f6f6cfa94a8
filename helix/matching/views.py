"""Thin views: parse the request, check permissions, call the domain, render (htmx partials when asked)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helix.core.pagination import paginate
from helix.core.staff import staff_required
from helix.network.models import Topic
from helix.territory.models import Region
from helix.wheel.domain.invitations import invitable_wheels
from helix.wheel.queries import invitations_by_match, pending_invitations

from . import queries
from .domain.agreements import mark_challenge_solved, record_agreement
from .domain.pipeline import allowed_moves, dismiss_match, express_interest, move_pipeline
from .domain.records import save_challenge, save_solution
from .domain.runs import request_full_recompute
from .forms import ChallengeForm, MoveForm, SolutionForm
from .models import Challenge, Match, MatchRun, PipelineEntry, Solution, Stage
from .permissions import (
    can_create_challenge,
    can_create_solution,
    can_edit_challenge,
    can_edit_solution,
    can_mark_challenge_solved,
    can_move_pipeline,
    can_view_board,
    can_view_challenge,
    can_view_solution,
    match_sides,
)

PAGE_SIZE = 25


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _stages(condition: Q) -> dict[tuple[int, int], str]:
    """Pipeline stage per (challenge, solution) pair, in one query."""
    rows = PipelineEntry.objects.filter(condition).values_list("challenge_id", "solution_id", "stage")
    return {(c, s): stage for c, s, stage in rows}


def _decorate(match: Match, user, *, can_act: bool, stage: str | None) -> Match:
    """What a match row shows its viewer: whether they may act, the pair's stage (parties and staff
    only) and the pipeline moves open to them (`can_move_pipeline` for each allowed target)."""
    match.can_act = can_act
    match.stage = Stage(stage).label if (can_act and stage) else None
    match.moves = []
    if can_act and match.state != Match.State.DISMISSED:
        current = stage or Stage.SUGGESTED  # a match not yet in the pipeline stands at "suggested"
        match.moves = [
            (target, Stage(target).label)
            for target in allowed_moves(current)
            if can_move_pipeline(user, challenge=match.challenge, solution=match.solution, to_stage=target)
        ]
    return match


def _filter_context(request) -> dict:
    return {
        "regions": Region.objects.all(),
        "topics": Topic.objects.exclude(kind=Topic.Kind.SDG).order_by("kind", "position", "code"),
        "current": request.GET,
    }


def index(request):
    user = request.user
    context = {
        "latest_challenges": queries.challenges_for(user, status=Challenge.Status.OPEN)[:6],
        "latest_solutions": queries.solutions_for(user).filter(status=Solution.Status.PUBLISHED)[:6],
        "can_create_challenge": can_create_challenge(user),
        "can_create_solution": can_create_solution(user),
    }
    return render(request, "matching/index.html", context)


def _list_page(request, records, *, choices_key: str, choices, template: str, can_create: bool):
    """A filtered, paginated list of challenges or solutions; htmx gets the results only."""
    page = paginate(request, records, PAGE_SIZE)
    context = {"page": page, choices_key: choices, **_filter_context(request)}
    if request.htmx:
        return render(request, f"matching/_{template}_results.html", context)
    context["can_create"] = can_create
    return render(request, f"matching/{template}_list.html", context)


def _choice(request, name: str, values) -> str | None:
    value = request.GET.get(name) or None
    return value if value in values else None


def challenge_list(request):
    challenges = queries.challenges_for(
        request.user,
        region=_int(request.GET.get("region")),
        topic=request.GET.get("topic") or None,
        status=_choice(request, "status", Challenge.Status.values),
        q=request.GET.get("q", "")[:200],
    )
    return _list_page(
        request,
        challenges,
        choices_key="statuses",
        choices=Challenge.Status.choices,
        template="challenge",
        can_create=can_create_challenge(request.user),
    )


def _challenge_or_404(request, pk: int) -> Challenge:
    challenge = get_object_or_404(
        Challenge.objects.select_related("organisation", "region", "commune").prefetch_related("topics"), pk=pk
    )
    if not can_view_challenge(request.user, challenge):
        raise Http404
    return challenge


def challenge_detail(request, pk: int):
    challenge = _challenge_or_404(request, pk)
    matches = queries.matches_for_challenge(challenge)
    own_side = can_edit_challenge(request.user, challenge)
    stages = _stages(Q(challenge=challenge)) if request.user.is_authenticated else {}
    invitations = invitations_by_match(m.pk for m in matches) if own_side else {}
    for match in matches:
        match.challenge = challenge
        # The pair's pipeline stage and moves are shown to the parties and staff only.
        can_act = own_side or can_edit_solution(request.user, match.solution)
        _decorate(match, request.user, can_act=can_act, stage=stages.get((match.challenge_id, match.solution_id)))
        match.invitations = invitations.get(match.pk, [])
    context = {
        "challenge": challenge,
        "matches": matches,
        "can_edit": own_side,
        "can_board": can_view_board(request.user, challenge),
        "can_solve": can_mark_challenge_solved(request.user, challenge),
        # The challenge's side invites matched providers to an upcoming business wheel.
        "invite_wheels": invitable_wheels() if own_side and matches else [],
        "agreements": queries.challenge_agreements(challenge),
    }
    return render(request, "matching/challenge_detail.html", context)


@login_required
@require_POST
def challenge_solved(request, pk: int):
    challenge = _challenge_or_404(request, pk)
    mark_challenge_solved(actor=request.user, challenge=challenge)
    messages.success(request, _("The challenge is marked as solved."))
    return redirect(challenge)


def _form_page(request, form, *, title: str, cancel: str):
    return render(request, "matching/form.html", {"form": form, "title": title, "cancel": cancel})


@login_required
def challenge_edit(request, pk: int | None = None):
    challenge = _challenge_or_404(request, pk) if pk else None
    if challenge is None and not can_create_challenge(request.user):
        raise PermissionDenied
    if challenge is not None and not can_edit_challenge(request.user, challenge):
        raise PermissionDenied
    preselected = _int(request.GET.get("organisation"))
    initial = {"organisation": preselected} if preselected and challenge is None else None
    form = ChallengeForm(
        request.POST or None, instance=challenge, user=request.user, preselected=preselected, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation, topics = data.pop("organisation"), data.pop("topics")
        try:
            saved = save_challenge(
                actor=request.user, organisation=organisation, challenge=challenge, topics=topics, **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Challenge saved."))
            return redirect(saved)
    title = _("Edit challenge") if challenge else _("Publish a challenge")
    cancel = challenge.get_absolute_url() if challenge else reverse("matching:challenges")
    return _form_page(request, form, title=title, cancel=cancel)


def solution_list(request):
    solutions = queries.solutions_for(
        request.user,
        region=_int(request.GET.get("region")),
        topic=request.GET.get("topic") or None,
        language=_choice(request, "language", Solution.Language.values),
        q=request.GET.get("q", "")[:200],
    )
    return _list_page(
        request,
        solutions,
        choices_key="languages",
        choices=Solution.Language.choices,
        template="solution",
        can_create=can_create_solution(request.user),
    )


def _solution_or_404(request, pk: int) -> Solution:
    solution = get_object_or_404(
        Solution.objects.select_related("provider", "contact").prefetch_related("topics", "regions"), pk=pk
    )
    if not can_view_solution(request.user, solution):
        raise Http404
    return solution


def solution_detail(request, pk: int):
    solution = _solution_or_404(request, pk)
    matches = queries.matches_for_solution(solution, request.user)
    own_side = can_edit_solution(request.user, solution)
    stages = _stages(Q(solution=solution)) if request.user.is_authenticated else {}
    for match in matches:
        match.solution = solution
        can_act = own_side or can_edit_challenge(request.user, match.challenge)
        _decorate(match, request.user, can_act=can_act, stage=stages.get((match.challenge_id, match.solution_id)))
    context = {
        "solution": solution,
        "matches": matches,
        "can_edit": own_side,
        # The provider sees here the wheels it is invited to about this solution.
        "invitations": pending_invitations(solution_id=solution.pk) if own_side else [],
    }
    return render(request, "matching/solution_detail.html", context)


@login_required
def solution_edit(request, pk: int | None = None):
    solution = _solution_or_404(request, pk) if pk else None
    if solution is None and not can_create_solution(request.user):
        raise PermissionDenied
    if solution is not None and not can_edit_solution(request.user, solution):
        raise PermissionDenied
    preselected = _int(request.GET.get("organisation"))
    initial = {"provider": preselected} if preselected and solution is None else None
    form = SolutionForm(
        request.POST or None, instance=solution, user=request.user, preselected=preselected, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        provider, topics, regions = data.pop("provider"), data.pop("topics"), data.pop("regions")
        try:
            saved = save_solution(
                actor=request.user, provider=provider, solution=solution, topics=topics, regions=regions, **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Solution saved."))
            return redirect(saved)
    title = _("Edit solution") if solution else _("Offer a solution")
    cancel = solution.get_absolute_url() if solution else reverse("matching:solutions")
    return _form_page(request, form, title=title, cancel=cancel)


@login_required
@require_POST
def match_action(request, pk: int, action: str):
    """Express interest in / dismiss a match, from the challenge page or the solution page."""
    match = get_object_or_404(
        Match.objects.select_related("challenge__organisation", "solution__provider", "challenge__region"), pk=pk
    )
    if not (can_view_challenge(request.user, match.challenge) and can_view_solution(request.user, match.solution)):
        raise Http404
    side = request.POST.get("side") or None
    if side not in (None, "challenge", "provider"):
        side = None
    try:
        if action == "interest":
            match = express_interest(actor=request.user, match=match, side=side)
            messages.success(request, _("Interest recorded."))
        elif action == "dismiss":
            match = dismiss_match(actor=request.user, match=match, side=side)
            messages.success(request, _("Match dismissed; it will not be suggested again."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _match_row_response(request, match)


def _match_row_response(request, match: Match):
    """The updated row for htmx (with any message inline), else a redirect to the page it came from."""
    view = request.POST.get("view")
    if request.htmx:
        match = (
            Match.objects.select_related("challenge__organisation", "challenge__region", "solution__provider")
            .prefetch_related("solution__regions")
            .get(pk=match.pk)
        )
        stage = _stages(Q(challenge_id=match.challenge_id, solution_id=match.solution_id)).get(
            (match.challenge_id, match.solution_id)
        )
        _decorate(match, request.user, can_act=bool(match_sides(request.user, match)), stage=stage)
        template = "matching/_match_row_solution.html" if view == "solution" else "matching/_match_row.html"
        context = {"match": match, "row_messages": messages.get_messages(request)}
        # htmx 2 does not swap 4xx answers: the row (with the error inline) comes back as 200.
        return render(request, template, context)
    target = match.solution if view == "solution" else match.challenge
    return HttpResponseRedirect(target.get_absolute_url())


@login_required
@require_POST
def match_move(request, pk: int):
    """A party (or staff) moves its pair one pipeline stage, from the challenge or solution page."""
    match = get_object_or_404(
        Match.objects.select_related("challenge__organisation", "solution__provider", "challenge__region"), pk=pk
    )
    if not (can_view_challenge(request.user, match.challenge) and can_view_solution(request.user, match.solution)):
        raise Http404
    if not match_sides(request.user, match):
        raise PermissionDenied
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid stage."))
    else:
        try:
            entry = move_pipeline(
                actor=request.user,
                challenge=match.challenge,
                solution=match.solution,
                to_stage=form.cleaned_data["to_stage"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Moved to “%(stage)s”.") % {"stage": entry.get_stage_display()})
    return _match_row_response(request, match)


def _board_context(challenge: Challenge) -> dict:
    columns = queries.board(challenge)
    return {
        "challenge": challenge,
        "columns": [
            {
                "stage": stage,
                "label": label,
                "cards": columns[stage],
                "moves": [(target, Stage(target).label) for target in allowed_moves(stage)],
            }
            for stage, label in Stage.choices
        ],
    }


def board(request, pk: int):
    challenge = _challenge_or_404(request, pk)
    if not can_view_board(request.user, challenge):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        raise PermissionDenied
    return render(request, "matching/board.html", _board_context(challenge))


@login_required
@require_POST
def board_agreement(request, pk: int, solution_pk: int):
    """Staff record, from the board, that the pair reached an agreement (same result as a meeting's)."""
    challenge = _challenge_or_404(request, pk)
    solution = get_object_or_404(Solution.objects.select_related("provider"), pk=solution_pk)
    if not can_view_board(request.user, challenge):
        raise PermissionDenied
    try:
        agreement = record_agreement(
            actor=request.user,
            parties=[challenge.organisation, solution.provider],
            challenge=challenge,
            solution=solution,
            note=request.POST.get("note", "")[:500],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("matching:board", pk=challenge.pk)
    messages.success(request, _("Agreement recorded; it waits for the parties' confirmation."))
    return redirect(agreement)


@login_required
@require_POST
def board_move(request, pk: int, solution_pk: int):
    challenge = _challenge_or_404(request, pk)
    solution = get_object_or_404(Solution.objects.select_related("provider"), pk=solution_pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid stage."))
    else:
        try:
            move_pipeline(
                actor=request.user,
                challenge=challenge,
                solution=solution,
                to_stage=form.cleaned_data["to_stage"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    if not can_view_board(request.user, challenge):
        return redirect(challenge)
    if request.htmx:
        context = _board_context(challenge)
        context["board_messages"] = messages.get_messages(request)
        # htmx 2 does not swap 4xx answers: the board comes back as 200 with the error on top.
        return render(request, "matching/_board.html", context)
    return redirect("matching:board", pk=challenge.pk)


@staff_required
def runs(request):
    if request.method == "POST":
        run, created = request_full_recompute(actor=request.user)
        if created:
            messages.success(request, _("Full recompute queued."))
        else:
            messages.info(request, _("A full recompute is already running."))
        return redirect("matching:runs")
    runs = list(MatchRun.objects.select_related("requested_by")[:20])
    return render(request, "matching/runs.html", {"runs": runs})


@staff_required
def run_progress(request, pk: int):
    run = get_object_or_404(MatchRun, pk=pk)
    return render(request, "matching/_run_progress.html", {"run": run})
