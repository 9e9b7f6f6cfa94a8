from .event import Event, Question, Session, Speaker
from .minutes import CertificateBatch, Commitment, Minutes
from .registration import Answer, Attendance, Registration, SessionSeat

__all__ = [
    "Answer",
    "Attendance",
    "CertificateBatch",
    "Commitment",
    "Event",
    "Minutes",
    "Question",
    "Registration",
    "Session",
    "SessionSeat",
    "Speaker",
]
