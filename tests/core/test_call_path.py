"""The per-call CPU path: one-call body reads, the netrc cache, lazy API imports, the SigV4 key cache."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from typing import Any

import pytest

from libcloud.common.aws import sigv4
from libcloud.common.types import LibcloudError
from libcloud.http import LibcloudConnection
from tests.fakes.http_server import LocalServer

BIG = bytes(range(256)) * 1200  # 300 KiB: thirty of requests' 10 KiB chunks


def _connection(server: LocalServer) -> LibcloudConnection:
    return LibcloudConnection(host="127.0.0.1", port=server.port, secure=False)


def test_whole_body_read_in_one_call_keeps_the_connection() -> None:
    """A large body arrives whole and intact, and the next request reuses the same connection."""
    with LocalServer() as server:
        server.route("*", lambda h: h.reply(200, BIG, {"Content-Type": "application/octet-stream"}))
        conn = _connection(server)
        for _ in range(3):
            response = conn.send("GET", "/big")
            assert response.content == BIG
            assert response._content_consumed
        assert server.connections == 1


def test_whole_body_is_decompressed() -> None:
    """A gzip-encoded answer is decoded as requests' own reading would."""
    with LocalServer() as server:
        server.route("*", lambda h: h.reply(200, gzip.compress(BIG), {"Content-Encoding": "gzip"}))
        assert _connection(server).send("GET", "/gz").content == BIG


def test_truncated_body_raises_a_libcloud_error() -> None:
    """A body shorter than its Content-Length is a transport error, mapped like every other."""
    def short(handler: Any) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(BIG)))
        handler.end_headers()
        handler.wfile.write(BIG[:1000])
        handler.close_connection = True

    with LocalServer() as server:
        server.route("*", short)
        with pytest.raises(LibcloudError):
            _connection(server).send("GET", "/short")


def test_netrc_entry_still_applies_and_is_read_per_file(tmp_path: Any, monkeypatch: Any) -> None:
    """A ~/.netrc entry for the host gives Basic auth (as requests always did); another NETRC is seen."""
    with LocalServer() as server:
        server.route("*", lambda h: h.reply(200, b"ok"))
        netrc = tmp_path / "netrc"
        netrc.write_text("machine 127.0.0.1 login alice password s3cret\n")
        os.chmod(netrc, 0o600)
        empty = tmp_path / "empty"
        empty.write_text("")
        conn = _connection(server)
        monkeypatch.setenv("NETRC", str(netrc))
        conn.send("GET", "/a")
        monkeypatch.setenv("NETRC", str(empty))
        conn.send("GET", "/b")
        conn.send("GET", "/c", headers={"Authorization": "Bearer mine"})
        sent = [r.headers.get("Authorization") for r in server.requests]
        assert sent[0] is not None and sent[0].startswith("Basic ")
        assert sent[1] is None
        assert sent[2] == "Bearer mine"


def test_import_libcloud_binds_api_packages_lazily() -> None:
    """``import libcloud`` loads no API package; naming one (or DriverType) loads it, as upstream's did."""
    code = (
        "import sys, libcloud\n"
        "assert 'libcloud.compute' not in sys.modules, sorted(m for m in sys.modules if m.startswith('libcloud'))\n"
        "assert libcloud.compute.providers.get_driver is not None\n"
        "assert libcloud.DriverType.STORAGE.S3 == 's3'\n"
        "assert libcloud.DriverType.COMPUTE in libcloud.DriverTypeFactoryMap and len(libcloud.DriverTypeFactoryMap) == 6\n"
        "assert libcloud.get_driver(libcloud.DriverType.DNS, 'route53').__name__ == 'Route53DNSDriver'\n"
        "assert not hasattr(libcloud, 'no_such_module') and not hasattr(libcloud.compute, 'no_such_module')\n"
    )
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PYTHONPATH=root)
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd="/tmp", capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr


def test_signing_key_cache_matches_the_chain() -> None:
    """The cached derived key is AWS's documented example key, and differs per day/region/service/secret."""
    secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    key = sigv4.signing_key(secret, "20120215", "us-east-1", "iam")
    assert key.hex() == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
    assert sigv4.signing_key(secret, "20120215", "us-east-1", "iam") is key
    assert sigv4.signing_key(secret, "20120216", "us-east-1", "iam") != key
    assert sigv4.signing_key(secret + "x", "20120215", "us-east-1", "iam") != key
