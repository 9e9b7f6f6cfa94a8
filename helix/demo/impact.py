"""Demo of the impact figures (runs last): the figures tracked outside Helix, entered by the staff
account as manual figures with their source, and a new figures version, because the seeders write in
bulk (no signals) and a cached figure must not outlive the data it was computed from."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from helix.demo.dates import today
from helix.impact.figures.cache import bump
from helix.impact.models import ManualFigure

# (label, value, unit, source, days ago): the kind of figure the organisation counts by hand.
MANUAL = [
    ("Alcance en medios (valor publicitario equivalente)", "412000", "US$", "Informe anual de prensa", 40),
    ("Apariciones en prensa y radio", "63", "notas", "Monitoreo de medios", 40),
    ("Fondos apalancados para pilotos", "185000", "US$", "Convenios de cofinanciamiento firmados", 75),
    ("Seguidores en redes sociales", "18400", "seguidores", "Estadísticas de las cuentas oficiales", 10),
]


def seed(*, rng: random.Random, scale: int, stdout=None) -> dict[str, int]:
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    anchor = today()
    created = 0
    for label, value, unit, source, days_ago in MANUAL:
        _figure, made = ManualFigure.objects.get_or_create(
            label=label,
            defaults={
                "value": Decimal(value),
                "unit": unit,
                "source": source,
                "date": anchor - dt.timedelta(days=days_ago),
                "entered_by": staff,
            },
        )
        created += made
    bump()
    return {"manual figures": created}
