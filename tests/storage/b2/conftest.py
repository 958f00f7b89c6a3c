import pytest

from tests.storage.b2.fake_b2 import FakeB2


@pytest.fixture
def b2():
    """A fresh scripted B2 per test, stopped afterwards."""
    server = FakeB2()
    try:
        yield server
    finally:
        server.stop()
