"""Issue 19 item 14, bodies: ``Connection.stream_deadline`` bounds a streamed body overall.

A server sends a download's head at once, then drips its body one byte every
0.05 s (each wait far below the per-read ``timeout``), for ~20 s in all.  With
``stream_deadline=1`` the download must fail with a read timeout instead of
completing; without it the per-read timeout alone never fires.  (No
wall-clock assertion: how far the body got shows it.)
"""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Iterator, List

import pytest

from libcloud.common.exceptions import LibcloudReadTimeoutError
from libcloud.storage.base import Container, Object
from tests.fakes.raw_server import RawSocketServer

BODY = b"x" * 400


class DripBodyServer(RawSocketServer):
    """Loopback server: a 200 head with ``Content-Length`` at once, then the body one byte per ``interval``."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.sent: List[int] = []  # body bytes sent, per connection
        super().__init__(backlog=8)

    def handle(self, conn: socket.socket) -> None:
        index = len(self.sent)
        self.sent.append(0)
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(BODY))
        for byte in BODY:
            if self.stopping.wait(self.interval):
                return
            conn.sendall(bytes([byte]))
            self.sent[index] += 1


@pytest.fixture
def drip() -> Iterator[DripBodyServer]:
    server = DripBodyServer()
    try:
        yield server
    finally:
        server.stop()


def _driver(port: int, deadline: float = 1.0):  # type: ignore[no-untyped-def]
    from libcloud.storage.drivers.s3 import S3StorageDriver

    driver = S3StorageDriver("AKIDEXAMPLE", "secret-key-example", host="127.0.0.1", port=port, secure=False,
                             region="eu-west-1", timeout=2)
    driver.connection.stream_deadline = deadline
    return driver


def _object(driver) -> Object:  # type: ignore[no-untyped-def]
    return Object("o", len(BODY), "", {}, {}, Container("b", {}, driver), driver)


def test_stream_deadline_ends_a_dripping_download_stream(drip: DripBodyServer) -> None:
    driver = _driver(drip.port)
    with pytest.raises(LibcloudReadTimeoutError, match="stream_deadline=1"):
        b"".join(driver.download_object_as_stream(_object(driver), chunk_size=1))
    assert drip.sent and drip.sent[0] < len(BODY)


def test_stream_deadline_ends_a_dripping_download_to_file(drip: DripBodyServer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    driver = _driver(drip.port)
    dest = tmp_path / "out.bin"
    with pytest.raises(LibcloudReadTimeoutError):
        driver.download_object(_object(driver), str(dest))
    assert not dest.exists() and list(tmp_path.iterdir()) == []  # nothing left behind
    assert drip.sent and drip.sent[0] < len(BODY)


def test_stream_deadline_under_asyncio(drip: DripBodyServer) -> None:
    async def fetch() -> bytes:
        from libcloud.asyncio.storage.providers import get_driver

        cls = get_driver("s3")
        async with cls("AKIDEXAMPLE", "secret-key-example", host="127.0.0.1", port=drip.port, secure=False,
                       region="eu-west-1", timeout=2) as driver:
            driver.sync_driver.connection.stream_deadline = 1.0
            obj = _object(driver.sync_driver)
            return b"".join([chunk async for chunk in driver.download_object_as_stream(obj, chunk_size=1)])

    with pytest.raises(LibcloudReadTimeoutError):
        asyncio.run(fetch())
    assert drip.sent and drip.sent[0] < len(BODY)


def test_without_a_deadline_only_the_per_read_timeout_applies(drip: DripBodyServer) -> None:
    # The contrast: each byte comes well within timeout=2, so reading goes on past 1 s.
    driver = _driver(drip.port, deadline=0)
    driver.connection.stream_deadline = None
    stream = driver.download_object_as_stream(_object(driver), chunk_size=1)
    started = time.monotonic()
    got = b""
    for chunk in stream:
        got += chunk
        if time.monotonic() - started > 1.5:
            break
    stream.close()  # type: ignore[attr-defined]
    assert len(got) > 0 and drip.sent[0] > 0
