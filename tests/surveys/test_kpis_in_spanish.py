"""The built-in diagnostic's U4SSC KPI questions read in Chilean Spanish (issue 12 §7)."""

import pytest
from django.apps import apps

from helix.surveys.diagnostic import FAMILY, kpi_rows, kpi_spanish, translate_kpi_questions
from helix.surveys.models import Question

pytestmark = pytest.mark.django_db


def _kpis():
    return Question.objects.filter(section__questionnaire__family=FAMILY).exclude(kpi_code="")


def test_every_core_kpi_has_a_spanish_name_unit_and_measure():
    spanish = kpi_spanish()
    assert {row["kpi_code"] for row in kpi_rows()} <= set(spanish)
    assert all(row["nombre"] and row["unidad"] and row["mide"] for row in spanish.values())


def test_the_built_in_diagnostic_asks_the_kpis_in_spanish():
    internet = _kpis().get(kpi_code="EC: ICT: ICT: 1C")
    assert (internet.text, internet.help_text, internet.unit) == (
        "Acceso a internet en los hogares",
        "hogares con acceso a internet",
        "%",
    )
    water = _kpis().get(kpi_code="EN: EN: WS: 2C")
    assert (water.text, water.unit) == ("Consumo de agua", "litros por habitante al día")
    assert not _kpis().filter(unit__contains="inhabitants").exists()
    assert _kpis().count() == len(kpi_rows())


def test_questions_created_in_english_are_translated():
    _kpis().filter(kpi_code="SC: SH: SA: 9C").update(
        text="Traffic Fatalities", help_text="road traffic deaths", unit="per 100,000 inhabitants"
    )
    assert translate_kpi_questions(apps.get_model) == len(kpi_rows())
    fatalities = _kpis().get(kpi_code="SC: SH: SA: 9C")
    assert (fatalities.text, fatalities.help_text, fatalities.unit) == (
        "Muertes en el tránsito",
        "muertes en siniestros de tránsito",
        "por 100.000 habitantes",
    )
