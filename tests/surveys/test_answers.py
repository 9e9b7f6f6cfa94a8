"""Validation of every question type, with the Spanish message a respondent sees."""

import pytest

from helix.core.errors import HelixError
from helix.surveys.domain.answers import clean_answer, clean_answers
from tests.factories.surveys import every_type_questionnaire, full_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def qs(staff_user):
    return every_type_questionnaire(staff_user)[1]


def _error(question, raw):
    with pytest.raises(HelixError) as exc:
        clean_answer(question, raw)
    return exc.value.code, str(exc.value)


def test_valid_answers_are_normalised(qs):
    assert clean_answer(qs["single"], "unidad") == "unidad"
    assert clean_answer(qs["multiple"], ["b", "a", "b"]) == ["a", "b"]
    assert clean_answer(qs["ranking"], {"verde": "1", "segura": "2", "inclusiva": "3", "conectada": ""}) == [
        "verde",
        "segura",
        "inclusiva",
    ]
    assert clean_answer(qs["maturity"], "0") == 0
    assert clean_answer(qs["likert"], "5") == 5
    assert clean_answer(qs["yes_no"], "no") is False
    assert clean_answer(qs["number"], "12,5") == 12.5
    assert clean_answer(qs["short_text"], "  Jefa  ") == "Jefa"
    assert clean_answer(qs["long_text"], "") is None


def test_single_unknown_option(qs):
    assert _error(qs["single"], "otra") == ("unknown_option", "Elige una de las opciones de la lista.")


def test_multiple_too_many(qs):
    assert _error(qs["multiple"], ["a", "b", "c"]) == ("too_many", "Elige como máximo 2 opciones.")


def test_ranking_too_many_picks(qs):
    raw = {"verde": "1", "segura": "2", "inclusiva": "3", "conectada": "3"}
    assert _error(qs["ranking"], raw) == ("too_many", "Elige como máximo 3 opciones.")


def test_ranking_duplicate_ranks(qs):
    raw = {"verde": "1", "segura": "1", "inclusiva": "3"}
    assert _error(qs["ranking"], raw) == (
        "duplicate_rank",
        "El puesto 1 está repetido: asigna un puesto distinto a cada opción.",
    )


def test_ranking_too_few_and_out_of_range(qs):
    assert _error(qs["ranking"], {"verde": "1", "segura": "2"}) == (
        "too_few",
        "Ordena exactamente 3 opciones (1 es la más importante).",
    )
    assert _error(qs["ranking"], {"verde": "4"}) == ("out_of_range", "Los puestos van de 1 a 3.")


def test_maturity_and_likert_out_of_range(qs):
    assert _error(qs["maturity"], "5") == ("out_of_range", "Elige un nivel de 0 a 4.")
    assert _error(qs["likert"], "0") == ("out_of_range", "Elige un valor de 1 a 5.")


def test_yes_no_rejects_other_values(qs):
    assert _error(qs["yes_no"], "quizás") == ("unknown_option", "Responde sí o no.")


def test_number_out_of_range_and_not_a_number(qs):
    assert _error(qs["number"], "501") == ("out_of_range", "Ingresa un número entre 0 y 500.")
    assert _error(qs["number"], "-1") == ("out_of_range", "Ingresa un número entre 0 y 500.")
    assert _error(qs["number"], "muchos") == ("not_a_number", "Ingresa un número.")
    assert _error(qs["number"], "NaN") == ("not_a_number", "Ingresa un número.")


def test_text_length_is_bounded(qs):
    code, message = _error(qs["short_text"], "x" * 301)
    assert code == "too_long" and message == "Escribe como máximo 300 caracteres (escribiste 301)."


def test_missing_required_answer_on_submit_only(qs):
    raw = full_answers(qs)
    del raw[qs["likert"].pk]
    assert clean_answers(list(qs.values()), raw, complete=False)[qs["likert"].pk] is None
    with pytest.raises(HelixError) as exc:
        clean_answers(list(qs.values()), raw, complete=True)
    assert exc.value.code == "invalid_answers"
    assert str(exc.value) == "1 respuesta requiere tu atención."
    assert {pk: str(m) for pk, m in exc.value.field_errors.items()} == {
        qs["likert"].pk: "Esta pregunta es obligatoria."
    }


def test_conditional_question_hidden_is_neither_required_nor_kept(qs):
    raw = full_answers(qs)
    raw[qs["yes_no"].pk] = "no"
    raw[qs["conditional"].pk] = "not a number"  # hidden: its bad value does not matter and is dropped
    values = clean_answers(list(qs.values()), raw, complete=True)
    assert qs["conditional"].pk not in values
    raw[qs["yes_no"].pk] = "yes"
    raw[qs["conditional"].pk] = ""
    with pytest.raises(HelixError) as exc:
        clean_answers(list(qs.values()), raw, complete=True)
    assert set(exc.value.field_errors) == {qs["conditional"].pk}
