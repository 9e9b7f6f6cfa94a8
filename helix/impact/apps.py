from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "helix.impact"
    verbose_name = _("Impact and strategy")

    def ready(self) -> None:
        # --- impact figures: invalidate cached figures on every write to a source record ---
        from .figures.signals import connect_invalidation

        connect_invalidation()
        # --- end impact figures ---
        # strategy: cached coverage, rankings and partner graph are invalidated by writes to their sources
        from .strategy.cache import connect_signals

        connect_signals()
