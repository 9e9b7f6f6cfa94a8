import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from helix.network.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_seed_demo_if_empty_leaves_existing_data_alone():
    OrganisationFactory(name="Municipalidad de Prueba")
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "nothing to do" in out.getvalue()
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Municipalidad de Prueba"]


def test_demo_admin_prints_credentials_that_sign_in_to_the_back_office():
    out = io.StringIO()
    call_command("demo_admin", stdout=out)
    assert "admin@helix.demo / helix-demo-2026" in out.getvalue()
    client = Client()
    response = client.post(reverse("admin:login"), {"username": "admin@helix.demo", "password": "helix-demo-2026"})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
