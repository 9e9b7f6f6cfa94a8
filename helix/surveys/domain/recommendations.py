"""From gaps to action: a respondent's weakest dimensions become recommendations (matching
solutions through the matcher's queries, academy courses, experts and organisations that have done
it elsewhere), and a recommendation taken up becomes a challenge pre-filled from the answers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from helix.academy.models import Course
from helix.core.errors import HelixError
from helix.matching.domain.records import save_challenge
from helix.matching.models import Challenge
from helix.matching.queries import solutions_for
from helix.network.models import Organisation, Person, Topic

from ..models import Response
from ..permissions import can_act_on_response, can_view_response
from .reports import municipality_report

PER_KIND = 3


def _topic_codes(dimension: Topic) -> list[str]:
    return [dimension.code, *dimension.children.values_list("code", flat=True)]


def _solutions(actor, codes: list[str], region_code: int | None) -> list:
    found: dict[int, object] = {}
    for region in ([region_code] if region_code else []) + [None]:
        for code in codes:
            for solution in solutions_for(actor, region=region, topic=code)[:PER_KIND]:
                found.setdefault(solution.pk, solution)
            if len(found) >= PER_KIND:
                return list(found.values())[:PER_KIND]
    return list(found.values())


def recommendations(*, actor, response: Response, dimensions: int = 2) -> list[dict]:
    """For each of the `dimensions` weakest dimensions: its score and up to three solutions, courses,
    experts and organisations (others whose challenges on the topic are in progress or solved)."""
    if not can_view_response(actor, response):
        raise PermissionDenied
    scores = response.scores.get("dimensions", {})
    weakest = sorted(scores, key=lambda code: (scores[code], code))[:dimensions]
    topics = {t.code: t for t in Topic.objects.filter(code__in=weakest)}
    region_code = response.organisation.region.code if response.organisation.region_id else None
    result = []
    for code in weakest:
        topic = topics.get(code)
        if topic is None:
            continue
        codes = _topic_codes(topic)
        result.append(
            {
                "code": code,
                "label": topic.name,
                "score": scores[code],
                "solutions": _solutions(actor, codes, region_code),
                "courses": list(
                    Course.objects.filter(published=True, topics__code__in=codes)
                    .distinct()
                    .order_by("title")[:PER_KIND]
                ),
                "experts": list(
                    Person.objects.filter(public_profile=True, expertise__code__in=codes)
                    .distinct()
                    .order_by("last_name", "first_name")[:PER_KIND]
                ),
                "organisations": list(
                    Organisation.objects.filter(
                        challenges__topics__code__in=codes,
                        challenges__status__in=[Challenge.Status.IN_PROGRESS, Challenge.Status.SOLVED],
                        challenges__visibility=Challenge.Visibility.PUBLIC,
                    )
                    .exclude(pk=response.organisation_id)
                    .distinct()
                    .order_by("name")[:PER_KIND]
                ),
            }
        )
    return result


def challenge_from_recommendation(*, actor, response: Response, dimension: str) -> Challenge:
    """Create a draft challenge of the responding organisation on a weak dimension, its description
    pre-filled with the score, the medians and the answers behind it. The organisation then edits
    and opens it on the matching pages."""
    if not can_act_on_response(actor, response):
        raise PermissionDenied
    report = municipality_report(actor=actor, response=response)
    row = next((d for d in report["dimensions"] if d["code"] == dimension), None)
    topic = Topic.objects.filter(code=dimension, kind=Topic.Kind.DIMENSION).first()
    if row is None or topic is None:
        raise HelixError(_("This dimension was not scored in the response."), code="unknown_dimension")
    organisation = response.organisation
    lines = [
        _g('Diagnostic "%(campaign)s": %(dimension)s scored %(score)s of 4 (national median %(median)s).')
        % {
            "campaign": response.campaign.title,
            "dimension": row["label"],
            "score": row["score"],
            "median": row["national"],
        },
        "",
        _g("Answers behind this score:"),
    ]
    lines += [f"- {item['question']}: {item['answer']}" for item in row["answers"]]
    return save_challenge(
        actor=actor,
        organisation=organisation,
        title=(
            _g("Improve %(dimension)s in %(organisation)s")
            % {"dimension": row["label"].lower(), "organisation": organisation.name}
        )[:200],
        description="\n".join(lines),
        commune=organisation.commune,
        region=organisation.region,
        status=Challenge.Status.DRAFT,
        topics=[topic],
    )
