from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "helix.outreach"
    verbose_name = _("Newsletters")

    def ready(self) -> None:
        # A periodic task (ops): resume newsletter sends whose worker died (core.tasks.PERIODIC is the registry).
        from helix.core.tasks import PERIODIC

        from .tasks import resume_stalled_sends

        if resume_stalled_sends not in PERIODIC:
            PERIODIC.append(resume_stalled_sends)
