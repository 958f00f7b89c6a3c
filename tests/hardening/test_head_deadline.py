"""Issue 19 item 14: the connection timeout bounds the whole response head, sync and asyncio.

A server that drips one header byte every 0.2 s would, with a per-read timeout, hold a call for
as long as it drips.  Here it drips for ~10 s; with ``timeout=1`` the call must fail with a
timeout error instead of eventually succeeding.  (No wall-clock assertion: the outcome shows it.)
"""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Iterator

import pytest

from libcloud.common.base import Connection
from libcloud.common.exceptions import LibcloudTimeoutError
from tests.fakes.raw_server import RawSocketServer

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: " + b"a" * 50 + b"\r\nContent-Length: 2\r\n\r\nok"


class DripServer(RawSocketServer):
    """Accepts connections on loopback and sends :data:`HEAD` one byte every ``interval`` seconds."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.completed = 0  # heads sent in full
        super().__init__(backlog=8)

    def handle(self, conn: socket.socket) -> None:
        conn.recv(65536)  # the request
        for byte in HEAD:
            if self.stopping.is_set():
                return
            conn.sendall(bytes([byte]))
            time.sleep(self.interval)
        self.completed += 1


@pytest.fixture
def drip() -> Iterator[DripServer]:
    server = DripServer()
    try:
        yield server
    finally:
        server.stop()


def test_sync_call_is_bounded_by_timeout(drip: DripServer) -> None:
    conn = Connection(host="127.0.0.1", port=drip.port, secure=False, timeout=1)
    with pytest.raises(LibcloudTimeoutError):
        conn.request("/")
    assert drip.completed == 0


def test_asyncio_call_is_bounded_by_timeout(drip: DripServer) -> None:
    from libcloud.asyncio.storage.providers import get_driver
    from libcloud.storage.base import Container

    async def main() -> None:
        async with get_driver("s3")("key", "secret", host="127.0.0.1", port=drip.port, secure=False,
                                    region="eu-west-1", timeout=1, retry_delay=0) as driver:
            await driver.list_container_objects(Container("bkt", {}, driver.sync_driver))

    with pytest.raises(LibcloudTimeoutError):
        asyncio.run(main())
    assert drip.completed == 0

