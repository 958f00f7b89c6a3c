"""Fixtures shared by the hardening tests (issue 19)."""

import pytest

from tests.fakes.http_server import LocalServer


@pytest.fixture
def server():
    """A scripted local HTTP server for one test."""
    with LocalServer() as srv:
        yield srv
