"""``AsyncContainerDriver``: the container API as coroutines."""

from __future__ import annotations

from typing import Any, List, Optional

from libcloud.asyncio._driver import AsyncDriver, documented_from
from libcloud.container.base import Container, ContainerCluster, ContainerDriver, ContainerImage

__all__ = ["AsyncContainerDriver"]


@documented_from(ContainerDriver)
class AsyncContainerDriver(AsyncDriver):
    """Every ``ContainerDriver`` method, awaitable (``ex_*`` extras too)."""

    async def install_image(self, path: str, *args: Any, **kwargs: Any) -> ContainerImage:
        return await self._call("install_image", path, *args, **kwargs)

    async def list_images(self, *args: Any, **kwargs: Any) -> List[ContainerImage]:
        return await self._call("list_images", *args, **kwargs)

    async def list_containers(self, *args: Any, **kwargs: Any) -> List[Container]:
        return await self._call("list_containers", *args, **kwargs)

    async def deploy_container(self, name: str, image: Optional[ContainerImage], *args: Any,
                               **kwargs: Any) -> Container:
        return await self._call("deploy_container", name, image, *args, **kwargs)

    async def get_container(self, id: str, *args: Any, **kwargs: Any) -> Container:
        return await self._call("get_container", id, *args, **kwargs)

    async def start_container(self, container: Container, *args: Any, **kwargs: Any) -> Container:
        return await self._call("start_container", container, *args, **kwargs)

    async def stop_container(self, container: Container, *args: Any, **kwargs: Any) -> Container:
        return await self._call("stop_container", container, *args, **kwargs)

    async def restart_container(self, container: Container, *args: Any, **kwargs: Any) -> Container:
        return await self._call("restart_container", container, *args, **kwargs)

    async def destroy_container(self, container: Container, *args: Any, **kwargs: Any) -> Any:
        return await self._call("destroy_container", container, *args, **kwargs)

    async def list_locations(self) -> List[Any]:
        return await self._call("list_locations")

    async def create_cluster(self, name: str, location: Any = None) -> ContainerCluster:
        return await self._call("create_cluster", name, location)

    async def destroy_cluster(self, cluster: ContainerCluster) -> bool:
        return await self._call("destroy_cluster", cluster)

    async def list_clusters(self, *args: Any, **kwargs: Any) -> List[ContainerCluster]:
        return await self._call("list_clusters", *args, **kwargs)

    async def get_cluster(self, id: str) -> ContainerCluster:
        return await self._call("get_cluster", id)
