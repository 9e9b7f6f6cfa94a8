from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_taxonomy(sender, using="default", **kwargs):
    """Reload the topic taxonomy if a flush emptied it (the data migration loads it first)."""
    from .models import Topic
    from .taxonomy import load_taxonomy

    if not Topic.objects.using(using).exists():
        load_taxonomy(Topic)


class NetworkConfig(AppConfig):
    name = "helix.network"
    verbose_name = _("Ecosystem directory")

    def ready(self):
        post_migrate.connect(ensure_taxonomy, sender=self)
