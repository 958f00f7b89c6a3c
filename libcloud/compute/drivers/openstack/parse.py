"""JSON of the Nova/Cinder/Glance APIs -> libcloud objects."""

from __future__ import annotations

import socket
from typing import Any, Dict, List, Optional, Tuple

from libcloud.compute.base import Node, NodeImage, NodeSize, StorageVolume, VolumeSnapshot
from libcloud.compute.drivers.openstack.models import (
    OpenStackKeyPair,
    OpenStackNetwork,
    OpenStackSecurityGroup,
    OpenStackSecurityGroupRule,
)
from libcloud.compute.types import StorageVolumeState, VolumeSnapshotState
from libcloud.pricing import get_size_price
from libcloud.utils.iso8601 import parse_date
from libcloud.utils.networking import is_public_subnet, is_valid_ip_address

__all__ = ["node", "size", "image", "volume", "snapshot", "key_pair", "security_group", "security_group_rule",
           "network", "classify_addresses", "parse_created"]

PUBLIC_NETWORK_LABELS = ("public", "internet")
PRIVATE_NETWORK_LABELS = ("private",)


#: A server's ``extra`` key -> the field of Nova's answer it copies.
_NODE_EXTRA = {
    "addresses": "addresses", "hostId": "hostId", "access_ip": "accessIPv4", "access_ipv6": "accessIPv6",
    "userId": "user_id", "metadata": "metadata", "password": "adminPass", "created": "created",
    "updated": "updated", "key_name": "key_name", "disk_config": "OS-DCF:diskConfig",
    "config_drive": "config_drive", "availability_zone": "OS-EXT-AZ:availability_zone",
    "volumes_attached": "os-extended-volumes:volumes_attached", "task_state": "OS-EXT-STS:task_state",
    "vm_state": "OS-EXT-STS:vm_state", "power_state": "OS-EXT-STS:power_state", "progress": "progress",
    "fault": "fault",
}

#: A Nova image's ``extra`` keys (the fields of the same name).
_IMAGE_EXTRA = {name: name for name in ("updated", "created", "status", "progress", "metadata", "minDisk", "minRam",
                                        "visibility")}


def parse_created(value: Optional[str]) -> Any:
    """An ISO 8601 date, or ``None`` when missing or unparseable."""
    if not value:
        return None
    try:
        return parse_date(value)
    except Exception:
        return None


def classify_addresses(addresses: Dict[str, List[Dict[str, Any]]]) -> Tuple[List[str], List[str]]:
    """(public, private) addresses: IPv4 by its range; IPv6 by its network label or floating/fixed type."""
    public: List[str] = []
    private: List[str] = []
    for label, values in (addresses or {}).items():
        for value in values:
            ip = value.get("addr")
            if ip is None:
                continue
            if is_valid_ip_address(ip, socket.AF_INET):
                is_public = is_public_subnet(ip)
            else:
                # IPv6: the network label or Nova's floating/fixed type decides.
                kind = value.get("OS-EXT-IPS:type")
                if label in PUBLIC_NETWORK_LABELS:
                    is_public = True
                elif kind == "floating":
                    is_public = True
                elif kind == "fixed" or label in PRIVATE_NETWORK_LABELS:
                    is_public = False
                else:
                    is_public = False
            (public if is_public else private).append(ip)
    return public, private


def _reference_id(value: Any) -> Optional[str]:
    if isinstance(value, dict):
        return value.get("id")
    return None


def node(driver: Any, api_node: Dict[str, Any]) -> Node:
    """A Nova server."""
    public, private = classify_addresses(api_node.get("addresses") or {})
    # Addresses set by the operator (accessIPv4/6) count as public.
    for key in ("accessIPv4", "accessIPv6"):
        address = api_node.get(key)
        if address and address not in public:
            public.append(address)
    image_id = _reference_id(api_node.get("image"))
    flavor = api_node.get("flavor") or {}
    extra = {key: api_node.get(field) for key, field in _NODE_EXTRA.items()}
    extra.update({
        "tenantId": api_node.get("tenant_id") or api_node.get("tenantId"),
        "imageId": image_id,
        "flavorId": flavor.get("id"),
        "flavor_details": flavor if "id" not in flavor else None,
        "uri": next((link["href"] for link in api_node.get("links", []) if link.get("rel") == "self"), None),
        "service_name": driver.connection.get_service_name(),
    })
    return Node(id=api_node["id"], name=api_node.get("name"), state=driver._to_node_state(api_node.get("status")),
                public_ips=public, private_ips=private, created_at=parse_created(api_node.get("created")),
                driver=driver, extra=extra)


def size_price(driver: Any, size_id: str) -> Optional[float]:
    """The size's price from the pricing data; ``None`` when the driver has no pricing table."""
    try:
        return get_size_price(driver_type="compute", driver_name=driver.api_name, size_id=size_id)
    except KeyError:
        return None


def size(driver: Any, api_flavor: Dict[str, Any], price: Any = None) -> NodeSize:
    """A Nova flavor."""
    if price is None:
        price = size_price(driver, str(api_flavor["id"]))
    extra = dict(api_flavor.get("OS-FLV-WITH-EXT-SPECS:extra_specs") or {})
    if "OS-FLV-DISABLED:disabled" in api_flavor:
        extra["disabled"] = api_flavor["OS-FLV-DISABLED:disabled"]
    swap = api_flavor.get("swap")
    result = NodeSize(id=str(api_flavor["id"]), name=api_flavor.get("name"), ram=api_flavor.get("ram"),
                      disk=api_flavor.get("disk"), bandwidth=None,
                      price=float(price) if price is not None else None, driver=driver, extra=extra)
    # OpenStack extras upstream exposes as attributes (NodeSize does not declare them).
    vars(result).update(vcpus=api_flavor.get("vcpus"), ephemeral_disk=api_flavor.get("OS-FLV-EXT-DATA:ephemeral"),
                        swap=int(swap) if swap not in (None, "") else 0)
    return result


def image(driver: Any, api_image: Dict[str, Any]) -> NodeImage:
    """A Nova (compute API) image."""
    server = api_image.get("server") or {}
    extra = {key: api_image.get(field) for key, field in _IMAGE_EXTRA.items()}
    extra["serverId"] = server.get("id")
    return NodeImage(id=api_image["id"], name=api_image.get("name"), driver=driver, extra=extra)


def volume(driver: Any, api_volume: Dict[str, Any]) -> StorageVolume:
    """A Cinder volume (v1 camelCase or v2/v3 snake_case fields)."""
    def first(*keys: str) -> Any:
        for key in keys:
            if key in api_volume:
                return api_volume[key]
        return None

    state = api_volume.get("status")
    extra = {
        "description": first("displayDescription", "description"),
        # Nova's proxy says [{}] for "no attachments".
        "attachments": [item for item in api_volume.get("attachments") or [] if item],
        "snapshot_id": first("snapshotId", "snapshot_id"),
        "state": state,
        "location": first("availabilityZone", "availability_zone"),
        "volume_type": first("volumeType", "volume_type"),
        "metadata": api_volume.get("metadata"),
        "created_at": first("createdAt", "created_at"),
    }
    return StorageVolume(id=api_volume["id"], name=first("displayName", "name", "display_name"),
                         size=api_volume.get("size"),
                         state=driver.VOLUME_STATE_MAP.get(state, StorageVolumeState.UNKNOWN),
                         driver=driver, extra=extra)


def snapshot(driver: Any, data: Dict[str, Any]) -> VolumeSnapshot:
    """A Cinder snapshot (``display_name`` or ``name`` fields, as the API version has them)."""
    if "snapshot" in data:
        data = data["snapshot"]
    name = data.get("display_name", data.get("displayName", data.get("name")))
    description = data.get("display_description", data.get("displayDescription", data.get("description")))
    created = data.get("created_at", data.get("createdAt"))
    state = data.get("status")
    extra = {
        "volume_id": data.get("volume_id", data.get("volumeId")),
        "name": name,
        "created": created,
        "description": description,
        "status": state,
    }
    return VolumeSnapshot(id=data["id"], driver=driver, size=data.get("size"), extra=extra,
                          created=parse_created(created), name=name,
                          state=driver.SNAPSHOT_STATE_MAP.get(state, VolumeSnapshotState.UNKNOWN))


def key_pair(driver: Any, data: Dict[str, Any]) -> OpenStackKeyPair:
    """A Nova key pair."""
    if "keypair" in data:
        data = data["keypair"]
    extra = {key: value for key, value in data.items()
             if key not in ("name", "fingerprint", "public_key", "private_key")}
    return OpenStackKeyPair(name=data["name"], fingerprint=data.get("fingerprint"),
                            public_key=data.get("public_key"), private_key=data.get("private_key"),
                            driver=driver, extra=extra)


def security_group_rule(driver: Any, rule: Dict[str, Any]) -> OpenStackSecurityGroupRule:
    """A Nova security group rule."""
    return OpenStackSecurityGroupRule(id=rule["id"], parent_group_id=rule.get("parent_group_id"),
                                      ip_protocol=rule.get("ip_protocol"), from_port=rule.get("from_port"),
                                      to_port=rule.get("to_port"), driver=driver,
                                      ip_range=(rule.get("ip_range") or {}).get("cidr"),
                                      group=rule.get("group") or None, tenant_id=rule.get("tenant_id"))


def security_group(driver: Any, group: Dict[str, Any]) -> OpenStackSecurityGroup:
    """A Nova security group with its rules."""
    rules = [security_group_rule(driver, rule) for rule in group.get("rules", [])]
    return OpenStackSecurityGroup(id=group["id"], tenant_id=group.get("tenant_id"), name=group.get("name"),
                                  description=group.get("description"), driver=driver, rules=rules)


def network(driver: Any, data: Dict[str, Any]) -> OpenStackNetwork:
    """A nova-network network."""
    return OpenStackNetwork(id=data["id"], name=data.get("label"), cidr=data.get("cidr"), driver=driver)
