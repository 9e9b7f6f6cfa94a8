"""The back office speaks Helix (issue 12 §7): its own name, and the third-party apps in Spanish.

Packages without an es-CL catalogue (the task queue, two-factor devices, sign-in lockout) are named
here; their own lazily translated strings are translated in the project's ``locale/``.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksConfig(TasksAppConfig):
    """django_tasks_db, named for people (“Tasks Database Backend” was shown in capitals in the admin)."""

    verbose_name = _("Background tasks")


# app label → its name; (app label, model) → (singular, plural): what the packages leave in English.
APP_NAMES = {
    "otp_totp": _("Two-factor authentication: apps"),
    "otp_static": _("Two-factor authentication: recovery codes"),
    "axes": _("Sign-in lockout"),
}
MODEL_NAMES = {
    ("otp_totp", "totpdevice"): (_("authenticator app"), _("authenticator apps")),
    ("otp_static", "staticdevice"): (_("set of recovery codes"), _("sets of recovery codes")),
    ("otp_static", "statictoken"): (_("recovery code"), _("recovery codes")),
}


def name_the_admin_site() -> None:
    admin.site.site_header = _("Helix back office")
    admin.site.site_title = _("Helix back office")
    admin.site.index_title = _("Administration")
    for label, name in APP_NAMES.items():
        if label in apps.app_configs:
            apps.app_configs[label].verbose_name = name
    for (label, model_name), (singular, plural) in MODEL_NAMES.items():
        try:
            model = apps.get_model(label, model_name)
        except LookupError:
            continue
        model._meta.verbose_name, model._meta.verbose_name_plural = singular, plural
    from django_tasks_db.models import DBTaskResult

    # A property's column header in the admin's task list (otherwise "Task name").
    DBTaskResult.task_name.fget.short_description = _("task")
