"""A server's Node from the few values the API gives for it, whichever parser read them.

Both the ElementTree path (:func:`libcloud.compute.drivers.dimensiondata.parse.node`)
and the one-pass listing scanner (:mod:`libcloud.compute.drivers.dimensiondata.scan`)
reduce a ``<server>`` to plain strings and attribute mappings; this module turns
them into the Node upstream's driver returns, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from libcloud.common.dimensiondata import (
    DimensionDataServerCpuSpecification,
    DimensionDataServerDisk,
    DimensionDataServerVMWareTools,
    DimensionDataStatus,
)
from libcloud.compute.base import Node, NodeImage, NodeSize
from libcloud.compute.drivers.dimensiondata.tables import ACTION_STATES
from libcloud.compute.types import NodeState

__all__ = ["ServerParts", "assemble_node", "disk_of", "node_state"]

_DEFAULT_SIZE_ID = "1"
_NO_ATTRIBUTES: Mapping[str, str] = {}


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


def disk_of(attrib: Mapping[str, str]) -> DimensionDataServerDisk:
    """A ``<disk>`` from its attributes."""
    return DimensionDataServerDisk(attrib.get("id"), int(attrib.get("scsiId", 0)), int(attrib.get("sizeGb", 0)),
                                   attrib.get("speed"), attrib.get("state"))


class ServerParts:
    """What a parser collected from one ``<server>``: child texts by local name and the attributes it needs.

    ``nic`` is the MCP 2.0 ``networkInfo/primaryNic``, ``legacy_nic`` the MCP 1.0 ``nic``;
    ``network_info`` the attributes of ``networkInfo`` (None when the server has none).
    """

    __slots__ = ("attrib", "texts", "cpu", "os", "tools", "network_info", "nic", "legacy_nic", "disks",
                 "status")

    def __init__(self, attrib: Mapping[str, str]) -> None:
        self.attrib = attrib
        self.texts: Dict[str, Optional[str]] = {}
        self.cpu: Optional[Mapping[str, str]] = None
        self.os: Optional[Mapping[str, str]] = None
        self.tools: Optional[Mapping[str, str]] = None
        self.network_info: Optional[Mapping[str, str]] = None
        self.nic: Optional[Mapping[str, str]] = None
        self.legacy_nic: Optional[Mapping[str, str]] = None
        self.disks: List[DimensionDataServerDisk] = []
        self.status: Optional[DimensionDataStatus] = None


def assemble_node(parts: ServerParts, driver: Any) -> Node:
    """The Node of a server (upstream's ``_to_node``: the same fields, names and types)."""
    text = parts.texts.get
    started = text("started") == "true"
    state = text("state")
    node_status = parts.status if parts.status is not None else DimensionDataStatus()
    private_ips: List[str] = []
    public_ips: List[str] = []
    network_id = network_domain_id = vlan_id = None
    if parts.network_info is not None:
        network_domain_id = parts.network_info.get("networkDomainId")
        nic = parts.nic
        if nic is not None:
            vlan_id = nic.get("vlanId")
            ipv4, ipv6 = nic.get("privateIpv4"), nic.get("ipv6")
            if ipv4:
                private_ips.append(ipv4)
            if ipv6:
                public_ips.append(ipv6)
    elif parts.legacy_nic is not None:
        network_id = parts.legacy_nic.get("networkId")
        ipv4 = parts.legacy_nic.get("privateIpv4")
        if ipv4:
            private_ips.append(ipv4)
    memory = text("memoryGb")
    memory_mb = int(memory) * 1024 if memory else None
    cpu_attrib = parts.cpu
    cpu = None if cpu_attrib is None else DimensionDataServerCpuSpecification(
        int(cpu_attrib.get("count", 0)), int(cpu_attrib.get("coresPerSocket", 0)), cpu_attrib.get("speed"))
    os_attrib = parts.os if parts.os is not None else _NO_ATTRIBUTES
    os_id, os_type, os_display = os_attrib.get("id"), os_attrib.get("family"), os_attrib.get("displayName")
    tools = parts.tools
    source_image = text("sourceImageId")
    disks = parts.disks
    extra: Dict[str, Any] = {
        "description": text("description"),
        "sourceImageId": source_image,
        "networkId": network_id,
        "networkDomainId": network_domain_id,
        "vlanId": vlan_id,
        "datacenterId": parts.attrib.get("datacenterId"),
        "deployed": text("deployed") == "true",
        "started": started,
        "state": state,
        "created": text("createTime"),
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
    size = NodeSize(id=_DEFAULT_SIZE_ID, name="default", ram=memory_mb, disk=sum(d.size_gb for d in disks),
                    bandwidth=None, price=0, driver=driver, extra={"cpu": cpu})
    node_image = NodeImage(id=source_image, name=os_display or "", driver=driver,
                           extra={"OS_id": os_id, "OS_type": os_type})
    return Node(id=parts.attrib.get("id"), name=text("name") or "",
                state=node_state(state, started, node_status.action), public_ips=public_ips,
                private_ips=private_ips, driver=driver, size=size, image=node_image, extra=extra)
