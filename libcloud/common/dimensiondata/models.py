"""The CloudControl resources as plain objects (upstream's names and constructor arguments)."""

from __future__ import annotations

from typing import Any, List, Optional

__all__ = [
    "DimensionDataRawObject", "DimensionDataAccountDetails", "DimensionDataStatus",
    "DimensionDataNetworkDomain", "DimensionDataNetwork", "DimensionDataVlan", "DimensionDataPublicIpBlock",
    "DimensionDataServerCpuSpecification", "DimensionDataServerDisk", "DimensionDataServerVMWareTools",
    "DimensionDataFirewallRule", "DimensionDataFirewallAddress", "DimensionDataNatRule",
    "DimensionDataAntiAffinityRule", "DimensionDataTagKey", "DimensionDataTag", "DimensionDataIpAddress",
    "DimensionDataIpAddressList", "DimensionDataChildIpAddressList", "DimensionDataPort",
    "DimensionDataPortList", "DimensionDataChildPortList", "DimensionDataNic",
]


class DimensionDataRawObject:
    """Base of the models: a readable repr from the instance's attributes."""

    def __repr__(self) -> str:
        fields = ", ".join("%s=%r" % (k, v) for k, v in vars(self).items() if k != "driver")
        return "<%s: %s>" % (type(self).__name__, fields)


class DimensionDataAccountDetails(DimensionDataRawObject):
    """The account the credentials belong to."""

    def __init__(self, user_name: Optional[str], full_name: Optional[str], first_name: Optional[str],
                 last_name: Optional[str], email: Optional[str]) -> None:
        self.user_name = user_name
        self.full_name = full_name
        self.first_name = first_name
        self.last_name = last_name
        self.email = email


class DimensionDataStatus(DimensionDataRawObject):
    """The operation in progress on a resource (``progress`` in the API)."""

    def __init__(self, action: Optional[str] = None, request_time: Optional[str] = None,
                 user_name: Optional[str] = None, number_of_steps: Optional[str] = None,
                 update_time: Optional[str] = None, step_name: Optional[str] = None,
                 step_number: Optional[str] = None, step_percent_complete: Optional[str] = None,
                 failure_reason: Optional[str] = None) -> None:
        self.action = action
        self.request_time = request_time
        self.user_name = user_name
        self.number_of_steps = number_of_steps
        self.update_time = update_time
        self.step_name = step_name
        self.step_number = step_number
        self.step_percent_complete = step_percent_complete
        self.failure_reason = failure_reason


class DimensionDataNetworkDomain(DimensionDataRawObject):
    """A network domain (MCP 2.0): the container of VLANs, firewall and NAT rules."""

    def __init__(self, id: str, name: Optional[str], description: Optional[str], location: Any, status: Any,
                 plan: Optional[str]) -> None:
        self.id = str(id)
        self.name = name
        self.description = description
        self.location = location
        self.status = status
        self.plan = plan


class DimensionDataNetwork(DimensionDataRawObject):
    """A legacy (MCP 1.0) network."""

    def __init__(self, id: str, name: Optional[str], description: Optional[str], location: Any,
                 private_net: Optional[str], multicast: bool, status: Any) -> None:
        self.id = str(id)
        self.name = name
        self.description = description
        self.location = location
        self.private_net = private_net
        self.multicast = multicast
        self.status = status


class DimensionDataVlan(DimensionDataRawObject):
    """A VLAN of a network domain."""

    def __init__(self, id: str, name: Optional[str], description: Optional[str], location: Any,
                 network_domain: Any, status: Any, private_ipv4_range_address: Optional[str],
                 private_ipv4_range_size: Any, ipv6_range_address: Optional[str], ipv6_range_size: Any,
                 ipv4_gateway: Optional[str], ipv6_gateway: Optional[str]) -> None:
        self.id = str(id)
        self.name = name
        self.description = description
        self.location = location
        self.network_domain = network_domain
        self.status = status
        self.private_ipv4_range_address = private_ipv4_range_address
        self.private_ipv4_range_size = private_ipv4_range_size
        self.ipv6_range_address = ipv6_range_address
        self.ipv6_range_size = ipv6_range_size
        self.ipv4_gateway = ipv4_gateway
        self.ipv6_gateway = ipv6_gateway


class DimensionDataPublicIpBlock(DimensionDataRawObject):
    """A block of public IPv4 addresses added to a network domain."""

    def __init__(self, id: str, base_ip: Optional[str], size: Optional[str], location: Any, network_domain: Any,
                 status: Any) -> None:
        self.id = str(id)
        self.base_ip = base_ip
        self.size = size
        self.location = location
        self.network_domain = network_domain
        self.status = status


class DimensionDataServerCpuSpecification(DimensionDataRawObject):
    """CPU count, cores per socket and performance class of a server or an image."""

    def __init__(self, cpu_count: Any, cores_per_socket: Any, performance: Optional[str]) -> None:
        self.cpu_count = cpu_count
        self.cores_per_socket = cores_per_socket
        self.performance = performance


class DimensionDataServerDisk(DimensionDataRawObject):
    """A disk of a server (``scsi_id``, ``size_gb``, ``speed``)."""

    def __init__(self, id: Optional[str] = None, scsi_id: Any = None, size_gb: Any = None,
                 speed: Optional[str] = None, state: Optional[str] = None) -> None:
        self.id = id
        self.scsi_id = scsi_id
        self.size_gb = size_gb
        self.speed = speed
        self.state = state


class DimensionDataServerVMWareTools(DimensionDataRawObject):
    """The VMware Tools state of a server."""

    def __init__(self, status: Optional[str], version_status: Optional[str], api_version: Optional[str]) -> None:
        self.status = status
        self.version_status = version_status
        self.api_version = api_version


class DimensionDataFirewallAddress(DimensionDataRawObject):
    """The source or destination of a firewall rule: any IP, an IP/prefix or an address list; ports."""

    def __init__(self, any_ip: bool, ip_address: Optional[str], ip_prefix_size: Any, port_begin: Optional[str],
                 port_end: Optional[str], address_list_id: Optional[str], port_list_id: Optional[str]) -> None:
        self.any_ip = any_ip
        self.ip_address = ip_address
        self.ip_prefix_size = ip_prefix_size
        self.port_begin = port_begin
        self.port_end = port_end
        self.address_list_id = address_list_id
        self.port_list_id = port_list_id


class DimensionDataFirewallRule(DimensionDataRawObject):
    """A firewall rule of a network domain."""

    def __init__(self, id: str, name: Optional[str], action: Optional[str], location: Any, network_domain: Any,
                 status: Any, ip_version: Optional[str], protocol: Optional[str],
                 source: DimensionDataFirewallAddress, destination: DimensionDataFirewallAddress,
                 enabled: Any) -> None:
        self.id = str(id)
        self.name = name
        self.action = action
        self.location = location
        self.network_domain = network_domain
        self.status = status
        self.ip_version = ip_version
        self.protocol = protocol
        self.source = source
        self.destination = destination
        self.enabled = enabled


class DimensionDataNatRule(DimensionDataRawObject):
    """A NAT rule: one internal address published as one external address."""

    def __init__(self, id: str, network_domain: Any, internal_ip: Optional[str], external_ip: Optional[str],
                 status: Any) -> None:
        self.id = str(id)
        self.network_domain = network_domain
        self.internal_ip = internal_ip
        self.external_ip = external_ip
        self.status = status


class DimensionDataAntiAffinityRule(DimensionDataRawObject):
    """Two servers kept on different hosts."""

    def __init__(self, id: str, node_list: List[Any]) -> None:
        self.id = id
        self.node_list = node_list


class DimensionDataTagKey(DimensionDataRawObject):
    """A tag key of the organisation."""

    def __init__(self, id: str, name: Optional[str], description: Optional[str], value_required: bool,
                 display_on_report: bool) -> None:
        self.id = id
        self.name = name
        self.description = description
        self.value_required = value_required
        self.display_on_report = display_on_report


class DimensionDataTag(DimensionDataRawObject):
    """A tag applied to an asset."""

    def __init__(self, asset_type: Optional[str], asset_id: Optional[str], asset_name: Optional[str],
                 datacenter: Any, key: DimensionDataTagKey, value: Optional[str]) -> None:
        self.asset_type = asset_type
        self.asset_id = asset_id
        self.asset_name = asset_name
        self.datacenter = datacenter
        self.key = key
        self.value = value


class DimensionDataIpAddress(DimensionDataRawObject):
    """One entry of an IP address list: an address, a range (``end``) or a network (``prefix_size``)."""

    def __init__(self, begin: str, end: Optional[str] = None, prefix_size: Optional[str] = None) -> None:
        self.begin = begin
        self.end = end
        self.prefix_size = prefix_size


class DimensionDataChildIpAddressList(DimensionDataRawObject):
    """An IP address list included in another one."""

    def __init__(self, id: str, name: Optional[str]) -> None:
        self.id = id
        self.name = name


class DimensionDataIpAddressList(DimensionDataRawObject):
    """A named list of IP addresses, usable in firewall rules."""

    def __init__(self, id: str, name: Optional[str], description: Optional[str], ip_version: Optional[str],
                 ip_address_collection: Optional[List[DimensionDataIpAddress]], state: Optional[str],
                 create_time: Optional[str], child_ip_address_lists: Any = None) -> None:
        self.id = id
        self.name = name
        self.description = description
        self.ip_version = ip_version
        self.ip_address_collection = ip_address_collection
        self.state = state
        self.create_time = create_time
        self.child_ip_address_lists = child_ip_address_lists


class DimensionDataPort(DimensionDataRawObject):
    """One port or port range of a port list."""

    def __init__(self, begin: str, end: Optional[str] = None) -> None:
        self.begin = begin
        self.end = end


class DimensionDataChildPortList(DimensionDataRawObject):
    """A port list included in another one."""

    def __init__(self, id: str, name: Optional[str]) -> None:
        self.id = id
        self.name = name


class DimensionDataPortList(DimensionDataRawObject):
    """A named list of ports, usable in firewall rules."""

    def __init__(self, id: str, name: Optional[str], description: Optional[str],
                 port_collection: List[DimensionDataPort], child_portlist_list: List[DimensionDataChildPortList],
                 state: Optional[str], create_time: Optional[str]) -> None:
        self.id = id
        self.name = name
        self.description = description
        self.port_collection = port_collection
        self.child_portlist_list = child_portlist_list
        self.state = state
        self.create_time = create_time


class DimensionDataNic(DimensionDataRawObject):
    """An additional NIC for ``create_node``: a VLAN or a private IPv4 address, and the adapter type."""

    def __init__(self, private_ip_v4: Optional[str] = None, vlan: Any = None,
                 network_adapter_name: Optional[str] = None) -> None:
        self.private_ip_v4 = private_ip_v4
        self.vlan = vlan
        self.network_adapter_name = network_adapter_name
