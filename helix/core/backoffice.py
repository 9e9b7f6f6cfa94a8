"""The back office speaks Helix (issue 12 §7): its own name, and the task queue's app in Spanish."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksConfig(TasksAppConfig):
    """django_tasks_db, named for people (“Tasks Database Backend” was shown in capitals in the admin)."""

    verbose_name = _("Background tasks")


def name_the_admin_site() -> None:
    admin.site.site_header = _("Helix back office")
    admin.site.site_title = _("Helix back office")
    admin.site.index_title = _("Administration")
