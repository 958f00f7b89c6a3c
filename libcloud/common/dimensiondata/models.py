"""The CloudControl resources as plain objects (upstream's names and constructor arguments)."""

from __future__ import annotations

from dataclasses import dataclass
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
    """Base of the models: a readable repr from the instance's attributes.

    The models are dataclasses (``eq=False``: identity comparison, as upstream's objects) whose field
    lists give upstream's constructor arguments; the bases below hold the leading fields they share.
    """

    def __post_init__(self) -> None:
        # Ids are strings (the API's are); one given as a number becomes one.
        identifier = getattr(self, "id", None)
        if identifier is not None:
            object.__setattr__(self, "id", str(identifier))

    def __repr__(self) -> str:
        fields = ", ".join("%s=%r" % (k, v) for k, v in vars(self).items() if k != "driver")
        return "<%s: %s>" % (type(self).__name__, fields)


@dataclass(eq=False, repr=False)
class Identified(DimensionDataRawObject):
    """Base of the models that start with an id and a name."""

    id: str
    name: Optional[str]


@dataclass(eq=False, repr=False)
class Described(Identified):
    """Base of the models that start with an id, a name and a description."""

    description: Optional[str]


@dataclass(eq=False, repr=False)
class _Located(Described):
    """Networks, network domains and VLANs: id, name, description, then the location."""

    location: Any


@dataclass(eq=False, repr=False)
class DimensionDataAccountDetails(DimensionDataRawObject):
    """The account the credentials belong to."""

    user_name: Optional[str]
    full_name: Optional[str]
    first_name: Optional[str]
    last_name: Optional[str]
    email: Optional[str]


@dataclass(eq=False, repr=False)
class DimensionDataStatus(DimensionDataRawObject):
    """The operation in progress on a resource (``progress`` in the API)."""

    action: Optional[str] = None
    request_time: Optional[str] = None
    user_name: Optional[str] = None
    number_of_steps: Optional[str] = None
    update_time: Optional[str] = None
    step_name: Optional[str] = None
    step_number: Optional[str] = None
    step_percent_complete: Optional[str] = None
    failure_reason: Optional[str] = None


@dataclass(eq=False, repr=False)
class DimensionDataNetworkDomain(_Located):
    """A network domain (MCP 2.0): the container of VLANs, firewall and NAT rules."""

    status: Any
    plan: Optional[str]


@dataclass(eq=False, repr=False)
class DimensionDataNetwork(_Located):
    """A legacy (MCP 1.0) network."""

    private_net: Optional[str]
    multicast: bool
    status: Any


@dataclass(eq=False, repr=False)
class DimensionDataVlan(_Located):
    """A VLAN of a network domain."""

    network_domain: Any
    status: Any
    private_ipv4_range_address: Optional[str]
    private_ipv4_range_size: Any
    ipv6_range_address: Optional[str]
    ipv6_range_size: Any
    ipv4_gateway: Optional[str]
    ipv6_gateway: Optional[str]


@dataclass(eq=False, repr=False)
class DimensionDataPublicIpBlock(DimensionDataRawObject):
    """A block of public IPv4 addresses added to a network domain."""

    id: str
    base_ip: Optional[str]
    size: Optional[str]
    location: Any
    network_domain: Any
    status: Any


@dataclass(eq=False, repr=False)
class DimensionDataServerCpuSpecification(DimensionDataRawObject):
    """CPU count, cores per socket and performance class of a server or an image."""

    cpu_count: Any
    cores_per_socket: Any
    performance: Optional[str]


@dataclass(eq=False, repr=False)
class DimensionDataServerDisk(DimensionDataRawObject):
    """A disk of a server (``scsi_id``, ``size_gb``, ``speed``)."""

    id: Optional[str] = None
    scsi_id: Any = None
    size_gb: Any = None
    speed: Optional[str] = None
    state: Optional[str] = None


@dataclass(eq=False, repr=False)
class DimensionDataServerVMWareTools(DimensionDataRawObject):
    """The VMware Tools state of a server."""

    status: Optional[str]
    version_status: Optional[str]
    api_version: Optional[str]


@dataclass(eq=False, repr=False)
class DimensionDataFirewallAddress(DimensionDataRawObject):
    """The source or destination of a firewall rule: any IP, an IP/prefix or an address list; ports."""

    any_ip: bool
    ip_address: Optional[str]
    ip_prefix_size: Any
    port_begin: Optional[str]
    port_end: Optional[str]
    address_list_id: Optional[str]
    port_list_id: Optional[str]


@dataclass(eq=False, repr=False)
class DimensionDataFirewallRule(Identified):
    """A firewall rule of a network domain."""

    action: Optional[str]
    location: Any
    network_domain: Any
    status: Any
    ip_version: Optional[str]
    protocol: Optional[str]
    source: DimensionDataFirewallAddress
    destination: DimensionDataFirewallAddress
    enabled: Any


@dataclass(eq=False, repr=False)
class DimensionDataNatRule(DimensionDataRawObject):
    """A NAT rule: one internal address published as one external address."""

    id: str
    network_domain: Any
    internal_ip: Optional[str]
    external_ip: Optional[str]
    status: Any


@dataclass(eq=False, repr=False)
class DimensionDataAntiAffinityRule(DimensionDataRawObject):
    """Two servers kept on different hosts."""

    id: str
    node_list: List[Any]


@dataclass(eq=False, repr=False)
class DimensionDataTagKey(Described):
    """A tag key of the organisation."""

    value_required: bool
    display_on_report: bool


@dataclass(eq=False, repr=False)
class DimensionDataTag(DimensionDataRawObject):
    """A tag applied to an asset."""

    asset_type: Optional[str]
    asset_id: Optional[str]
    asset_name: Optional[str]
    datacenter: Any
    key: DimensionDataTagKey
    value: Optional[str]


@dataclass(eq=False, repr=False)
class DimensionDataIpAddress(DimensionDataRawObject):
    """One entry of an IP address list: an address, a range (``end``) or a network (``prefix_size``)."""

    begin: str
    end: Optional[str] = None
    prefix_size: Optional[str] = None


class DimensionDataChildIpAddressList(Identified):
    """An IP address list included in another one."""


@dataclass(eq=False, repr=False)
class DimensionDataIpAddressList(Described):
    """A named list of IP addresses, usable in firewall rules."""

    ip_version: Optional[str]
    ip_address_collection: Optional[List[DimensionDataIpAddress]]
    state: Optional[str]
    create_time: Optional[str]
    child_ip_address_lists: Any = None


@dataclass(eq=False, repr=False)
class DimensionDataPort(DimensionDataRawObject):
    """One port or port range of a port list."""

    begin: str
    end: Optional[str] = None


class DimensionDataChildPortList(Identified):
    """A port list included in another one."""


@dataclass(eq=False, repr=False)
class DimensionDataPortList(Described):
    """A named list of ports, usable in firewall rules."""

    port_collection: List[DimensionDataPort]
    child_portlist_list: List[DimensionDataChildPortList]
    state: Optional[str]
    create_time: Optional[str]


@dataclass(eq=False, repr=False)
class DimensionDataNic(DimensionDataRawObject):
    """An additional NIC for ``create_node``: a VLAN or a private IPv4 address, and the adapter type."""

    private_ip_v4: Optional[str] = None
    vlan: Any = None
    network_adapter_name: Optional[str] = None
