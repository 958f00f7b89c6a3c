"""Issue 19 item 14: the connection timeout bounds the whole response head, sync and asyncio.

A server that drips one header byte every 0.2 s would, with a per-read timeout, hold a call for
as long as it drips.  Here it drips for ~10 s; with ``timeout=1`` the call must fail with a
timeout error instead of eventually succeeding.  (No wall-clock assertion: the outcome shows it.)
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Iterator

import pytest

from libcloud.common.base import Connection
from libcloud.common.exceptions import LibcloudTimeoutError

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: " + b"a" * 50 + b"\r\nContent-Length: 2\r\n\r\nok"


class DripServer:
    """Accepts connections on loopback and sends :data:`HEAD` one byte every ``interval`` seconds."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.completed = 0  # heads sent in full
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                conn.recv(65536)  # the request
                for byte in HEAD:
                    if self._stop.is_set():
                        return
                    conn.sendall(bytes([byte]))
                    time.sleep(self.interval)
                self.completed += 1
            except OSError:  # the client gave up: what we want
                return

    def stop(self) -> None:
        self._stop.set()
        self.sock.close()
        self._thread.join(timeout=5)


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

