"""Building questionnaires: every question type, validation of bad definitions, version freezing."""

import pytest

from helix.core.errors import HelixError
from helix.surveys.domain import questionnaires
from helix.surveys.models import Answer, Question, Questionnaire
from tests.factories.surveys import every_type_questionnaire

pytestmark = pytest.mark.django_db
K = Question.Kind


def test_every_type_is_built_with_its_options(staff_user):
    q, questions = every_type_questionnaire(staff_user)
    assert {question.kind for question in questions.values()} == set(K.values)
    maturity = questions["maturity"]
    assert [(o.code, o.descriptor) for o in maturity.options.all()] == [
        ("0", "Nada"),
        ("1", "Poco"),
        ("2", "Algo"),
        ("3", "Bastante"),
        ("4", "Todo"),
    ]
    assert [o.score for o in questions["single"].options.all()] == [0.0, 0.5, 1.0]
    assert q.status == Questionnaire.Status.PUBLISHED and q.published_at is not None


def test_published_version_is_frozen(staff_user):
    q, questions = every_type_questionnaire(staff_user)
    section = q.sections.get()
    with pytest.raises(HelixError) as exc:
        questionnaires.save_question(actor=staff_user, section=section, code="x", kind=K.YES_NO, text="¿Nueva?")
    assert exc.value.code == "frozen"
    assert str(exc.value) == "Esta versión está publicada y congelada. Crea una nueva versión para cambiarla."
    with pytest.raises(HelixError):
        questionnaires.add_section(actor=staff_user, questionnaire=q, title="Otra")
    assert Question.objects.filter(section__questionnaire=q).count() == 10


def test_new_version_copies_and_leaves_the_old_one_untouched(staff_user):
    q, questions = every_type_questionnaire(staff_user)
    v2 = questionnaires.new_version(actor=staff_user, questionnaire=q)
    assert (v2.family, v2.version, v2.status) == (q.family, 2, "draft")
    codes_v1 = list(Question.objects.filter(section__questionnaire=q).values_list("code", flat=True))
    codes_v2 = list(Question.objects.filter(section__questionnaire=v2).values_list("code", flat=True))
    assert codes_v1 == codes_v2
    copy = Question.objects.get(section__questionnaire=v2, code="show-budget")
    assert copy.show_if_question.code == "has-plan" and copy.show_if_question.section.questionnaire == v2
    # Editing the new version does not touch the old one.
    section = v2.sections.get()
    questionnaires.save_question(actor=staff_user, section=section, code="nueva", kind=K.YES_NO, text="¿Nueva?")
    assert Question.objects.filter(section__questionnaire=q).count() == 10
    assert Question.objects.filter(section__questionnaire=v2).count() == 11
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"kind": K.SINGLE, "text": "x"}, "options", "Indica al menos dos opciones, una por línea."),
        (
            {"kind": K.MATURITY, "text": "x"},
            "options",
            "Una pregunta de madurez tiene exactamente cinco niveles (0 a 4), un descriptor por línea.",
        ),
        (
            {"kind": K.RANKING, "text": "x", "max_choices": 5},
            "max_choices",
            "N debe estar entre 1 y el número de opciones.",
        ),
        (
            {"kind": K.NUMBER, "text": "x", "min_value": 10, "max_value": 1},
            "max_value",
            "El máximo no puede ser menor que el mínimo.",
        ),
        ({"kind": K.YES_NO, "text": "  "}, "text", "Escribe la pregunta."),
    ],
)
def test_bad_definitions_are_refused_with_a_message(staff_user, values, field, message):
    q = questionnaires.create_questionnaire(actor=staff_user, title="Borrador")
    s = questionnaires.add_section(actor=staff_user, questionnaire=q, title="S")
    options = questionnaires.parse_options("a|A\nb|B\nc|C") if values["kind"] == K.RANKING else None
    with pytest.raises(HelixError) as exc:
        questionnaires.save_question(actor=staff_user, section=s, options=options, **values)
    assert str(exc.value.field_errors[field]) == message
    assert not Question.objects.filter(section=s).exists()


def test_builtin_diagnostic_is_published_with_areas_dimensions_and_kpis():
    q = Questionnaire.objects.get(family="smart-city-maturity")
    assert q.built_in and q.is_frozen
    questions = Question.objects.filter(section__questionnaire=q)
    assert set(questions.exclude(area="").values_list("area", flat=True)) == {
        "strategy",
        "competences",
        "match",
        "agreements",
        "citizens",
    }
    assert set(questions.exclude(dimension=None).values_list("dimension__code", flat=True)) == {
        "economy",
        "people",
        "governance",
        "mobility",
        "environment",
        "living",
    }
    kpis = questions.exclude(kpi_code="")
    assert kpis.count() == 55 and not kpis.filter(required=True).exists()
    assert kpis.get(kpi_code="EC: ICT: ICT: 1C").unit == "%"
    assert questions.filter(kind=K.RANKING, max_choices=3).count() == 2


def test_question_codes_are_unique_within_a_version(staff_user):
    q = questionnaires.create_questionnaire(actor=staff_user, title="Borrador")
    s = questionnaires.add_section(actor=staff_user, questionnaire=q, title="S")
    questionnaires.save_question(actor=staff_user, section=s, code="plan", kind=K.YES_NO, text="¿Plan?")
    with pytest.raises(HelixError) as exc:
        questionnaires.save_question(actor=staff_user, section=s, code="plan", kind=K.YES_NO, text="¿Otro?")
    assert str(exc.value.field_errors["code"]) == "Otra pregunta de este cuestionario tiene este código."
