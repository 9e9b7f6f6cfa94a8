"""Newsletter issues seeded by the demo carry dates relative to the day they went out, never fixed ones."""

import datetime as dt
import io
import random
import re

import pytest

from helix.demo import outreach as outreach_demo
from helix.demo.dates import anchored
from helix.outreach.models import Issue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "first_issue", "deadline", "workshop", "wheel"),
    [
        # Seeded on 5 December 2026: the first issue went out on 10 August.
        (dt.date(2026, 12, 5), "agosto 2026", "24 de septiembre", "22 de agosto", None),
        # Seeded on 20 March 2027: the first issue went out on 10 November 2026, the second on 10 December.
        (dt.date(2027, 3, 20), "noviembre 2026", "25 de diciembre", "22 de noviembre", "2 de diciembre"),
    ],
)
def test_issue_bodies_are_dated_from_their_own_month(settings, day, first_issue, deadline, workshop, wheel):
    settings.SITE_URL = "http://127.0.0.1:8000"
    with anchored(day):
        outreach_demo.seed(rng=random.Random("outreach"), scale=1, stdout=io.StringIO())
    first = Issue.objects.get(subject=f"Boletín Helix · {first_issue}")
    assert "Las empresas y universidades pueden postular soluciones hasta el " + deadline + "." in first.body_markdown
    assert f"- Taller de formulación de desafíos: {workshop}, Concepción" in first.body_markdown
    assert "[Ver los desafíos](http://127.0.0.1:8000/matching/)" in first.body_markdown  # a link that works
    if wheel:
        second = Issue.objects.get(subject="Boletín Helix · diciembre 2026")
        assert f"en la rueda del {wheel}." in second.body_markdown
    for issue in Issue.objects.all():
        assert "example" not in issue.body_markdown
        assert not re.search(r"\{\w+\}", issue.subject + issue.body_markdown)  # every placeholder filled


def test_the_draft_takes_stock_of_the_seeding_month():
    with anchored(dt.date(2027, 3, 20)):
        outreach_demo.seed(rng=random.Random("outreach"), scale=1, stdout=io.StringIO())
    draft = Issue.objects.get(status="draft")
    assert draft.subject == "Boletín Helix · marzo 2027 (borrador)"
    assert draft.body_markdown.startswith(
        "## Balance del mes\n\nProfesionales formados, desafíos resueltos y regiones activadas en marzo 2027."
    )
