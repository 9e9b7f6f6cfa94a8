from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_territory(sender, using="default", **kwargs):
    """Reload regions and communes if a flush emptied them (the data migration loads them first)."""
    from .domain import load_territory
    from .models import Region

    if not Region.objects.using(using).exists():
        load_territory()


class TerritoryConfig(AppConfig):
    name = "helix.territory"
    verbose_name = _("Territory")

    def ready(self):
        post_migrate.connect(ensure_territory, sender=self)
