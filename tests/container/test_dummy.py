"""The in-memory Dummy container driver, and the container API's models around it."""

from __future__ import annotations

import pytest

from libcloud.common.types import LibcloudError
from libcloud.container.providers import get_driver
from libcloud.container.types import ContainerState, Provider


@pytest.fixture
def driver():
    return get_driver(Provider.DUMMY)("key", "secret")


def test_container_lifecycle_through_the_models(driver):
    image = driver.install_image("nginx:1.25")
    assert (image.name, image.version) == ("nginx:1.25", "1.25")
    container = image.deploy("web")
    assert container.state == ContainerState.RUNNING == "running"
    assert container.stop().state == ContainerState.STOPPED
    assert container.state == ContainerState.STOPPED
    assert container.restart().state == ContainerState.RUNNING
    assert driver.list_containers(image=image) == [container]
    assert container.destroy() is True
    with pytest.raises(LibcloudError):
        driver.get_container(container.id)


def test_clusters(driver):
    (location,) = driver.list_locations()
    cluster = driver.create_cluster("jobs", location)
    image = driver.install_image("busybox")
    inside = driver.deploy_container("a", image, cluster=cluster, start=False)
    driver.deploy_container("b", image)
    assert inside.state == ContainerState.STOPPED
    assert cluster.list_containers() == [inside]
    assert driver.get_cluster(cluster.id) is cluster
    assert cluster.destroy() is True
    assert driver.list_clusters() == []
    assert "jobs" in repr(cluster) and "US" in repr(location)
