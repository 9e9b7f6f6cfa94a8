"""Validating and normalising answers, and conditional display.

Raw values come from a form or the API: an option code (single, maturity level, likert point,
"yes"/"no"), a list of codes (multiple), a mapping code → rank (ranking), or text. The normalised
value stored in `Answer.value` is the code, the list of codes, the codes in rank order, an int, a
bool, a number or the stripped text. Errors are `HelixError`s with a clear message for that question.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from helix.core.errors import HelixError

from ..models import Question

K = Question.Kind
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000


def _empty(raw) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, Mapping):
        return not any(str(v).strip() for v in raw.values())
    if isinstance(raw, list | tuple):
        return not raw
    return False


def _codes(question: Question) -> list[str]:
    return [o.code for o in question.options.all()]


def _unknown() -> HelixError:
    return HelixError(_("Choose one of the options listed."), code="unknown_option")


def _int_in(raw, low: int, high: int, message) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise HelixError(message, code="out_of_range") from None
    if not low <= value <= high:
        raise HelixError(message, code="out_of_range")
    return value


def _ranking(question: Question, raw) -> list[str]:
    n = question.max_choices or 3
    codes = set(_codes(question))
    if isinstance(raw, list | tuple):  # already in order
        raw = {code: position for position, code in enumerate(raw, start=1)}
    ranks: dict[str, int] = {}
    for code, rank in raw.items():
        if str(rank).strip() == "":
            continue
        if code not in codes:
            raise _unknown()
        ranks[code] = _int_in(rank, 1, n, _("Ranks go from 1 to %(n)s.") % {"n": n})
    if len(ranks) > n:
        raise HelixError(
            ngettext_lazy("Choose at most %(n)s option.", "Choose at most %(n)s options.", n) % {"n": n},
            code="too_many",
        )
    seen: set[int] = set()
    for rank in sorted(ranks.values()):
        if rank in seen:
            raise HelixError(
                _("Rank %(rank)s is used twice: give each option a different rank.") % {"rank": rank},
                code="duplicate_rank",
            )
        seen.add(rank)
    if len(ranks) < n:
        raise HelixError(
            ngettext_lazy(
                "Rank exactly %(n)s option (1 is the most important).",
                "Rank exactly %(n)s options (1 is the most important).",
                n,
            )
            % {"n": n},
            code="too_few",
        )
    return [code for code, _rank in sorted(ranks.items(), key=lambda item: item[1])]


def _single(question: Question, raw):
    if raw not in _codes(question):
        raise _unknown()
    return raw


def _multiple(question: Question, raw):
    values = [raw] if isinstance(raw, str) else list(dict.fromkeys(raw))
    order = _codes(question)
    if any(v not in order for v in values):
        raise _unknown()
    n = question.max_choices
    if n and len(values) > n:
        raise HelixError(
            ngettext_lazy("Choose at most %(n)s option.", "Choose at most %(n)s options.", n) % {"n": n},
            code="too_many",
        )
    return sorted(values, key=order.index)


def _yes_no(question: Question, raw):
    if raw in (True, False):
        return raw
    if str(raw) not in ("yes", "no"):
        raise HelixError(_("Please answer yes or no."), code="unknown_option")
    return str(raw) == "yes"


def _number(question: Question, raw):
    try:
        number = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise HelixError(_("Enter a number."), code="not_a_number") from None
    if not number.is_finite():
        raise HelixError(_("Enter a number."), code="not_a_number")
    low = Decimal(str(question.min_value)) if question.min_value is not None else None
    high = Decimal(str(question.max_value)) if question.max_value is not None else None
    if (low is not None and number < low) or (high is not None and number > high):
        raise HelixError(
            _("Enter a number between %(low)s and %(high)s.")
            % {"low": _plain(low) if low is not None else "−∞", "high": _plain(high) if high is not None else "∞"},
            code="out_of_range",
        )
    return float(number)


def _text(question: Question, raw):
    limit = SHORT_TEXT_MAX if question.kind == K.SHORT_TEXT else LONG_TEXT_MAX
    text = str(raw).strip()
    if len(text) > limit:
        raise HelixError(
            _("Write at most %(limit)s characters (you wrote %(count)s).") % {"limit": limit, "count": len(text)},
            code="too_long",
        )
    return text


_CLEANERS = {
    K.SINGLE: _single,
    K.MULTIPLE: _multiple,
    K.RANKING: _ranking,
    K.MATURITY: lambda q, raw: _int_in(raw, 0, 4, _("Choose a level from 0 to 4.")),
    K.LIKERT: lambda q, raw: _int_in(raw, 1, 5, _("Choose a value from 1 to 5.")),
    K.YES_NO: _yes_no,
    K.NUMBER: _number,
    K.SHORT_TEXT: _text,
    K.LONG_TEXT: _text,
}


def clean_answer(question: Question, raw):
    """The normalised value of `raw` for `question`, or None when nothing was answered.
    Raises HelixError (codes: unknown_option, too_many, too_few, duplicate_rank, out_of_range,
    not_a_number, too_long) with a message for the person answering."""
    if _empty(raw):
        return None
    return _CLEANERS[question.kind](question, raw)


def _plain(number) -> str:
    number = Decimal(str(number))
    return format(number.normalize(), "f") if number == number.to_integral() else str(number)


def value_codes(value) -> set[str]:
    """The codes a stored value stands for, to test conditions ("yes"/"no", levels as digits)."""
    if value is None:
        return set()
    if isinstance(value, bool):
        return {"yes" if value else "no"}
    if isinstance(value, list):
        return {str(v) for v in value}
    if isinstance(value, float) and value.is_integer():
        return {str(int(value))}
    return {str(value)}


def visible_questions(questions: list[Question], values: Mapping[int, object]) -> list[Question]:
    """The questions shown given the answers so far (`values` by question id): a conditional question
    is shown when its controlling question is shown and answered with one of the listed codes."""
    shown: set[int] = set()
    result = []
    for question in questions:
        controller = question.show_if_question_id
        if controller is not None:
            wanted = {str(v) for v in question.show_if_values}
            if controller not in shown or not (value_codes(values.get(controller)) & wanted):
                continue
        shown.add(question.pk)
        result.append(question)
    return result


def clean_answers(questions: list[Question], raw: Mapping[int, object], *, complete: bool) -> dict[int, object]:
    """Normalise every answer of a response at once. Hidden questions' answers are dropped; with
    `complete`, every shown required question must be answered. Raises one HelixError whose
    `field_errors` maps question id → message (code "invalid_answers"); nothing is half-applied."""
    errors: dict[int, object] = {}
    values: dict[int, object] = {}
    for question in questions:
        try:
            values[question.pk] = clean_answer(question, raw.get(question.pk))
        except HelixError as exc:
            errors[question.pk] = exc.messages[0]
    shown = visible_questions(questions, values)
    shown_ids = {q.pk for q in shown}
    errors = {pk: message for pk, message in errors.items() if pk in shown_ids}
    if complete:
        for question in shown:
            if question.required and values.get(question.pk) is None and question.pk not in errors:
                errors[question.pk] = _("This question is required.")
    if errors:
        raise HelixError(
            ngettext_lazy(
                "%(count)s answer needs your attention.", "%(count)s answers need your attention.", len(errors)
            )
            % {"count": len(errors)},
            code="invalid_answers",
            field_errors=errors,
        )
    return {pk: value for pk, value in values.items() if pk in shown_ids}
