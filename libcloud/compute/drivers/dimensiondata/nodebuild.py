"""Servers as Nodes: the hot path of ``list_nodes`` (every server of every page goes through it)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional
from xml.etree.ElementTree import Element

from libcloud.common.dimensiondata import (
    DimensionDataServerCpuSpecification,
    DimensionDataServerDisk,
    DimensionDataServerVMWareTools,
    DimensionDataStatus,
)
from libcloud.common.dimensiondata.xmlbody import q
from libcloud.compute.base import Node, NodeImage, NodeSize
from libcloud.compute.drivers.dimensiondata.tables import ACTION_STATES
from libcloud.compute.types import NodeState

__all__ = ["node", "node_state"]

_DEFAULT_SIZE_ID = "1"


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


# Server children by qualified tag: the leaf texts first (their index is their slot in ``texts``), then
# the elements read for their attributes or children.
_TEXT_NAMES = ("name", "description", "state", "started", "deployed", "memoryGb", "sourceImageId", "createTime")
_NAME, _DESCRIPTION, _STATE, _STARTED, _DEPLOYED, _MEMORY, _SOURCE_IMAGE, _CREATED = range(8)
_DISK, _CPU, _GUEST, _NETWORK_INFO, _NIC, _PROGRESS, _OS, _VMWARE_TOOLS = range(8, 16)
_KIND = {q(name): kind for kind, name in enumerate(_TEXT_NAMES + (
    "disk", "cpu", "guest", "networkInfo", "nic", "progress", "operatingSystem", "vmwareTools"))}
_OS_TAG, _VMTOOLS_TAG, _PRIMARY_NIC_TAG = q("operatingSystem"), q("vmTools"), q("primaryNic")
_PROGRESS_TAGS = tuple(q(f) for f in ("action", "requestTime", "userName", "numberOfSteps", "updateTime",
                                        "stepName", "stepNumber", "stepPercentComplete", "failureReason"))


def node(element: Element, driver: Any) -> Node:
    """A ``<server>`` (MCP 1.0 or 2.0) as upstream's Node: one pass over its children, then the models.

    This runs for every server of every listing, so it reads each child once through one table
    look-up and keeps what it needs in local variables.
    """
    texts: List[Optional[str]] = [None] * 8
    disks: List[DimensionDataServerDisk] = []
    disk_total = 0
    cpu_attrib = os_attrib = tools_attrib = network_info = nic = legacy_nic = progress = None
    kind_of = _KIND.get
    for item in element:
        kind = kind_of(item.tag)
        if kind is None:
            continue
        if kind < 8:
            texts[kind] = item.text
        elif kind == _DISK:
            attrib = item.attrib
            size_gb = int(attrib.get("sizeGb", 0))
            disk_total += size_gb
            disks.append(DimensionDataServerDisk(attrib.get("id"), int(attrib.get("scsiId", 0)), size_gb,
                                                 attrib.get("speed"), attrib.get("state")))
        elif kind == _CPU:
            cpu_attrib = item.attrib
        elif kind == _GUEST:
            # CaaS 2.4 nests the OS and VMware Tools in <guest>; 2.3 has them on the server itself.
            found = item.find(_OS_TAG)
            os_attrib = found.attrib if found is not None else None
            found = item.find(_VMTOOLS_TAG)
            tools_attrib = found.attrib if found is not None else None
        elif kind == _NETWORK_INFO:
            network_info = item.attrib
            found = item.find(_PRIMARY_NIC_TAG)
            nic = found.attrib if found is not None else None
        elif kind == _NIC:
            legacy_nic = item.attrib
        elif kind == _PROGRESS:
            progress = item
        elif kind == _OS:
            if os_attrib is None:
                os_attrib = item.attrib
        elif tools_attrib is None:  # _VMWARE_TOOLS
            tools_attrib = item.attrib
    started = texts[_STARTED] == "true"
    state = texts[_STATE]
    node_status = DimensionDataStatus() if progress is None else \
        DimensionDataStatus(*(progress.findtext(tag) for tag in _PROGRESS_TAGS))
    private_ips: List[str] = []
    public_ips: List[str] = []
    network_id = network_domain_id = vlan_id = None
    if network_info is not None:
        network_domain_id = network_info.get("networkDomainId")
        if nic is not None:
            vlan_id = nic.get("vlanId")
            ipv4, ipv6 = nic.get("privateIpv4"), nic.get("ipv6")
            if ipv4:
                private_ips.append(ipv4)
            if ipv6:
                public_ips.append(ipv6)
    elif legacy_nic is not None:
        network_id = legacy_nic.get("networkId")
        ipv4 = legacy_nic.get("privateIpv4")
        if ipv4:
            private_ips.append(ipv4)
    memory = texts[_MEMORY]
    memory_mb = int(memory) * 1024 if memory else None
    cpu = None if cpu_attrib is None else DimensionDataServerCpuSpecification(
        int(cpu_attrib.get("count", 0)), int(cpu_attrib.get("coresPerSocket", 0)), cpu_attrib.get("speed"))
    if os_attrib is not None:
        os_id, os_type, os_display = os_attrib.get("id"), os_attrib.get("family"), os_attrib.get("displayName")
    else:
        os_id = os_type = os_display = None
    source_image = texts[_SOURCE_IMAGE]
    extra: Dict[str, Any] = {
        "description": texts[_DESCRIPTION],
        "sourceImageId": source_image,
        "networkId": network_id,
        "networkDomainId": network_domain_id,
        "vlanId": vlan_id,
        "datacenterId": element.get("datacenterId"),
        "deployed": texts[_DEPLOYED] == "true",
        "started": started,
        "state": state,
        "created": texts[_CREATED],
        "cpu": cpu,
        "memoryMb": memory_mb,
        "OS_id": os_id,
        "OS_type": os_type,
        "OS_displayName": os_display,
        "disks": disks,
        "vmWareTools": None if tools_attrib is None else DimensionDataServerVMWareTools(
            tools_attrib.get("runningStatus"), tools_attrib.get("versionStatus"), tools_attrib.get("apiVersion")),
        "status": node_status,
        "ipv6": public_ips[0] if public_ips else None,
        "ipv4": private_ips[0] if private_ips else None,
    }
    size = NodeSize(_DEFAULT_SIZE_ID, "default", memory_mb, disk_total, None, 0, driver, {"cpu": cpu})
    node_image = NodeImage(source_image, os_display or "", driver, {"OS_id": os_id, "OS_type": os_type})
    return Node(element.get("id"), texts[_NAME] or "", node_state(state, started, node_status.action), public_ips,
                private_ips, driver, size, node_image, extra)
