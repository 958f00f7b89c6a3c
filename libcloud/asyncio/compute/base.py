"""``AsyncNodeDriver``: the compute API as coroutines, over the sync driver's flows."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from libcloud.asyncio._driver import AsyncDriver, documented_from
from libcloud.compute.base import (
    KeyPair,
    Node,
    NodeDriver,
    NodeImage,
    NodeLocation,
    NodeSize,
    StorageVolume,
    VolumeSnapshot,
)

__all__ = ["AsyncNodeDriver"]


@documented_from(NodeDriver)
class AsyncNodeDriver(AsyncDriver):
    """Every ``NodeDriver`` method, awaitable, with the same names and arguments."""

    async def list_nodes(self, *args: Any, **kwargs: Any) -> List[Node]:
        return await self._call("list_nodes", *args, **kwargs)

    async def list_sizes(self, location: Optional[NodeLocation] = None, **kwargs: Any) -> List[NodeSize]:
        return await self._call("list_sizes", location, **kwargs)

    async def list_locations(self, **kwargs: Any) -> List[NodeLocation]:
        return await self._call("list_locations", **kwargs)

    async def list_images(self, location: Optional[NodeLocation] = None, **kwargs: Any) -> List[NodeImage]:
        return await self._call("list_images", location, **kwargs)

    async def create_node(self, *args: Any, **kwargs: Any) -> Node:
        return await self._call("create_node", *args, **kwargs)

    async def reboot_node(self, node: Node) -> bool:
        return await self._call("reboot_node", node)

    async def start_node(self, node: Node) -> bool:
        return await self._call("start_node", node)

    async def stop_node(self, node: Node) -> bool:
        return await self._call("stop_node", node)

    async def destroy_node(self, node: Node) -> bool:
        return await self._call("destroy_node", node)

    async def list_volumes(self) -> List[StorageVolume]:
        return await self._call("list_volumes")

    async def list_volume_snapshots(self, volume: StorageVolume) -> List[VolumeSnapshot]:
        return await self._call("list_volume_snapshots", volume)

    async def create_volume(self, size: int, name: str, location: Optional[NodeLocation] = None,
                            snapshot: Optional[VolumeSnapshot] = None, **kwargs: Any) -> StorageVolume:
        return await self._call("create_volume", size, name, location, snapshot, **kwargs)

    async def create_volume_snapshot(self, volume: StorageVolume, name: Optional[str] = None,
                                     **kwargs: Any) -> VolumeSnapshot:
        return await self._call("create_volume_snapshot", volume, name, **kwargs)

    async def attach_volume(self, node: Node, volume: StorageVolume, device: Optional[str] = None) -> bool:
        return await self._call("attach_volume", node, volume, device)

    async def detach_volume(self, volume: StorageVolume) -> bool:
        return await self._call("detach_volume", volume)

    async def destroy_volume(self, volume: StorageVolume) -> bool:
        return await self._call("destroy_volume", volume)

    async def destroy_volume_snapshot(self, snapshot: VolumeSnapshot) -> bool:
        return await self._call("destroy_volume_snapshot", snapshot)

    async def create_image(self, node: Node, name: str, description: Optional[str] = None,
                           **kwargs: Any) -> NodeImage:
        return await self._call("create_image", node, name, description, **kwargs)

    async def delete_image(self, node_image: NodeImage) -> bool:
        return await self._call("delete_image", node_image)

    async def get_image(self, image_id: str) -> NodeImage:
        return await self._call("get_image", image_id)

    async def copy_image(self, *args: Any, **kwargs: Any) -> NodeImage:
        return await self._call("copy_image", *args, **kwargs)

    async def list_key_pairs(self) -> List[KeyPair]:
        return await self._call("list_key_pairs")

    async def get_key_pair(self, name: str) -> KeyPair:
        return await self._call("get_key_pair", name)

    async def create_key_pair(self, name: str, **kwargs: Any) -> KeyPair:
        return await self._call("create_key_pair", name, **kwargs)

    async def import_key_pair_from_string(self, name: str, key_material: str) -> KeyPair:
        return await self._call("import_key_pair_from_string", name, key_material)

    async def import_key_pair_from_file(self, name: str, key_file_path: str) -> KeyPair:
        return await self._call_in_thread("import_key_pair_from_file", name, key_file_path)

    async def delete_key_pair(self, key_pair: KeyPair) -> bool:
        return await self._call("delete_key_pair", key_pair)

    async def wait_until_running(self, nodes: List[Node], wait_period: float = 5, timeout: float = 600,
                                 ssh_interface: str = "public_ips", force_ipv4: bool = True,
                                 ex_list_nodes_kwargs: Optional[Dict[str, Any]] = None
                                 ) -> List[Tuple[Node, List[str]]]:
        return await self._call("wait_until_running", nodes, wait_period, timeout,
                                ssh_interface, force_ipv4, ex_list_nodes_kwargs)

    async def deploy_node(self, deploy: Any, **kwargs: Any) -> Node:
        # SSH work is blocking (paramiko): the whole deployment runs in a worker thread.
        return await self._call_in_thread("deploy_node", deploy, **kwargs)

    async def list_regions(self) -> List[str]:
        return await self._call("list_regions")
