"""Questionnaires built through the domain (so the factories respect its rules), campaigns and responses."""

import datetime as dt

from django.utils import timezone

from helix.network.models import Topic
from helix.surveys.domain import campaigns, questionnaires
from helix.surveys.models import Question

K = Question.Kind


def every_type_questionnaire(staff, *, publish: bool = True):
    """One question of each type; `show-budget` appears only when `has-plan` is "yes"."""
    q = questionnaires.create_questionnaire(actor=staff, title="Encuesta de prueba")
    s = questionnaires.add_section(actor=staff, questionnaire=q, title="Sección 1")
    gov = Topic.objects.get(code="governance")
    people = Topic.objects.get(code="people")
    opts = questionnaires.parse_options

    def add(**values):
        options = values.pop("options", None)
        return questionnaires.save_question(actor=staff, section=s, options=options, **values)

    questions = {
        "single": add(
            code="single",
            kind=K.SINGLE,
            text="¿Quién lidera?",
            dimension=gov,
            options=opts("nadie|Nadie|0\nunidad|Una unidad|0.5\nalcalde|Alcaldía|1"),
        ),
        "multiple": add(
            code="multiple",
            kind=K.MULTIPLE,
            text="Canales",
            max_choices=2,
            dimension=people,
            options=opts("a|A|0.5\nb|B|0.5\nc|C|0.5"),
        ),
        "ranking": add(
            code="ranking",
            kind=K.RANKING,
            text="Ordene 3",
            max_choices=3,
            options=opts("segura|Segura\nverde|Verde\nconectada|Conectada\ninclusiva|Inclusiva"),
        ),
        "maturity": add(
            code="maturity",
            kind=K.MATURITY,
            text="Madurez digital",
            dimension=gov,
            options=opts("Nada\nPoco\nAlgo\nBastante\nTodo"),
        ),
        "likert": add(code="likert", kind=K.LIKERT, text="Usa datos", dimension=people),
        "yes_no": add(code="has-plan", kind=K.YES_NO, text="¿Tiene plan?", dimension=gov),
        "number": add(code="number", kind=K.NUMBER, text="Funcionarios", unit="personas", min_value=0, max_value=500),
        "short_text": add(code="short", kind=K.SHORT_TEXT, text="Cargo", required=False),
        "long_text": add(code="long", kind=K.LONG_TEXT, text="Desafío", required=False),
    }
    questions["conditional"] = add(
        code="show-budget",
        kind=K.NUMBER,
        text="Presupuesto",
        unit="CLP",
        show_if_question=questions["yes_no"],
        show_if_values=["yes"],
    )
    if publish:
        questionnaires.publish(actor=staff, questionnaire=q)
    return q, questions


def full_answers(questions) -> dict:
    """Raw answers (as a form posts them) to every question of `every_type_questionnaire`."""
    return {
        questions["single"].pk: "unidad",
        questions["multiple"].pk: ["a", "b"],
        questions["ranking"].pk: {"verde": "1", "segura": "2", "inclusiva": "3", "conectada": ""},
        questions["maturity"].pk: "3",
        questions["likert"].pk: "5",
        questions["yes_no"].pk: "yes",
        questions["number"].pk: "42",
        questions["short_text"].pk: "Director de innovación",
        questions["long_text"].pk: "",
        questions["conditional"].pk: "1000000",
    }


def open_campaign(staff, questionnaire, organisations, *, days: int = 14, title: str = "Diagnóstico 2026"):
    return campaigns.create_campaign(
        actor=staff,
        questionnaire=questionnaire,
        title=title,
        deadline=timezone.now() + dt.timedelta(days=days),
        organisations=organisations,
    )
