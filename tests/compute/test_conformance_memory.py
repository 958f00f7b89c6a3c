"""The compute conformance suite against a flow-based in-memory driver (optional capabilities too)."""

import pytest

from tests.compute.conformance import *  # noqa: F401,F403
from tests.compute.memory_driver import MemoryNodeDriver


@pytest.fixture
def compute_driver() -> MemoryNodeDriver:
    return MemoryNodeDriver(0)
