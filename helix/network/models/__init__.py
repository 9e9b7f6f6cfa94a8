from .agreements import Agreement, AgreementConfirmation
from .organisations import Organisation
from .people import Membership, Person
from .topics import Topic

__all__ = ["Agreement", "AgreementConfirmation", "Membership", "Organisation", "Person", "Topic"]
