from .agreements import Agreement
from .organisations import Organisation
from .people import Membership, Person
from .topics import Topic

__all__ = ["Agreement", "Membership", "Organisation", "Person", "Topic"]
