"""Elastic IPs, VPCs, subnets, tags, availability zones and reserved instances."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Union

from libcloud._core.flow import Flow, operation
from libcloud.compute.base import Node
from libcloud.compute.drivers.ec2 import parse, query
from libcloud.compute.drivers.ec2.calls import EC2Calls
from libcloud.compute.drivers.ec2.models import (
    EC2Network,
    EC2NetworkSubnet,
    EC2ReservedNode,
    ElasticIP,
    ExEC2AvailabilityZone,
)

__all__ = ["NetworkMixin"]


_DOMAINS = ("standard", "vpc")


def _check_domain(domain: Optional[str]) -> None:
    # Upstream raised AttributeError for an unknown domain; kept for callers that catch it.
    if domain is not None and domain not in _DOMAINS:
        raise AttributeError("domain must be 'standard' or 'vpc', not %r" % (domain,))


def _ip_of(elastic_ip: Union[ElasticIP, str]) -> str:
    return elastic_ip if isinstance(elastic_ip, str) else elastic_ip.ip


class NetworkMixin(EC2Calls):
    """EC2 networking: VPCs, subnets, elastic IPs, availability zones."""
    # -- elastic IPs ----------------------------------------------------------------
    @operation
    def ex_allocate_address(self, domain: str = "standard") -> Flow[ElasticIP]:
        """A new elastic IP; ``domain`` "vpc" for VPC addresses."""
        if domain not in ("standard", "vpc"):
            raise ValueError("domain must be 'standard' or 'vpc', not %r" % (domain,))
        params = {"Domain": domain} if domain == "vpc" else {}
        response = yield self._call("AllocateAddress", params)
        root = response.object
        return ElasticIP(root.findtext("publicIp") or "", root.findtext("domain") or domain, None,
                         {"allocation_id": root.findtext("allocationId")})

    @operation
    def ex_describe_all_addresses(self, only_associated: bool = False) -> Flow[List[ElasticIP]]:
        response = yield self._describe("DescribeAddresses")
        addresses = [parse.address(item) for item in response.object.findall("addressesSet/item")]
        return [a for a in addresses if a.instance_id] if only_associated else addresses

    def _addresses_by_instance(self, ids: Sequence[str]) -> Flow[Dict[str, List[str]]]:
        result: Dict[str, List[str]] = {node_id: [] for node_id in ids}
        if not self.supports_elastic_ips:
            return result
        params = query.filters({"instance-id": list(ids)}) if ids else {}
        response = yield self._describe("DescribeAddresses", params)
        for item in response.object.findall("addressesSet/item"):
            address = parse.address(item)
            if address.instance_id in result:
                result[address.instance_id].append(address.ip)
        return result

    @operation
    def ex_describe_addresses(self, nodes: Sequence[Node]) -> Flow[Dict[str, List[str]]]:
        """``{node id: [elastic IPs]}`` for ``nodes``."""
        return (yield from self._addresses_by_instance([node.id for node in nodes]))

    @operation
    def ex_describe_addresses_for_node(self, node: Node) -> Flow[List[str]]:
        """The elastic IPs of ``node``."""
        addresses = yield from self._addresses_by_instance([node.id])
        return addresses[node.id]

    @operation
    def ex_associate_address_with_node(self, node: Node, elastic_ip: Union[ElasticIP, str],
                                       domain: Optional[str] = None) -> Flow[Optional[str]]:
        """Attach ``elastic_ip`` to ``node``; returns the association id (VPC) or None."""
        _check_domain(domain)
        params: Dict[str, str] = {"InstanceId": node.id}
        allocation_id = getattr(elastic_ip, "extra", {}).get("allocation_id") if not isinstance(elastic_ip, str) else None
        if (domain == "vpc" or getattr(elastic_ip, "domain", None) == "vpc") and allocation_id:
            params["AllocationId"] = allocation_id
        else:
            params["PublicIp"] = _ip_of(elastic_ip)
        response = yield self._call("AssociateAddress", params, idempotent=True)
        return response.object.findtext("associationId") or None

    def ex_associate_addresses(self, node: Node, elastic_ip: Union[ElasticIP, str], domain: Optional[str] = None
                               ) -> Optional[str]:
        """Upstream alias of :meth:`ex_associate_address_with_node`."""
        return self.ex_associate_address_with_node(node, elastic_ip, domain)

    @operation
    def ex_disassociate_address(self, elastic_ip: Union[ElasticIP, str], domain: Optional[str] = None) -> Flow[bool]:
        _check_domain(domain)
        association = getattr(elastic_ip, "extra", {}).get("association_id") if not isinstance(elastic_ip, str) else None
        params = {"AssociationId": association} if association else {"PublicIp": _ip_of(elastic_ip)}
        return (yield from self._call_ok("DisassociateAddress", params))

    @operation
    def ex_release_address(self, elastic_ip: Union[ElasticIP, str], domain: Optional[str] = None) -> Flow[bool]:
        _check_domain(domain)
        allocation = getattr(elastic_ip, "extra", {}).get("allocation_id") if not isinstance(elastic_ip, str) else None
        if allocation and (domain == "vpc" or getattr(elastic_ip, "domain", None) == "vpc"):
            params = {"AllocationId": allocation}
        else:
            params = {"PublicIp": _ip_of(elastic_ip)}
        return (yield from self._call_ok("ReleaseAddress", params))

    # -- tags -----------------------------------------------------------------------
    @operation
    def ex_create_tags(self, resource: Any, tags: Dict[str, Any]) -> Flow[bool]:
        """Add ``tags`` to a node, volume, image... (anything with an ``id``)."""
        if not tags or not self.supports_tags:
            return True
        params = {"ResourceId.1": resource.id if not isinstance(resource, str) else resource}
        params.update(query.tags_params(tags))
        return (yield from self._call_ok("CreateTags", params))

    @operation
    def ex_delete_tags(self, resource: Any, tags: Dict[str, Any]) -> Flow[bool]:
        if not tags:
            return True
        params = {"ResourceId.1": resource.id if not isinstance(resource, str) else resource}
        params.update(query.tags_params(tags))
        return (yield from self._call_ok("DeleteTags", params))

    @operation
    def ex_describe_tags(self, resource: Any) -> Flow[Dict[str, Optional[str]]]:
        resource_id = resource.id if not isinstance(resource, str) else resource
        params = query.filters({"resource-id": resource_id})
        items = yield from self._describe_all(
            "DescribeTags", params, lambda root: list(root.findall("tagSet/item")))
        return {item.findtext("key") or "": item.findtext("value") for item in items}

    # -- VPCs and subnets -------------------------------------------------------------
    @operation
    def ex_list_networks(self, network_ids: Optional[Sequence[str]] = None,
                         filters: Optional[Dict[str, Any]] = None) -> Flow[List[EC2Network]]:
        return (yield from self._list_items("DescribeVpcs", "vpcSet/item", parse.network, filters, VpcId=network_ids))

    @operation
    def ex_create_network(self, cidr_block: str, name: Optional[str] = None,
                          instance_tenancy: Optional[str] = "default") -> Flow[EC2Network]:
        """A new VPC (``instance_tenancy`` None leaves it to the cloud)."""
        params = {"CidrBlock": cidr_block}
        if instance_tenancy:
            params["InstanceTenancy"] = instance_tenancy
        return (yield from self._create_named("CreateVpc", params, "vpc", name, "vpc", parse.network))

    @operation
    def ex_delete_network(self, vpc: EC2Network) -> Flow[bool]:
        return (yield from self._call_ok("DeleteVpc", {"VpcId": vpc.id}))

    @operation
    def ex_list_subnets(self, subnet_ids: Optional[Sequence[str]] = None,
                        filters: Optional[Dict[str, Any]] = None) -> Flow[List[EC2NetworkSubnet]]:
        return (yield from self._list_items("DescribeSubnets", "subnetSet/item", parse.subnet, filters,
                                            SubnetId=subnet_ids))

    @operation
    def ex_create_subnet(self, vpc_id: str, cidr_block: str, availability_zone: str,
                         name: Optional[str] = None) -> Flow[EC2NetworkSubnet]:
        params = {"VpcId": vpc_id, "CidrBlock": cidr_block, "AvailabilityZone": availability_zone}
        return (yield from self._create_named("CreateSubnet", params, "subnet", name, "subnet", parse.subnet))

    #: ex_modify_subnet_attribute names -> ModifySubnetAttribute parameters.
    SUBNET_ATTRIBUTES = {"auto_public_ip": "MapPublicIpOnLaunch.Value",
                         "auto_ipv6": "AssignIpv6AddressOnCreation.Value"}

    @operation
    def ex_modify_subnet_attribute(self, subnet: EC2NetworkSubnet, attribute: str = "auto_public_ip",
                                   value: bool = False) -> Flow[bool]:
        """Set a subnet attribute: "auto_public_ip" (map public IPs on launch) or "auto_ipv6"."""
        if attribute not in self.SUBNET_ATTRIBUTES:
            raise ValueError("Unsupported attribute: %s" % (attribute,))
        params = {"SubnetId": subnet.id, self.SUBNET_ATTRIBUTES[attribute]: "true" if value else "false"}
        return (yield from self._call_ok("ModifySubnetAttribute", params))

    @operation
    def ex_delete_subnet(self, subnet: EC2NetworkSubnet) -> Flow[bool]:
        return (yield from self._call_ok("DeleteSubnet", {"SubnetId": subnet.id}))

    # -- zones and reservations --------------------------------------------------------
    @operation
    def ex_list_availability_zones(self, only_available: bool = True) -> Flow[List[ExEC2AvailabilityZone]]:
        params = query.filters({"state": "available"}) if only_available else {}
        response = yield self._describe("DescribeAvailabilityZones", params)
        return [parse.availability_zone(item) for item in response.object.findall("availabilityZoneInfo/item")]

    @operation
    def ex_get_limits(self) -> Flow[Dict[str, Dict[str, int]]]:
        """Account limits: ``{"resource": {"max-instances": 20, "max-elastic-ips": 5, ...}}``."""
        response = yield self._describe("DescribeAccountAttributes")
        resource: Dict[str, int] = {}
        for item in response.object.findall("accountAttributeSet/item"):
            value = item.findtext("attributeValueSet/item/attributeValue")
            if value is not None and value.isdigit():
                resource[item.findtext("attributeName") or ""] = int(value)
        return {"resource": resource}

    @operation
    def ex_list_reserved_nodes(self) -> Flow[List[EC2ReservedNode]]:
        response = yield self._describe("DescribeReservedInstances")
        return [parse.reserved_node(item, self) for item in response.object.findall("reservedInstancesSet/item")]
