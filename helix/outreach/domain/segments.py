"""Who receives an issue: confirmed subscribers, narrowed by a segment's criteria.

Only subscribers who confirmed their subscription (double opt-in) are ever returned: the directory
enriches the criteria (sector of the person's organisation, region, expertise, event attendance)
but never adds people who did not opt in.
"""

from django.apps import apps
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from helix.network.models import Membership

from ..models import Segment, Subscriber


def _registrations_model():
    """The events app's registrations, when that feature exists (guarded: it is another team's)."""
    try:
        return apps.get_model("events", "Registration")
    except LookupError:
        return None


def confirmed_subscribers() -> QuerySet[Subscriber]:
    return Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)


def recipients_for(segment: Segment | None) -> QuerySet[Subscriber]:
    """Confirmed subscribers matching every non-empty criterion of `segment` (all when None)."""
    qs = confirmed_subscribers()
    if segment is None:
        return qs
    approved = Membership.Status.APPROVED
    if segment.sectors:
        qs = qs.filter(
            person__memberships__status=approved, person__memberships__organisation__sector__in=segment.sectors
        )
    region_ids = list(segment.regions.values_list("pk", flat=True))
    if region_ids:
        qs = qs.filter(
            Q(regions__in=region_ids)
            | Q(person__commune__region__in=region_ids)
            | Q(person__memberships__status=approved, person__memberships__organisation__region__in=region_ids)
        )
    topic_ids = list(segment.topics.values_list("pk", flat=True))
    if topic_ids:
        qs = qs.filter(Q(topics__in=topic_ids) | Q(person__expertise__in=topic_ids))
    event_ids = list(segment.events.values_list("pk", flat=True))
    if event_ids:
        registration = _registrations_model()
        if registration is None:
            # Without registrations nobody can be shown to have attended: never widen the audience.
            return qs.none()
        attended = registration._default_manager.filter(event__in=event_ids, status="confirmed")
        qs = qs.filter(
            Q(person__in=attended.exclude(person=None).values("person"))
            | Q(email__in=attended.annotate(lower_email=Lower("email")).values("lower_email"))
        )
    return qs.distinct()
