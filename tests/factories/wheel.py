"""Factories for business wheels. Slots are generated the way the app does it (domain.setup)."""

import datetime as dt

import factory

from helix.events.models import Event
from helix.network.models import Membership
from helix.wheel.domain.setup import generate_slots
from helix.wheel.models import MeetingRequest, Participant, Side, Wheel

from .accounts import UserFactory
from .events import EventFactory
from .network import MembershipFactory, OrganisationFactory, PersonFactory


class WheelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wheel
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory, kind=Event.Kind.BUSINESS_WHEEL)
    name = factory.Sequence(lambda n: f"Rueda de Negocios {n}")
    date = dt.date(2026, 12, 10)
    start_time = dt.time(9, 0)
    slot_minutes = 20
    slot_count = 3
    tables = 2
    status = Wheel.Status.OPEN
    mode = Wheel.Mode.COLLECT

    @factory.post_generation
    def _slots(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            generate_slots(wheel=obj)


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A participant available in every slot; `representative=user` links a user as its representative."""

    class Meta:
        model = Participant
        skip_postgeneration_save = True

    wheel = factory.SubFactory(WheelFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    side = Side.BUYER

    @factory.post_generation
    def available(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.available_slots.set(extracted if extracted is not None else obj.wheel.slots.all())

    @factory.post_generation
    def representative(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            person = PersonFactory(user=extracted, email=extracted.email)
            MembershipFactory(person=person, organisation=obj.organisation, status=Membership.Status.APPROVED)
            obj.representatives.add(person)


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    from_participant = factory.SubFactory(ParticipantFactory)
    to_participant = factory.SubFactory(
        ParticipantFactory, wheel=factory.SelfAttribute("..from_participant.wheel"), side=Side.SUPPLIER
    )
    wheel = factory.SelfAttribute("from_participant.wheel")
    priority = MeetingRequest.Priority.LIKE


def represented(wheel: Wheel, side: str = Side.BUYER, **kwargs) -> tuple[Participant, object]:
    """A participant plus a user who represents its organisation."""
    user = UserFactory()
    return ParticipantFactory(wheel=wheel, side=side, representative=user, **kwargs), user
