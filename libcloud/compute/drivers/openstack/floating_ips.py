"""Floating IPs: Nova's ``os-floating-ips`` (API 1.1) and Neutron's ``floatingips`` (2.x)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.compute.drivers.openstack.host import NovaHost, listing
from libcloud._core.flow import Flow, operation

__all__ = [
    "OpenStack_1_1_FloatingIpPool",
    "OpenStack_1_1_FloatingIpAddress",
    "OpenStack_2_FloatingIpPool",
    "OpenStack_2_FloatingIpAddress",
    "NovaFloatingIpsMixin",
    "NeutronFloatingIpsMixin",
]


class OpenStack_1_1_FloatingIpPool:
    """A Nova floating IP pool; requests go through ``connection`` (the compute connection)."""

    def __init__(self, name: str, connection: Any) -> None:
        self.name = name
        self.connection = connection

    def list_floating_ips(self) -> List["OpenStack_1_1_FloatingIpAddress"]:
        """The floating IPs allocated to the project."""
        response = self.connection.request("/os-floating-ips")
        return [self._to_floating_ip(item) for item in response.object["floating_ips"]]

    def get_floating_ip(self, ip: str) -> Optional["OpenStack_1_1_FloatingIpAddress"]:
        """The allocated floating IP with that address, or ``None``."""
        return next((address for address in self.list_floating_ips() if address.ip_address == ip), None)

    def create_floating_ip(self) -> "OpenStack_1_1_FloatingIpAddress":
        """Allocate a floating IP from this pool."""
        response = self.connection.request("/os-floating-ips", method="POST", data={"pool": self.name})
        return self._to_floating_ip(response.object["floating_ip"])

    def delete_floating_ip(self, ip: "OpenStack_1_1_FloatingIpAddress") -> bool:
        """Release a floating IP."""
        response = self.connection.request("/os-floating-ips/%s" % (ip.id), method="DELETE")
        return response.status in (200, 202)

    def _to_floating_ip(self, data: Dict[str, Any]) -> "OpenStack_1_1_FloatingIpAddress":
        return OpenStack_1_1_FloatingIpAddress(id=data["id"], ip_address=data["ip"], pool=self,
                                               node_id=data.get("instance_id"), driver=self.connection.driver)

    def __repr__(self) -> str:
        return "<OpenStack_1_1_FloatingIpPool: name=%s>" % (self.name)


class OpenStack_1_1_FloatingIpAddress:
    """An allocated floating IP."""

    def __init__(self, id: str, ip_address: str, pool: Any, node_id: Optional[str] = None,
                 driver: Any = None) -> None:
        self.id = str(id)
        self.ip_address = ip_address
        self.pool = pool
        self.node_id = node_id
        self.driver = driver

    def delete(self) -> bool:
        """Release this floating IP."""
        if self.pool is not None:
            return self.pool.delete_floating_ip(self)
        return self.driver.ex_delete_floating_ip(self)

    def __repr__(self) -> str:
        return "<OpenStack_1_1_FloatingIpAddress: id=%s, ip_addr=%s, pool=%s>" % (
            self.id, self.ip_address, self.pool)


def _node_id_of(data: Dict[str, Any]) -> Optional[str]:
    """The server a Neutron floating IP points at (through its port's device)."""
    details = data.get("port_details") or {}
    if str(details.get("device_owner") or "").startswith("compute:"):
        return details.get("device_id")
    return None


class OpenStack_2_FloatingIpPool:
    """An external Neutron network floating IPs are allocated from."""

    def __init__(self, id: str, name: str, connection: Any) -> None:
        self.id = id
        self.name = name
        self.connection = connection

    def _to_floating_ip(self, data: Dict[str, Any]) -> "OpenStack_2_FloatingIpAddress":
        return OpenStack_2_FloatingIpAddress(id=data["id"], ip_address=data["floating_ip_address"], pool=self,
                                             node_id=_node_id_of(data), driver=self.connection.driver,
                                             extra=dict(data))

    def list_floating_ips(self) -> List["OpenStack_2_FloatingIpAddress"]:
        """The floating IPs allocated from this network."""
        response = self.connection.request("/v2.0/floatingips", params={"floating_network_id": self.id})
        return [self._to_floating_ip(item) for item in response.object["floatingips"]]

    def get_floating_ip(self, ip: str) -> Optional["OpenStack_2_FloatingIpAddress"]:
        """The floating IP of this network with that address, or ``None`` (Neutron filters)."""
        response = self.connection.request("/v2.0/floatingips", params={"floating_network_id": self.id,
                                                                        "floating_ip_address": ip})
        items = response.object["floatingips"]
        return self._to_floating_ip(items[0]) if items else None

    def create_floating_ip(self) -> "OpenStack_2_FloatingIpAddress":
        """Allocate a floating IP from this network."""
        response = self.connection.request("/v2.0/floatingips", method="POST",
                                           data={"floatingip": {"floating_network_id": self.id}})
        return self._to_floating_ip(response.object["floatingip"])

    def delete_floating_ip(self, ip: Any) -> bool:
        """Release a floating IP."""
        response = self.connection.request("/v2.0/floatingips/%s" % (ip.id), method="DELETE")
        return response.status in (200, 202, 204)

    def __repr__(self) -> str:
        return "<OpenStack_2_FloatingIpPool: name=%s>" % (self.name)


class OpenStack_2_FloatingIpAddress(OpenStack_1_1_FloatingIpAddress):
    """A Neutron floating IP."""

    def __init__(self, id: str, ip_address: str, pool: Any, node_id: Optional[str] = None, driver: Any = None,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(id, ip_address, pool, node_id=node_id, driver=driver)
        self.extra = extra or {}

    def get_pool(self) -> Any:
        """The pool (external network) of this address, when known."""
        return self.pool

    def get_node_id(self) -> Optional[str]:
        """The server this address points at, if any."""
        return self.node_id


class NovaFloatingIpsMixin(NovaHost):
    """Floating IPs through Nova (API 1.1)."""

    @operation
    def ex_list_floating_ip_pools(self) -> Flow[List[OpenStack_1_1_FloatingIpPool]]:
        """The floating IP pools."""
        response = yield from self._call("/os-floating-ip-pools")
        return [OpenStack_1_1_FloatingIpPool(item["name"], self.connection)
                for item in response.object["floating_ip_pools"]]

    @operation
    def ex_attach_floating_ip_to_node(self, node: Any, ip: Any) -> Flow[bool]:
        """Associate a floating IP with a server."""
        address = getattr(ip, "ip_address", ip)
        return (yield from self._accepted(node, {"addFloatingIp": {"address": address}}))

    @operation
    def ex_detach_floating_ip_from_node(self, node: Any, ip: Any) -> Flow[bool]:
        """Disassociate a floating IP from a server."""
        address = getattr(ip, "ip_address", ip)
        return (yield from self._accepted(node, {"removeFloatingIp": {"address": address}}))


class NeutronFloatingIpsMixin(NovaHost):
    """Floating IPs through Neutron (API 2.x)."""

    def _pool(self, network: Dict[str, Any]) -> OpenStack_2_FloatingIpPool:
        return OpenStack_2_FloatingIpPool(network["id"], network["name"], self.network_connection)

    def _to_floating_ip(self, data: Dict[str, Any], pool: Any = None) -> OpenStack_2_FloatingIpAddress:
        return OpenStack_2_FloatingIpAddress(id=data["id"], ip_address=data["floating_ip_address"], pool=pool,
                                             node_id=_node_id_of(data), driver=self, extra=dict(data))

    @operation
    def ex_list_floating_ip_pools(self) -> Flow[List[OpenStack_2_FloatingIpPool]]:
        """The external networks floating IPs come from."""
        # The filter goes unencoded: Neutron documents "router:external=True" literally.
        response = yield from self._net_call("/v2.0/networks?router:external=True")
        return [self._pool(item) for item in response.object["networks"]]

    ex_list_floating_ips = listing("_net_call", "/v2.0/floatingips", "floatingips", "_to_floating_ip",
                                   "Every floating IP of the project.")

    @operation
    def ex_get_floating_ip(self, ip: str) -> Flow[Optional[OpenStack_2_FloatingIpAddress]]:
        """The floating IP with that address, or ``None``."""
        response = yield from self._net_call("/v2.0/floatingips",
                                             params={"floating_ip_address": ip})
        items = response.object["floatingips"]
        return self._to_floating_ip(items[0]) if items else None

    @operation
    def ex_create_floating_ip(self, ip_pool: Optional[str] = None) -> Flow[OpenStack_2_FloatingIpAddress]:
        """Allocate a floating IP from the pool (external network) named ``ip_pool`` (default: the first)."""
        pools = yield from self.ex_list_floating_ip_pools.flow()
        pool = next((p for p in pools if ip_pool is None or p.name == ip_pool), None)
        if pool is None:
            raise ValueError("There is no floating IP pool named %s" % (ip_pool))
        response = yield from self._net_call("/v2.0/floatingips", method="POST",
                                             data={"floatingip": {"floating_network_id": pool.id}})
        return self._to_floating_ip(response.object["floatingip"], pool=pool)

    @operation
    def ex_delete_floating_ip(self, ip: Any) -> Flow[bool]:
        """Release a floating IP."""
        response = yield from self._net_call("/v2.0/floatingips/%s" % (ip.id),
                                             method="DELETE")
        return response.status in (200, 202, 204)

    def _floating_ip_id(self, ip: Any) -> Flow[Optional[str]]:
        if hasattr(ip, "id"):
            return ip.id
        pools = yield from self.ex_list_floating_ip_pools.flow()
        for pool in pools:
            found = pool.get_floating_ip(ip)
            if found is not None:
                return found.id
        return None

    @operation
    def ex_attach_floating_ip_to_node(self, node: Any, ip: Any, port_id: Optional[str] = None) -> Flow[bool]:
        """Point a floating IP at a server's port (default: its first interface)."""
        ip_id = yield from self._floating_ip_id(ip)
        if ip_id is None:
            raise ValueError("Floating IP %s not found" % (getattr(ip, "ip_address", ip)))
        if port_id is None:
            response = yield from self._call("/servers/%s/os-interface" % (node.id))
            attachments = response.object["interfaceAttachments"]
            if not attachments:
                raise ValueError("Node %s has no network interface" % (node.id))
            port_id = attachments[0]["port_id"]
        response = yield from self._net_call("/v2.0/floatingips/%s" % (ip_id), method="PUT",
                                             data={"floatingip": {"port_id": port_id}})
        return response.status in (200, 202)

    @operation
    def ex_detach_floating_ip_from_node(self, node: Any, ip: Any) -> Flow[bool]:
        """Detach a floating IP from the port it points at."""
        ip_id = yield from self._floating_ip_id(ip)
        if ip_id is None:
            raise ValueError("Floating IP %s not found" % (getattr(ip, "ip_address", ip)))
        response = yield from self._net_call("/v2.0/floatingips/%s" % (ip_id), method="PUT",
                                             data={"floatingip": {"port_id": None}})
        return response.status in (200, 202)
