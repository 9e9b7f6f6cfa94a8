from .accounts import UserFactory
from .events import EventFactory
from .network import AgreementFactory, MembershipFactory, OrganisationFactory, PersonFactory, topic

__all__ = [
    "AgreementFactory",
    "EventFactory",
    "MembershipFactory",
    "OrganisationFactory",
    "PersonFactory",
    "UserFactory",
    "topic",
]
