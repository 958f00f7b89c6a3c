"""CaaS XML answers -> libcloud models.  Plain ElementTree look-ups with pre-built qualified tags."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional
from xml.etree.ElementTree import Element

from libcloud.common.dimensiondata import (
    NETWORK_NS,
    DimensionDataAntiAffinityRule,
    DimensionDataChildIpAddressList,
    DimensionDataChildPortList,
    DimensionDataFirewallAddress,
    DimensionDataFirewallRule,
    DimensionDataIpAddress,
    DimensionDataIpAddressList,
    DimensionDataNatRule,
    DimensionDataNetwork,
    DimensionDataNetworkDomain,
    DimensionDataPort,
    DimensionDataPortList,
    DimensionDataPublicIpBlock,
    DimensionDataServerCpuSpecification,
    DimensionDataServerDisk,
    DimensionDataServerVMWareTools,
    DimensionDataStatus,
    DimensionDataTag,
    DimensionDataTagKey,
    DimensionDataVlan,
)
from libcloud.common.dimensiondata.xmlbody import info_value, q, response_code, text
from libcloud.compute.base import Node, NodeImage, NodeLocation, NodeSize
from libcloud.compute.drivers.dimensiondata.tables import ACTION_STATES
from libcloud.compute.types import NodeState

__all__ = [
    "q", "text", "info_value", "response_code", "location", "node", "image", "network_domain", "vlan",
    "public_ip_block", "firewall_rule", "nat_rule", "network", "anti_affinity_rule", "tag_key", "tag",
    "ip_address_list", "port_list", "node_state", "status",
]

#: Locations by id, used to give each resource its NodeLocation.
Locations = Dict[str, NodeLocation]

# Qualified tags used on the hot paths (servers and images), built once.
_NAME, _DESCRIPTION, _STATE, _STARTED, _DEPLOYED = q("name"), q("description"), q("state"), q("started"), q("deployed")
_CPU, _MEMORY, _DISK, _GUEST, _OS, _VMTOOLS = q("cpu"), q("memoryGb"), q("disk"), q("guest"), q("operatingSystem"), \
    q("vmTools")
_NIC, _NETWORK_INFO, _PRIMARY_NIC, _PROGRESS = q("nic"), q("networkInfo"), q("primaryNic"), q("progress")
_SOURCE_IMAGE, _CREATE_TIME, _VMWARE_TOOLS = q("sourceImageId"), q("createTime"), q("vmwareTools")
_PROGRESS_FIELDS = ("action", "requestTime", "userName", "numberOfSteps", "updateTime", "stepName", "stepNumber",
                    "stepPercentComplete", "failureReason")
_PROGRESS_TAGS = tuple(q(f) for f in _PROGRESS_FIELDS)


def location(element: Element, driver: Any) -> NodeLocation:
    """A datacenter as a NodeLocation."""
    return NodeLocation(id=element.get("id"), name=element.findtext(q("displayName")) or "",
                        country=element.findtext(q("country")) or "", driver=driver)


def location_of(locations: Locations, location_id: Optional[str], driver: Any) -> Optional[NodeLocation]:
    """The NodeLocation of ``location_id`` (a bare one when the datacenter list does not name it)."""
    if location_id is None:
        return None
    found = locations.get(location_id)
    return found if found is not None else NodeLocation(id=location_id, name=location_id, country="",
                                                        driver=driver)


def status(element: Optional[Element]) -> DimensionDataStatus:
    """The ``progress`` of a resource (all None when nothing is in progress)."""
    if element is None:
        return DimensionDataStatus()
    return DimensionDataStatus(*(element.findtext(tag) for tag in _PROGRESS_TAGS))


def node_state(state: Optional[str], started: bool, action: Optional[str]) -> str:
    """The NodeState of a server from its state, whether it is started and the action in progress."""
    if state == "NORMAL":
        return NodeState.RUNNING if started else NodeState.STOPPED
    if state == "PENDING_ADD":
        return NodeState.STARTING
    if state == "PENDING_CHANGE":
        mapped = ACTION_STATES.get(action or "")
        if mapped is not None:
            return mapped
        return NodeState.RUNNING if started else NodeState.STOPPED
    if state == "PENDING_DELETE":
        return NodeState.TERMINATED
    # UNKNOWN, FAILED_*...: a started server still runs; otherwise it is gone as far as we can tell.
    return NodeState.RUNNING if started else NodeState.TERMINATED


def _cpu(element: Optional[Element]) -> Optional[DimensionDataServerCpuSpecification]:
    if element is None:
        return None
    return DimensionDataServerCpuSpecification(cpu_count=int(element.get("count", 0)),
                                               cores_per_socket=int(element.get("coresPerSocket", 0)),
                                               performance=element.get("speed"))


def _disk(element: Element) -> DimensionDataServerDisk:
    return DimensionDataServerDisk(id=element.get("id"), scsi_id=int(element.get("scsiId", 0)),
                                   size_gb=int(element.get("sizeGb", 0)), speed=element.get("speed"),
                                   state=element.get("state"))


_DEFAULT_SIZE_ID = "1"


#: Qualified tag -> local name, for the server children the parser reads.
_LOCAL = {q(name): name for name in ("name", "description", "state", "started", "deployed", "cpu", "memoryGb",
                                     "disk", "guest", "operatingSystem", "vmwareTools", "nic", "networkInfo",
                                     "progress", "sourceImageId", "createTime")}
_EMPTY = Element("empty")


def node(element: Element, driver: Any) -> Node:
    """A server (MCP 1.0 or 2.0) as a Node (the hot path of ``list_nodes``: one pass over the children)."""
    fields: Dict[str, Element] = {}
    disks: List[DimensionDataServerDisk] = []
    disk_total = 0
    local = _LOCAL.get
    for item in element:
        name = local(item.tag)
        if name == "disk":
            attrib = item.attrib
            size_gb = int(attrib.get("sizeGb", 0))
            disk_total += size_gb
            disks.append(DimensionDataServerDisk(attrib.get("id"), int(attrib.get("scsiId", 0)), size_gb,
                                                 attrib.get("speed"), attrib.get("state")))
        elif name is not None:
            fields[name] = item
    get = fields.get
    started = get("started", _EMPTY).text == "true"
    state = get("state", _EMPTY).text
    node_status = status(get("progress"))
    guest = get("guest")
    # CaaS 2.4 nests the OS and VMware Tools in <guest>; 2.3 has them on the server itself.
    if guest is not None:
        os_element = guest.find(_OS)
        tools = guest.find(_VMTOOLS)
    else:
        os_element = get("operatingSystem")
        tools = get("vmwareTools")
    network_info = get("networkInfo")
    private_ips: List[str] = []
    public_ips: List[str] = []
    network_id = network_domain_id = vlan_id = None
    if network_info is not None:
        network_domain_id = network_info.get("networkDomainId")
        nic = network_info.find(_PRIMARY_NIC)
        if nic is not None:
            attrib = nic.attrib
            vlan_id = attrib.get("vlanId")
            ipv4, ipv6 = attrib.get("privateIpv4"), attrib.get("ipv6")
            if ipv4:
                private_ips.append(ipv4)
            if ipv6:
                public_ips.append(ipv6)
    else:
        nic = get("nic")
        if nic is not None:
            network_id = nic.get("networkId")
            ipv4 = nic.get("privateIpv4")
            if ipv4:
                private_ips.append(ipv4)
    memory = get("memoryGb", _EMPTY).text
    memory_mb = int(memory) * 1024 if memory else None
    cpu = _cpu(get("cpu"))
    if os_element is not None:
        attrib = os_element.attrib
        os_id, os_type, os_display = attrib.get("id"), attrib.get("family"), attrib.get("displayName")
    else:
        os_id = os_type = os_display = None
    source_image = get("sourceImageId", _EMPTY).text
    extra: Dict[str, Any] = {
        "description": get("description", _EMPTY).text,
        "sourceImageId": source_image,
        "networkId": network_id,
        "networkDomainId": network_domain_id,
        "vlanId": vlan_id,
        "datacenterId": element.get("datacenterId"),
        "deployed": get("deployed", _EMPTY).text == "true",
        "started": started,
        "state": state,
        "created": get("createTime", _EMPTY).text,
        "cpu": cpu,
        "memoryMb": memory_mb,
        "OS_id": os_id,
        "OS_type": os_type,
        "OS_displayName": os_display,
        "disks": disks,
        "vmWareTools": DimensionDataServerVMWareTools(tools.get("runningStatus"), tools.get("versionStatus"),
                                                      tools.get("apiVersion")) if tools is not None else None,
        "status": node_status,
        "ipv6": public_ips[0] if public_ips else None,
        "ipv4": private_ips[0] if private_ips else None,
    }
    size = NodeSize(id=_DEFAULT_SIZE_ID, name="default", ram=memory_mb, disk=disk_total, bandwidth=None, price=0,
                    driver=driver, extra={"cpu": cpu})
    node_image = NodeImage(id=source_image, name=os_display or "", driver=driver,
                           extra={"OS_id": os_id, "OS_type": os_type})
    return Node(id=element.get("id"), name=get("name", _EMPTY).text or "",
                state=node_state(state, started, node_status.action), public_ips=public_ips,
                private_ips=private_ips, driver=driver, size=size, image=node_image, extra=extra)


def image(element: Element, driver: Any, locations: Locations) -> NodeImage:
    """An OS image or a customer image as a NodeImage."""
    guest = element.find(_GUEST)
    os_element = guest.find(_OS) if guest is not None else None
    if os_element is None:
        os_element = element.find(_OS)
    location_id = element.get("datacenterId") or element.get("location")
    memory = element.findtext(_MEMORY)
    extra = {
        "description": element.findtext(_DESCRIPTION),
        "OS_type": os_element.get("family") if os_element is not None else None,
        "OS_displayName": os_element.get("displayName") if os_element is not None else None,
        "OS_id": os_element.get("id") if os_element is not None else None,
        "cpu": _cpu(element.find(_CPU)),
        "memoryGb": int(memory) if memory else None,
        "osImageKey": element.findtext(q("osImageKey")),
        "created": element.findtext(_CREATE_TIME),
        "location": location_of(locations, location_id, driver),
        "isCustomerImage": element.tag == q("customerImage"),
    }
    return NodeImage(id=element.get("id"), name=element.findtext(_NAME) or "", driver=driver, extra=extra)


def network_domain(element: Element, locations: Locations, driver: Any) -> DimensionDataNetworkDomain:
    """A network domain."""
    return DimensionDataNetworkDomain(id=element.get("id") or "", name=element.findtext(_NAME),
                                      description=element.findtext(_DESCRIPTION),
                                      location=location_of(locations, element.get("datacenterId"), driver),
                                      status=element.findtext(_STATE), plan=element.findtext(q("type")))


def _range(element: Element, name: str) -> Any:
    found = element.find(q(name))
    if found is None:
        return None, None
    size = found.get("prefixSize")
    return found.get("address"), int(size) if size is not None else None


def vlan(element: Element, locations: Locations, driver: Any) -> DimensionDataVlan:
    """A VLAN; its network domain is the one it names (id and name only)."""
    domain_element = element.find(q("networkDomain"))
    domain = None
    if domain_element is not None:
        domain = DimensionDataNetworkDomain(id=domain_element.get("id") or "", name=domain_element.get("name"),
                                            description=None, location=None, status=None, plan=None)
    ipv4_address, ipv4_size = _range(element, "privateIpv4Range")
    ipv6_address, ipv6_size = _range(element, "ipv6Range")
    return DimensionDataVlan(id=element.get("id") or "", name=element.findtext(_NAME),
                             description=element.findtext(_DESCRIPTION),
                             location=location_of(locations, element.get("datacenterId"), driver),
                             network_domain=domain, status=element.findtext(_STATE),
                             private_ipv4_range_address=ipv4_address, private_ipv4_range_size=ipv4_size,
                             ipv6_range_address=ipv6_address, ipv6_range_size=ipv6_size,
                             ipv4_gateway=element.findtext(q("ipv4GatewayAddress")),
                             ipv6_gateway=element.findtext(q("ipv6GatewayAddress")))


def public_ip_block(element: Element, domain: Any, locations: Locations, driver: Any) -> DimensionDataPublicIpBlock:
    """A public IP block of ``domain``."""
    return DimensionDataPublicIpBlock(id=element.get("id") or "", base_ip=element.findtext(q("baseIp")),
                                      size=element.findtext(q("size")),
                                      location=location_of(locations, element.get("datacenterId"), driver),
                                      network_domain=domain, status=element.findtext(_STATE))


def _firewall_address(element: Optional[Element]) -> DimensionDataFirewallAddress:
    if element is None:
        return DimensionDataFirewallAddress(True, None, None, None, None, None, None)
    ip = element.find(q("ip"))
    port = element.find(q("port"))
    address = ip.get("address") if ip is not None else None
    return DimensionDataFirewallAddress(
        any_ip=address == "ANY", ip_address=address,
        ip_prefix_size=ip.get("prefixSize") if ip is not None else None,
        port_begin=port.get("begin") if port is not None else None,
        port_end=port.get("end") if port is not None else None,
        address_list_id=element.findtext(q("ipAddressListId")),
        port_list_id=element.findtext(q("portListId")))


def firewall_rule(element: Element, domain: Any, locations: Locations, driver: Any) -> DimensionDataFirewallRule:
    """A firewall rule of ``domain``."""
    return DimensionDataFirewallRule(
        id=element.get("id") or "", name=element.findtext(_NAME), action=element.findtext(q("action")),
        location=location_of(locations, element.get("datacenterId"), driver), network_domain=domain,
        status=element.findtext(_STATE), ip_version=element.findtext(q("ipVersion")),
        protocol=element.findtext(q("protocol")), source=_firewall_address(element.find(q("source"))),
        destination=_firewall_address(element.find(q("destination"))),
        enabled=element.findtext(q("enabled")))


def nat_rule(element: Element, domain: Any) -> DimensionDataNatRule:
    """A NAT rule of ``domain``."""
    return DimensionDataNatRule(id=element.get("id") or "", network_domain=domain,
                                internal_ip=element.findtext(q("internalIp")),
                                external_ip=element.findtext(q("externalIp")), status=element.findtext(_STATE))


def network(element: Element, locations: Locations, driver: Any) -> DimensionDataNetwork:
    """A legacy (MCP 1.0) network."""
    def field(name: str) -> Optional[str]:
        return element.findtext("{%s}%s" % (NETWORK_NS, name))

    return DimensionDataNetwork(id=field("id") or "", name=field("name"), description=field("description"),
                                location=location_of(locations, field("location"), driver),
                                private_net=field("privateNet"), multicast=field("multicast") == "true",
                                status=None)


def _summary_node(element: Element, driver: Any) -> Node:
    nic = element.find("%s/%s/%s" % (q("networkingDetails"), _NETWORK_INFO, _PRIMARY_NIC))
    private_ips = [nic.get("privateIpv4") or ""] if nic is not None and nic.get("privateIpv4") else []
    public_ips = [nic.get("ipv6") or ""] if nic is not None and nic.get("ipv6") else []
    return Node(id=element.get("id"), name=element.findtext(_NAME) or "", state=NodeState.UNKNOWN,
                public_ips=public_ips, private_ips=private_ips, driver=driver,
                extra={"description": element.findtext(_DESCRIPTION)})


def anti_affinity_rule(element: Element, driver: Any) -> DimensionDataAntiAffinityRule:
    """An anti-affinity rule with its two servers (as summary Nodes)."""
    return DimensionDataAntiAffinityRule(id=element.get("id") or "",
                                         node_list=[_summary_node(s, driver) for s in element.iter(q("serverSummary"))])


def _bool(value: Optional[str]) -> bool:
    return value == "true"


def tag_key(element: Element) -> DimensionDataTagKey:
    """A tag key."""
    return DimensionDataTagKey(id=element.get("id") or "", name=element.findtext(_NAME),
                               description=element.findtext(_DESCRIPTION),
                               value_required=_bool(element.findtext(q("valueRequired"))),
                               display_on_report=_bool(element.findtext(q("displayOnReport"))))


def tag(element: Element, locations: Locations, driver: Any) -> DimensionDataTag:
    """A tag applied to an asset."""
    key = DimensionDataTagKey(id=element.findtext(q("tagKeyId")) or "", name=element.findtext(q("tagKeyName")),
                              description=None, value_required=_bool(element.findtext(q("valueRequired"))),
                              display_on_report=_bool(element.findtext(q("displayOnReport"))))
    return DimensionDataTag(asset_type=element.findtext(q("assetType")), asset_id=element.findtext(q("assetId")),
                            asset_name=element.findtext(q("assetName")),
                            datacenter=location_of(locations, element.findtext(q("datacenterId")), driver),
                            key=key, value=element.findtext(q("value")))


def ip_address_list(element: Element) -> DimensionDataIpAddressList:
    """An IP address list with its addresses and child lists."""
    addresses = [DimensionDataIpAddress(begin=a.get("begin") or "", end=a.get("end"), prefix_size=a.get("prefixSize"))
                 for a in element.findall(q("ipAddress"))]
    children = [DimensionDataChildIpAddressList(id=c.get("id") or "", name=c.get("name"))
                for c in element.findall(q("childIpAddressList"))]
    return DimensionDataIpAddressList(id=element.get("id") or "", name=element.findtext(_NAME),
                                      description=element.findtext(_DESCRIPTION),
                                      ip_version=element.findtext(q("ipVersion")),
                                      ip_address_collection=addresses, state=element.findtext(_STATE),
                                      create_time=element.findtext(_CREATE_TIME), child_ip_address_lists=children)


def port_list(element: Element) -> DimensionDataPortList:
    """A port list with its ports and child lists."""
    ports = [DimensionDataPort(begin=p.get("begin") or "", end=p.get("end")) for p in element.findall(q("port"))]
    children = [DimensionDataChildPortList(id=c.get("id") or "", name=c.get("name"))
                for c in element.findall(q("childPortList"))]
    return DimensionDataPortList(id=element.get("id") or "", name=element.findtext(_NAME),
                                 description=element.findtext(_DESCRIPTION), port_collection=ports,
                                 child_portlist_list=children, state=element.findtext(_STATE),
                                 create_time=element.findtext(_CREATE_TIME))


def each(parse: Callable[[Element], Any]) -> Callable[[List[Element]], List[Any]]:
    """A list parser from an item parser."""
    return lambda elements: [parse(e) for e in elements]
