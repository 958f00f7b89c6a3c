"""Vultr compute through API v2: instances and bare metals, plans, OS images, regions, SSH keys,
block storage, snapshots and private networks.

Listings follow Vultr's cursor (``meta.links.next``) with the shared paging
(:func:`libcloud.common.vultr.cursor_paging`); every method that does I/O is an
operation flow, so ``libcloud.asyncio`` runs it on the event loop.
"""

from __future__ import annotations

import base64
from typing import Any, Callable, Dict, List, Optional, Union

from libcloud.common.rest.helpers import id_of
from libcloud._core.flow import Flow, operation
from libcloud._core.paginate import PageFlow, collect_pages, paged
from libcloud.common.rest import compact, connection_sender, rest_pages
from libcloud.common.vultr import PER_PAGE, VultrConnectionV2, cursor_paging
from libcloud.compute.base import KeyPair, Node, NodeImage, NodeLocation, NodeSize, StorageVolume, VolumeSnapshot
from libcloud.compute.drivers.vultr import parse_v2 as parse
from libcloud.compute.drivers.vultr.factory import VultrNodeDriver
from libcloud.compute.drivers.vultr.parse_v2 import VultrNetwork

__all__ = ["VultrNodeDriverV2", "VultrNetwork"]

_OK = (200, 201, 202, 204)


def _bare_metal(value: Any) -> bool:
    return bool(getattr(value, "extra", {}).get("is_bare_metal"))


class VultrNodeDriverV2(VultrNodeDriver):
    """Vultr compute, API v2 (``VultrNodeDriver(api_key)``)."""

    connectionCls = VultrConnectionV2
    vultr_api_version = "2"
    #: Items asked for per page of a listing (Vultr allows up to 500).
    per_page = PER_PAGE
    NODE_STATE_MAP = parse.NODE_STATE_MAP

    # -- plumbing -----------------------------------------------------------------------
    def _pages(self, path: str, items: str, to_model: Callable[[Any], Any],
               params: Optional[Dict[str, Any]] = None) -> PageFlow[Any]:
        """The page flow of the v2 listing ``path`` (items under ``items``)."""
        return rest_pages(connection_sender(self.connection), path, cursor_paging(items, self.per_page), to_model,
                          params=params, connection=self.connection)

    def _list(self, path: str, items: str, to_model: Callable[[Any], Any]) -> Flow[List[Any]]:
        return (yield from collect_pages(self._pages(path, items, to_model)))

    def _get(self, path: str, key: str) -> Flow[Dict[str, Any]]:
        response = yield self.connection.call(path)
        item: Dict[str, Any] = response.object[key]
        return item

    def _send(self, path: str, method: str = "POST", body: Optional[Dict[str, Any]] = None) -> Flow[Any]:
        response = yield self.connection.call(path, method=method, json=body)
        return response

    def _done(self, path: str, method: str = "POST", body: Optional[Dict[str, Any]] = None) -> Flow[bool]:
        response = yield from self._send(path, method, body)
        return int(response.status) in _OK

    def _node_path(self, node: Node) -> str:
        kind = "bare-metals" if _bare_metal(node) else "instances"
        return "/v2/%s/%s" % (kind, node.id)

    # -- catalogue ----------------------------------------------------------------------
    @operation
    def list_locations(self) -> Flow[List[NodeLocation]]:
        return (yield from self._list("/v2/regions", "regions", lambda item: parse.to_location(self, item)))

    @operation
    def list_images(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeImage]]:
        """Operating systems Vultr installs (``location`` is ignored: every region offers all)."""
        return (yield from self._list("/v2/os", "os", lambda item: parse.to_image(self, item)))

    @operation
    def list_sizes(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeSize]]:
        """Instance plans then bare-metal plans; with ``location``, those offered there."""
        sizes = yield from self._list("/v2/plans", "plans", lambda item: parse.to_size(self, item))
        sizes += yield from self._bare_metal_sizes()
        if location is not None:
            sizes = [s for s in sizes if id_of(location) in (s.extra.get("locations") or [])]
        return sizes

    @operation
    def ex_list_bare_metal_sizes(self) -> Flow[List[NodeSize]]:
        """Bare-metal plans (``extra``: ``cpu_count``, ``cpu_threads``, ``cpu_model``...)."""
        return (yield from self._bare_metal_sizes())

    def _bare_metal_sizes(self) -> Flow[List[NodeSize]]:
        return (yield from self._list("/v2/plans-metal", "plans_metal",
                                      lambda item: parse.to_size(self, item, bare_metal=True)))

    @operation
    def ex_list_available_sizes_for_location(self, location: Union[NodeLocation, str]) -> Flow[List[str]]:
        """The ids of the plans that can be deployed in ``location`` now."""
        response = yield self.connection.call("/v2/regions/%s/availability" % (id_of(location),))
        return list(response.object.get("available_plans") or [])

    # -- nodes --------------------------------------------------------------------------
    @operation
    def list_nodes(self, ex_list_bare_metals: bool = True) -> Flow[List[Node]]:
        """Instances, then (unless ``ex_list_bare_metals=False``) bare-metal servers."""
        nodes = yield from self._list("/v2/instances", "instances", lambda item: parse.to_node(self, item))
        if ex_list_bare_metals:
            nodes += yield from self._bare_metal_nodes()
        return nodes

    @paged
    def ex_iterate_nodes(self) -> PageFlow[Node]:
        """Instances, one API page at a time."""
        return self._pages("/v2/instances", "instances", lambda item: parse.to_node(self, item))

    @operation
    def ex_list_bare_metal_nodes(self) -> Flow[List[Node]]:
        """Bare-metal servers (``extra["is_bare_metal"]`` is ``True``)."""
        return (yield from self._bare_metal_nodes())

    def _bare_metal_nodes(self) -> Flow[List[Node]]:
        return (yield from self._list("/v2/bare-metals", "bare_metals",
                                      lambda item: parse.to_node(self, item, bare_metal=True)))

    @operation
    def ex_get_node(self, node_id: str) -> Flow[Node]:
        """The instance ``node_id``."""
        item = yield from self._get("/v2/instances/%s" % (node_id,), "instance")
        return parse.to_node(self, item)

    @operation
    def ex_get_bare_metal_node(self, node_id: str) -> Flow[Node]:
        """The bare-metal server ``node_id``."""
        item = yield from self._get("/v2/bare-metals/%s" % (node_id,), "bare_metal")
        return parse.to_node(self, item, bare_metal=True)

    @operation
    def create_node(self, name: str, size: NodeSize, image: NodeImage,
                    location: Union[NodeLocation, str, None] = None, auth: Any = None, ex_ssh_key_ids: Optional[List[str]] = None,
                    ex_private_network_ids: Optional[List[str]] = None, ex_snapshot_id: Optional[str] = None,
                    ex_enable_ipv6: bool = False, ex_backups: bool = False, ex_userdata: Optional[str] = None,
                    ex_ddos_protection: bool = False, ex_enable_private_network: bool = False,
                    ex_firewall_group_id: Optional[str] = None, ex_hostname: Optional[str] = None,
                    ex_tags: Optional[List[str]] = None) -> Flow[Node]:
        """Deploy an instance, or a bare-metal server when ``size`` is a bare-metal plan.

        ``image`` is an OS (its numeric id); ``ex_snapshot_id`` deploys a
        snapshot instead.  ``ex_userdata`` is sent base64-encoded, as the API wants.
        """
        if location is None:
            raise ValueError("Vultr needs a location (region) to create a node in")
        bare_metal = _bare_metal(size)
        body = compact(region=id_of(location), plan=id_of(size), label=name, hostname=ex_hostname, tags=ex_tags,
                       sshkey_id=list(ex_ssh_key_ids) if ex_ssh_key_ids else None,
                       enable_ipv6=ex_enable_ipv6 or None, snapshot_id=ex_snapshot_id,
                       user_data=base64.b64encode(ex_userdata.encode()).decode() if ex_userdata else None)
        if ex_snapshot_id is None:
            image_id = id_of(image)
            body.update({"os_id": int(image_id)} if image_id.isdigit() else {"image_id": image_id})
        if not bare_metal:
            body.update(compact(backups="enabled" if ex_backups else None, ddos_protection=ex_ddos_protection or None,
                                attach_private_network=list(ex_private_network_ids or []) or None,
                                enable_private_network=ex_enable_private_network or None,
                                firewall_group_id=ex_firewall_group_id))
        kind, key = ("bare-metals", "bare_metal") if bare_metal else ("instances", "instance")
        response = yield from self._send("/v2/%s" % (kind,), body=body)
        return parse.to_node(self, response.object[key], bare_metal=bare_metal)

    @operation
    def reboot_node(self, node: Node) -> Flow[bool]:
        return (yield from self._done(self._node_path(node) + "/reboot"))

    @operation
    def start_node(self, node: Node) -> Flow[bool]:
        return (yield from self._done(self._node_path(node) + "/start"))

    @operation
    def stop_node(self, node: Node) -> Flow[bool]:
        """Halt a node (hard power off, the only stop Vultr offers)."""
        if _bare_metal(node):
            return (yield from self._done(self._node_path(node) + "/halt"))
        return (yield from self._halt([node]))

    @operation
    def ex_stop_nodes(self, nodes: List[Node]) -> Flow[bool]:
        """Halt several instances in one call."""
        return (yield from self._halt(nodes))

    def _halt(self, nodes: List[Node]) -> Flow[bool]:
        return (yield from self._done("/v2/instances/halt", body={"instance_ids": [n.id for n in nodes]}))

    @operation
    def destroy_node(self, node: Node) -> Flow[bool]:
        return (yield from self._done(self._node_path(node), method="DELETE"))

    @operation
    def ex_resize_node(self, node: Node, size: Union[NodeSize, str]) -> Flow[Node]:
        """Move an instance to a bigger plan; returns the updated instance."""
        response = yield from self._send("/v2/instances/%s" % (node.id,), "PATCH", {"plan": id_of(size)})
        return parse.to_node(self, response.object["instance"])

    # -- SSH keys -----------------------------------------------------------------------
    @operation
    def list_key_pairs(self) -> Flow[List[KeyPair]]:
        return (yield from self._list("/v2/ssh-keys", "ssh_keys", lambda item: parse.to_key_pair(self, item)))

    @operation
    def get_key_pair(self, name: str) -> Flow[KeyPair]:
        """The SSH key whose **id** is ``name`` (Vultr names keys by id; upstream's argument)."""
        item = yield from self._get("/v2/ssh-keys/%s" % (name,), "ssh_key")
        return parse.to_key_pair(self, item)

    @operation
    def import_key_pair_from_string(self, name: str, key_material: str) -> Flow[KeyPair]:
        response = yield from self._send("/v2/ssh-keys", body={"name": name, "ssh_key": key_material})
        return parse.to_key_pair(self, response.object["ssh_key"])

    @operation
    def delete_key_pair(self, key_pair: KeyPair) -> Flow[bool]:
        return (yield from self._done("/v2/ssh-keys/%s" % (key_pair.extra["id"],), method="DELETE"))

    # -- block storage ------------------------------------------------------------------
    @operation
    def list_volumes(self) -> Flow[List[StorageVolume]]:
        return (yield from self._list("/v2/blocks", "blocks", lambda item: parse.to_volume(self, item)))

    @operation
    def ex_get_volume(self, volume_id: str) -> Flow[StorageVolume]:
        """The block storage volume ``volume_id``."""
        item = yield from self._get("/v2/blocks/%s" % (volume_id,), "block")
        return parse.to_volume(self, item)

    @operation
    def create_volume(self, size: int, name: str, location: Union[NodeLocation, str, None] = None,
                      snapshot: Any = None, ex_block_type: Optional[str] = None) -> Flow[StorageVolume]:
        """Create a block storage volume of ``size`` GB in ``location`` (required by Vultr)."""
        if location is None:
            raise ValueError("Vultr needs a location (region) to create a volume in")
        body = compact(region=id_of(location), size_gb=int(size), label=name, block_type=ex_block_type)
        response = yield from self._send("/v2/blocks", body=body)
        return parse.to_volume(self, response.object["block"])

    @operation
    def attach_volume(self, node: Node, volume: StorageVolume, device: Optional[str] = None,
                      ex_live: bool = True) -> Flow[bool]:
        """Attach ``volume`` to ``node`` (``ex_live``: without restarting it)."""
        body = {"instance_id": node.id, "live": ex_live}
        return (yield from self._done("/v2/blocks/%s/attach" % (volume.id,), body=body))

    @operation
    def detach_volume(self, volume: StorageVolume, ex_live: bool = True) -> Flow[bool]:
        return (yield from self._done("/v2/blocks/%s/detach" % (volume.id,), body={"live": ex_live}))

    @operation
    def destroy_volume(self, volume: StorageVolume) -> Flow[bool]:
        return (yield from self._done("/v2/blocks/%s" % (volume.id,), method="DELETE"))

    @operation
    def ex_resize_volume(self, volume: StorageVolume, size: int) -> Flow[bool]:
        """Grow ``volume`` to ``size`` GB."""
        return (yield from self._done("/v2/blocks/%s" % (volume.id,), "PATCH", {"size_gb": int(size)}))

    # -- snapshots ----------------------------------------------------------------------
    @operation
    def ex_list_snapshots(self) -> Flow[List[VolumeSnapshot]]:
        """Every snapshot of the account."""
        return (yield from self._list("/v2/snapshots", "snapshots", lambda item: parse.to_snapshot(self, item)))

    @operation
    def ex_get_snapshot(self, snapshot_id: str) -> Flow[VolumeSnapshot]:
        """The snapshot ``snapshot_id`` (``size`` in GB)."""
        item = yield from self._get("/v2/snapshots/%s" % (snapshot_id,), "snapshot")
        return parse.to_snapshot(self, item)

    @operation
    def ex_create_snapshot(self, node: Node, description: Optional[str] = None) -> Flow[VolumeSnapshot]:
        """Snapshot the instance ``node``."""
        body = compact(instance_id=node.id, description=description)
        response = yield from self._send("/v2/snapshots", body=body)
        return parse.to_snapshot(self, response.object["snapshot"])

    @operation
    def ex_delete_snapshot(self, snapshot: VolumeSnapshot) -> Flow[bool]:
        """Delete a snapshot."""
        return (yield from self._done("/v2/snapshots/%s" % (snapshot.id,), method="DELETE"))

    # -- private networks ---------------------------------------------------------------
    @operation
    def ex_list_networks(self) -> Flow[List[VultrNetwork]]:
        """Private networks."""
        return (yield from self._list("/v2/private-networks", "networks", parse.to_network))

    @operation
    def ex_get_network(self, network_id: str) -> Flow[VultrNetwork]:
        """The private network ``network_id``."""
        item = yield from self._get("/v2/private-networks/%s" % (network_id,), "network")
        return parse.to_network(item)

    @operation
    def ex_create_network(self, cidr_block: str, location: Union[NodeLocation, str],
                          description: Optional[str] = None) -> Flow[VultrNetwork]:
        """Create a private network ``cidr_block`` (``"10.0.0.0/24"``) in ``location``."""
        subnet, _, mask = cidr_block.partition("/")
        body = compact(region=id_of(location), description=description, v4_subnet=subnet,
                       v4_subnet_mask=int(mask) if mask else None)
        response = yield from self._send("/v2/private-networks", body=body)
        return parse.to_network(response.object["network"])

    @operation
    def ex_destroy_network(self, network: VultrNetwork) -> Flow[bool]:
        """Delete a private network."""
        return (yield from self._done("/v2/private-networks/%s" % (network.id,), method="DELETE"))
