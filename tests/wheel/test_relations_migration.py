"""The migrations that turn id lists into relations carry the existing data over (dangling ids dropped)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

MATCHING = ("matching", "0002_thesaurus")
BEFORE = [
    ("wheel", "0002_participant_withdrawn"),
    ("events", "0003_remove_registration_registration_event_status_and_more"),
    MATCHING,
]
AFTER = [("wheel", "0003_matching_relations"), ("events", "0004_minutes_challenges"), MATCHING]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    """Going back unapplies every later migration that depends on these (other apps' too): the tests
    that run after this one need the whole schema again."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_id_lists_become_relations():
    apps = _migrate(BEFORE)
    try:
        Organisation = apps.get_model("network", "Organisation")
        Challenge = apps.get_model("matching", "Challenge")
        Solution = apps.get_model("matching", "Solution")
        Match = apps.get_model("matching", "Match")
        Event = apps.get_model("events", "Event")
        Minutes = apps.get_model("events", "Minutes")
        Wheel = apps.get_model("wheel", "Wheel")
        Participant = apps.get_model("wheel", "Participant")
        MeetingRequest = apps.get_model("wheel", "MeetingRequest")

        town = Organisation.objects.create(name="Municipalidad de Prueba", slug="muni-prueba")
        firm = Organisation.objects.create(name="Empresa de Prueba", slug="empresa-prueba")
        challenge = Challenge.objects.create(organisation=town, title="Basura", description="d")
        solution = Solution.objects.create(provider=firm, title="Contenedores", description="d")
        match = Match.objects.create(challenge=challenge, solution=solution, score=0.5, computed_at=timezone.now())
        now = timezone.now()
        event = Event.objects.create(title="Rueda", slug="rueda", starts_at=now, ends_at=now + dt.timedelta(hours=2))
        minutes = Minutes.objects.create(event=event, challenge_ids=[challenge.pk, 999999])
        wheel = Wheel.objects.create(event=event, name="Rueda", date=now.date(), start_time=dt.time(9))
        buyer = Participant.objects.create(
            wheel=wheel, organisation=town, side="buyer", challenge_ids=[challenge.pk, 999]
        )
        seller = Participant.objects.create(wheel=wheel, organisation=firm, side="supplier", solution_ids=[solution.pk])
        kept = MeetingRequest.objects.create(
            wheel=wheel, from_participant=buyer, to_participant=seller, priority="must", source_match_id=match.pk
        )
        dangling = MeetingRequest.objects.create(
            wheel=wheel, from_participant=seller, to_participant=buyer, priority="like", source_match_id=987654
        )
    except Exception:
        _migrate(AFTER)
        raise
    apps = _migrate(AFTER)
    Participant = apps.get_model("wheel", "Participant")
    MeetingRequest = apps.get_model("wheel", "MeetingRequest")
    Minutes = apps.get_model("events", "Minutes")
    assert list(Participant.objects.get(pk=buyer.pk).challenges.values_list("pk", flat=True)) == [challenge.pk]
    assert list(Participant.objects.get(pk=seller.pk).solutions.values_list("pk", flat=True)) == [solution.pk]
    assert MeetingRequest.objects.get(pk=kept.pk).source_match_id == match.pk
    assert MeetingRequest.objects.get(pk=dangling.pk).source_match_id is None
    assert list(Minutes.objects.get(pk=minutes.pk).challenges.values_list("pk", flat=True)) == [challenge.pk]
