"""The scheduler speaks to organisers in plain Spanish: no "greedy", no "cota demostrada"."""

from django.utils import translation

from helix.wheel.domain.scheduling import phase_label, summary


def test_phases_and_summary_in_plain_spanish():
    with translation.override("es-cl"):
        assert [phase_label(p) for p in ("greedy", "bound", "heuristic", "exact", "done")] == [
            "Primera propuesta",
            "Calculando lo mejor posible",
            "Mejorando la agenda",
            "Buscando la mejor agenda",
            "Terminando",
        ]
        text = summary({"scheduled": 40, "requests": 50, "weight_scheduled": 90, "upper_bound": 100})
    assert text == "40 de 50 reuniones solicitadas agendadas (90,0% de lo mejor posible)"
    assert "cota" not in text and "greedy" not in text
