"""The container API's models (:class:`Container`, :class:`ContainerImage`, :class:`ContainerCluster`,
:class:`ClusterLocation`) and :class:`ContainerDriver`.

Methods that do I/O in a driver are ``@operation`` flows; this base class does
no I/O itself, so every driver also serves the asyncio API.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Type

from libcloud.common.base import BaseDriver, Connection, ConnectionUserAndKey

__all__ = ["Container", "ContainerImage", "ContainerCluster", "ClusterLocation", "ContainerDriver"]


class Container:
    """A container; ``state`` is a :class:`libcloud.container.types.ContainerState` value."""

    def __init__(self, id: Any, name: Optional[str], image: Optional["ContainerImage"], state: Any,
                 ip_addresses: Optional[List[str]], driver: "ContainerDriver",
                 extra: Optional[Dict[str, Any]] = None, created_at: Any = None) -> None:
        self.id = id
        self.name = name
        self.image = image
        self.state = state
        self.ip_addresses = ip_addresses
        self.driver = driver
        self.extra = extra or {}
        self.created_at = created_at

    def start(self) -> "Container":
        """Start this container (``driver.start_container``)."""
        return self.driver.start_container(container=self)

    def stop(self) -> "Container":
        """Stop this container (``driver.stop_container``)."""
        return self.driver.stop_container(container=self)

    def restart(self) -> "Container":
        """Restart this container (``driver.restart_container``)."""
        return self.driver.restart_container(container=self)

    def destroy(self) -> Any:
        """Delete this container (``driver.destroy_container``)."""
        return self.driver.destroy_container(container=self)

    def __repr__(self) -> str:
        return "<Container: id=%s, name=%s, state=%s, provider=%s ...>" % (
            self.id, self.name, self.state, self.driver.name)


class ContainerImage:
    """An image containers are created from; ``path`` is what the provider pulls."""

    def __init__(self, id: Any, name: Optional[str], path: Optional[str], version: Optional[str], driver: Any,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = id
        self.name = name
        self.path = path
        self.version = version
        self.driver = driver
        self.extra = extra or {}

    def deploy(self, name: str, parameters: Any = None, cluster: Optional["ContainerCluster"] = None,
               start: bool = True) -> Container:
        """Create (and by default start) a container from this image (``driver.deploy_container``)."""
        return self.driver.deploy_container(name=name, image=self, parameters=parameters, cluster=cluster,
                                            start=start)

    def __repr__(self) -> str:
        return "<ContainerImage: id=%s, name=%s, path=%s ...>" % (self.id, self.name, self.path)


class ContainerCluster:
    """A cluster (or namespace) that holds containers, for drivers with ``supports_clusters``."""

    def __init__(self, id: Any, name: Optional[str], driver: "ContainerDriver",
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = id
        self.name = name
        self.driver = driver
        self.extra = extra or {}

    def list_containers(self) -> List[Container]:
        """The containers of this cluster (``driver.list_containers``)."""
        return self.driver.list_containers(cluster=self)

    def destroy(self) -> bool:
        """Delete this cluster (``driver.destroy_cluster``)."""
        return self.driver.destroy_cluster(cluster=self)

    def __repr__(self) -> str:
        return "<ContainerCluster: id=%s, name=%s, provider=%s ...>" % (self.id, self.name, self.driver.name)


class ClusterLocation:
    """A location where clusters can be created."""

    def __init__(self, id: Any, name: str, country: str, driver: "ContainerDriver") -> None:
        self.id = str(id)
        self.name = name
        self.country = country
        self.driver = driver

    def __repr__(self) -> str:
        return "<ClusterLocation: id=%s, name=%s, country=%s, provider=%s>" % (
            self.id, self.name, self.country, self.driver.name)


class ContainerDriver(BaseDriver):
    """The base of container drivers; subclasses implement the methods they support."""

    connectionCls: Type[Connection] = ConnectionUserAndKey
    name = ""
    website = ""
    #: Whether the driver manages clusters (``list_clusters`` and friends).
    supports_clusters = False

    def install_image(self, path: str) -> ContainerImage:
        """Pull or install the image at ``path`` and return it."""
        raise NotImplementedError("install_image not implemented for this driver")

    def list_images(self) -> List[ContainerImage]:
        """The images installed on the provider."""
        raise NotImplementedError("list_images not implemented for this driver")

    def list_containers(self, image: Optional[ContainerImage] = None,
                        cluster: Optional[ContainerCluster] = None) -> List[Container]:
        """The containers, optionally only those of ``image`` or ``cluster``."""
        raise NotImplementedError("list_containers not implemented for this driver")

    def deploy_container(self, name: str, image: ContainerImage, cluster: Optional[ContainerCluster] = None,
                         parameters: Any = None, start: bool = True) -> Container:
        """Create a container named ``name`` from ``image`` (and start it unless ``start`` is False)."""
        raise NotImplementedError("deploy_container not implemented for this driver")

    def get_container(self, id: str) -> Container:
        """The container with id ``id``."""
        raise NotImplementedError("get_container not implemented for this driver")

    def start_container(self, container: Container) -> Container:
        """Start ``container``; returns it updated."""
        raise NotImplementedError("start_container not implemented for this driver")

    def stop_container(self, container: Container) -> Container:
        """Stop ``container``; returns it updated."""
        raise NotImplementedError("stop_container not implemented for this driver")

    def restart_container(self, container: Container) -> Container:
        """Restart ``container``; returns it updated."""
        raise NotImplementedError("restart_container not implemented for this driver")

    def destroy_container(self, container: Container) -> Any:
        """Delete ``container``."""
        raise NotImplementedError("destroy_container not implemented for this driver")

    def list_locations(self) -> List[ClusterLocation]:
        """The locations where clusters can be created."""
        raise NotImplementedError("list_locations not implemented for this driver")

    def create_cluster(self, name: str, location: Optional[ClusterLocation] = None) -> ContainerCluster:
        """Create a cluster named ``name``."""
        raise NotImplementedError("create_cluster not implemented for this driver")

    def destroy_cluster(self, cluster: ContainerCluster) -> bool:
        """Delete ``cluster``; True on success."""
        raise NotImplementedError("destroy_cluster not implemented for this driver")

    def list_clusters(self, location: Optional[ClusterLocation] = None) -> List[ContainerCluster]:
        """The clusters, optionally only those at ``location``."""
        raise NotImplementedError("list_clusters not implemented for this driver")

    def get_cluster(self, id: str) -> ContainerCluster:
        """The cluster with id ``id``."""
        raise NotImplementedError("get_cluster not implemented for this driver")
