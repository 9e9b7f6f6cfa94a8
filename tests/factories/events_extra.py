"""Factories for the events app's own models (the shared EventFactory lives in tests/factories/events.py)."""

import datetime as dt

import factory
from django.utils import timezone

from helix.core.seats import SeatStatus
from helix.events.models import Commitment, Minutes, Question, Registration, Session, Speaker

from .events import EventFactory
from .network import PersonFactory


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Sesión {n}")
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    room = "Sala A"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    role = Speaker.Role.SPEAKER


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    event = factory.SubFactory(EventFactory)
    label = factory.Sequence(lambda n: f"Pregunta {n}")
    kind = Question.Kind.TEXT


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration written directly (for list/permission tests; flows use the domain)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("name", locale="es_CL")
    email = factory.Sequence(lambda n: f"asistente{n}@example.cl")
    status = SeatStatus.CONFIRMED
    created_at = factory.LazyFunction(timezone.now)


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    event = factory.SubFactory(EventFactory, kind="technical_table")
    summary = "Mesa técnica sobre gestión hídrica."
    published = True


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    minutes = factory.SubFactory(MinutesFactory)
    description = factory.Sequence(lambda n: f"Compromiso {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
