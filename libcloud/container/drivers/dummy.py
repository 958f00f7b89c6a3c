"""``DummyContainerDriver``: an in-memory container provider for tests and examples (no I/O).

>>> from libcloud.container.drivers.dummy import DummyContainerDriver
>>> driver = DummyContainerDriver("key", "secret")
>>> driver.name
'Dummy Container Provider'
>>> image = driver.install_image("nginx:1.25")
>>> container = driver.deploy_container("web", image)
>>> container.state
running
>>> [c.name for c in driver.list_containers()]
['web']
"""

from __future__ import annotations

import itertools
from typing import Any, Dict, List, Optional

from libcloud.container.base import ClusterLocation, Container, ContainerCluster, ContainerDriver, ContainerImage
from libcloud.container.types import ContainerState
from libcloud.common.types import LibcloudError

__all__ = ["DummyContainerDriver"]


class DummyContainerDriver(ContainerDriver):
    """Images, containers and clusters kept in this object; state lives as long as the driver."""

    name = "Dummy Container Provider"
    website = "http://example.com"
    type = "dummy"
    supports_clusters = True

    def __init__(self, api_key: Any = None, api_secret: Any = None, **kwargs: Any) -> None:
        # No connection: nothing is ever sent.
        self.key, self.secret = api_key, api_secret
        self._ids = itertools.count(1)
        self._images: Dict[str, ContainerImage] = {}
        self._containers: Dict[str, Container] = {}
        self._clusters: Dict[str, ContainerCluster] = {}
        self._location = ClusterLocation(id="local", name="Local", country="US", driver=self)

    def _next_id(self, prefix: str) -> str:
        return "%s-%d" % (prefix, next(self._ids))

    def install_image(self, path: str) -> ContainerImage:
        """Record the image ``path`` (``name[:tag]``)."""
        version = path.rpartition(":")[2] if ":" in path.rsplit("/", 1)[-1] else "latest"
        image = ContainerImage(id=self._next_id("image"), name=path, path=path, version=version, driver=self)
        self._images[image.id] = image
        return image

    def list_images(self) -> List[ContainerImage]:
        """The images installed so far."""
        return list(self._images.values())

    def list_containers(self, image: Optional[ContainerImage] = None,
                        cluster: Optional[ContainerCluster] = None) -> List[Container]:
        """The containers, optionally of one image or cluster."""
        found = list(self._containers.values())
        if image is not None:
            found = [c for c in found if c.image is not None and c.image.id == image.id]
        if cluster is not None:
            found = [c for c in found if c.extra.get("cluster") == cluster.id]
        return found

    def deploy_container(self, name: str, image: ContainerImage, cluster: Optional[ContainerCluster] = None,
                         parameters: Any = None, start: bool = True) -> Container:
        """Create the container ``name`` (running unless ``start`` is False)."""
        state = ContainerState.RUNNING if start else ContainerState.STOPPED
        container = Container(id=self._next_id("container"), name=name, image=image, state=state,
                              ip_addresses=["127.0.0.%d" % (len(self._containers) + 2)], driver=self,
                              extra={"cluster": cluster.id if cluster is not None else None,
                                     "parameters": parameters})
        self._containers[container.id] = container
        return container

    def get_container(self, id: str) -> Container:
        """The container ``id``."""
        try:
            return self._containers[id]
        except KeyError:
            raise LibcloudError("No container with id %s" % (id,), driver=self) from None

    def _set_state(self, container: Container, state: ContainerState) -> Container:
        stored = self.get_container(container.id)
        stored.state = container.state = state
        return stored

    def start_container(self, container: Container) -> Container:
        """Mark ``container`` running."""
        return self._set_state(container, ContainerState.RUNNING)

    def stop_container(self, container: Container) -> Container:
        """Mark ``container`` stopped."""
        return self._set_state(container, ContainerState.STOPPED)

    def restart_container(self, container: Container) -> Container:
        """Mark ``container`` running."""
        return self._set_state(container, ContainerState.RUNNING)

    def destroy_container(self, container: Container) -> bool:
        """Forget ``container``."""
        self._containers.pop(self.get_container(container.id).id)
        return True

    def list_locations(self) -> List[ClusterLocation]:
        """One location, ``local`` (in the US, as upstream's doctest expects)."""
        return [self._location]

    def create_cluster(self, name: str, location: Optional[ClusterLocation] = None) -> ContainerCluster:
        """Create the cluster ``name``."""
        cluster = ContainerCluster(id=self._next_id("cluster"), name=name, driver=self,
                                   extra={"location": (location or self._location).id})
        self._clusters[cluster.id] = cluster
        return cluster

    def destroy_cluster(self, cluster: ContainerCluster) -> bool:
        """Forget ``cluster`` (its containers stay)."""
        return self._clusters.pop(cluster.id, None) is not None

    def list_clusters(self, location: Optional[ClusterLocation] = None) -> List[ContainerCluster]:
        """The clusters created so far."""
        return list(self._clusters.values())

    def get_cluster(self, id: str) -> ContainerCluster:
        """The cluster ``id``."""
        try:
            return self._clusters[id]
        except KeyError:
            raise LibcloudError("No cluster with id %s" % (id,), driver=self) from None
