"""The test-suite guard of tests/network_guard.py: off-machine connects are refused and reported."""

from __future__ import annotations

import socket

import pytest

from tests import network_guard
from tests.fakes.http_server import LocalServer


def test_a_connect_off_the_machine_is_refused_before_a_packet_goes() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(ConnectionRefusedError, match="test network guard"):
            sock.connect(("169.254.169.254", 80))
    finally:
        sock.close()
    assert network_guard._violations == ["('169.254.169.254', 80)"]
    network_guard._violations.clear()  # this test wanted it: do not fail it at teardown


def test_loopback_is_allowed() -> None:
    with LocalServer() as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5):
            pass
    assert network_guard._violations == []
