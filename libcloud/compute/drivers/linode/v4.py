"""``LinodeNodeDriverV4``: Linode compute through API v4 (``https://api.linode.com/v4``).

Instances, types, images, regions, SSH keys, disks, block storage volumes
and IP addresses.  Every listing pages with the shared ``PAGING_V4``
(``?page=N`` until ``pages``), so it runs on both runners and
``libcloud.asyncio`` pages it on the event loop.  Actions return ``True``
once Linode accepted them, as upstream.  Failures other than refused
credentials (``InvalidCredsError``) and throttling (``RateLimitReachedError``,
retried for idempotent requests) raise ``LinodeExceptionV4``.
"""

from __future__ import annotations

import base64
from typing import Any, Callable, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud._core.paginate import PageFlow, collect_pages, paged
from libcloud.common.linode import (
    API_ROOT_V4,
    DEFAULT_API_VERSION,
    LINODE_DISK_FILESYSTEMS_V4,
    PAGING_V4,
    LinodeDisk,
    LinodeExceptionV4,
    LinodeIPAddress,
    LinodeNodeConnectionV4,
)
from libcloud.common.rest import compact, connection_sender, rest_pages
from libcloud.compute.base import KeyPair, Node, NodeImage, NodeLocation, NodeSize, StorageVolume
from libcloud.compute.drivers.linode import parse_v4 as parse
from libcloud.compute.drivers.linode.base import LinodeNodeDriver
from libcloud.compute.types import NodeState

__all__ = ["LinodeNodeDriverV4"]


def _instance_action(action: str, doc: str) -> Any:
    """An operation ``method(node)`` that POSTs ``/linode/instances/<id>/<action>`` (``True`` once accepted)."""
    def method(self: "LinodeNodeDriverV4", node: Node) -> Flow[bool]:
        return (yield from self._post_ok("/linode/instances/%s/%s" % (node.id, action)))

    method.__doc__ = doc
    return operation(method)


def _upstream_operation(method: Callable[..., Any]) -> Any:
    """``operation`` for the methods whose upstream signature is not ``NodeDriver``'s.

    Typed ``Any`` so mypy does not check them as overrides: code written for
    upstream calls them with upstream's (Linode) arguments.
    """
    return operation(method)


class LinodeNodeDriverV4(LinodeNodeDriver, api="4.0"):
    """Linode compute through API v4 (``LinodeNodeDriver(token)`` or ``api_version="4.0"``)."""

    connectionCls = LinodeNodeConnectionV4
    NODE_STATE_MAP = parse.NODE_STATE_MAP

    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, api_version: str = DEFAULT_API_VERSION, region: Optional[str] = None,
                 **kwargs: Any) -> None:
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, api_version=api_version,
                         region=region, **kwargs)

    # -- plumbing -----------------------------------------------------------------------
    def _pages(self, path: str, parse_item: Callable[[Dict[str, Any]], Any]) -> PageFlow[Any]:
        return rest_pages(connection_sender(self.connection), API_ROOT_V4 + path, PAGING_V4, parse_item,
                          connection=self.connection)

    def _list(self, path: str, parse_item: Callable[[Any, Dict[str, Any]], Any]) -> Flow[List[Any]]:
        return (yield from collect_pages(self._pages(path, lambda item: parse_item(self, item))))

    def _call(self, path: str, method: str = "GET", body: Optional[Dict[str, Any]] = None) -> Flow[Any]:
        """One request to ``/v4<path>``; returns the parsed answer."""
        response = yield self.connection.call(API_ROOT_V4 + path, method=method, json=body)
        return response.object

    def _post_ok(self, path: str, body: Optional[Dict[str, Any]] = None) -> Flow[bool]:
        yield from self._call(path, method="POST", body=body if body is not None else {})
        return True

    def _delete(self, path: str) -> Flow[bool]:
        yield from self._call(path, method="DELETE")
        return True

    # -- instances ----------------------------------------------------------------------
    @operation
    def list_nodes(self) -> Flow[List[Node]]:
        return (yield from self._list("/linode/instances", parse.to_node))

    @paged
    def ex_iterate_nodes(self) -> PageFlow[Node]:
        """The instances, fetched page by page as the iteration goes (``async for`` on the asyncio API)."""
        return self._pages("/linode/instances", lambda item: parse.to_node(self, item))

    @operation
    def ex_get_node(self, node_id: str) -> Flow[Node]:
        """The instance ``node_id``."""
        return parse.to_node(self, (yield from self._call("/linode/instances/%s" % (node_id,))))

    @_upstream_operation
    def create_node(self, location: NodeLocation, name: str, size: NodeSize,
                    image: Optional[NodeImage] = None, root_pass: Optional[str] = None,
                    ex_authorized_keys: Optional[List[str]] = None,
                    ex_authorized_users: Optional[List[str]] = None, ex_tags: Optional[List[str]] = None,
                    ex_backups_enabled: bool = False, ex_private_ip: bool = False,
                    ex_userdata: Optional[str] = None) -> Flow[Node]:
        """Create an instance of ``size`` in ``location``, deployed from ``image`` (which needs ``root_pass``).

        Without ``image`` the instance has no disks (add them with :meth:`ex_create_disk`).
        ``ex_authorized_keys`` are public keys and ``ex_authorized_users`` Linode user names whose
        keys go into root's ``authorized_keys``; ``ex_userdata`` is handed to cloud-init (Metadata service).
        """
        parse.check_node_label(name)
        body = compact(label=name, region=location.id, type=size.id, tags=ex_tags or None,
                       backups_enabled=bool(ex_backups_enabled), private_ip=bool(ex_private_ip))
        if image is not None:
            if not root_pass:
                raise LinodeExceptionV4("Deploying an image needs root_pass", driver=self)
            body.update(compact(image=image.id, root_pass=root_pass, authorized_keys=ex_authorized_keys or None,
                                authorized_users=ex_authorized_users or None))
        if ex_userdata:
            body["metadata"] = {"user_data": base64.b64encode(ex_userdata.encode("utf-8")).decode("ascii")}
        return parse.to_node(self, (yield from self._call("/linode/instances", method="POST", body=body)))

    reboot_node = _instance_action("reboot", "Reboot an instance.")
    start_node = _instance_action("boot", "Boot an instance (raises ``LinodeExceptionV4`` when already booted).")
    stop_node = _instance_action("shutdown", "Shut an instance down.")

    @operation
    def destroy_node(self, node: Node) -> Flow[bool]:
        return (yield from self._delete("/linode/instances/%s" % (node.id,)))

    @operation
    def ex_rename_node(self, node: Node, name: str) -> Flow[Node]:
        """Change an instance's label; returns the instance as renamed."""
        parse.check_node_label(name)
        item = yield from self._call("/linode/instances/%s" % (node.id,), method="PUT", body={"label": name})
        return parse.to_node(self, item)

    @operation
    def ex_resize_node(self, node: Node, size: NodeSize, allow_auto_disk_resize: bool = False) -> Flow[bool]:
        """Move an instance to another type (Linode migrates it; ``True`` once accepted)."""
        body = {"type": size.id, "allow_auto_disk_resize": bool(allow_auto_disk_resize)}
        return (yield from self._post_ok("/linode/instances/%s/resize" % (node.id,), body))

    # -- types, regions, images, keys ---------------------------------------------------
    @operation
    def list_sizes(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeSize]]:
        """Instance types (every type is offered in every region)."""
        return (yield from self._list("/linode/types", parse.to_size))

    @operation
    def list_locations(self) -> Flow[List[NodeLocation]]:
        return (yield from self._list("/regions", parse.to_location))

    @operation
    def list_images(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeImage]]:
        """Public images and the account's private images (Linode has no per-region images)."""
        return (yield from self._list("/images", parse.to_image))

    @_upstream_operation
    def create_image(self, disk: LinodeDisk, name: Optional[str] = None,
                     description: Optional[str] = None) -> Flow[NodeImage]:
        """Make a private image of an instance disk (a :class:`LinodeDisk` of :meth:`ex_list_disks`)."""
        body = compact(disk_id=int(disk.id), label=name, description=description)
        return parse.to_image(self, (yield from self._call("/images", method="POST", body=body)))

    @operation
    def delete_image(self, image: NodeImage) -> Flow[bool]:  # type: ignore[override]  # upstream's name: image
        """Delete a private image (ids look like ``private/12345``)."""
        return (yield from self._delete("/images/%s" % (image.id,)))

    @operation
    def list_key_pairs(self) -> Flow[List[KeyPair]]:
        """The SSH keys of the token's profile."""
        return (yield from self._list("/profile/sshkeys", parse.to_key_pair))

    @_upstream_operation
    def create_key_pair(self, name: str, public_key: str) -> Flow[KeyPair]:
        """Add a public key to the profile under the label ``name``."""
        body = {"label": name, "ssh_key": public_key}
        return parse.to_key_pair(self, (yield from self._call("/profile/sshkeys", method="POST", body=body)))

    # -- disks --------------------------------------------------------------------------
    @operation
    def ex_list_disks(self, node: Node) -> Flow[List[LinodeDisk]]:
        """The disks of an instance."""
        return (yield from self._list("/linode/instances/%s/disks" % (node.id,), parse.to_disk))

    @operation
    def ex_create_disk(self, size: int, name: str, node: Node, fs_type: str, image: Optional[NodeImage] = None,
                       ex_root_pass: Optional[str] = None, ex_authorized_keys: Optional[List[str]] = None,
                       ex_authorized_users: Optional[List[str]] = None,
                       ex_read_only: bool = False) -> Flow[LinodeDisk]:
        """Add a disk of ``size`` MB and filesystem ``fs_type`` to an instance, optionally from ``image``."""
        if fs_type not in LINODE_DISK_FILESYSTEMS_V4:
            raise LinodeExceptionV4("Invalid filesystem %r; one of %s" % (fs_type, ", ".join(
                LINODE_DISK_FILESYSTEMS_V4)), driver=self)
        body = compact(label=name, size=int(size), filesystem=fs_type, read_only=bool(ex_read_only))
        if image is not None:
            if not ex_root_pass:
                raise LinodeExceptionV4("A disk from an image needs ex_root_pass", driver=self)
            body.update(compact(image=image.id, root_pass=ex_root_pass, authorized_keys=ex_authorized_keys or None,
                                authorized_users=ex_authorized_users or None))
        item = yield from self._call("/linode/instances/%s/disks" % (node.id,), method="POST", body=body)
        return parse.to_disk(self, item)

    @operation
    def ex_destroy_disk(self, node: Node, disk: LinodeDisk) -> Flow[bool]:
        """Delete a disk; the instance must be stopped first (``LinodeExceptionV4`` otherwise)."""
        if node.state != NodeState.STOPPED:
            raise LinodeExceptionV4("Node %s must be stopped before a disk is deleted" % (node.id,), driver=self)
        return (yield from self._delete("/linode/instances/%s/disks/%s" % (node.id, disk.id)))

    # -- volumes ------------------------------------------------------------------------
    @operation
    def list_volumes(self) -> Flow[List[StorageVolume]]:
        return (yield from self._list("/volumes", parse.to_volume))

    @operation
    def ex_get_volume(self, volume_id: str) -> Flow[StorageVolume]:
        """The volume ``volume_id``."""
        return parse.to_volume(self, (yield from self._call("/volumes/%s" % (volume_id,))))

    @_upstream_operation
    def create_volume(self, name: str, size: int, location: Optional[NodeLocation] = None,
                      node: Optional[Node] = None, tags: Optional[List[str]] = None) -> Flow[StorageVolume]:
        """Create a volume of ``size`` GB, attached to ``node`` or unattached in ``location``."""
        parse.check_volume_label(name)
        body = compact(label=name, size=int(size), tags=tags or None)
        if node is not None:
            body["linode_id"] = int(node.id)
        elif location is not None:
            body["region"] = location.id
        else:
            raise LinodeExceptionV4("A volume needs a location or a node to attach it to", driver=self)
        return parse.to_volume(self, (yield from self._call("/volumes", method="POST", body=body)))

    @_upstream_operation
    def attach_volume(self, node: Node, volume: StorageVolume,
                      persist_across_boots: bool = True) -> Flow[StorageVolume]:
        """Attach a detached volume to ``node``; returns the volume as attached."""
        if (volume.extra or {}).get("linode_id") is not None:
            raise LinodeExceptionV4("Volume %s is already attached to node %s" % (
                volume.id, (volume.extra or {})["linode_id"]), driver=self)
        body = {"linode_id": int(node.id), "persist_across_boots": bool(persist_across_boots)}
        item = yield from self._call("/volumes/%s/attach" % (volume.id,), method="POST", body=body)
        return parse.to_volume(self, item)

    @operation
    def detach_volume(self, volume: StorageVolume) -> Flow[bool]:
        if (volume.extra or {}).get("linode_id") is None:
            raise LinodeExceptionV4("Volume %s is not attached" % (volume.id,), driver=self)
        return (yield from self._post_ok("/volumes/%s/detach" % (volume.id,)))

    @operation
    def destroy_volume(self, volume: StorageVolume) -> Flow[bool]:
        """Delete a detached volume (``LinodeExceptionV4`` while it is attached)."""
        if (volume.extra or {}).get("linode_id") is not None:
            raise LinodeExceptionV4("Volume %s is attached; detach it first" % (volume.id,), driver=self)
        return (yield from self._delete("/volumes/%s" % (volume.id,)))

    @operation
    def ex_resize_volume(self, volume: StorageVolume, size: int) -> Flow[bool]:
        """Grow a volume to ``size`` GB (volumes cannot shrink)."""
        if volume.size is not None and int(size) < int(volume.size):
            raise LinodeExceptionV4("Volumes can only grow (%s GB -> %s GB)" % (volume.size, size), driver=self)
        return (yield from self._post_ok("/volumes/%s/resize" % (volume.id,), {"size": int(size)}))

    @operation
    def ex_clone_volume(self, volume: StorageVolume, name: str) -> Flow[StorageVolume]:
        """Copy a volume into a new one labelled ``name``."""
        parse.check_volume_label(name)
        item = yield from self._call("/volumes/%s/clone" % (volume.id,), method="POST", body={"label": name})
        return parse.to_volume(self, item)

    # -- IP addresses -------------------------------------------------------------------
    @operation
    def ex_list_addresses(self) -> Flow[List[LinodeIPAddress]]:
        """Every IP address of the account."""
        return (yield from self._list("/networking/ips", parse.to_address))

    @operation
    def ex_list_node_addresses(self, node: Node) -> Flow[List[LinodeIPAddress]]:
        """The IPv4 and IPv6 addresses of an instance."""
        return parse.node_addresses(self, (yield from self._call("/linode/instances/%s/ips" % (node.id,))))

    @operation
    def ex_allocate_private_address(self, node: Node, address_type: str = "ipv4") -> Flow[LinodeIPAddress]:
        """Give an instance a private address (Linode allocates private IPv4 only)."""
        if address_type != "ipv4":
            raise LinodeExceptionV4("Only private IPv4 addresses can be allocated", driver=self)
        body = {"type": address_type, "public": False}
        item = yield from self._call("/linode/instances/%s/ips" % (node.id,), method="POST", body=body)
        return parse.to_address(self, item)

    @operation
    def ex_share_address(self, node: Node, addresses: List[LinodeIPAddress]) -> Flow[bool]:
        """Share ``addresses`` (of other instances in the region) with ``node`` for failover."""
        body = {"linode_id": int(node.id), "ips": [address.inet for address in addresses]}
        return (yield from self._post_ok("/networking/ipv4/share", body))
