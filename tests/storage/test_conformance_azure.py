"""The storage conformance suite on a real Azurite (Azure Blobs emulator)."""

import pytest

from libcloud.common.base import Connection
from libcloud.storage.drivers.azure_blobs import AzureBlobsStorageDriver

from .conformance import *  # noqa: F401,F403


def _wipe(driver: AzureBlobsStorageDriver) -> None:
    """Empty the emulator's account (the suite expects a fresh, empty store)."""
    for container in driver.list_containers():
        for obj in driver.list_container_objects(container):
            driver.delete_object(obj)
        driver.delete_container(container)


@pytest.fixture
def storage_driver(azurite):
    driver = azurite.driver()
    assert isinstance(driver.connection, Connection)
    _wipe(driver)
    return driver


@pytest.fixture
def content_md5():
    # As upstream, Object.hash is the ETag; the content MD5 is extra["md5_hash"].
    return lambda obj: obj.extra["md5_hash"]
