"""The Chilean RUT: check digit, typed forms, storage and display, and the refusals."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from helix.core import rut


@pytest.mark.parametrize(
    ("number", "digit"),
    [(12345678, "5"), (11111111, "1"), (60910000, "1"), (76086428, "5"), (10000013, "K"), (1000005, "K")],
)
def test_check_digit_of_known_ruts(number, digit):
    assert rut.check_digit(number) == digit


@pytest.mark.parametrize("typed", ["12.345.678-5", "12345678-5", "123456785", " 12.345.678 - 5 ", "12345678 5"])
def test_every_usual_way_of_typing_is_stored_and_shown_the_same(typed):
    assert rut.normalize(typed) == "12345678-5"
    assert rut.format_rut(typed) == "12.345.678-5"


def test_k_is_upper_case():
    assert rut.normalize("10.000.013-k") == "10000013-K"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.345.678-4", "El dígito verificador del RUT no coincide: revisa que esté bien escrito."),
        ("12.345.678", "Escribe el RUT así: 12.345.678-5."),  # the check digit is missing
        ("abc", "Escribe el RUT así: 12.345.678-5."),
        ("12-3", "Escribe el RUT así: 12.345.678-5."),
        ("1.2.3-4", "Escribe el RUT así: 12.345.678-5."),
    ],
)
def test_bad_ruts_are_refused_with_a_spanish_message(typed, message):
    with translation.override("es-cl"), pytest.raises(ValidationError) as exc:
        rut.validate_rut(typed)
    assert exc.value.messages == [message]
    assert rut.normalize(typed) == typed.strip()


def test_empty_is_allowed():
    rut.validate_rut("")
    assert rut.normalize("") == "" and rut.format_rut("") == ""


@given(st.integers(min_value=rut.MIN_BODY, max_value=rut.MAX_BODY))
def test_exactly_one_check_digit_is_valid(number):
    valid = [d for d in "0123456789K" if rut.is_valid(f"{number}-{d}")]
    assert valid == [rut.check_digit(number)]
    assert rut.normalize(rut.format_rut(f"{number}-{valid[0]}")) == f"{number}-{valid[0]}"
