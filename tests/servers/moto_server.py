"""A real moto server (EC2, S3, Route53 on one port) on 127.0.0.1, for AWS driver tests.

Needs ``moto[server]`` (pip).  One server per test session; the function-scoped
``moto`` fixture empties every backend before each test.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from typing import Iterator

import pytest
import requests

from tests.servers.process import ServerProcess, free_port

__all__ = ["MotoEndpoint", "moto_endpoint", "moto"]


@dataclass
class MotoEndpoint:
    host: str
    port: int

    @property
    def url(self) -> str:
        return "http://%s:%d" % (self.host, self.port)

    def reset(self) -> None:
        """Empty every moto backend (instances, volumes, buckets, zones...)."""
        response = requests.post(self.url + "/moto-api/reset", timeout=30)
        response.raise_for_status()


def _moto_command() -> list:
    binary = shutil.which("moto_server")
    if binary:
        return [binary]
    try:
        import moto.server  # noqa: F401
    except ImportError:
        message = "moto[server] is not installed (pip install 'moto[server]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [sys.executable, "-m", "moto.server"]


def _ready(url: str) -> bool:
    return requests.get(url + "/moto-api/", timeout=2).status_code == 200


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[MotoEndpoint]:
    command = _moto_command()
    port = free_port()
    tmp = tempfile.TemporaryDirectory(prefix="libcloud-moto-")
    # Fake credentials so that nothing in moto looks for real ones.
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}
    server = ServerProcess(command + ["-H", "127.0.0.1", "-p", str(port)], env=env,
                           log_path=os.path.join(tmp.name, "moto.log"))
    endpoint = MotoEndpoint("127.0.0.1", port)
    try:
        server.wait_ready(lambda: _ready(endpoint.url), timeout=90, what="moto_server")
        yield endpoint
    finally:
        server.stop()
        tmp.cleanup()


@pytest.fixture
def moto(moto_endpoint: MotoEndpoint) -> MotoEndpoint:
    """The session's moto server, emptied for this test."""
    moto_endpoint.reset()
    return moto_endpoint
