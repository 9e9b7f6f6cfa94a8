from django.apps import AppConfig
from django.apps import apps as django_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_diagnostic(sender, using="default", **kwargs):
    """Reload the built-in diagnostic if a flush emptied it (the data migration loads it first)."""
    from .diagnostic import load_diagnostic

    load_diagnostic(django_apps.get_model)


class SurveysConfig(AppConfig):
    name = "helix.surveys"
    verbose_name = _("Surveys")

    def ready(self):
        post_migrate.connect(ensure_diagnostic, sender=self)
