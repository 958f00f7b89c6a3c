"""Containers on a real Azurite: create, list (paged by NextMarker), get, delete, errors."""

import pytest

from libcloud.common.types import InvalidCredsError
from libcloud.storage.base import Container
from libcloud.storage.drivers import azure_blobs
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    ContainerDoesNotExistError,
    ContainerIsNotEmptyError,
    InvalidContainerNameError,
)


def test_create_get_and_delete(azurite, driver):
    name = azurite.unique()
    created = driver.create_container(name)
    assert (created.name, created.driver) == (name, driver)
    assert created.extra["url"] == "%s/%s" % (azurite.url, name)
    assert created.extra["etag"] and '"' not in created.extra["etag"]
    fetched = driver.get_container(name)
    assert fetched.name == name and fetched.extra["lease"]["state"] == "available"
    with pytest.raises(ContainerAlreadyExistsError) as info:
        driver.create_container(name)
    assert info.value.container_name == name
    assert driver.delete_container(fetched) is True
    with pytest.raises(ContainerDoesNotExistError):
        driver.get_container(name)
    with pytest.raises(ContainerDoesNotExistError):
        driver.delete_container(fetched)


def test_listing_pages_through_next_marker(azurite, driver, monkeypatch):
    prefix = azurite.unique("pg")
    names = sorted("%s-%d" % (prefix, i) for i in range(5))
    for name in names:
        driver.create_container(name)
    monkeypatch.setattr(azure_blobs, "RESPONSES_PER_REQUEST", 2)
    sent = []
    original = driver.connection.prepare_request

    def spy(action, params=None, *args, **kwargs):
        sent.append(dict(params or {}))
        return original(action, params, *args, **kwargs)

    monkeypatch.setattr(driver.connection, "prepare_request", spy)
    listed = [c.name for c in driver.iterate_containers() if c.name.startswith(prefix)]
    assert listed == names
    assert all(p["maxresults"] == 2 for p in sent)
    assert len(sent) >= 3 and "marker" not in sent[0] and all(p.get("marker") for p in sent[1:])


def test_invalid_names_and_non_empty_delete(azurite, driver, container):
    with pytest.raises(InvalidContainerNameError):
        driver.create_container("Bad_Name!")
    driver.upload_object_via_stream(iter([b"x"]), container, "keep")
    with pytest.raises(ContainerIsNotEmptyError):
        driver.delete_container(container)
    assert driver.get_container(container.name).name == container.name


def test_wrong_key_is_invalid_creds(azurite):
    from libcloud.storage.drivers.azure_blobs import AzureBlobsStorageDriver

    bad = AzureBlobsStorageDriver(azurite.account, "d3Jvbmcga2V5IHdyb25nIGtleQ==", secure=False,
                                  host=azurite.host, port=azurite.port)
    with pytest.raises(InvalidCredsError):
        bad.list_containers()
    with pytest.raises(InvalidCredsError):
        bad.get_container("anything")


def test_missing_container_object_operations(azurite, driver):
    ghost = Container(azurite.unique("ghost"), None, driver)
    with pytest.raises(ContainerDoesNotExistError):
        driver.list_container_objects(ghost)
    with pytest.raises(ContainerDoesNotExistError):
        driver.upload_object_via_stream(iter([b"x"]), ghost, "x")
    with pytest.raises(ContainerDoesNotExistError):
        driver.get_object(ghost.name, "x")
