"""VPC plumbing beyond networks and subnets: network interfaces, internet gateways, placement groups."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from libcloud.common.rest.helpers import id_of, non_empty
from libcloud._core.flow import Flow, operation
from libcloud.compute.base import Node
from libcloud.compute.drivers.ec2 import parse, query
from libcloud.compute.drivers.ec2.calls import EC2Calls
from libcloud.compute.drivers.ec2.models import (
    EC2Network,
    EC2NetworkInterface,
    EC2NetworkSubnet,
    EC2PlacementGroup,
    VPCInternetGateway,
)

__all__ = ["VpcMixin"]


class VpcMixin(EC2Calls):
    """EC2 network interfaces, internet gateways and placement groups."""

    # -- network interfaces ---------------------------------------------------------
    @operation
    def ex_list_network_interfaces(self, network_interface_ids: Optional[Sequence[str]] = None,
                                   filters: Optional[Dict[str, Any]] = None) -> Flow[List[EC2NetworkInterface]]:
        """Network interfaces, optionally only some ids and/or those matching ``filters``."""
        return (yield from self._list_items("DescribeNetworkInterfaces", "networkInterfaceSet/item",
                                            parse.network_interface, filters,
                                            NetworkInterfaceId=network_interface_ids))

    @operation
    def ex_create_network_interface(self, subnet: EC2NetworkSubnet, name: Optional[str] = None,
                                    description: Optional[str] = None, private_ip_address: Optional[str] = None
                                    ) -> Flow[EC2NetworkInterface]:
        """A new network interface in ``subnet`` (tagged ``Name=name`` when given)."""
        params: Dict[str, str] = {"SubnetId": id_of(subnet)}
        params.update(non_empty(Description=description, PrivateIpAddress=private_ip_address))
        interface = yield from self._create_named("CreateNetworkInterface", params, "network-interface", name,
                                                  "networkInterface", parse.network_interface)
        if name:
            interface.extra.setdefault("tags", {})["Name"] = name
        return interface

    @operation
    def ex_delete_network_interface(self, network_interface: EC2NetworkInterface) -> Flow[bool]:
        """Delete a (detached) network interface."""
        return (yield from self._call_ok("DeleteNetworkInterface", {"NetworkInterfaceId": id_of(network_interface)}))

    @operation
    def ex_attach_network_interface_to_node(self, network_interface: EC2NetworkInterface, node: Node,
                                            device_index: int) -> Flow[bool]:
        """Attach ``network_interface`` to ``node`` as device ``device_index``."""
        params = {"NetworkInterfaceId": id_of(network_interface), "InstanceId": id_of(node),
                  "DeviceIndex": str(int(device_index))}
        response = yield self._call("AttachNetworkInterface", params, idempotent=True)
        return bool(response.object.findtext("attachmentId")) or parse.return_value(response.object)

    @operation
    def ex_detach_network_interface(self, attachment_id: str, force: bool = False) -> Flow[bool]:
        """Detach the network interface attachment ``attachment_id``."""
        params = {"AttachmentId": attachment_id}
        if force:
            params["Force"] = "true"
        return (yield from self._call_ok("DetachNetworkInterface", params))

    # -- internet gateways ----------------------------------------------------------
    @operation
    def ex_list_internet_gateways(self, gateway_ids: Optional[Sequence[str]] = None,
                                  filters: Optional[Dict[str, Any]] = None) -> Flow[List[VPCInternetGateway]]:
        """Internet gateways, optionally only some ids and/or those matching ``filters``."""
        return (yield from self._list_items("DescribeInternetGateways", "internetGatewaySet/item",
                                            lambda item: parse.internet_gateway(item, self), filters,
                                            InternetGatewayId=gateway_ids))

    @operation
    def ex_create_internet_gateway(self, name: Optional[str] = None) -> Flow[VPCInternetGateway]:
        """A new (detached) internet gateway."""
        return (yield from self._create_named("CreateInternetGateway", {}, "internet-gateway", name,
                                              "internetGateway", lambda item: parse.internet_gateway(item, self)))

    @operation
    def ex_delete_internet_gateway(self, gateway: VPCInternetGateway) -> Flow[bool]:
        """Delete a detached internet gateway."""
        return (yield from self._call_ok("DeleteInternetGateway", {"InternetGatewayId": id_of(gateway)}))

    @operation
    def ex_attach_internet_gateway(self, gateway: VPCInternetGateway, network: EC2Network) -> Flow[bool]:
        """Attach ``gateway`` to the VPC ``network``."""
        return (yield from self._call_ok("AttachInternetGateway",
                                         {"InternetGatewayId": id_of(gateway), "VpcId": id_of(network)}))

    @operation
    def ex_detach_internet_gateway(self, gateway: VPCInternetGateway, network: EC2Network) -> Flow[bool]:
        """Detach ``gateway`` from the VPC ``network``."""
        return (yield from self._call_ok("DetachInternetGateway",
                                         {"InternetGatewayId": id_of(gateway), "VpcId": id_of(network)}))

    # -- placement groups -------------------------------------------------------------
    @operation
    def ex_list_placement_groups(self, names: Optional[Sequence[str]] = None) -> Flow[List[EC2PlacementGroup]]:
        """Placement groups, optionally only those named in ``names``."""
        params = query.numbered("GroupName", list(names)) if names else {}
        response = yield self._describe("DescribePlacementGroups", params)
        return [parse.placement_group(item) for item in response.object.findall("placementGroupSet/item")]

    @operation
    def ex_create_placement_group(self, name: str, strategy: str = "cluster") -> Flow[bool]:
        """Create the placement group ``name`` ("cluster", "spread" or "partition")."""
        return (yield from self._call_ok("CreatePlacementGroup", {"GroupName": name, "Strategy": strategy},
                                         idempotent=False))

    @operation
    def ex_delete_placement_group(self, name: str) -> Flow[bool]:
        """Delete the placement group ``name``."""
        return (yield from self._call_ok("DeletePlacementGroup", {"GroupName": name}))
