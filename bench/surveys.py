"""Surveys benchmark: a campaign of 2,000 respondents × 60 questions on a fresh SQLite database.

Builds a 60-question questionnaire through the domain (every type; 4 pick-3 rankings, most questions
scored), 2,000 municipalities-like organisations in all regions, a campaign and 120,000 plausible
answers (bulk-written: submitting is not what is measured). Then times:
- score_s: `rescore_campaign` (every response's dimension/area scores, written back);
- report_s: the full campaign report (every question's distribution, ranking frequencies and
  average ranks, dimension medians) plus one municipality's report against the medians;
- export_s: the one-row-per-response export, written as CSV and as XLSX.
Peak memory is the highest resident set size sampled along the way.

Run: `python bench/surveys.py [respondents]` — prints one JSON line.
"""

import csv
import io
import json
import random
import sys
import time

from _django_env import rss_mb, setup_django

QUESTIONS = 60


def _value(rng: random.Random, kind: str, level: float):
    """A plausible answer of `kind` for a respondent around maturity `level` (0–4)."""
    simple = {
        "maturity": lambda: max(0, min(4, round(level + rng.uniform(-1, 1)))),
        "likert": lambda: max(1, min(5, round(1 + level + rng.uniform(-1, 1)))),
        "yes_no": lambda: rng.random() < level / 4,
        "single": lambda: rng.choice("abcd"),
        "multiple": lambda: sorted(rng.sample("abcde", rng.randint(1, 3))),
        "ranking": lambda: rng.sample([f"o{i}" for i in range(8)], 3),
        "number": lambda: round(rng.uniform(0, 500), 1),
    }
    return simple[kind]() if kind in simple else "Encargada de innovación municipal"


def build(n: int):
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from django.utils.text import slugify

    from helix.network.models import Organisation, Topic
    from helix.surveys.domain import campaigns, questionnaires
    from helix.surveys.models import Answer, Campaign, Question, Response
    from helix.territory.models import Commune

    staff = get_user_model().objects.create(email="bench@helix.cl", is_staff=True, is_superuser=True)
    q = questionnaires.create_questionnaire(actor=staff, title="Bench diagnostic")
    dims = list(Topic.objects.filter(kind="dimension"))
    kinds = [Question.Kind.MATURITY] * 20 + [Question.Kind.LIKERT] * 12 + [Question.Kind.YES_NO] * 8
    kinds += [Question.Kind.SINGLE] * 6 + [Question.Kind.MULTIPLE] * 4 + [Question.Kind.RANKING] * 4
    kinds += [Question.Kind.NUMBER] * 4 + [Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT]
    assert len(kinds) == QUESTIONS
    options = {
        Question.Kind.MATURITY: "Nada\nPoco\nAlgo\nBastante\nTodo",
        Question.Kind.SINGLE: "a|A|0\nb|B|0.33\nc|C|0.67\nd|D|1",
        Question.Kind.MULTIPLE: "a|A|0.34\nb|B|0.34\nc|C|0.34\nd|D|0.34\ne|E|0",
        Question.Kind.RANKING: "\n".join(f"o{i}|Opción {i}" for i in range(8)),
    }
    section = None
    created = []
    for i, kind in enumerate(kinds):
        if i % 10 == 0:
            section = questionnaires.add_section(actor=staff, questionnaire=q, title=f"Sección {i // 10 + 1}")
        created.append(
            questionnaires.save_question(
                actor=staff,
                section=section,
                code=f"q{i}",
                kind=kind,
                text=f"Pregunta {i} ({kind})",
                dimension=dims[i % len(dims)] if kind not in (Question.Kind.RANKING, Question.Kind.NUMBER) else None,
                max_choices=3 if kind in (Question.Kind.RANKING, Question.Kind.MULTIPLE) else None,
                min_value=0 if kind == Question.Kind.NUMBER else None,
                options=questionnaires.parse_options(options[kind]) if kind in options else None,
            )
        )
    questionnaires.publish(actor=staff, questionnaire=q)
    communes = list(Commune.objects.select_related("region"))
    rng = random.Random(2026)
    orgs = []
    for i in range(n):
        c = communes[i % len(communes)]
        name = f"Municipalidad bench {i}"
        orgs.append(
            Organisation(
                name=name,
                slug=slugify(name),
                normalized_name=name.lower(),
                sector="government",
                kind="municipality",
                commune=c,
                region=c.region,
            )
        )
    Organisation.objects.bulk_create(orgs, batch_size=1000)
    orgs = list(Organisation.objects.filter(name__startswith="Municipalidad bench"))
    campaign = campaigns.create_campaign(
        actor=staff, questionnaire=q, title="Bench", deadline=timezone.now() + dt.timedelta(days=30), organisations=orgs
    )
    answers = []
    for response_id in campaign.responses.values_list("pk", flat=True):
        level = rng.uniform(0, 4)
        for question in created:
            value = _value(rng, question.kind, level)
            answers.append(Answer(response_id=response_id, question=question, value=value))
        if len(answers) >= 20000:
            Answer.objects.bulk_create(answers)
            answers = []
    Answer.objects.bulk_create(answers)
    Response.objects.filter(campaign=campaign).update(status=Response.Status.SUBMITTED, submitted_at=timezone.now())
    return staff, Campaign.objects.get(pk=campaign.pk)


def measure(n: int = 2000) -> dict:
    setup_django()
    from openpyxl import Workbook

    from helix.surveys.domain import campaigns, reports
    from helix.surveys.domain.exports import response_rows

    staff, campaign = build(n)
    peak = rss_mb()

    began = time.perf_counter()
    campaigns.rescore_campaign(actor=staff, campaign=campaign)
    score_s = time.perf_counter() - began
    peak = max(peak, rss_mb())

    began = time.perf_counter()
    report = reports.campaign_report(actor=staff, campaign=campaign)
    reports.municipality_report(actor=staff, response=campaign.responses.select_related("organisation").first())
    report_s = time.perf_counter() - began
    assert report["respondents"] == n
    peak = max(peak, rss_mb())

    began = time.perf_counter()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    rows = 0
    for row in response_rows(actor=staff, campaign=campaign):
        writer.writerow(row)
        rows += 1
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in response_rows(actor=staff, campaign=campaign):
        sheet.append(row)
    book.save(io.BytesIO())
    export_s = time.perf_counter() - began
    assert rows == n + 1
    peak = max(peak, rss_mb())
    return {
        "respondents": n,
        "questions": QUESTIONS,
        "score_s": round(score_s, 2),
        "report_s": round(report_s, 2),
        "export_s": round(export_s, 2),
        "peak_mb": round(peak, 1),
    }


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)))
