"""The audit log: append-only events written by sensitive actions, and the staff page that shows them."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from helix.accounts.domain import decide_membership
from helix.core import audit, personal_data
from helix.core.audit import Action, AppendOnlyError, AuditEvent
from helix.network.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_events_cannot_be_changed_or_deleted(staff_user):
    event = audit.record(staff_user, Action.EXPORTED, "helix-people.csv", format="csv")
    event.target_label = "something else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(target_label="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    stored = AuditEvent.objects.get()
    assert (stored.actor, stored.actor_email, stored.target_label) == (staff_user, "staff@helix.cl", "helix-people.csv")
    assert stored.details == {"format": "csv"}


def test_unknown_action_is_refused(staff_user):
    with pytest.raises(ValueError):
        audit.record(staff_user, "made.up", None)
    assert not AuditEvent.objects.exists()


def test_approving_a_representation_request_is_recorded(staff_user):
    membership = MembershipFactory(person=PersonFactory(user=UserFactory()), status=Membership.Status.PENDING)
    decide_membership(membership_id=membership.pk, actor=staff_user, approve=True, as_admin=True)
    event = AuditEvent.objects.get()
    assert event.action == Action.MEMBERSHIP_DECIDED
    assert (event.target_type, event.target_id) == ("network.membership", str(membership.pk))
    assert event.details == {"status": "approved", "role": "admin"}


def test_a_refused_decision_records_nothing():
    membership = MembershipFactory(person=PersonFactory(user=UserFactory()), status=Membership.Status.PENDING)
    with pytest.raises(PermissionDenied):
        decide_membership(membership_id=membership.pk, actor=UserFactory(), approve=True)
    assert not AuditEvent.objects.exists()


def test_staff_export_of_people_is_recorded(staff_client, staff_user):
    response = staff_client.get(reverse("transfer:export_people", args=["csv"]))
    b"".join(response.streaming_content)
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.details["format"]) == (staff_user, Action.EXPORTED, "csv")


def test_personal_data_download_is_recorded(client):
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("accounts:download_data"))
    event = AuditEvent.objects.get()
    assert (event.actor, event.action) == (user, Action.PERSONAL_DATA_DOWNLOADED)


def test_account_deletion_is_recorded_and_the_person_pseudonymised(client):
    user = UserFactory(email="ana@example.cl")
    audit.record(user, Action.PERSONAL_DATA_DOWNLOADED, "ana@example.cl")
    user_pk = user.pk
    personal_data.erase_personal_data(user=user)
    download, deletion = AuditEvent.objects.order_by("pk")
    assert (download.actor, download.actor_email, download.target_label) == (None, "—", "—")
    assert (deletion.action, deletion.actor, deletion.target_label) == (Action.ACCOUNT_DELETED, None, f"#{user_pk}")
    assert deletion.details == {"by_owner": True}


def test_staff_deleting_an_account_in_the_back_office_is_recorded(staff_client, staff_user):
    user = UserFactory()
    staff_client.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"})
    event = AuditEvent.objects.get(action=Action.ACCOUNT_DELETED)
    assert (event.actor, event.details) == (staff_user, {"by_owner": False})


def test_granting_staff_in_the_back_office_is_a_recorded_role_change(staff_client, staff_user):
    user = UserFactory(email="nuevo@example.cl", full_name="Nuevo Staff")
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "language": "es-cl",
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    response = staff_client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content
    event = AuditEvent.objects.get(action=Action.ROLE_CHANGED)
    assert (event.actor, event.target_label, event.details) == (staff_user, "Nuevo Staff", {"is_staff": True})


def test_audit_page_is_staff_only(client):
    assert client.get("/audit/").status_code == 302
    client.force_login(UserFactory())
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403


def test_audit_page_filters_and_shows_spanish_labels(staff_client, staff_user):
    org = OrganisationFactory(name="Fundación Mar")
    audit.record(staff_user, Action.AGREEMENT_CONFIRMED, org)
    audit.record(staff_user, Action.EXPORTED, "helix-people.csv")
    page = staff_client.get("/audit/", {"action": "agreement.confirmed"}).content.decode()
    assert "Registro de auditoría" in page
    assert "Convenio confirmado" in page and "Fundación Mar" in page
    assert "helix-people.csv" not in page
    assert "helix-people.csv" in staff_client.get("/audit/", {"actor": "staff@"}).content.decode()


def test_audit_page_is_paginated(staff_client, staff_user):
    for n in range(55):
        audit.record(staff_user, Action.EXPORTED, f"file-{n:02}.csv")
    first = staff_client.get("/audit/").content.decode()
    assert "file-54.csv" in first and "file-04.csv" not in first
    second = staff_client.get("/audit/", {"page": 2}).content.decode()
    assert "file-04.csv" in second and "Página 2 de 2" in second


def test_audit_csv_export_is_filtered_and_itself_recorded(staff_client, staff_user):
    audit.record(staff_user, Action.EXPORTED, "=HYPERLINK(1)")
    audit.record(staff_user, Action.IMPORTED, "directory:organisations", created=2, updated=0)
    response = staff_client.get("/audit/export.csv", {"action": "data.imported"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Cuándo", "Quién", "Acción", "Tipo", "Id", "Sobre", "Detalles"]
    expected = ["Datos importados", "", "", "directory:organisations", "created=2, updated=0"]
    assert [row[2:] for row in rows[1:]] == [expected]
    assert AuditEvent.objects.filter(action=Action.EXPORTED, details__file__startswith="helix-audit").exists()


def test_staff_find_the_audit_log_from_their_account_page(staff_client, client):
    assert 'href="/audit/">Registro de auditoría' in staff_client.get(reverse("accounts:profile")).content.decode()
    client.force_login(UserFactory())
    assert "/audit/" not in client.get(reverse("accounts:profile")).content.decode()
