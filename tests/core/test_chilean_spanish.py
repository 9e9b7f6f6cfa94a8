"""Chilean Spanish and local fit (issue 12 §7): words, dates, the back office's name, region order."""

import datetime as dt

import pytest
from django import forms
from django.apps import apps
from django.template import Context, Template
from django.utils import translation

from helix.territory.models import Region
from helix.territory.queries import regions_with_counts

pytestmark = pytest.mark.django_db


class KindForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "- Select an option -"), ("a", "A")])


def test_model_dropdowns_say_selecciona_una_opcion():
    from helix.matching.models import Challenge

    field = Challenge._meta.get_field("status")
    with translation.override("es-cl"):
        blank = str(field.get_choices(include_blank=True)[0][1])
    assert blank == "Selecciona una opción"


def test_files_are_archivos_not_ficheros():
    field = forms.FileField()
    with translation.override("es-cl"):
        messages = [str(m) for m in field.error_messages.values()]
        assert "El archivo enviado está vacío." in messages
        assert "No se envió ningún archivo." in messages
        assert not any("fichero" in m for m in messages)


def test_dates_use_lower_case_month_abbreviations_and_chilean_short_format():
    when = dt.datetime(2026, 12, 9, 10, 30)
    template = Template('{{ when|date:"D j b" }} · {{ when|date:"SHORT_DATE_FORMAT" }}')
    with translation.override("es-cl"):
        assert template.render(Context({"when": when})) == "mié 9 dic · 09-12-2026"


def test_the_back_office_is_called_helix_and_tasks_are_translated(admin_client):
    body = admin_client.get("/admin/").content.decode()
    assert "Administración de Helix" in body and "Administración de Django" not in body
    assert "Tareas en segundo plano" in body and "Tasks Database Backend" not in body
    with translation.override("es-cl"):
        assert str(apps.get_app_config("django_tasks_database").verbose_name) == "Tareas en segundo plano"


def test_region_table_runs_north_to_south(client):
    codes = [r.code for r in regions_with_counts()]
    assert codes[0] == 15 and codes[-1] == 12  # Arica y Parinacota … Magallanes
    page = client.get("/territory/").content.decode()
    body = page[page.index("<tbody>") :]
    positions = [body.index(f'href="{region.get_absolute_url()}"') for region in Region.objects.all()]
    assert positions == sorted(positions)


def test_neutral_wording():
    with translation.override("es-cl"):
        assert translation.gettext("Your account is active. Welcome to Helix!") == (
            "Tu cuenta está activa. ¡Te damos la bienvenida a Helix!"
        )
