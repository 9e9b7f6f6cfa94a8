"""The uploaded file waits in the database, not in the session: any app server can preview and confirm."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helix.core.models import StagedUpload
from helix.network.models import Organisation
from tests.factories import UserFactory

from .conftest import csv_upload

pytestmark = pytest.mark.django_db


def test_the_session_holds_no_cells_and_another_session_of_the_same_person_confirms(staff_client, staff_user):
    response = staff_client.post(
        reverse("transfer:import"), {"kind": "organisations", "file": csv_upload("nombre,tipo\nEmpresa Uno,pyme\n")}
    )
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert "Empresa Uno" not in str(dict(staff_client.session.items()))
    staged = StagedUpload.objects.get(token=token)
    assert (staged.owner, staged.label, staged.content) == (
        staff_user,
        "organisations",
        b"nombre,tipo\nEmpresa Uno,pyme\n",
    )

    other_server = Client()  # a fresh session, as if the next request reached another app server
    other_server.force_login(staff_user)
    assert other_server.get(reverse("transfer:import_preview", args=[token])).status_code == 200
    other_server.post(reverse("transfer:import_confirm", args=[token]))
    assert Organisation.objects.filter(name="Empresa Uno").count() == 1
    assert not StagedUpload.objects.exists()


def test_cancel_forgets_the_file_and_each_person_keeps_at_most_three(staff_client, staff_user):
    tokens = []
    for n in range(5):
        response = staff_client.post(
            reverse("transfer:import"), {"kind": "people", "file": csv_upload(f"nombre\nPersona {n}\n")}
        )
        tokens.append(response["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert sorted(StagedUpload.objects.values_list("token", flat=True)) == sorted(tokens[-3:])
    staff_client.post(reverse("transfer:import_cancel", args=[tokens[-1]]))
    assert staff_client.get(reverse("transfer:import_preview", args=[tokens[-1]])).status_code == 404
    assert StagedUpload.objects.count() == 2


def test_an_old_upload_is_unknown_and_dropped(staff_client):
    response = staff_client.post(
        reverse("transfer:import"), {"kind": "organisations", "file": csv_upload("nombre,tipo\nVieja,pyme\n")}
    )
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    StagedUpload.objects.update(created_at=timezone.now() - dt.timedelta(days=2))
    assert staff_client.get(reverse("transfer:import_preview", args=[token])).status_code == 404
    other = UserFactory(is_staff=True)
    staff_client.force_login(other)
    staff_client.post(
        reverse("transfer:import"), {"kind": "organisations", "file": csv_upload("nombre,tipo\nNueva,pyme\n")}
    )
    assert list(StagedUpload.objects.values_list("owner", flat=True)) == [other.pk]


def test_deleting_the_account_deletes_its_staged_files(staff_client, staff_user):
    staff_client.post(reverse("transfer:import"), {"kind": "people", "file": csv_upload("nombre,correo\nAna,a@b.cl\n")})
    staff_user.delete()
    assert not StagedUpload.objects.exists()
