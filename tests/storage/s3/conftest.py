"""Fixtures for the S3 driver tests: drivers pointed at the session's real moto server, or at a scripted one."""

import pytest

from libcloud.storage.drivers.s3 import S3StorageDriver
from tests.fakes.http_server import LocalServer

KEY, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def make_driver(moto, region="eu-west-1", **kwargs):
    return S3StorageDriver(KEY, SECRET, host=moto.host, port=moto.port, secure=False, region=region, **kwargs)


def local_driver(server, **kwargs):
    """A driver pointed at a scripted :class:`LocalServer` (fault cases moto cannot produce)."""
    return S3StorageDriver(KEY, SECRET, host="127.0.0.1", port=server.port, secure=False, region="eu-west-1",
                           **kwargs)


@pytest.fixture
def server():
    """A scripted local HTTP server for one test."""
    with LocalServer() as srv:
        yield srv


@pytest.fixture
def s3(moto):
    """A driver on a freshly emptied moto (region eu-west-1, path-style)."""
    return make_driver(moto)


@pytest.fixture
def bucket(s3):
    return s3.create_container("libcloud-test")
