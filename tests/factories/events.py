import datetime as dt

import factory
from django.utils import timezone

from helix.events.models import Event


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Encuentro Ciudades Inteligentes {n}")
    slug = factory.Sequence(lambda n: f"encuentro-{n}")
    kind = Event.Kind.CONGRESS
    status = Event.Status.PUBLISHED
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=8))
