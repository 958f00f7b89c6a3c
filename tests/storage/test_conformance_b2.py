"""The storage conformance suite against the driver for Backblaze B2, on the scripted B2 of ``tests/storage/b2``."""

import hashlib

import pytest

from tests.storage.b2.conftest import b2  # noqa: F401  (fixture)

from .conformance import *  # noqa: F401,F403


@pytest.fixture
def storage_driver(b2):  # noqa: F811
    return b2.driver()


@pytest.fixture
def content_md5():
    """B2 keeps a SHA-1 (``obj.hash``), not an MD5: check the SHA-1, then hash what a download gives."""
    def md5_of(obj):
        data = b"".join(obj.driver.download_object_as_stream(obj))
        assert obj.hash == hashlib.sha1(data).hexdigest()
        return hashlib.md5(data).hexdigest()

    return md5_of
