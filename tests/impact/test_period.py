import datetime as dt

import pytest

from helix.core.errors import HelixError
from helix.impact.period import Period

TODAY = dt.date(2026, 12, 4)


def test_default_is_the_year_so_far():
    assert Period.parse(None, "", today=TODAY) == Period(dt.date(2026, 1, 1), TODAY)


def test_previous_year_keeps_the_days():
    assert Period(dt.date(2024, 2, 29), dt.date(2024, 12, 31)).previous_year() == Period(
        dt.date(2023, 2, 28), dt.date(2023, 12, 31)
    )


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("2026-13-01", "", "from", "Ingresa una fecha válida (AAAA-MM-DD)."),
        ("9999-01-01", "", "from", "Ingresa una fecha entre 2000 y 2100."),
        ("2026-06-01", "2026-05-01", "to", "El fin del período no puede ser anterior a su inicio."),
    ],
)
def test_bad_periods_name_the_field(start, end, field, message):
    with pytest.raises(HelixError) as caught:
        Period.parse(start, end, today=TODAY)
    assert str(caught.value.field_errors[field]) == message
