"""The 1.0 compute API (Rackspace first generation, XML): servers, images, flavors, shared IP groups."""

from __future__ import annotations

import base64
from typing import Any, Dict, List, Optional
from xml.etree import ElementTree as ET

from libcloud._core.flow import Flow, operation
from libcloud.compute.base import Node, NodeImage, NodeLocation, NodeSize
from libcloud.compute.drivers.openstack.base import OpenStackNodeDriver
from libcloud.compute.drivers.openstack.parse import size_price
from libcloud.compute.drivers.openstack.connections import XML_NAMESPACE_1_0, OpenStack_1_0_Connection
from libcloud.compute.drivers.openstack.models import OpenStack_1_0_NodeIpAddresses, OpenStack_1_0_SharedIpGroup
from libcloud.compute.types import NodeState

__all__ = ["OpenStack_1_0_NodeDriver"]

NS = XML_NAMESPACE_1_0


def _tag(name: str) -> str:
    return "{%s}%s" % (NS, name)


def _findall(element: Any, name: str) -> List[Any]:
    return element.findall(_tag(name)) if element is not None else []


def _find(element: Any, name: str) -> Any:
    return element.find(_tag(name)) if element is not None else None


def _xml(element: Any) -> str:
    """The request body: text, so the transport sends it as it is."""
    return ET.tostring(element, encoding="unicode")


def _ips(element: Any, kind: str) -> List[str]:
    return [ip.get("addr") for ip in _findall(_find(_find(element, "addresses"), kind), "ip")]


class OpenStack_1_0_NodeDriver(OpenStackNodeDriver):
    """OpenStack compute API 1.0 (XML)."""

    connectionCls = OpenStack_1_0_Connection
    type = OpenStackNodeDriver.type
    features = {"create_node": ["generates_password"]}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._ex_force_api_version = str(kwargs.pop("ex_force_api_version", "")) or None
        self.XML_NAMESPACE = self.connectionCls.XML_NAMESPACE
        super().__init__(*args, **kwargs)

    # -- helpers -------------------------------------------------------------------------
    def _call(self, action: str, method: str = "GET", data: Any = None) -> Flow[Any]:
        return (yield self.connection.call(action, method=method, data=data))

    def _to_node(self, element: Any) -> Node:
        metadata = {meta.get("key"): meta.text for meta in _findall(_find(element, "metadata"), "meta")}
        extra = {
            "password": element.get("adminPass"),
            "hostId": element.get("hostId"),
            "imageId": element.get("imageId"),
            "flavorId": element.get("flavorId"),
            "uri": "https://%s%s/servers/%s" % (self.connection.host, self.connection.request_path,
                                                element.get("id")),
            "service_name": self.connection.get_service_name(),
            "metadata": metadata,
        }
        return Node(id=element.get("id"), name=element.get("name"),
                    state=self.NODE_STATE_MAP.get(element.get("status"), NodeState.UNKNOWN),
                    public_ips=_ips(element, "public"), private_ips=_ips(element, "private"), driver=self,
                    extra=extra)

    def _to_image(self, element: Any) -> NodeImage:
        extra = {name: element.get(name) for name in ("serverId", "updated", "created", "status", "progress",
                                                       "minDisk", "minRam")}
        return NodeImage(id=element.get("id"), name=element.get("name"), driver=self, extra=extra)

    def _to_size(self, element: Any) -> NodeSize:
        price = size_price(self, element.get("id"))
        return NodeSize(id=element.get("id"), name=element.get("name"), ram=int(element.get("ram")),
                        disk=int(element.get("disk")), bandwidth=None, price=float(price or 0), driver=self)

    def _to_shared_ip_group(self, element: Any) -> OpenStack_1_0_SharedIpGroup:
        servers_element = _find(element, "servers")
        servers = [server.get("id") for server in _findall(servers_element, "server")] \
            if servers_element is not None else None
        return OpenStack_1_0_SharedIpGroup(id=element.get("id"), name=element.get("name"), servers=servers)

    # -- nodes ---------------------------------------------------------------------------
    @operation
    def list_nodes(self, ex_all_tenants: bool = False) -> Flow[List[Node]]:
        """Every server."""
        response = yield from self._call("/servers/detail")
        return [self._to_node(element) for element in _findall(response.object, "server")]

    @operation
    def list_sizes(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeSize]]:
        """Every flavor (prices from the pricing data when present)."""
        response = yield from self._call("/flavors/detail")
        return [self._to_size(element) for element in _findall(response.object, "flavor")]

    @operation
    def list_images(self, location: Optional[NodeLocation] = None, ex_only_active: bool = True
                    ) -> Flow[List[NodeImage]]:
        """Every image."""
        response = yield from self._call("/images/detail")
        images = [self._to_image(element) for element in _findall(response.object, "image")]
        if ex_only_active:
            images = [image for image in images if image.extra.get("status") == "ACTIVE"]
        return images

    def list_locations(self) -> List[NodeLocation]:
        """The one location of the API."""
        return [NodeLocation(0, "", "", self)]

    @operation
    def create_node(self, name: str, size: NodeSize, image: NodeImage, location: Optional[NodeLocation] = None,
                    auth: Any = None, ex_metadata: Optional[Dict[str, str]] = None,
                    ex_files: Optional[Dict[str, str]] = None,
                    ex_shared_ip_group_id: Optional[str] = None, ex_shared_ip_group: Any = None) -> Flow[Node]:
        """Create a server; its root password comes back in ``extra["password"]``."""
        server = ET.Element("server", {"xmlns": NS, "name": name, "imageId": str(image.id),
                                       "flavorId": str(size.id)})
        group_id = ex_shared_ip_group_id or getattr(ex_shared_ip_group, "id", ex_shared_ip_group)
        if group_id:
            server.set("sharedIpGroupId", str(group_id))
        if ex_metadata:
            metadata = ET.SubElement(server, "metadata")
            for key, value in ex_metadata.items():
                ET.SubElement(metadata, "meta", {"key": key}).text = value
        if ex_files:
            personality = ET.SubElement(server, "personality")
            for path, content in ex_files.items():
                encoded = base64.b64encode(content.encode("utf-8") if isinstance(content, str) else content)
                ET.SubElement(personality, "file", {"path": path}).text = encoded.decode("ascii")
        response = yield from self._call("/servers", method="POST", data=_xml(server))
        return self._to_node(response.object)

    @operation
    def reboot_node(self, node: Node) -> Flow[bool]:
        """Soft-reboot a server."""
        return (yield from self._action(node, ET.Element("reboot", {"xmlns": NS, "type": "SOFT"})))

    @operation
    def destroy_node(self, node: Node) -> Flow[bool]:
        """Delete a server."""
        response = yield from self._call("/servers/%s" % (node.id), method="DELETE")
        return response.status in (202, 204)

    def _action(self, node: Node, element: Any) -> Flow[bool]:
        response = yield from self._call("/servers/%s/action" % (node.id), method="POST",
                                         data=_xml(element))
        return response.status in (200, 202, 204)

    @operation
    def ex_resize(self, node: Node, size: NodeSize) -> Flow[bool]:
        """Resize a server to ``size`` (confirm or revert afterwards)."""
        return (yield from self._action(node, ET.Element("resize", {"xmlns": NS, "flavorId": str(size.id)})))

    @operation
    def ex_confirm_resize(self, node: Node) -> Flow[bool]:
        """Keep a resized server."""
        return (yield from self._action(node, ET.Element("confirmResize", {"xmlns": NS})))

    @operation
    def ex_revert_resize(self, node: Node) -> Flow[bool]:
        """Return a resized server to its previous size."""
        return (yield from self._action(node, ET.Element("revertResize", {"xmlns": NS})))

    @operation
    def ex_rebuild(self, node_id: Any, image_id: Any) -> Flow[bool]:
        """Rebuild a server from an image."""
        node = node_id if isinstance(node_id, Node) else Node(node_id, None, None, [], [], self)
        element = ET.Element("rebuild", {"xmlns": NS, "imageId": str(getattr(image_id, "id", image_id))})
        return (yield from self._action(node, element))

    # -- images --------------------------------------------------------------------------
    @operation
    def create_image(self, node: Node, name: str, description: Optional[str] = None,
                     reboot: bool = True) -> Flow[NodeImage]:
        """Snapshot a server into an image."""
        element = ET.Element("image", {"xmlns": NS, "name": name, "serverId": str(node.id)})
        response = yield from self._call("/images", method="POST", data=_xml(element))
        return self._to_image(response.object)

    @operation
    def delete_image(self, image: NodeImage) -> Flow[bool]:  # type: ignore[override]  # upstream's name: image
        """Delete an image."""
        response = yield from self._call("/images/%s" % (image.id), method="DELETE")
        return response.status == 204

    # -- limits and shared IPs -------------------------------------------------------------
    @operation
    def ex_limits(self) -> Flow[Dict[str, Any]]:
        """The account's rate and absolute limits."""
        response = yield from self._call("/limits")
        root = response.object
        rate = [dict(element.attrib) for element in _findall(_find(root, "rate"), "limit")]
        absolute = {element.get("name"): element.get("value")
                    for element in _findall(_find(root, "absolute"), "limit")}
        return {"rate": rate, "absolute": absolute}

    @operation
    def ex_list_ip_addresses(self, node_id: Any) -> Flow[OpenStack_1_0_NodeIpAddresses]:
        """A server's public and private addresses."""
        response = yield from self._call("/servers/%s/ips" % (node_id))
        root = response.object
        public = [ip.get("addr") for ip in _findall(_find(root, "public"), "ip")]
        private = [ip.get("addr") for ip in _findall(_find(root, "private"), "ip")]
        return OpenStack_1_0_NodeIpAddresses(public, private)

    @operation
    def ex_list_ip_groups(self, details: bool = False) -> Flow[List[OpenStack_1_0_SharedIpGroup]]:
        """The shared IP groups (with their servers when ``details``)."""
        response = yield from self._call("/shared_ip_groups/detail" if details else "/shared_ip_groups")
        return [self._to_shared_ip_group(element) for element in _findall(response.object, "sharedIpGroup")]

    @operation
    def ex_create_ip_group(self, group_name: str, node_id: Optional[Any] = None
                           ) -> Flow[OpenStack_1_0_SharedIpGroup]:
        """Create a shared IP group (with a first server)."""
        group = ET.Element("sharedIpGroup", {"xmlns": NS, "name": group_name})
        if node_id:
            ET.SubElement(group, "server", {"id": str(node_id)})
        response = yield from self._call("/shared_ip_groups", method="POST", data=_xml(group))
        return self._to_shared_ip_group(response.object)

    @operation
    def ex_delete_ip_group(self, group_id: Any) -> Flow[bool]:
        """Delete a shared IP group."""
        response = yield from self._call("/shared_ip_groups/%s" % (group_id), method="DELETE")
        return response.status == 204

    @operation
    def ex_share_ip(self, group_id: Any, node_id: Any, ip: str, configure_node: bool = True) -> Flow[bool]:
        """Share ``ip`` of the group with a server."""
        element = ET.Element("shareIp", {"xmlns": NS, "sharedIpGroupId": str(group_id),
                                         "configureServer": str(configure_node).lower()})
        response = yield from self._call("/servers/%s/ips/public/%s" % (node_id, ip), method="PUT",
                                         data=_xml(element))
        return response.status == 202

    @operation
    def ex_unshare_ip(self, node_id: Any, ip: str) -> Flow[bool]:
        """Stop sharing ``ip`` with a server."""
        response = yield from self._call("/servers/%s/ips/public/%s" % (node_id, ip), method="DELETE")
        return response.status == 202
