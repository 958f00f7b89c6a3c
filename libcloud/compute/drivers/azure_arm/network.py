"""Networking: virtual networks and subnets, network interfaces, public IPs, network security groups."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

from libcloud._core.flow import Flow, operation
from libcloud.compute.base import NodeLocation
from libcloud.compute.drivers.azure_arm.base import AzureBase
from libcloud.compute.drivers.azure_arm.models import (
    AzureIPAddress,
    AzureNetwork,
    AzureNetworkSecurityGroup,
    AzureNic,
    AzureSubnet,
    name_of,
)

__all__ = ["NetworkMixin"]

_NETWORK = "/providers/Microsoft.Network"


def _listing(kind: str, parser: str, doc: str) -> Any:
    """An operation ``method(resource_group=None)``: the network resources ``kind`` of the subscription
    (or of one resource group), each through the driver's method named ``parser``."""
    def method(self: "NetworkMixin", resource_group: Optional[str] = None) -> Flow[List[Any]]:
        path = self._group_or_sub(resource_group, _NETWORK + "/" + kind)
        return (yield from self._collect(path, getattr(self, parser), api="network"))

    method.__doc__ = doc
    return operation(method)


def _getter(parser: str, doc: str) -> Any:
    """An operation ``method(id)``: the network resource with that ARM id, through the method ``parser``."""
    def method(self: "NetworkMixin", id: str) -> Flow[Any]:
        return getattr(self, parser)((yield from self._object(id, api="network")))

    method.__doc__ = doc
    return operation(method)


class NetworkMixin(AzureBase):
    """Virtual networks, subnets, NICs, public IP addresses and network security groups."""

    def _net_path(self, resource_group: str, kind: str, name: str) -> str:
        return self._sub("/resourceGroups/%s%s/%s/%s" % (resource_group, _NETWORK, kind, name))

    # -- virtual networks and subnets ----------------------------------------------------------
    ex_list_networks = _listing("virtualnetworks", "_to_network",
                                "The virtual networks of the subscription (or of one resource group).")

    @operation
    def ex_list_subnets(self, network: AzureNetwork) -> Flow[List[AzureSubnet]]:
        """The subnets of a virtual network."""
        return (yield from self._collect("%s/subnets" % network.id, self._to_subnet, api="network"))

    @operation
    def ex_check_ip_address_availability(self, resource_group: str, network: AzureNetwork,
                                         ip_address: str) -> Flow[Dict[str, Any]]:
        """Whether ``ip_address`` is free in ``network`` (``{"available": ..., "availableIPAddresses": [...]}``)."""
        path = self._net_path(resource_group, "virtualNetworks", network.name) + "/CheckIPAddressAvailability"
        return (yield from self._object(path, api="network", params={"ipAddress": ip_address}))

    def _to_network(self, data: Dict[str, Any]) -> AzureNetwork:
        return AzureNetwork(data.get("id", ""), data.get("name", ""), data.get("location"),
                            dict(data.get("properties") or {}))

    def _to_subnet(self, data: Dict[str, Any]) -> AzureSubnet:
        return AzureSubnet(data.get("id", ""), data.get("name", ""), dict(data.get("properties") or {}))

    # -- network interfaces ----------------------------------------------------------------------
    ex_list_nics = _listing("networkInterfaces", "_to_nic",
                            "The network interfaces of the subscription (or of one resource group).")

    ex_get_nic = _getter("_to_nic", "The network interface with the ARM id ``id``.")

    @operation
    def ex_create_network_interface(self, name: str, subnet: AzureSubnet, resource_group: str,
                                    location: Optional[NodeLocation] = None,
                                    public_ip: Optional[AzureIPAddress] = None) -> Flow[AzureNic]:
        """Create a network interface in ``subnet`` (with a dynamic private IP, and ``public_ip`` if given)."""
        config: Dict[str, Any] = {"privateIPAllocationMethod": "Dynamic", "subnet": {"id": subnet.id}}
        if public_ip is not None:
            config["publicIPAddress"] = {"id": public_ip.id}
        data = {"location": self._location_id(location),
                "properties": {"ipConfigurations": [{"name": "myip1", "properties": config}]}}
        response = yield from self._request(self._net_path(resource_group, "networkInterfaces", name), "PUT",
                                            "network", data=data)
        yield from self._wait(response)
        return self._to_nic(dict(response.object or {}))

    @operation
    def ex_update_nic_properties(self, network_interface: AzureNic, resource_group: str,
                                 properties: Dict[str, Any]) -> Flow[AzureNic]:
        """Replace a network interface's properties (e.g. its ``ipConfigurations``)."""
        data = {"properties": properties, "location": network_interface.location}
        path = self._net_path(resource_group, "networkInterfaces", network_interface.name)
        response = yield from self._request(path, "PUT", "network", data=data)
        return self._to_nic(dict(response.object or {}))

    @operation
    def ex_destroy_nic(self, nic: Union[AzureNic, str]) -> Flow[bool]:
        """Delete a network interface (an :class:`AzureNic` or its id)."""
        yield from self._request(nic.id if isinstance(nic, AzureNic) else str(nic), "DELETE", "network")
        return True

    def _to_nic(self, data: Dict[str, Any]) -> AzureNic:
        return AzureNic(data.get("id", ""), data.get("name", "") or name_of(data.get("id", "")),
                        data.get("location"), dict(data.get("properties") or {}))

    # -- public IP addresses ---------------------------------------------------------------------
    ex_list_public_ips = _listing("publicIPAddresses", "_to_ip_address",
                                  "The public IP addresses of a resource group (or the subscription).")

    ex_get_public_ip = _getter("_to_ip_address", "The public IP address with the ARM id ``id``.")

    @operation
    def ex_create_public_ip(self, name: str, resource_group: str, location: Optional[NodeLocation] = None,
                           public_ip_allocation_method: Optional[str] = None) -> Flow[AzureIPAddress]:
        """Create a public IP address (``Dynamic`` unless ``public_ip_allocation_method="Static"``)."""
        method = "Static" if str(public_ip_allocation_method or "").lower() == "static" else "Dynamic"
        data = {"location": self._location_id(location), "properties": {"publicIPAllocationMethod": method,
                                                                         "publicIPAddressVersion": "IPv4",
                                                                         "idleTimeoutInMinutes": 4}}
        response = yield from self._request(self._net_path(resource_group, "publicIPAddresses", name), "PUT",
                                            "network", data=data)
        yield from self._wait(response)
        return self._to_ip_address(dict(response.object or {}))

    @operation
    def ex_delete_public_ip(self, public_ip: AzureIPAddress) -> Flow[bool]:
        """Delete a public IP address (detach it from its network interface first)."""
        yield from self._request(public_ip.id, "DELETE", "network")
        return True

    @operation
    def ex_associate_public_ip(self, nic: AzureNic, public_ip: AzureIPAddress,
                               resource_group: Optional[str] = None) -> Flow[AzureNic]:
        """Attach ``public_ip`` to the primary IP configuration of ``nic``."""
        properties = dict(nic.extra)
        configs = [dict(config) for config in properties.get("ipConfigurations") or []]
        if configs:
            config_properties = dict(configs[0].get("properties") or {})
            config_properties["publicIPAddress"] = {"id": public_ip.id}
            configs[0]["properties"] = config_properties
        properties["ipConfigurations"] = configs
        group = resource_group or nic.id.split("/")[4]
        return (yield from self._step("ex_update_nic_properties", nic, group, properties))

    def _to_ip_address(self, data: Dict[str, Any]) -> AzureIPAddress:
        extra = dict(data.get("properties") or {})
        extra["location"] = data.get("location")
        return AzureIPAddress(data.get("id", ""), data.get("name", ""), extra)

    # -- network security groups -----------------------------------------------------------------
    @operation
    def ex_list_network_security_groups(self, resource_group: str) -> Flow[List[AzureNetworkSecurityGroup]]:
        """The network security groups of a resource group."""
        path = self._group_or_sub(resource_group, _NETWORK + "/networkSecurityGroups")
        return (yield from self._collect(path, self._to_security_group, api="network"))

    @operation
    def ex_create_network_security_group(self, name: str, resource_group: str,
                                         location: Optional[NodeLocation] = None) -> Flow[bool]:
        """Create an (empty) network security group."""
        data = {"location": self._location_id(location)}
        response = yield from self._request(self._net_path(resource_group, "networkSecurityGroups", name), "PUT",
                                            "network", data=data)
        yield from self._wait(response)
        return True

    @operation
    def ex_delete_network_security_group(self, name: str, resource_group: str,
                                         location: Optional[NodeLocation] = None) -> Flow[bool]:
        """Delete a network security group (``location`` is ignored, as upstream's)."""
        yield from self._request(self._net_path(resource_group, "networkSecurityGroups", name), "DELETE", "network")
        return True

    def _to_security_group(self, data: Dict[str, Any]) -> AzureNetworkSecurityGroup:
        return AzureNetworkSecurityGroup(data.get("id", ""), data.get("name", ""), data.get("location"),
                                         dict(data.get("properties") or {}))
