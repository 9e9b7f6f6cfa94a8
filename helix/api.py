"""The HTTP API (django-ninja). Each app adds its router in `helix/<app>/api.py`, registered here."""

from importlib import import_module

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from helix.core.errors import HelixError

api = NinjaAPI(title="Helix API", version="1", urls_namespace="api")


@api.exception_handler(HelixError)
def helix_error(request, exc: HelixError):
    """Something the caller got wrong or asked at the wrong time: 400 with the translated text and the code
    (``detail``, as in ninja's own errors), plus ``field_errors`` when the error names fields."""
    body = {"detail": exc.text, "code": exc.code}
    if exc.field_errors:
        body["field_errors"] = {field: str(message) for field, message in exc.field_errors.items()}
    return api.create_response(request, body, status=400)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """A domain check that still raises a plain ValidationError: 400 with its messages, never a 500."""
    return api.create_response(request, {"detail": " ".join(exc.messages), "code": "invalid"}, status=400)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc: PermissionDenied):
    """A domain function refused the actor: 403 with the translated reason (as the web's 403 page shows)."""
    detail = str(exc) or _("You do not have permission to do this.")
    return api.create_response(request, {"detail": detail, "code": "forbidden"}, status=403)


# (url prefix, module) — a module that does not define `router` yet is skipped.
ROUTERS = [
    ("directory/", "helix.network.api"),
    ("matching/", "helix.matching.api"),
    ("wheels/", "helix.wheel.api"),
    ("events/", "helix.events.api"),
    ("academy/", "helix.academy.api"),
    ("surveys/", "helix.surveys.api"),
    ("impact/", "helix.impact.api"),
    ("strategy/", "helix.impact.api_strategy"),
]

for prefix, module_name in ROUTERS:
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        continue
    api.add_router(prefix, module.router)
