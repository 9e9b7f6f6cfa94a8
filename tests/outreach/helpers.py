from django.utils import timezone

from helix.outreach.consent import CONSENT_TEXT, CONSENT_VERSION
from helix.outreach.models import Subscriber


def subscriber(email: str, *, status=Subscriber.Status.CONFIRMED, person=None, topics=(), regions=()) -> Subscriber:
    """A subscriber with a consent record (confirmed by default), as the double opt-in leaves it."""
    now = timezone.now()
    sub = Subscriber.objects.create(
        email=email,
        status=status,
        person=person,
        consent_version=CONSENT_VERSION,
        consent_text=str(CONSENT_TEXT),
        consent_requested_at=now,
        confirmed_at=now if status == Subscriber.Status.CONFIRMED else None,
    )
    sub.topics.set(topics)
    sub.regions.set(regions)
    return sub
