"""``ReadInto``: streamed bodies read straight into reused buffers, against a real local server.

The fast path reads with ``http.client``'s ``readinto`` under urllib3; these
tests pin what it must keep from the ``iter_content`` path: every byte, the
connection back in the pool after the body, a cut or stalled body raising the
mapped libcloud errors, and the fallback where the fast path does not apply.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import threading

import pytest

from libcloud._core.async_runner import run_async
from libcloud._core.flow import ReadInto, run_sync
from libcloud.common.exceptions import LibcloudConnectionError, LibcloudTimeoutError
from tests.core.helpers import driver_for, slow_body_route
from tests.fakes.http_server import LocalServer

BODY = os.urandom(3 * 1024 * 1024 + 17)


@pytest.fixture
def server():
    srv = LocalServer()
    srv.route("/blob", lambda handler: handler.reply(200, BODY, {"Content-Type": "application/octet-stream"}))
    yield srv
    srv.stop()


def _download(connection, path, size=64 * 1024):
    """A flow reading ``path`` through ``ReadInto`` with one reused buffer; returns (bytes, response)."""
    response = yield connection.call(path, raw=True)
    buffer = bytearray(size)
    out = bytearray()
    try:
        while True:
            count = yield ReadInto(response, buffer)
            if not count:
                return bytes(out), response
            out += buffer[:count]
    finally:
        response.close()


def test_every_byte_arrives_and_the_connection_is_reused(server):
    driver = driver_for(server)
    for _ in range(3):
        data, response = run_sync(_download(driver.connection, "/blob"))
        assert data == BODY
        assert response._direct  # the fast path was taken
    assert server.connections == 1  # the body's end handed the connection back to the pool


def test_the_async_runner_gives_the_same_bytes(server):
    driver = driver_for(server)

    async def go():
        try:
            return await run_async(_download(driver.connection, "/blob"))
        finally:
            await driver.connection.aclose()

    data, _ = asyncio.run(go())
    assert data == BODY


def test_a_body_cut_short_raises_a_connection_error(server):
    def cut(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(BODY)))
        handler.end_headers()
        handler.wfile.write(BODY[:100000])
        handler.wfile.flush()
        handler.close_connection = True
        handler.connection.shutdown(2)

    server.route("/cut", cut)
    driver = driver_for(server)
    with pytest.raises(LibcloudConnectionError, match="broke during the download"):
        run_sync(_download(driver.connection, "/cut"))


def test_a_stalled_body_raises_a_timeout(server):
    release = threading.Event()
    server.route("/stall", slow_body_route(release))
    driver = driver_for(server, timeout=0.5)
    try:
        with pytest.raises(LibcloudTimeoutError):
            run_sync(_download(driver.connection, "/stall"))
    finally:
        release.set()


def test_an_encoded_body_falls_back_to_iter_content(server):
    packed = gzip.compress(BODY)
    server.route("/gz", lambda handler: handler.reply(200, packed, {"Content-Encoding": "gzip"}))
    driver = driver_for(server)
    data, response = run_sync(_download(driver.connection, "/gz"))
    assert data == BODY  # decoded by requests, as before
    assert response._direct is False


def test_a_body_already_read_another_way_keeps_that_way(server):
    driver = driver_for(server)
    response = driver.connection.request("/blob", raw=True)
    first = response.read_sync(1000)
    buffer = bytearray(1 << 20)
    rest = bytearray()
    while True:
        count = response.readinto_sync(buffer)
        if not count:
            break
        rest += buffer[:count]
    assert first + bytes(rest) == BODY
    assert response._direct is False


def test_over_tls_too(monkeypatch):
    import libcloud.security
    from tests.fakes.http_server import make_self_signed_cert

    certs = make_self_signed_cert()
    monkeypatch.setattr(libcloud.security, "CA_CERTS_PATH", certs.ca_cert)
    srv = LocalServer(certfile=certs.cert, keyfile=certs.key)
    try:
        srv.route("/blob", lambda handler: handler.reply(200, BODY))
        driver = driver_for(srv)
        data, response = run_sync(_download(driver.connection, "/blob"))
        assert data == BODY and response._direct
    finally:
        srv.stop()
