"""DigitalOcean compute (API v2): droplets, sizes, images, regions, SSH keys, volumes, snapshots, floating IPs.

Built on :mod:`libcloud.common.digitalocean` (shared with the DNS driver):
listings page with its ``Paging`` and run under both runners; droplet actions
are ``POST /v2/droplets/<id>/actions``.  As upstream, an action returns
``True`` once DigitalOcean accepted it; :meth:`DigitalOcean_v2_NodeDriver.ex_wait_for_action`
polls an action to completion.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, TypeVar, Union

from libcloud._core.flow import Flow, Sleep, operation
from libcloud.common.digitalocean import DigitalOcean_v1_Error, DigitalOcean_v2_BaseDriver
from libcloud.common.rest import compact
from libcloud.common.types import InvalidCredsError, LibcloudError
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
from libcloud.compute.drivers.digitalocean import parse
from libcloud.compute.types import KeyPairDoesNotExistError, Provider

M = TypeVar("M", bound=Union[NodeSize, NodeImage])

__all__ = ["DigitalOceanNodeDriver", "DigitalOcean_v2_NodeDriver", "DigitalOcean_v2_FloatingIpAddress"]


class DigitalOcean_v2_FloatingIpAddress:
    """A floating IP; DigitalOcean knows it by its address, so ``id`` is the address too."""

    def __init__(self, id: str, ip_address: str, node_id: Any, extra: Optional[Dict[str, Any]],
                 driver: "DigitalOcean_v2_NodeDriver") -> None:
        self.id = str(id)
        self.ip_address = ip_address
        self.node_id = node_id
        self.extra = extra or {}
        self.driver = driver

    def delete(self) -> bool:
        """Release this floating IP."""
        return self.driver.ex_delete_floating_ip(self)

    def __repr__(self) -> str:
        return "<DigitalOcean_v2_FloatingIpAddress: id=%s, ip_addr=%s, driver=%s>" % (
            self.id, self.ip_address, self.driver.name)


class DigitalOceanNodeDriver(NodeDriver):
    """``DigitalOceanNodeDriver(token)`` builds the v2 driver; API v1 was retired (``DigitalOcean_v1_Error``)."""

    type = Provider.DIGITAL_OCEAN
    name = "DigitalOcean"
    website = "https://www.digitalocean.com"

    def __new__(cls, key: Any = None, secret: Any = None, api_version: str = "v2", **kwargs: Any) -> Any:
        # ``key`` has a default only so pickle can rebuild an instance (it calls ``cls.__new__(cls)``).
        if cls is DigitalOceanNodeDriver:
            if api_version == "v1":
                raise DigitalOcean_v1_Error()
            if api_version != "v2":
                raise NotImplementedError("Unsupported API version: %s" % (api_version,))
            if secret is not None:
                # A client id and API key are v1 credentials: v2 takes a single token.
                raise InvalidCredsError("A v1 client id/API key pair was given; API v2 needs a personal token")
            cls = DigitalOcean_v2_NodeDriver
        return super().__new__(cls)


def _in_location(items: List[M], location: Optional[NodeLocation]) -> List[M]:
    """The sizes or images offered in ``location`` (its region in their ``extra["regions"]``); all without one."""
    if location is None:
        return items
    return [item for item in items if location.id in (item.extra.get("regions") or [])]


def _droplet_action(action_type: str, doc: str) -> Any:
    """An operation ``method(node)`` that asks for the droplet action ``action_type`` (``True`` once accepted)."""
    def method(self: "DigitalOcean_v2_NodeDriver", node: Node) -> Flow[bool]:
        return (yield from self._node_action(node, action_type))

    method.__doc__ = doc
    return operation(method)


# The ignore below: the bases keep upstream's DigitalOcean signatures.
class DigitalOcean_v2_NodeDriver(DigitalOcean_v2_BaseDriver, DigitalOceanNodeDriver):  # type: ignore[misc]
    """DigitalOcean compute through API v2."""

    NODE_STATE_MAP = parse.NODE_STATE_MAP
    #: Seconds between two polls of :meth:`ex_wait_for_action`.
    ACTION_POLL_INTERVAL = 5.0

    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, api_version: str = "v2", region: Optional[str] = None,
                 **kwargs: Any) -> None:
        super().__init__(key, secret=secret, secure=secure, host=host, port=port, api_version=api_version,
                         region=region, **kwargs)

    # -- plumbing -----------------------------------------------------------------------
    def _list(self, url: str, obj: str, to_model: Any) -> Flow[List[Any]]:
        items = yield from self._paginated_request_flow(url, obj)
        return [to_model(self, item) for item in items]

    def _action(self, url: str, body: Dict[str, Any]) -> Flow[bool]:
        response = yield self.connection.call(url, method="POST", json=body)
        return response.status in (200, 201, 202)

    def _node_action(self, node: Node, type: str, **fields: Any) -> Flow[bool]:
        return self._action("/v2/droplets/%s/actions" % (node.id,), dict(fields, type=type))

    def _delete(self, url: str) -> Flow[bool]:
        response = yield self.connection.call(url, method="DELETE")
        return response.status == 204

    # -- nodes --------------------------------------------------------------------------
    @operation
    def list_nodes(self) -> Flow[List[Node]]:
        return (yield from self._list("/v2/droplets", "droplets", parse.to_node))

    @operation
    def ex_get_node_details(self, node_id: str) -> Flow[Node]:
        """The droplet ``node_id``."""
        response = yield self.connection.call("/v2/droplets/%s" % (node_id,))
        return parse.to_node(self, response.object["droplet"])

    @operation
    # The ignore below: upstream's signature.
    def create_node(self, name: str, size: NodeSize, image: NodeImage, location: NodeLocation,  # type: ignore[override]
                    ex_create_attr: Optional[Dict[str, Any]] = None, ex_ssh_key_ids: Optional[List[Any]] = None,
                    ex_user_data: Optional[str] = None) -> Flow[Node]:
        """Create a droplet.  ``ex_create_attr`` adds API fields (``backups``, ``ipv6``, ``tags``, ...)."""
        attributes = dict(ex_create_attr or {})
        body = compact(attributes, name=name, size=size.name, image=image.id, region=location.id,
                       user_data=ex_user_data)
        if ex_ssh_key_ids:
            body["ssh_keys"] = list(ex_ssh_key_ids)
        response = yield self.connection.call("/v2/droplets", method="POST", json=body)
        return parse.to_node(self, response.object["droplet"])

    # Droplet actions without arguments: POST /v2/droplets/<id>/actions {"type": ...}.
    reboot_node = _droplet_action("reboot", "Reboot a droplet.")
    start_node = _droplet_action("power_on", "Power a droplet on.")
    stop_node = _droplet_action("shutdown", "Shut a droplet down gracefully.")
    ex_power_on_node = _droplet_action("power_on", "Power a droplet on.")
    ex_shutdown_node = _droplet_action("shutdown", "Shut a droplet down gracefully.")
    ex_hard_reboot = _droplet_action("power_cycle", "Power-cycle a droplet.")
    ex_enable_ipv6 = _droplet_action("enable_ipv6", "Turn IPv6 on for a droplet.")

    @operation
    def destroy_node(self, node: Node) -> Flow[bool]:
        return (yield from self._delete("/v2/droplets/%s" % (node.id,)))

    @operation
    def ex_rebuild_node(self, node: Node) -> Flow[bool]:
        """Rebuild a droplet from the image it runs."""
        return (yield from self._node_action(node, "rebuild", image=node.extra["image"]["id"]))

    @operation
    def ex_resize_node(self, node: Node, size: NodeSize) -> Flow[bool]:
        """Resize a droplet to ``size``."""
        return (yield from self._node_action(node, "resize", size=size.name))

    @operation
    def ex_change_kernel(self, node: Node, kernel_id: Any) -> Flow[bool]:
        """Boot a droplet with another kernel."""
        return (yield from self._node_action(node, "change_kernel", kernel=kernel_id))

    @operation
    def ex_rename_node(self, node: Node, name: str) -> Flow[bool]:
        """Rename a droplet."""
        return (yield from self._node_action(node, "rename", name=name))

    @operation
    def ex_wait_for_action(self, action_id: Any, timeout: float = 600.0,
                           interval: Optional[float] = None) -> Flow[Dict[str, Any]]:
        """Poll the action ``action_id`` until it completes; raise ``LibcloudError`` on error or timeout."""
        interval = self.ACTION_POLL_INTERVAL if interval is None else interval
        waited = 0.0
        while True:
            response = yield self.connection.call("/v2/actions/%s" % (action_id,))
            action = response.object["action"]
            if action.get("status") == "completed":
                return action
            if action.get("status") == "errored":
                raise LibcloudError("DigitalOcean action %s (%s) failed" % (action_id, action.get("type")),
                                    driver=self)
            if waited >= timeout:
                raise LibcloudError("DigitalOcean action %s did not complete within %s seconds"
                                    % (action_id, timeout), driver=self)
            yield Sleep(interval)
            waited += interval

    # -- sizes, locations, images ------------------------------------------------------------
    @operation
    def list_sizes(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeSize]]:
        return _in_location((yield from self._list("/v2/sizes", "sizes", parse.to_size)), location)

    @operation
    def list_locations(self, ex_available: bool = True) -> Flow[List[NodeLocation]]:
        """Regions; ``ex_available=False`` also lists those not taking new droplets."""
        locations = yield from self._list("/v2/regions", "regions", parse.to_location)
        return [loc for loc in locations if loc.extra.get("available") or not ex_available]

    @operation
    def list_images(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeImage]]:
        return _in_location((yield from self._list("/v2/images", "images", parse.to_image)), location)

    @operation
    def get_image(self, image_id: Any) -> Flow[NodeImage]:
        response = yield self.connection.call("/v2/images/%s" % (image_id,))
        return parse.to_image(self, response.object["image"])

    @operation
    def create_image(  # type: ignore[override]  # upstream's signature
        self, node: Node, name: str, description: Optional[str] = None
    ) -> Flow[bool]:
        """Snapshot a droplet into an image named ``name`` (``True`` once accepted, as upstream)."""
        return (yield from self._node_action(node, "snapshot", name=name))

    @operation
    def delete_image(self, node_image: NodeImage) -> Flow[bool]:
        return (yield from self._delete("/v2/images/%s" % (node_image.id,)))

    # -- key pairs ------------------------------------------------------------------------------
    @operation
    def list_key_pairs(self) -> Flow[List[KeyPair]]:
        return (yield from self._list("/v2/account/keys", "ssh_keys", parse.to_key_pair))

    @operation
    def get_key_pair(self, name: str) -> Flow[KeyPair]:
        keys = yield from self._list("/v2/account/keys", "ssh_keys", parse.to_key_pair)
        for key in keys:
            if key.name == name:
                return key
        raise KeyPairDoesNotExistError(name=name, driver=self)

    def _register_key(self, name: str, public_key: str) -> Flow[KeyPair]:
        response = yield self.connection.call("/v2/account/keys", method="POST",
                                              json={"name": name, "public_key": public_key})
        return parse.to_key_pair(self, response.object["ssh_key"])

    @operation
    def create_key_pair(self, name: str, public_key: str = "") -> Flow[KeyPair]:
        """Register ``public_key`` under ``name`` (DigitalOcean does not generate keys)."""
        return (yield from self._register_key(name, public_key))

    @operation
    def import_key_pair_from_string(self, name: str, key_material: str) -> Flow[KeyPair]:
        return (yield from self._register_key(name, key_material))

    @operation
    def delete_key_pair(self, key_pair: KeyPair) -> Flow[bool]:
        key_id = (key_pair.extra or {}).get("id") or key_pair.fingerprint
        return (yield from self._delete("/v2/account/keys/%s" % (key_id,)))

    # -- volumes and snapshots -----------------------------------------------------------------
    @operation
    def list_volumes(self) -> Flow[List[StorageVolume]]:
        return (yield from self._list("/v2/volumes", "volumes", parse.to_volume))

    @operation
    def create_volume(self, size: int, name: str, location: Optional[NodeLocation] = None,
                      snapshot: Optional[VolumeSnapshot] = None) -> Flow[StorageVolume]:
        body = compact(size_gigabytes=size, name=name, region=location.id if location else None,
                       snapshot_id=snapshot.id if snapshot else None)
        response = yield self.connection.call("/v2/volumes", method="POST", json=body)
        return parse.to_volume(self, response.object["volume"])

    def _volume_action(self, volume: StorageVolume, type: str, droplet_id: Any) -> Flow[bool]:
        region = (volume.extra or {}).get("region") or {}
        return self._action("/v2/volumes/actions", {"type": type, "volume_name": volume.name,
                                                    "region": region.get("slug"), "droplet_id": droplet_id})

    @operation
    def attach_volume(self, node: Node, volume: StorageVolume, device: Optional[str] = None) -> Flow[bool]:
        return (yield from self._volume_action(volume, "attach", node.id))

    @operation
    def detach_volume(self, volume: StorageVolume) -> Flow[bool]:
        """Detach ``volume`` from every droplet it is attached to."""
        for droplet_id in (volume.extra or {}).get("droplet_ids") or []:
            if not (yield from self._volume_action(volume, "detach", droplet_id)):
                return False
        return True

    @operation
    def destroy_volume(self, volume: StorageVolume) -> Flow[bool]:
        return (yield from self._delete("/v2/volumes/%s" % (volume.id,)))

    @operation
    def list_volume_snapshots(self, volume: StorageVolume) -> Flow[List[VolumeSnapshot]]:
        return (yield from self._list("/v2/volumes/%s/snapshots" % (volume.id,), "snapshots", parse.to_snapshot))

    @operation
    def create_volume_snapshot(self, volume: StorageVolume, name: Optional[str] = None) -> Flow[VolumeSnapshot]:
        response = yield self.connection.call("/v2/volumes/%s/snapshots" % (volume.id,), method="POST",
                                              json={"name": name})
        return parse.to_snapshot(self, response.object["snapshot"], name)

    @operation
    def delete_volume_snapshot(self, snapshot: VolumeSnapshot) -> Flow[bool]:
        """Delete a volume snapshot (upstream's name for ``destroy_volume_snapshot``)."""
        return (yield from self._delete("/v2/snapshots/%s" % (snapshot.id,)))

    @operation
    def destroy_volume_snapshot(self, snapshot: VolumeSnapshot) -> Flow[bool]:
        return (yield from self._delete("/v2/snapshots/%s" % (snapshot.id,)))

    # -- floating IPs ----------------------------------------------------------------------------
    def _to_floating_ip(self, item: Dict[str, Any]) -> DigitalOcean_v2_FloatingIpAddress:
        droplet = item.get("droplet") or {}
        extra = {"region": item.get("region"), "droplet": item.get("droplet"), "locked": item.get("locked")}
        return DigitalOcean_v2_FloatingIpAddress(item["ip"], item["ip"], droplet.get("id"), extra, self)

    def _floating_ips(self) -> Flow[List[DigitalOcean_v2_FloatingIpAddress]]:
        items = yield from self._paginated_request_flow("/v2/floating_ips", "floating_ips")
        return [self._to_floating_ip(item) for item in items]

    @operation
    def ex_list_floating_ips(self) -> Flow[List[DigitalOcean_v2_FloatingIpAddress]]:
        """Every floating IP of the account."""
        return (yield from self._floating_ips())

    @operation
    def ex_get_floating_ip(self, ip: str) -> Flow[DigitalOcean_v2_FloatingIpAddress]:
        """The floating IP ``ip`` (the API has no single-address read: the listing is searched)."""
        for floating_ip in (yield from self._floating_ips()):
            if floating_ip.ip_address == ip:
                return floating_ip
        raise LibcloudError("Floating IP %s does not exist" % (ip,), driver=self)

    @operation
    def ex_create_floating_ip(self, location: NodeLocation) -> Flow[DigitalOcean_v2_FloatingIpAddress]:
        """Reserve a floating IP in ``location`` (attached to no droplet)."""
        response = yield self.connection.call("/v2/floating_ips", method="POST", json={"region": location.id})
        return self._to_floating_ip(response.object["floating_ip"])

    @operation
    def ex_delete_floating_ip(self, ip: DigitalOcean_v2_FloatingIpAddress) -> Flow[bool]:
        """Release a floating IP."""
        return (yield from self._delete("/v2/floating_ips/%s" % (ip.id,)))

    @operation
    def ex_attach_floating_ip_to_node(self, node: Node, ip: DigitalOcean_v2_FloatingIpAddress) -> Flow[bool]:
        """Assign a floating IP to a droplet."""
        return (yield from self._action("/v2/floating_ips/%s/actions" % (ip.id,),
                                        {"type": "assign", "droplet_id": node.id}))

    @operation
    def ex_detach_floating_ip_from_node(self, node: Node, ip: DigitalOcean_v2_FloatingIpAddress) -> Flow[bool]:
        """Unassign a floating IP from its droplet."""
        return (yield from self._action("/v2/floating_ips/%s/actions" % (ip.id,), {"type": "unassign"}))
