"""Linode API v4 documents -> libcloud compute models, and the label rules Linode enforces.

The label checks run before a request is sent so a bad name fails at once with
:class:`~libcloud.common.linode.LinodeExceptionV4` (as upstream's driver does),
instead of after a round trip.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

from libcloud.common.linode import LinodeDisk, LinodeExceptionV4, LinodeIPAddress
from libcloud.compute.base import KeyPair, Node, NodeImage, NodeLocation, NodeSize, StorageVolume
from libcloud.compute.types import NodeState, StorageVolumeState
from libcloud.utils.iso8601 import parse_date_allow_empty
from libcloud.utils.networking import is_private_subnet

__all__ = ["NODE_STATE_MAP", "VOLUME_STATE_MAP", "REGION_NAMES", "check_node_label", "check_volume_label",
           "split_ips", "to_node", "to_size", "to_location", "to_image", "to_key_pair", "to_volume", "to_disk",
           "to_address", "node_addresses"]

#: Instance ``status`` -> libcloud state (Linode's documented statuses).
NODE_STATE_MAP = {
    "running": NodeState.RUNNING,
    "offline": NodeState.STOPPED,
    "booting": NodeState.STARTING,
    "rebooting": NodeState.REBOOTING,
    "shutting_down": NodeState.STOPPING,
    "provisioning": NodeState.PENDING,
    "deleting": NodeState.PENDING,
    "migrating": NodeState.MIGRATING,
    "rebuilding": NodeState.PENDING,
    "cloning": NodeState.PENDING,
    "restoring": NodeState.PENDING,
    "resizing": NodeState.RECONFIGURING,
    "billing_suspension": NodeState.SUSPENDED,
}

#: Volume ``status`` -> libcloud state.
VOLUME_STATE_MAP = {
    "creating": StorageVolumeState.CREATING,
    "active": StorageVolumeState.AVAILABLE,
    "resizing": StorageVolumeState.UPDATING,
    "contact_support": StorageVolumeState.UNKNOWN,
}

#: Region id -> city, for the regions whose document carries no ``label``.
REGION_NAMES = {
    "ap-west": "Mumbai, India",
    "ca-central": "Toronto, Canada",
    "ap-southeast": "Sydney, Australia",
    "us-central": "Dallas, TX, USA",
    "us-west": "Fremont, CA, USA",
    "us-southeast": "Atlanta, GA, USA",
    "us-east": "Newark, NJ, USA",
    "eu-west": "London, England, UK",
    "ap-south": "Singapore",
    "eu-central": "Frankfurt, Germany",
    "ap-northeast": "Tokyo, Japan",
}

# Instance labels: 3-64 letters, digits, "-", "_" or ".", starting and ending with a letter or digit,
# never two separators in a row ("--", "__", "..").
_NODE_LABEL = re.compile(r"^(?!.*(--|__|\.\.))[a-zA-Z0-9][a-zA-Z0-9._-]{1,62}[a-zA-Z0-9]$")
# Volume labels: 1-32 letters, digits, "-" or "_", starting with a letter, no "--" or "__".
_VOLUME_LABEL = re.compile(r"^(?!.*(--|__))[a-zA-Z][a-zA-Z0-9_-]{0,31}$")

_NODE_EXTRA = ("group", "hypervisor", "specs", "alerts", "backups", "watchdog_enabled", "tags", "ipv6", "region",
               "type", "updated", "image")
_VOLUME_EXTRA = ("linode_id", "linode_label", "region", "tags", "filesystem_path", "status", "created", "updated")


def check_node_label(name: str) -> None:
    """Raise ``LinodeExceptionV4`` unless ``name`` is a valid instance label."""
    if not _NODE_LABEL.match(name or ""):
        raise LinodeExceptionV4("Invalid node name %r: 3-64 letters, digits, '-', '_' or '.', beginning and "
                                "ending with a letter or digit, without '--', '__' or '..'" % (name,))


def check_volume_label(name: str) -> None:
    """Raise ``LinodeExceptionV4`` unless ``name`` is a valid volume label."""
    if not _VOLUME_LABEL.match(name or ""):
        raise LinodeExceptionV4("Invalid volume name %r: 1-32 letters, digits, '-' or '_', beginning with a "
                                "letter, without '--' or '__'" % (name,))


def _date(value: Optional[str]) -> Optional[datetime]:
    # Linode's timestamps carry no zone (they are UTC); upstream's models keep them naive.
    parsed = parse_date_allow_empty(value)
    return parsed.astimezone(timezone.utc).replace(tzinfo=None) if parsed is not None else None


def split_ips(addresses: List[str]) -> Tuple[List[str], List[str]]:
    """``(public, private)``: an instance's ``ipv4`` list split by address range (RFC 1918 is private)."""
    public: List[str] = []
    private: List[str] = []
    for address in addresses or []:
        (private if is_private_subnet(address) else public).append(address)
    return public, private


def to_node(driver: Any, item: Dict[str, Any]) -> Node:
    """An instance document as a ``Node`` (``image`` and ``size`` are the ids Linode gives)."""
    public, private = split_ips(item.get("ipv4") or [])
    extra = {key: item.get(key) for key in _NODE_EXTRA if key in item}
    return Node(id=str(item["id"]), name=str(item.get("label") or ""),
                state=NODE_STATE_MAP.get(item.get("status", ""), NodeState.UNKNOWN), public_ips=public,
                private_ips=private, driver=driver, size=item.get("type"), image=item.get("image"),
                created_at=_date(item.get("created")), extra=extra)


def to_size(driver: Any, item: Dict[str, Any]) -> NodeSize:
    """An instance type as a ``NodeSize``: ``ram`` in MB, ``disk`` in GB, ``price`` monthly (USD)."""
    price = item.get("price") or {}
    extra = {"class": item.get("class"), "gpus": int(item.get("gpus") or 0), "vcpus": item.get("vcpus"),
             "hourly_price": price.get("hourly"), "monthly_price": price.get("monthly"),
             "addons": item.get("addons"), "successor": item.get("successor"),
             "network_out": item.get("network_out")}
    return NodeSize(id=item["id"], name=item.get("label") or item["id"], ram=item.get("memory"),
                    disk=int(item.get("disk") or 0) // 1024, bandwidth=item.get("transfer"),
                    price=float(price.get("monthly") or 0.0), driver=driver, extra=extra)


def to_location(driver: Any, item: Dict[str, Any]) -> NodeLocation:
    """A region as a ``NodeLocation`` (country upper-cased; status and capabilities in ``extra``)."""
    extra: Dict[str, Any] = {key: item.get(key) for key in ("status", "capabilities", "resolvers") if key in item}
    name = item.get("label") or REGION_NAMES.get(item["id"], item["id"])
    return NodeLocation(id=item["id"], name=name, country=str(item.get("country") or "").upper(), driver=driver,
                        extra=extra)


def to_image(driver: Any, item: Dict[str, Any]) -> NodeImage:
    """A public or private image as a ``NodeImage``."""
    keys = ("type", "vendor", "size", "is_public", "deprecated", "description", "created", "created_by",
            "expiry", "eol", "status", "updated")
    extra = {key: item.get(key) for key in keys if key in item}
    return NodeImage(id=item["id"], name=item.get("label") or item["id"], driver=driver, extra=extra)


def to_key_pair(driver: Any, item: Dict[str, Any]) -> KeyPair:
    """A profile SSH key as a ``KeyPair`` (its numeric id in ``extra["id"]``)."""
    return KeyPair(name=str(item.get("label") or ""), public_key=item.get("ssh_key"),
                   fingerprint=None, driver=driver, extra={"id": item.get("id"), "created": item.get("created")})


def to_volume(driver: Any, item: Dict[str, Any]) -> StorageVolume:
    """A block storage volume (``size`` in GB; ``extra["linode_id"]`` is ``None`` when detached)."""
    extra = {key: item.get(key) for key in _VOLUME_EXTRA}
    return StorageVolume(id=str(item["id"]), name=item.get("label"), size=item.get("size"),
                         driver=driver, state=VOLUME_STATE_MAP.get(item.get("status", ""),
                                                                   StorageVolumeState.UNKNOWN), extra=extra)


def to_disk(driver: Any, item: Dict[str, Any]) -> LinodeDisk:
    """An instance disk as a :class:`LinodeDisk` (``size`` in MB)."""
    extra: Dict[str, Any] = {key: item.get(key) for key in ("created", "updated") if key in item}
    return LinodeDisk(id=item["id"], state=item.get("status"), name=item.get("label"),
                      filesystem=item.get("filesystem"), driver=driver, size=item.get("size"), extra=extra)


def to_address(driver: Any, item: Dict[str, Any]) -> LinodeIPAddress:
    """An IP address document as a :class:`LinodeIPAddress` (the instance's id in ``extra["node_id"]``)."""
    extra = {"node_id": item.get("linode_id")}
    extra.update({key: item.get(key) for key in ("gateway", "subnet_mask", "prefix", "rdns", "region")})
    return LinodeIPAddress(inet=item["address"], public=bool(item.get("public")), version=item.get("type", "ipv4"),
                           driver=driver, extra=extra)


def node_addresses(driver: Any, document: Dict[str, Any]) -> List[LinodeIPAddress]:
    """Every address of ``GET /linode/instances/<id>/ips``: IPv4 public, private, shared, reserved, then IPv6."""
    ipv4 = document.get("ipv4") or {}
    ipv6 = document.get("ipv6") or {}
    items: List[Dict[str, Any]] = []
    for group in ("public", "private", "shared", "reserved"):
        items.extend(ipv4.get(group) or [])
    for group in ("slaac", "link_local"):
        if ipv6.get(group):
            items.append(ipv6[group])
    return [to_address(driver, item) for item in items if item.get("address")]
