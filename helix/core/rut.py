"""The Chilean RUT (Rol Único Tributario): check digit, validation, storage form and display form.

Stored as digits, a hyphen and the check digit (``12345678-5``, ``K`` upper-case); shown with dots
(``12.345.678-5``). People type it in every form: with or without dots, hyphen, spaces, ``k``.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_TYPED = re.compile(r"^\s*(\d{1,3}(?:\.?\d{3})*)\s*-?\s*([\dkK])\s*$")
MIN_BODY = 1_000_000  # below this no RUT is issued to a person or organisation in use today
MAX_BODY = 99_999_999


def check_digit(body: int) -> str:
    """The modulo-11 check digit of a RUT's number: ``"0"``–``"9"`` or ``"K"``."""
    total, factor = 0, 2
    for digit in reversed(str(body)):
        total += int(digit) * factor
        factor = 2 if factor == 7 else factor + 1
    rest = 11 - total % 11
    return {11: "0", 10: "K"}.get(rest, str(rest))


def parse(value: str) -> tuple[int, str] | None:
    """``(number, check digit)`` of a typed RUT, or None when it is not shaped like one."""
    match = _TYPED.match(str(value or ""))
    if not match:
        return None
    return int(match.group(1).replace(".", "")), match.group(2).upper()


def is_valid(value: str) -> bool:
    parsed = parse(value)
    return bool(parsed and MIN_BODY <= parsed[0] <= MAX_BODY and check_digit(parsed[0]) == parsed[1])


def normalize(value: str) -> str:
    """The storage form (``12345678-5``) of a valid RUT; anything else is returned stripped, unchanged,
    for the validator to reject with its message. Empty stays empty."""
    value = (value or "").strip()
    if not is_valid(value):
        return value
    number, digit = parse(value)
    return f"{number}-{digit}"


def format_rut(value: str) -> str:
    """The display form with dots (``12.345.678-5``); an invalid value is shown as stored."""
    if not is_valid(value):
        return value or ""
    number, digit = parse(value)
    return f"{number:,}".replace(",", ".") + f"-{digit}"


def validate_rut(value: str) -> None:
    """Model/form validator: a RUT with the right check digit (e.g. 12.345.678-5)."""
    if not value:
        return
    parsed = parse(value)
    if parsed is None or not MIN_BODY <= parsed[0] <= MAX_BODY:
        raise ValidationError(_("Write the RUT as 12.345.678-5."), code="rut_format")
    if check_digit(parsed[0]) != parsed[1]:
        raise ValidationError(
            _("The RUT's check digit does not match: check that it was written correctly."), code="rut_check_digit"
        )
