"""The demo seeder works on top of a (small) directory and is deterministic."""

import io
import random

import pytest

from helix.demo import matching as demo
from helix.demo import matching_content as content
from helix.matching.models import Challenge, Match, Outcome, PipelineEntry, Solution
from tests.factories import OrganisationFactory
from tests.factories.network import commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    for cut in (5101, 13101, 8101):
        OrganisationFactory(name=f"Municipalidad {cut}", kind="municipality", commune=commune(cut))
    for i in range(6):
        OrganisationFactory(name=f"Empresa {i}", kind="sme")
    OrganisationFactory(name="Global Smart Cities Ltd", kind="large_company", country="GB", commune=None)


def test_seed_creates_challenges_solutions_matches_and_pipeline(directory, monkeypatch):
    monkeypatch.setattr(demo, "CHALLENGES_PER_SCALE", 60)
    monkeypatch.setattr(demo, "SOLUTIONS_PER_SCALE", 50)
    monkeypatch.setattr(demo, "PIPELINE_PAIRS", 8)
    counts = demo.seed(rng=random.Random(1), scale=1, stdout=io.StringIO())
    assert counts["challenges"] == Challenge.objects.count() == 60
    assert counts["solutions"] == Solution.objects.count() == 50
    # International providers offer too, in Spanish like every seeded text (issue 12 §7).
    abroad = Solution.objects.filter(provider__country="GB")
    assert abroad.exists() and not Solution.objects.exclude(language="es").exists()
    titles = {s.title.split(": ")[-1] for s in abroad}
    assert titles & {t for offers in content.SOLUTIONS_INTERNATIONAL.values() for t, _d in offers}
    assert "Teleasistencia para personas mayores que viven solas" in str(content.SOLUTIONS_INTERNATIONAL["health"])
    assert counts["matches"] > 50 and Match.objects.filter(rank=1).exists()
    assert PipelineEntry.objects.count() == counts["pipeline entries"] > 0
    assert Outcome.objects.count() == counts["outcomes"]
    assert Challenge.objects.values("region").distinct().count() == 3


def test_generated_content_is_deterministic(directory):
    from helix.network.models import Organisation, Topic

    municipalities = list(Organisation.objects.filter(kind="municipality").select_related("commune").order_by("pk"))
    topics = {t.code: t for t in Topic.objects.all()}

    def texts(seed):
        rows, _links = demo._challenges(random.Random(seed), 40, municipalities, topics)
        return [(c.title, c.description, c.status, c.budget_min, c.created_at) for c in rows]

    assert texts(7) == texts(7)
    assert texts(7) != texts(8)


def test_seed_without_directory_does_nothing():
    out = io.StringIO()
    assert demo.seed(rng=random.Random(1), scale=1, stdout=out) == {"challenges": 0, "solutions": 0}
    assert "nothing seeded" in out.getvalue()
