"""The storage conformance suite on the Local and Dummy drivers."""

import pytest

from libcloud.storage.drivers.dummy import DummyStorageDriver
from libcloud.storage.drivers.local import LocalStorageDriver

from .conformance import *  # noqa: F401,F403


@pytest.fixture(params=["local", "dummy"])
def storage_driver(request, tmp_path):
    if request.param == "local":
        root = tmp_path / "storage-root"
        root.mkdir()
        return LocalStorageDriver(str(root))
    return DummyStorageDriver("key", "secret")
