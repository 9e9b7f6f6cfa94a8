"""The impact demo: manual figures entered once (idempotent), and a new figures version after seeding."""

import random

import pytest

from helix.demo import impact
from helix.impact.models import FiguresVersion, ManualFigure

pytestmark = pytest.mark.django_db


def test_manual_figures_once_and_a_new_version(staff_user):
    assert impact.seed(rng=random.Random(1), scale=1) == {"manual figures": 4}
    assert impact.seed(rng=random.Random(1), scale=1) == {"manual figures": 0}
    assert ManualFigure.objects.count() == 4
    assert set(ManualFigure.objects.values_list("entered_by", flat=True)) == {staff_user.pk}
    assert FiguresVersion.objects.get().value == 2
