"""EC2 answers -> libcloud objects (pure; elements have had their namespaces stripped)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple
from xml.etree.ElementTree import Element

from libcloud.common.aws.xml import to_bool, to_int
from libcloud.compute.base import KeyPair, Node, NodeImage, StorageVolume, VolumeSnapshot
from libcloud.compute.drivers.ec2.models import (
    EC2ImportSnapshotTask,
    EC2Network,
    EC2NetworkInterface,
    EC2PlacementGroup,
    EC2Route,
    EC2RouteTable,
    EC2SubnetAssociation,
    EC2VolumeModification,
    VPCInternetGateway,
    EC2NetworkSubnet,
    EC2ReservedNode,
    EC2SecurityGroup,
    ElasticIP,
    ExEC2AvailabilityZone,
)
from libcloud.compute.types import NodeState, StorageVolumeState, VolumeSnapshotState
from libcloud.utils.iso8601 import parse_date_allow_empty
from libcloud.utils.xml_stream import collector_paused

__all__ = ["NODE_STATE_MAP", "VOLUME_STATE_MAP", "SNAPSHOT_STATE_MAP", "tags", "next_token", "nodes",
           "node", "image", "volume", "snapshot", "key_pair", "security_group", "address", "network",
           "subnet", "availability_zone", "reserved_node", "state_names", "return_value", "network_interface",
           "internet_gateway", "placement_group", "volume_modification", "import_snapshot_task",
           "strip_text", "route_table"]

NODE_STATE_MAP = {
    "pending": NodeState.PENDING,
    "running": NodeState.RUNNING,
    "shutting-down": NodeState.UNKNOWN,
    "terminated": NodeState.TERMINATED,
    "stopping": NodeState.STOPPING,
    "stopped": NodeState.STOPPED,
}
VOLUME_STATE_MAP = {
    "available": StorageVolumeState.AVAILABLE,
    "in-use": StorageVolumeState.INUSE,
    "error": StorageVolumeState.ERROR,
    "creating": StorageVolumeState.CREATING,
    "deleting": StorageVolumeState.DELETING,
    "deleted": StorageVolumeState.DELETED,
    "error_deleting": StorageVolumeState.ERROR,
}
SNAPSHOT_STATE_MAP = {
    "pending": VolumeSnapshotState.CREATING,
    "completed": VolumeSnapshotState.AVAILABLE,
    "error": VolumeSnapshotState.ERROR,
    "recoverable": VolumeSnapshotState.ERROR,
    "recovering": VolumeSnapshotState.RESTORING,
}


def tags(element: Element) -> Dict[str, Optional[str]]:
    """The tags of an EC2 element as a dict."""
    return {item.findtext("key") or "": item.findtext("value") for item in element.findall("tagSet/item")}


def next_token(root: Element) -> Optional[str]:
    """The ``nextToken`` of an EC2 answer, or ``None`` on the last page."""
    return root.findtext("nextToken") or None


def return_value(root: Element) -> bool:
    """The <return> flag; a 200 answer without one (moto omits it) is a success."""
    value = root.findtext("return")
    return value is None or value.strip().lower() == "true"


def state_names(root: Element) -> List[Tuple[str, Optional[str]]]:
    """``(instance id, current state name)`` from Start/Stop/Terminate answers.

    The state is read by element name: moto puts <previousState> first.
    """
    return [(item.findtext("instanceId") or "",
             item.findtext("currentState/name") or item.findtext("shutdownState/name"))
            for item in root.findall("instancesSet/item")]


def strip_text(root: Element) -> Element:
    """Strip the whitespace around every element's text (indented documents), in place."""
    for element in root.iter():
        text = element.text
        if text and (text[0].isspace() or text[-1].isspace()):
            element.text = text.strip()
    return root


def _float(value: Optional[str]) -> Optional[float]:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _text(element: Element, path: str) -> Optional[str]:
    value = element.findtext(path)
    return value if value else None


_NODE_TEXT_FIELDS = (
    ("availability", "placement/availabilityZone"), ("architecture", "architecture"),
    ("client_token", "clientToken"), ("dns_name", "dnsName"), ("hypervisor", "hypervisor"),
    ("iam_profile", "iamInstanceProfile/id"), ("image_id", "imageId"), ("instance_id", "instanceId"),
    ("instance_lifecycle", "instanceLifecycle"), ("instance_tenancy", "placement/tenancy"),
    ("instance_type", "instanceType"), ("key_name", "keyName"), ("launch_time", "launchTime"),
    ("kernel_id", "kernelId"), ("monitoring", "monitoring/state"), ("platform", "platform"),
    ("private_dns", "privateDnsName"), ("ramdisk_id", "ramdiskId"), ("root_device_type", "rootDeviceType"),
    ("root_device_name", "rootDeviceName"), ("reason", "reason"), ("status", "instanceState/name"),
    ("subnet_id", "subnetId"), ("virtualization_type", "virtualizationType"), ("vpc_id", "vpcId"),
    ("placement_group", "placement/groupName"),
)
#: ``(extra key, child tag, grandchild tag or None)`` in the order of ``_NODE_TEXT_FIELDS``.
_NODE_SPEC = tuple((key, *path.split("/")) if "/" in path else (key, path, None) for key, path in _NODE_TEXT_FIELDS)


def _children(element: Element) -> Dict[str, Element]:
    """Direct children by tag: one pass instead of one path search per field (10,000-node pages)."""
    return {child.tag: child for child in element}


def _items(kids: Dict[str, Element], set_name: str) -> List[Element]:
    container = kids.get(set_name)
    return list(container) if container is not None else []


_EMPTY = Element("empty")


def _node_block_device(mapping: Element) -> Dict[str, Any]:
    # Single-tag lookups stay in C; "ebs/x" paths would go through ElementPath.
    ebs = mapping.find("ebs")
    if ebs is None:
        ebs = _EMPTY
    return {"device_name": mapping.findtext("deviceName"),
            "ebs": {"volume_id": ebs.findtext("volumeId"), "status": ebs.findtext("status"),
                    "attach_time": parse_date_allow_empty(ebs.findtext("attachTime")),
                    "delete": to_bool(ebs.findtext("deleteOnTermination"))}}


def node(item: Element, driver: Any, groups: Optional[List[Dict[str, Any]]] = None) -> Node:
    """A :class:`Node` from an EC2 instance element."""
    kids = _children(item)
    extra: Dict[str, Any] = {}
    for key, tag, sub in _NODE_SPEC:
        child = kids.get(tag)
        if child is not None and sub is not None:
            child = child.find(sub)  # one plain tag: the C lookup, no path parsing
        extra[key] = (child.text or None) if child is not None else None
    texts = {tag: child.text for tag, child in kids.items()}
    extra["launch_index"] = to_int(texts.get("amiLaunchIndex"))
    extra["ebs_optimized"] = to_bool(texts.get("ebsOptimized"))
    extra["source_dest_check"] = to_bool(texts.get("sourceDestCheck"))
    node_tags = {t.findtext("key") or "": t.findtext("value") for t in _items(kids, "tagSet")}
    extra["tags"] = node_tags
    instance_groups = [{"group_id": g.findtext("groupId"), "group_name": g.findtext("groupName")}
                       for g in _items(kids, "groupSet")]
    extra["groups"] = instance_groups or list(groups or [])
    extra["block_device_mapping"] = [_node_block_device(m) for m in _items(kids, "blockDeviceMapping")]
    extra["network_interfaces"] = [
        {"id": n.findtext("networkInterfaceId"), "subnet_id": n.findtext("subnetId"),
         "private_ip": n.findtext("privateIpAddress"), "public_ip": n.findtext("association/publicIp")}
        for n in _items(kids, "networkInterfaceSet")
    ]
    extra["product_codes"] = [p.findtext("productCode") for p in _items(kids, "productCodes")]
    instance_id = extra["instance_id"]
    state_name = extra["status"] or ""
    public_ip, private_ip = texts.get("ipAddress"), texts.get("privateIpAddress")
    return Node(
        id=instance_id,
        name=node_tags.get("Name") or instance_id,
        state=NODE_STATE_MAP.get(state_name, NodeState.UNKNOWN),
        public_ips=[public_ip] if public_ip else [],
        private_ips=[private_ip] if private_ip else [],
        driver=driver,
        extra=extra,
        created_at=parse_date_allow_empty(extra["launch_time"]),
    )


def nodes(root: Element, driver: Any) -> List[Node]:
    """Every instance of a DescribeInstances or RunInstances answer."""
    result: List[Node] = []
    reservations = root.findall("reservationSet/item") or [root]
    with collector_paused():  # thousands of nodes, and the page's tree still alive: nothing to collect
        for reservation in reservations:
            groups = [{"group_id": g.findtext("groupId"), "group_name": g.findtext("groupName")}
                      for g in reservation.findall("groupSet/item")]
            for item in reservation.findall("instancesSet/item"):
                result.append(node(item, driver, groups))
    return result


def image(item: Element, driver: Any) -> NodeImage:
    """A :class:`NodeImage` from an EC2 image element."""
    extra: Dict[str, Any] = {
        "image_location": _text(item, "imageLocation"), "image_state": _text(item, "imageState"),
        "owner_id": _text(item, "imageOwnerId"), "owner_alias": _text(item, "imageOwnerAlias"),
        "is_public": to_bool(item.findtext("isPublic")), "architecture": _text(item, "architecture"),
        "image_type": _text(item, "imageType"), "platform": _text(item, "platform"),
        "description": _text(item, "description"), "root_device_type": _text(item, "rootDeviceType"),
        "root_device_name": _text(item, "rootDeviceName"), "virtualization_type": _text(item, "virtualizationType"),
        "hypervisor": _text(item, "hypervisor"), "ena_support": to_bool(item.findtext("enaSupport")),
        "creation_date": parse_date_allow_empty(item.findtext("creationDate")),
        "kernel_id": _text(item, "kernelId"), "ramdisk_id": _text(item, "ramdiskId"),
        "billing_products": [p.findtext("billingProduct") for p in item.findall("billingProducts/item")],
        "product_codes": [p.findtext("productCode") for p in item.findall("productCodes/item")],
    }
    extra["tags"] = tags(item)
    extra["block_device_mapping"] = [
        {"device_name": m.findtext("deviceName"), "virtual_name": m.findtext("virtualName"),
         "ebs": {"snapshot_id": m.findtext("ebs/snapshotId"), "volume_size": to_int(m.findtext("ebs/volumeSize")),
                 "volume_type": m.findtext("ebs/volumeType"),
                 "delete": to_bool(m.findtext("ebs/deleteOnTermination"))}}
        for m in item.findall("blockDeviceMapping/item")
    ]
    return NodeImage(id=item.findtext("imageId"), name=item.findtext("name") or None, driver=driver, extra=extra)


def volume(item: Element, driver: Any) -> StorageVolume:
    """A :class:`StorageVolume` from an EC2 volume element."""
    volume_tags = tags(item)
    attachment = item.find("attachmentSet/item")
    extra: Dict[str, Any] = {
        "volume_id": item.findtext("volumeId"), "zone": _text(item, "availabilityZone"),
        "availability_zone": _text(item, "availabilityZone"), "snapshot_id": _text(item, "snapshotId"),
        "create_time": parse_date_allow_empty(item.findtext("createTime")),
        "state": _text(item, "status"), "volume_type": _text(item, "volumeType"), "iops": to_int(item.findtext("iops")),
        "encrypted": to_bool(item.findtext("encrypted")), "kms_key_id": _text(item, "kmsKeyId"),
        "throughput": to_int(item.findtext("throughput")), "tags": volume_tags,
        "instance_id": attachment.findtext("instanceId") if attachment is not None else None,
        "device": attachment.findtext("device") if attachment is not None else None,
        "attachment_status": attachment.findtext("status") if attachment is not None else None,
    }
    status = item.findtext("status") or ""
    return StorageVolume(id=item.findtext("volumeId"), name=volume_tags.get("Name") or item.findtext("volumeId"),
                         size=to_int(item.findtext("size")), driver=driver,
                         state=VOLUME_STATE_MAP.get(status, StorageVolumeState.UNKNOWN), extra=extra)


def snapshot(item: Element, driver: Any) -> VolumeSnapshot:
    """A :class:`VolumeSnapshot` from an EC2 snapshot element."""
    snap_tags = tags(item)
    status = item.findtext("status") or ""
    start_time = parse_date_allow_empty(item.findtext("startTime"))
    extra = {
        "volume_id": _text(item, "volumeId"), "description": _text(item, "description"),
        "state": status or None, "progress": _text(item, "progress"), "owner_id": _text(item, "ownerId"),
        "encrypted": to_bool(item.findtext("encrypted")), "tags": snap_tags,
        "name": snap_tags.get("Name"), "start_time": start_time,
    }
    return VolumeSnapshot(id=item.findtext("snapshotId"), driver=driver, size=to_int(item.findtext("volumeSize")),
                          extra=extra, created=start_time,
                          state=SNAPSHOT_STATE_MAP.get(status, VolumeSnapshotState.UNKNOWN),
                          name=snap_tags.get("Name") or _text(item, "description"))


def key_pair(element: Element, driver: Any) -> KeyPair:
    """A key pair from DescribeKeyPairs items or Create/ImportKeyPair answers."""
    material = element.findtext("keyMaterial")
    extra = {"key_pair_id": _text(element, "keyPairId"), "key_type": _text(element, "keyType"),
             "tags": tags(element)}
    return KeyPair(name=element.findtext("keyName") or "", public_key=_text(element, "publicKey"),
                   fingerprint=element.findtext("keyFingerprint"), driver=driver,
                   private_key=material or None, extra=extra)


def _rules(group: Element, set_name: str) -> List[Dict[str, Any]]:
    rules = []
    for item in group.findall(set_name + "/item"):
        rules.append({
            "protocol": item.findtext("ipProtocol"),
            "from_port": to_int(item.findtext("fromPort")),
            "to_port": to_int(item.findtext("toPort")),
            "cidr_ips": [r.findtext("cidrIp") for r in item.findall("ipRanges/item")],
            "group_pairs": [{"group_id": p.findtext("groupId"), "group_name": p.findtext("groupName"),
                             "user_id": p.findtext("userId")} for p in item.findall("groups/item")],
        })
    return rules


def security_group(item: Element) -> EC2SecurityGroup:
    """An ``EC2SecurityGroup`` from a security group element."""
    extra = {"owner_id": _text(item, "ownerId"), "description": _text(item, "groupDescription"),
             "vpc_id": _text(item, "vpcId"), "tags": tags(item)}
    return EC2SecurityGroup(id=item.findtext("groupId") or "", name=item.findtext("groupName") or "",
                            ingress_rules=_rules(item, "ipPermissions"),
                            egress_rules=_rules(item, "ipPermissionsEgress"), extra=extra)


def address(item: Element) -> ElasticIP:
    """An ``ElasticIP`` from an address element."""
    domain = item.findtext("domain") or "standard"
    extra = {"allocation_id": _text(item, "allocationId"), "association_id": _text(item, "associationId"),
             "network_interface_id": _text(item, "networkInterfaceId"),
             "private_ip_address": _text(item, "privateIpAddress"), "tags": tags(item)}
    return ElasticIP(item.findtext("publicIp") or "", domain, _text(item, "instanceId"), extra)


def network(item: Element) -> EC2Network:
    """An ``EC2Network`` from a VPC element."""
    net_tags = tags(item)
    vpc_id = item.findtext("vpcId") or ""
    extra = {"state": _text(item, "state"), "dhcp_options_id": _text(item, "dhcpOptionsId"),
             "instance_tenancy": _text(item, "instanceTenancy"), "is_default": to_bool(item.findtext("isDefault")),
             "tags": net_tags}
    return EC2Network(vpc_id, net_tags.get("Name") or vpc_id, item.findtext("cidrBlock") or "", extra)


def subnet(item: Element) -> EC2NetworkSubnet:
    """An ``EC2NetworkSubnet`` from a subnet element."""
    sub_tags = tags(item)
    subnet_id = item.findtext("subnetId") or ""
    extra = {"cidr_block": _text(item, "cidrBlock"), "available_ips": to_int(item.findtext("availableIpAddressCount")),
             "zone": _text(item, "availabilityZone"), "vpc_id": _text(item, "vpcId"), "tags": sub_tags}
    return EC2NetworkSubnet(subnet_id, sub_tags.get("Name") or subnet_id, item.findtext("state") or "", extra)


def availability_zone(item: Element) -> ExEC2AvailabilityZone:
    """An ``ExEC2AvailabilityZone`` from an availability zone element."""
    return ExEC2AvailabilityZone(name=item.findtext("zoneName") or "", zone_state=item.findtext("zoneState") or "",
                                 region_name=item.findtext("regionName") or "")


def reserved_node(item: Element, driver: Any) -> EC2ReservedNode:
    """An ``EC2ReservedNode`` from a reserved instances element."""
    extra = {"instance_type": _text(item, "instanceType"), "availability": _text(item, "availabilityZone"),
             "start": _text(item, "start"), "end": _text(item, "end"), "duration": to_int(item.findtext("duration")),
             "usage_price": _float(item.findtext("usagePrice")), "fixed_price": _float(item.findtext("fixedPrice")),
             "instance_count": to_int(item.findtext("instanceCount")), "description": _text(item, "productDescription"),
             "instance_tenancy": _text(item, "instanceTenancy"), "currency_code": _text(item, "currencyCode"),
             "offering_type": _text(item, "offeringType"), "tags": tags(item)}
    state = item.findtext("state")
    return EC2ReservedNode(id=item.findtext("reservedInstancesId"), state=state, driver=driver, extra=extra)


def network_interface(item: Element) -> EC2NetworkInterface:
    """An ``EC2NetworkInterface`` from a network interface element."""
    iface_tags = tags(item)
    iface_id = item.findtext("networkInterfaceId") or ""
    attachment = item.find("attachment")
    extra: Dict[str, Any] = {
        "vpc_id": _text(item, "vpcId"), "zone": _text(item, "availabilityZone"), "subnet_id": _text(item, "subnetId"),
        "description": _text(item, "description"), "owner_id": _text(item, "ownerId"),
        "mac_address": _text(item, "macAddress"), "private_ip": _text(item, "privateIpAddress"),
        "private_dns": _text(item, "privateDnsName"), "source_dest_check": to_bool(item.findtext("sourceDestCheck")),
        "groups": [{"group_id": g.findtext("groupId"), "group_name": g.findtext("groupName")}
                   for g in item.findall("groupSet/item")],
        "private_ips": [{"private_ip": i.findtext("privateIpAddress"), "private_dns": i.findtext("privateDnsName"),
                         "primary": to_bool(i.findtext("primary"))} for i in item.findall("privateIpAddressesSet/item")],
        "attachment": None, "tags": iface_tags,
    }
    if attachment is not None:
        extra["attachment"] = {"attachment_id": attachment.findtext("attachmentId"),
                               "instance_id": attachment.findtext("instanceId"),
                               "device_index": to_int(attachment.findtext("deviceIndex")),
                               "status": attachment.findtext("status"),
                               "delete": to_bool(attachment.findtext("deleteOnTermination"))}
    return EC2NetworkInterface(iface_id, iface_tags.get("Name") or iface_id, item.findtext("status") or "", extra)


def internet_gateway(item: Element, driver: Any) -> VPCInternetGateway:
    """A ``VPCInternetGateway`` from an internet gateway element (first attachment's VPC and state)."""
    gw_tags = tags(item)
    gw_id = item.findtext("internetGatewayId") or ""
    attachment = item.find("attachmentSet/item")
    vpc_id = attachment.findtext("vpcId") if attachment is not None else None
    state = attachment.findtext("state") if attachment is not None else None
    return VPCInternetGateway(gw_id, gw_tags.get("Name") or gw_id, vpc_id, state, driver, {"tags": gw_tags})


def placement_group(item: Element) -> EC2PlacementGroup:
    """An ``EC2PlacementGroup`` from a placement group element."""
    return EC2PlacementGroup(item.findtext("groupName") or "", item.findtext("state") or "",
                             item.findtext("strategy") or "", {"group_id": _text(item, "groupId"),
                                                              "tags": tags(item)})


def volume_modification(item: Element) -> EC2VolumeModification:
    """An ``EC2VolumeModification`` from a volume modification element."""
    return EC2VolumeModification(
        end_time=_text(item, "endTime"), modification_state=_text(item, "modificationState"),
        original_iops=to_int(item.findtext("originalIops")), original_size=to_int(item.findtext("originalSize")),
        original_volume_type=_text(item, "originalVolumeType"), progress=to_int(item.findtext("progress")),
        start_time=_text(item, "startTime"), status_message=_text(item, "statusMessage"),
        target_iops=to_int(item.findtext("targetIops")), target_size=to_int(item.findtext("targetSize")),
        target_volume_type=_text(item, "targetVolumeType"), volume_id=_text(item, "volumeId"))


def import_snapshot_task(item: Element) -> EC2ImportSnapshotTask:
    """An ``EC2ImportSnapshotTask`` from an import snapshot task element."""
    detail = item.find("snapshotTaskDetail")
    if detail is None:
        detail = _EMPTY
    return EC2ImportSnapshotTask(status=detail.findtext("status"), snapshotId=detail.findtext("snapshotId"),
                                 import_task_id=item.findtext("importTaskId"),
                                 progress=detail.findtext("progress"),
                                 status_message=detail.findtext("statusMessage"))


def _route(item: Element) -> EC2Route:
    return EC2Route(cidr=_text(item, "destinationCidrBlock"), gateway_id=_text(item, "gatewayId"),
                    instance_id=_text(item, "instanceId"), owner_id=_text(item, "instanceOwnerId"),
                    interface_id=_text(item, "networkInterfaceId"), state=_text(item, "state"),
                    origin=_text(item, "origin"), vpc_peering_connection_id=_text(item, "vpcPeeringConnectionId"))


def route_table(item: Element) -> EC2RouteTable:
    """An ``EC2RouteTable`` from a route table element."""
    table_tags = tags(item)
    table_id = item.findtext("routeTableId") or ""
    associations = [EC2SubnetAssociation(a.findtext("routeTableAssociationId") or "", _text(a, "routeTableId"),
                                         _text(a, "subnetId"), bool(to_bool(a.findtext("main"))))
                    for a in item.findall("associationSet/item")]
    return EC2RouteTable(table_id, table_tags.get("Name") or table_id,
                         [_route(r) for r in item.findall("routeSet/item")], associations,
                         [g.findtext("gatewayId") or "" for g in item.findall("propagatingVgwSet/item")],
                         {"vpc_id": _text(item, "vpcId"), "tags": table_tags})
