"""Matching's part of the personal-data download and of account deletion.

Challenges, solutions, pipeline moves and outcomes belong to organisations and stay. The download
lists what the account authored or did (and the solutions naming the person as contact); on
deletion those records keep their content but drop the link to the account or person, and the
person's name and e-mail are scrubbed from pipeline notes and outcome summaries.
"""

from typing import Any

from helix.core.personal_data import DataSubject, register, scrub_text_fields, unlink

from .models import Challenge, Match, MatchRun, Outcome, PipelineEvent, Solution, ThesaurusEntry


def export_matching(subject: DataSubject) -> dict[str, Any]:
    user, person = subject.user, subject.person
    events = PipelineEvent.objects.filter(actor=user).select_related("entry__challenge", "entry__solution")
    return {
        "challenges_created": [
            {"title": c.title, "organisation": c.organisation.name, "status": c.status, "created_at": c.created_at}
            for c in Challenge.objects.filter(created_by=user).select_related("organisation").order_by("created_at")
        ],
        "solutions_created": [
            {"title": s.title, "provider": s.provider.name, "status": s.status, "created_at": s.created_at}
            for s in Solution.objects.filter(created_by=user).select_related("provider").order_by("created_at")
        ],
        "solutions_as_contact": [
            {"title": s.title, "provider": s.provider.name}
            for s in Solution.objects.filter(contact=person).select_related("provider").order_by("created_at")
        ]
        if person is not None
        else [],
        "pipeline_moves": [
            {
                "challenge": e.entry.challenge.title,
                "solution": e.entry.solution.title,
                "from": e.from_stage,
                "to": e.to_stage,
                "note": e.note,
                "at": e.created_at,
            }
            for e in events.order_by("created_at", "pk")
        ],
        "outcomes_recorded": [
            {"challenge": o.challenge.title, "kind": o.kind, "summary": o.summary, "date": o.date}
            for o in Outcome.objects.filter(recorded_by=user).select_related("challenge").order_by("date", "pk")
        ],
        "matches_dismissed": [
            {"challenge": m.challenge.title, "solution": m.solution.title, "at": m.dismissed_at}
            for m in Match.objects.filter(dismissed_by=user).select_related("challenge", "solution")
        ],
        "match_runs_requested": MatchRun.objects.filter(requested_by=user).count(),
        "thesaurus_entries_edited": list(
            ThesaurusEntry.objects.filter(updated_by=user).values_list("concept", flat=True)
        ),
    }


def erase_matching(subject: DataSubject) -> None:
    # A bulk update bypasses the search-index clocks on purpose: none of these columns is indexed.
    unlink(
        subject.user,
        (Challenge, "created_by"),
        (Solution, "created_by"),
        (PipelineEvent, "actor"),
        (Outcome, "recorded_by"),
        (Match, "dismissed_by"),
        (MatchRun, "requested_by"),
        (ThesaurusEntry, "updated_by"),
    )
    unlink(subject.person, (Solution, "contact"))
    scrub_text_fields(PipelineEvent, ["note"], subject)
    scrub_text_fields(Outcome, ["summary"], subject)


register(
    "matching",
    export=export_matching,
    erase=erase_matching,
    covers={
        "matching.Challenge": ("created_by",),
        "matching.Solution": ("created_by", "contact"),
        "matching.PipelineEvent": ("actor", "note"),
        "matching.Outcome": ("recorded_by", "summary"),
        "matching.Match": ("dismissed_by",),
        "matching.MatchRun": ("requested_by",),
        "matching.ThesaurusEntry": ("updated_by",),
    },
)
