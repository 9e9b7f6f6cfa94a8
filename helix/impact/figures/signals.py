"""The records the figures read: a save, delete or relation change on any of them bumps the version."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import schedule_bump

SOURCE_MODELS = (
    "network.Organisation",
    "network.Person",
    "network.Agreement",
    "matching.Challenge",
    "matching.Solution",
    "matching.Match",
    "matching.PipelineEntry",
    "matching.PipelineEvent",
    "matching.Outcome",
    "wheel.Wheel",
    "wheel.Meeting",
    "wheel.DirectMeeting",
    "events.Event",
    "events.Registration",
    "events.Attendance",
    "events.Speaker",
    "academy.Cohort",
    "academy.Enrolment",
    "surveys.Response",
    "impact.ManualFigure",
)
# Relations read by the figures (agreement parties, wheel representatives).
SOURCE_RELATIONS = (("network.Agreement", "parties"), ("wheel.Participant", "representatives"))


def connect_invalidation() -> None:
    for label in SOURCE_MODELS:
        model = apps.get_model(label)
        post_save.connect(schedule_bump, sender=model, dispatch_uid=f"impact-save-{label}")
        post_delete.connect(schedule_bump, sender=model, dispatch_uid=f"impact-delete-{label}")
    for label, field in SOURCE_RELATIONS:
        through = getattr(apps.get_model(label), field).through
        m2m_changed.connect(schedule_bump, sender=through, dispatch_uid=f"impact-m2m-{label}-{field}")
