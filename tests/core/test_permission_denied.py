"""A refused actor sees why: the API answers 403 with the translated reason, the web's 403 page shows it."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied as web_permission_denied

from helix.core.api import permission_denied_body


def test_api_answers_403_with_the_reason_in_spanish():
    with translation.override("es-cl"):
        body = permission_denied_body(PermissionDenied(_("You cannot edit this organisation.")))
    assert body == {"detail": "No puedes editar esta organización.", "code": "forbidden", "field_errors": {}}


def test_api_answers_a_bare_refusal_with_the_generic_reason():
    with translation.override("es-cl"):
        body = permission_denied_body(PermissionDenied())
    assert body["detail"] == "No tienes permiso para hacer esto."


def test_web_403_page_shows_the_reason(rf, db):
    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override("es-cl"):
        page = web_permission_denied(request, PermissionDenied(_("Only staff can edit the minutes."))).content.decode()
        bare = web_permission_denied(request, PermissionDenied()).content.decode()
    assert "No permitido" in page and "Solo el equipo Helix puede editar el acta." in page
    assert "No tienes permiso para hacer esto." in bare
