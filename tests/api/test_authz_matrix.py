"""Authorization matrix of the HTTP API: every operation (read from the OpenAPI schema) is in MATRIX,
and for each role (anonymous, citizen, representative of another organisation, representative of the
owner, organisation admin, staff) the answer is exactly the allowed one. A refused write leaves the
database unchanged. A new operation fails `test_every_operation_is_in_the_matrix` until it is added.

Each role's call runs in a savepoint that is rolled back, so every role meets the same world.
"""

import json

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client

from helix.api import api

from .world import ROLES, build

pytestmark = pytest.mark.django_db

# Expected statuses per role, in ROLES order.
ALL = (200, 200, 200, 200, 200, 200)
SIGNED_IN = (401, 200, 200, 200, 200, 200)
STAFF_ONLY = (401, 403, 403, 403, 403, 200)


def outcome(*statuses):
    assert len(statuses) == len(ROLES)
    return dict(zip(ROLES, statuses, strict=True))


def ids(**names):
    """Path parameters from the world: ids(challenge_id="challenge") → {"challenge_id": w["challenge"].pk}."""
    return lambda w: {param: w[key].pk for param, key in names.items()}


def slug(key):
    return lambda w: {"slug": w[key].slug}


NO_PARAMS = lambda w: {}  # noqa: E731

# "METHOD /path": (path parameters, body, expected statuses in ROLES order)
MATRIX = {
    # directory: public reads; agreements are the parties'
    "GET /api/directory/organisations": (NO_PARAMS, None, ALL),
    "GET /api/directory/organisations/{slug}": (slug("owner"), None, ALL),
    "GET /api/directory/people": (NO_PARAMS, None, ALL),
    "GET /api/directory/topics": (NO_PARAMS, None, ALL),
    "GET /api/directory/regions": (NO_PARAMS, None, ALL),
    "GET /api/directory/agreements/mine": (NO_PARAMS, None, SIGNED_IN),
    "POST /api/directory/agreements/{agreement_id}/confirm": (
        ids(agreement_id="agreement"),
        None,
        (401, 403, 403, 200, 200, 200),
    ),
    # matching
    "GET /api/matching/challenges": (NO_PARAMS, None, ALL),
    "POST /api/matching/challenges": (
        NO_PARAMS,
        lambda w: {"organisation": w["owner"].pk, "title": "Nuevo", "description": "Texto"},
        (401, 403, 403, 201, 201, 201),
    ),
    "GET /api/matching/challenges/{challenge_id}": (ids(challenge_id="challenge"), None, ALL),
    "PATCH /api/matching/challenges/{challenge_id}": (
        ids(challenge_id="challenge"),
        lambda w: {"title": "Cambiado"},
        (401, 403, 403, 200, 200, 200),
    ),
    "POST /api/matching/challenges/{challenge_id}/solved": (
        ids(challenge_id="challenge"),
        None,
        (401, 403, 403, 200, 200, 200),
    ),
    "GET /api/matching/challenges/{challenge_id}/matches": (ids(challenge_id="challenge"), None, ALL),
    "GET /api/matching/challenges/{challenge_id}/pipeline": (ids(challenge_id="challenge"), None, SIGNED_IN),
    "GET /api/matching/solutions": (NO_PARAMS, None, ALL),
    "POST /api/matching/solutions": (
        NO_PARAMS,
        lambda w: {"provider": w["owner"].pk, "title": "Nueva", "description": "Texto"},
        (401, 403, 403, 201, 201, 201),
    ),
    "GET /api/matching/solutions/{solution_id}": (ids(solution_id="solution"), None, ALL),
    "PATCH /api/matching/solutions/{solution_id}": (
        ids(solution_id="solution"),
        lambda w: {"title": "Cambiada"},
        (401, 403, 403, 200, 200, 200),
    ),
    "GET /api/matching/solutions/{solution_id}/matches": (ids(solution_id="solution"), None, ALL),
    "GET /api/matching/matches/{match_id}": (ids(match_id="match"), None, ALL),
    "POST /api/matching/matches/{match_id}/interest": (
        ids(match_id="match"),
        None,
        (401, 403, 403, 200, 200, 200),
    ),
    "POST /api/matching/matches/{match_id}/dismiss": (
        ids(match_id="match"),
        None,
        (401, 403, 403, 200, 200, 200),
    ),
    "POST /api/matching/pipeline/move": (
        NO_PARAMS,
        lambda w: {"challenge": w["challenge"].pk, "solution": w["match"].solution_id, "to_stage": "contacted"},
        (401, 403, 403, 200, 200, 200),
    ),
    # wheels: participants act for their own organisation, organisers (staff) for all
    "GET /api/wheels/{wheel_id}/agendas": (ids(wheel_id="wheel"), None, SIGNED_IN),
    "GET /api/wheels/participants/{participant_id}/agenda": (
        ids(participant_id="owner_participant"),
        None,
        (401, 403, 403, 200, 200, 200),
    ),
    "GET /api/wheels/participants/{participant_id}/requests": (
        ids(participant_id="owner_participant"),
        None,
        (401, 403, 403, 200, 200, 200),
    ),
    "POST /api/wheels/participants/{participant_id}/requests": (
        ids(participant_id="owner_participant"),
        lambda w: {"to_participant": w["town_participant"].pk, "priority": "like"},
        (401, 403, 403, 201, 201, 201),
    ),
    "POST /api/wheels/requests/{request_id}/answer": (
        ids(request_id="meeting_request"),
        lambda w: {"accept": True},
        (401, 403, 403, 200, 200, 200),
    ),
    "POST /api/wheels/invitations": (
        NO_PARAMS,
        lambda w: {"match": w["match"].pk, "wheel": w["invite_wheel"].pk},
        (401, 403, 403, 201, 201, 201),
    ),
    "POST /api/wheels/invitations/{invitation_id}/accept": (
        ids(invitation_id="invitation"),
        None,
        (401, 403, 403, 200, 200, 200),
    ),
    "POST /api/wheels/invitations/{invitation_id}/decline": (
        ids(invitation_id="invitation"),
        None,
        (401, 403, 403, 200, 200, 200),
    ),
    "POST /api/wheels/direct": (
        NO_PARAMS,
        lambda w: {
            "match": w["fresh_match"].pk,
            "options": [w["proposal"].options[0].isoformat()],
            "place": "Oficina",
            "minutes": 30,
        },
        (401, 403, 403, 201, 201, 201),
    ),
    "POST /api/wheels/direct/{meeting_id}/accept": (
        ids(meeting_id="proposal"),
        lambda w: {"option": 1},
        (401, 403, 403, 200, 200, 200),
    ),
    "POST /api/wheels/direct/{meeting_id}/decline": (
        ids(meeting_id="proposal"),
        None,
        (401, 403, 403, 200, 200, 200),
    ),
    "POST /api/wheels/direct/{meeting_id}/outcome": (
        ids(meeting_id="held"),
        lambda w: {"outcome": "follow_up", "note": ""},
        (401, 403, 403, 200, 200, 200),
    ),
    # events: the caller's own registrations only
    "GET /api/events/": (NO_PARAMS, None, ALL),
    "GET /api/events/registrations/mine": (NO_PARAMS, None, SIGNED_IN),
    "POST /api/events/registrations/{registration_id}/cancel": (
        ids(registration_id="registration"),
        None,
        (401, 404, 404, 200, 404, 200),
    ),
    "GET /api/events/{slug}": (slug("event"), None, ALL),
    "POST /api/events/{slug}/register": (slug("event"), lambda w: {}, (401, 201, 201, 400, 201, 201)),
    # academy
    "GET /api/academy/courses": (NO_PARAMS, None, ALL),
    "GET /api/academy/courses/{slug}": (lambda w: {"slug": w["cohort"].course.slug}, None, ALL),
    "GET /api/academy/cohorts/{cohort_id}": (ids(cohort_id="cohort"), None, ALL),
    "GET /api/academy/enrolments": (NO_PARAMS, None, SIGNED_IN),
    "POST /api/academy/cohorts/{cohort_id}/enrol": (ids(cohort_id="cohort"), None, (401, 201, 201, 400, 201, 201)),
    "POST /api/academy/enrolments/{enrolment_id}/cancel": (
        ids(enrolment_id="enrolment"),
        None,
        (401, 404, 404, 200, 404, 200),
    ),
    # surveys: aggregated results only
    "GET /api/surveys/questionnaires": (NO_PARAMS, None, ALL),
    "GET /api/surveys/questionnaires/{questionnaire_id}": (ids(questionnaire_id="questionnaire"), None, ALL),
    "GET /api/surveys/campaigns": (NO_PARAMS, None, STAFF_ONLY),
    "GET /api/surveys/campaigns/{campaign_id}/results": (
        ids(campaign_id="campaign"),
        None,
        (400, 400, 400, 400, 400, 200),
    ),
    "GET /api/surveys/campaigns/{campaign_id}/regions": (ids(campaign_id="campaign"), None, ALL),
}

# Operations of other branches (impact figures, strategy), checked once they are in the schema.
OTHER_BRANCHES = {
    "GET /api/impact/figures": (NO_PARAMS, None, ALL),
    "GET /api/impact/funnel": (NO_PARAMS, None, ALL),
    "GET /api/impact/figures/{key}/breakdown": (lambda w: {"key": "actors_connected"}, None, ALL),
    "GET /api/impact/figures/{key}/records": (lambda w: {"key": "actors_connected"}, None, STAFF_ONLY),
    "GET /api/strategy/coverage": (NO_PARAMS, None, ALL),
    "GET /api/strategy/countries": (NO_PARAMS, None, ALL),
    "GET /api/strategy/expansion": (NO_PARAMS, None, STAFF_ONLY),
    "GET /api/strategy/partners": (NO_PARAMS, None, STAFF_ONLY),
}
_published = {f"{m.upper()} {p}" for p, ms in api.get_openapi_schema()["paths"].items() for m in ms}
MATRIX.update({op: entry for op, entry in OTHER_BRANCHES.items() if op in _published})

# Models whose rows a refused write must leave as they were.
WATCHED = [
    "matching.Challenge",
    "matching.Solution",
    "matching.Match",
    "matching.PipelineEntry",
    "network.Agreement",
    "wheel.MeetingRequest",
    "wheel.Invitation",
    "wheel.Participant",
    "wheel.DirectMeeting",
    "events.Registration",
    "academy.Enrolment",
]


def schema_operations() -> list[str]:
    schema = api.get_openapi_schema()
    return sorted(f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods)


def snapshot() -> dict:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


def test_every_operation_is_in_the_matrix():
    missing = [op for op in schema_operations() if op not in MATRIX]
    assert not missing, "API operations missing from tests/api/test_authz_matrix.py MATRIX:\n" + "\n".join(missing)
    stale = [op for op in MATRIX if op not in schema_operations()]
    assert not stale, "MATRIX names operations that no longer exist:\n" + "\n".join(stale)


def call(role, user, method, url, body):
    client = Client()
    if user is not None:
        client.force_login(user)
    data = json.dumps(body) if body is not None else None
    return getattr(client, method.lower())(url, data, content_type="application/json")


@pytest.mark.parametrize("operation", sorted(MATRIX))
def test_each_role_gets_exactly_the_allowed_outcome(operation):
    world = build()
    params, body, expected = MATRIX[operation]
    method, path = operation.split(" ", 1)
    url = path.format(**params(world))
    payload = body(world) if body else None
    actual = {}
    for role in ROLES:
        with transaction.atomic():
            before = snapshot() if method != "GET" else None
            response = call(role, world["users"][role], method, url, payload)
            actual[role] = response.status_code
            if method != "GET" and response.status_code >= 400:
                assert snapshot() == before, f"{operation}: refused {role} changed the database"
            if response.status_code >= 400:
                assert set(response.json()) == {"detail", "code", "field_errors"}, (role, response.content)
            transaction.set_rollback(True)
    assert actual == outcome(*expected), operation
