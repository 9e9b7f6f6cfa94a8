"""The back office in Chilean Spanish: the task queue, two-factor devices and sign-in lockout that the
packages leave in English (issue 12 §7)."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.utils import translation
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


def test_third_party_apps_and_models_are_named_in_spanish(admin_client):
    body = admin_client.get("/admin/").content.decode()
    for spanish in (
        "Verificación en dos pasos: aplicaciones",
        "Aplicaciones de autenticación",
        "Verificación en dos pasos: códigos de recuperación",
        "Juegos de códigos de recuperación",
        "Bloqueo de inicio de sesión",
        "Intentos de acceso",
        "Registros de acceso",
        "Tareas en segundo plano",
    ):
        assert spanish in body, spanish
    for english in ("Otp_Totp", "Otp_Static", "TOTP devices", "Static devices", "Access attempts", "Task Results"):
        assert english not in body, english


def test_the_task_list_speaks_spanish(admin_client):
    body = admin_client.get("/admin/django_tasks_database/dbtaskresult/").content.decode()
    assert "Seleccione tarea en segundo plano para ver" in body
    model_admin = admin.site.get_model_admin(DBTaskResult)
    with translation.override("es-cl"):
        headers = [str(label_for_field(name, DBTaskResult, model_admin)) for name in model_admin.list_display]
    assert headers == ["id", "tarea", "estado", "encolada el", "iniciada el", "terminada el", "prioridad", "cola"]


def test_the_back_office_greets_without_gender(admin_client):
    body = admin_client.get("/admin/").content.decode()
    assert "Hola," in body and "Bienvenid" not in body
