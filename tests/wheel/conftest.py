import pytest

from tests.factories.wheel import WheelFactory


@pytest.fixture
def wheel(db):
    return WheelFactory()
