import pytest

from helix.wheel.domain.requests import pair_weights
from helix.wheel.models import MeetingRequest, Side, Wheel
from tests.factories.wheel import ParticipantFactory, WheelFactory

MUST, LIKE, NO = MeetingRequest.Priority.MUST, MeetingRequest.Priority.LIKE, MeetingRequest.Priority.NO_THANKS
ACC, DEC, PEN = MeetingRequest.Status.ACCEPTED, MeetingRequest.Status.DECLINED, MeetingRequest.Status.PENDING


def _pair(mode, ab=None, ba=None):
    wheel = WheelFactory(mode=mode)
    a = ParticipantFactory(wheel=wheel, side=Side.BUYER)
    b = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    for (src, dst), spec in (((a, b), ab), ((b, a), ba)):
        if spec:
            MeetingRequest.objects.create(
                wheel=wheel, from_participant=src, to_participant=dst, priority=spec[0], status=spec[1]
            )
    weights = pair_weights(wheel=wheel)
    key = (min(a.pk, b.pk), max(a.pk, b.pk))
    return weights[key].weight if key in weights else None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ab", "ba", "expected"),
    [
        ((MUST, PEN), (MUST, PEN), 4),
        ((MUST, PEN), None, 3),
        ((MUST, PEN), (LIKE, PEN), 3),
        ((LIKE, PEN), (LIKE, PEN), 2),
        ((LIKE, PEN), None, 1),
        ((MUST, PEN), (NO, PEN), None),
        ((LIKE, DEC), None, None),
    ],
)
def test_collect_mode_weights(ab, ba, expected):
    assert _pair(Wheel.Mode.COLLECT, ab, ba) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ab", "ba", "expected"),
    [
        ((MUST, PEN), None, None),  # nobody answered yet
        ((MUST, ACC), None, 3),  # accepted: the acceptor counts as "would like"
        ((LIKE, ACC), None, 2),
        ((LIKE, PEN), (LIKE, PEN), 2),  # both asked: no answer needed
        ((MUST, DEC), None, None),
    ],
)
def test_confirm_mode_weights(ab, ba, expected):
    assert _pair(Wheel.Mode.CONFIRM, ab, ba) == expected
