"""Personal API tokens: created and shown once, stored hashed, scoped, expiring, revocable; the session
keeps working for the web; the token's rows are in the personal-data download and deleted with the account."""

import datetime as dt
import hashlib
import json

import pytest
import time_machine
from django.utils import timezone

from helix.apitokens import domain
from helix.apitokens.models import ApiToken
from helix.core.personal_data import collect_personal_data, erase_personal_data
from helix.matching.models import Challenge
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.matching import ChallengeFactory
from tests.matching.conftest import representative_of

pytestmark = pytest.mark.django_db
PAGE = "/accounts/tokens/"


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def new_token(user, scope="read", days=30, name="informe"):
    return domain.create_token(actor=user, name=name, scope=scope, days=days)


def test_page_creates_a_token_shown_once_and_stored_hashed(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(PAGE, {"name": "Panel municipal", "scope": "write", "days": "90"})
    html = response.content.decode()
    assert "Cópialo ahora: no se volverá a mostrar." in html
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=user)
    raw = html.split('<code id="new-token">')[1].split("</code>")[0]
    assert raw.startswith("hx_") and token.prefix == raw[:11]
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest() and raw not in token.token_hash
    assert (token.name, token.scope) == ("Panel municipal", "write")
    assert abs(token.expires_at - (timezone.now() + dt.timedelta(days=90))) < dt.timedelta(minutes=1)
    again = client.get(PAGE).content.decode()
    assert raw not in again and "Panel municipal" in again and token.prefix in again and "Nunca" in again


def test_page_needs_sign_in_and_refuses_bad_input(client):
    assert client.get(PAGE).status_code == 302
    client.force_login(UserFactory())
    response = client.post(PAGE, {"name": "", "scope": "admin", "days": "9999"})
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert "Este campo es obligatorio." in response.content.decode()


def test_a_token_authenticates_api_calls_as_its_owner(client):
    user = UserFactory()
    _token, raw = new_token(user)
    assert client.get("/api/events/registrations/mine").status_code == 401
    response = client.get("/api/events/registrations/mine", **bearer(raw))
    assert response.status_code == 200 and response.json() == {"items": [], "count": 0}
    assert ApiToken.objects.get().last_used_at is not None


def test_a_read_token_cannot_write_and_a_write_token_can(client):
    municipality = OrganisationFactory(kind="municipality")
    owner = representative_of(municipality)
    _read, read_raw = new_token(owner, scope="read")
    _write, write_raw = new_token(owner, scope="write", name="escritura")
    payload = json.dumps({"organisation": municipality.pk, "title": "Agua", "description": "Riego"})
    refused = client.post("/api/matching/challenges", payload, content_type="application/json", **bearer(read_raw))
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "Este token de API es de solo lectura.",
        "code": "forbidden",
        "field_errors": {},
    }
    assert not Challenge.objects.exists()
    # No CSRF token is needed with a bearer token.
    created = client.post("/api/matching/challenges", payload, content_type="application/json", **bearer(write_raw))
    assert created.status_code == 201 and Challenge.objects.get().title == "Agua"


def test_revoked_expired_and_unknown_tokens_are_401(client):
    user = UserFactory()
    revoked, revoked_raw = new_token(user, name="a")
    _expiring, expiring_raw = new_token(user, days=7, name="b")
    domain.revoke_token(actor=user, token=revoked)
    for raw in (revoked_raw, "hx_nope", "Token abc"):
        response = client.get("/api/matching/challenges", **bearer(raw))
        assert response.status_code == 401 and response.json()["code"] == "unauthorized", raw
    assert client.get("/api/matching/challenges", **bearer(expiring_raw)).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        assert client.get("/api/matching/challenges", **bearer(expiring_raw)).status_code == 401


def test_a_token_sees_what_its_owner_sees(client):
    hidden = ChallengeFactory(visibility=Challenge.Visibility.STAFF)
    staff = UserFactory(is_staff=True)
    _token, raw = new_token(staff)
    assert client.get(f"/api/matching/challenges/{hidden.pk}").status_code == 404
    assert client.get(f"/api/matching/challenges/{hidden.pk}", **bearer(raw)).status_code == 200


def test_only_the_owner_revokes(client):
    owner, other = UserFactory(), UserFactory()
    token, _raw = new_token(owner)
    client.force_login(other)
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    client.force_login(owner)
    response = client.post(f"{PAGE}{token.pk}/revoke/", follow=True)
    assert "El token «informe» fue revocado." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_session_keeps_working_and_needs_csrf_for_writes():
    from django.test import Client

    municipality = OrganisationFactory(kind="municipality")
    client = Client(enforce_csrf_checks=True)
    client.force_login(representative_of(municipality))
    payload = json.dumps({"organisation": municipality.pk, "title": "Agua", "description": "Riego"})
    assert client.get("/api/events/registrations/mine").status_code == 200
    response = client.post("/api/matching/challenges", payload, content_type="application/json")
    assert response.status_code == 403 and not Challenge.objects.exists()


def test_personal_data_download_and_deletion_cover_tokens():
    user = UserFactory()
    _token, raw = new_token(user, name="Panel")
    data = collect_personal_data(user=user)
    [row] = data["api_tokens"]
    assert row["name"] == "Panel" and row["scope"] == "read"
    assert raw not in json.dumps(data, default=str)
    assert hashlib.sha256(raw.encode()).hexdigest() not in json.dumps(data, default=str)
    erase_personal_data(user=user)
    assert not ApiToken.objects.exists()


def test_the_number_of_active_tokens_is_bounded():
    user = UserFactory()
    for n in range(domain.MAX_ACTIVE_TOKENS):
        new_token(user, name=f"t{n}")
    with pytest.raises(domain.HelixError) as refused:
        new_token(user, name="otro")
    assert str(refused.value) == "Ya tienes 10 tokens activos. Revoca uno primero."


def test_the_schema_asks_for_a_bearer_token_only_where_a_caller_is_needed(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["components"]["securitySchemes"] == {"TokenOrSession": {"type": "http", "scheme": "bearer"}}
    assert "security" not in schema["paths"]["/api/matching/challenges"]["get"]
    assert schema["paths"]["/api/matching/challenges"]["post"]["security"] == [{"TokenOrSession": []}]


def test_the_account_page_links_to_the_tokens(client):
    client.force_login(UserFactory())
    html = client.get("/accounts/me/").content.decode()
    assert f'<a href="{PAGE}">Tokens de API</a>' in html


def test_creating_and_revoking_a_token_are_in_the_audit_log():
    from helix.core.audit import AuditEvent

    user = UserFactory()
    token, _raw = domain.create_token(actor=user, name="CI", scope="read", days=30)
    domain.revoke_token(actor=user, token=token)
    events = AuditEvent.objects.filter(action="api_token.changed").order_by("pk")
    changes = list(events.values_list("details", flat=True))
    assert [d["change"] for d in changes] == ["created", "revoked"]
