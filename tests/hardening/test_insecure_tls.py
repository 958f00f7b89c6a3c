"""Issue 19 item 12: turning TLS verification off emits one clear libcloud warning, sync and asyncio.

A self-signed server answers over HTTPS; with ``VERIFY_SSL_CERT = False`` (or ``verify=False`` on the
connection) requests succeed and exactly one ``InsecureTLSWarning`` names the host and the fix.
"""

import asyncio
import warnings

import pytest

import libcloud.security
from libcloud.common.base import Connection
from libcloud.common.exceptions import SSLVerificationError
from tests.fakes.http_server import LocalServer, make_self_signed_cert


@pytest.fixture(scope="module")
def tls_server():
    certs = make_self_signed_cert()
    with LocalServer(certfile=certs.cert, keyfile=certs.key) as srv:
        srv.route("/ping", lambda req: req.reply(200, b"pong"))
        yield srv


@pytest.fixture
def verification_off(monkeypatch):
    monkeypatch.setattr(libcloud.security, "VERIFY_SSL_CERT", False)


def _ours(caught):
    return [w for w in caught if issubclass(w.category, libcloud.security.InsecureTLSWarning)]


def test_global_switch_warns_once_sync(tls_server, verification_off):
    conn = Connection(host="127.0.0.1", port=tls_server.port, secure=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            assert conn.request("/ping").body == "pong"
    ours = _ours(caught)
    assert len(ours) == 1
    text = str(ours[0].message)
    assert "127.0.0.1" in text and "VERIFY_SSL_CERT" in text and "CA_CERTS_PATH" in text


def test_connection_verify_false_warns_once_sync(tls_server):
    conn = Connection(host="127.0.0.1", port=tls_server.port, secure=True)
    conn.connect()
    conn.connection.verify = False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        conn.request("/ping")
        conn.request("/ping")
    assert len(_ours(caught)) == 1


def test_global_switch_warns_once_asyncio(tls_server, verification_off):
    from libcloud.asyncio.storage.providers import get_driver
    from libcloud.storage.base import Container

    def handler(req):
        req.reply(200, b"<?xml version='1.0'?><ListBucketResult><IsTruncated>false</IsTruncated>"
                       b"</ListBucketResult>")

    tls_server.route("/bkt", handler)

    async def main() -> None:
        async with get_driver("s3")("key", "secret", host="127.0.0.1", port=tls_server.port, secure=True,
                                    region="eu-west-1") as driver:
            for _ in range(3):
                await driver.list_container_objects(Container("bkt", {}, driver.sync_driver))

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(main())
    assert len(_ours(caught)) == 1


def test_verified_connections_do_not_warn(tls_server):
    conn = Connection(host="127.0.0.1", port=tls_server.port, secure=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(SSLVerificationError):
            conn.request("/ping")  # the self-signed certificate is refused
    assert _ours(caught) == []


def test_plain_http_does_not_warn(verification_off):
    with LocalServer() as srv:
        srv.route("/ping", lambda req: req.reply(200, b"pong"))
        conn = Connection(host="127.0.0.1", port=srv.port, secure=False)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            conn.request("/ping")
    assert _ours(caught) == []


def test_ca_cert_false_warns_once_at_construction_and_not_again(tls_server):
    from libcloud.http import LibcloudConnection

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        transport = LibcloudConnection("127.0.0.1", tls_server.port, secure=True, ca_cert=False)
        transport.send("GET", "/ping")
        transport.send("GET", "/ping")
    assert len(_ours(caught)) == 1
