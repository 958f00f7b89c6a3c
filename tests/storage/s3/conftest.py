"""Fixtures for the S3 driver tests: drivers pointed at the session's real moto server."""

import pytest

from libcloud.storage.drivers.s3 import S3StorageDriver

KEY, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def make_driver(moto, region="eu-west-1", **kwargs):
    return S3StorageDriver(KEY, SECRET, host=moto.host, port=moto.port, secure=False, region=region, **kwargs)


@pytest.fixture
def s3(moto):
    """A driver on a freshly emptied moto (region eu-west-1, path-style)."""
    return make_driver(moto)


@pytest.fixture
def bucket(s3):
    return s3.create_container("libcloud-test")
