"""The compute conformance suite against DummyNodeDriver."""

import pytest

from libcloud.compute.drivers.dummy import DummyNodeDriver
from tests.compute.conformance import *  # noqa: F401,F403


@pytest.fixture
def compute_driver() -> DummyNodeDriver:
    return DummyNodeDriver(0)
