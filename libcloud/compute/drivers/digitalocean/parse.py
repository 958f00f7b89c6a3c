"""DigitalOcean API v2 documents -> libcloud compute models."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.compute.base import KeyPair, Node, NodeImage, NodeLocation, NodeSize, StorageVolume, VolumeSnapshot
from libcloud.compute.types import NodeState, StorageVolumeState
from libcloud.utils.iso8601 import parse_date_allow_empty

__all__ = ["NODE_STATE_MAP", "to_node", "to_size", "to_location", "to_image", "to_key_pair", "to_volume",
           "to_snapshot", "addresses"]

#: Droplet ``status`` -> libcloud state.
NODE_STATE_MAP = {
    "new": NodeState.PENDING,
    "active": NodeState.RUNNING,
    "off": NodeState.STOPPED,
    "archive": NodeState.TERMINATED,
}

_NODE_EXTRA = ("image", "size", "size_slug", "region", "features", "backup_ids", "snapshot_ids", "volume_ids",
               "locked", "kernel", "memory", "vcpus", "disk", "created_at", "networks", "tags", "vpc_uuid",
               "next_backup_window")


def addresses(droplet: Dict[str, Any], kind: str) -> List[str]:
    """The IPv4 addresses of ``kind`` (``public`` or ``private``) of a droplet."""
    return [net["ip_address"] for net in (droplet.get("networks") or {}).get("v4", [])
            if net.get("type") == kind and net.get("ip_address")]


def to_node(driver: Any, droplet: Dict[str, Any]) -> Node:
    """A droplet as a ``Node`` (IPv4 addresses; the whole document's fields in ``extra``)."""
    extra = {key: droplet.get(key) for key in _NODE_EXTRA if key in droplet}
    extra.setdefault("tags", [])
    return Node(id=str(droplet["id"]), name=str(droplet.get("name") or ""),
                state=NODE_STATE_MAP.get(droplet.get("status", ""), NodeState.UNKNOWN),
                public_ips=addresses(droplet, "public"), private_ips=addresses(droplet, "private"),
                driver=driver, created_at=parse_date_allow_empty(droplet.get("created_at")), extra=extra)


def to_size(driver: Any, size: Dict[str, Any]) -> NodeSize:
    """A size document as a ``NodeSize`` (``price`` is the monthly price, as upstream)."""
    keys = ("vcpus", "regions", "price_monthly", "price_hourly", "available", "description")
    extra: Dict[str, Any] = {key: size.get(key) for key in keys if key in size}
    return NodeSize(id=size["slug"], name=size["slug"], ram=size.get("memory"), disk=size.get("disk"),
                    bandwidth=size.get("transfer"), price=size.get("price_monthly"), driver=driver, extra=extra)


def to_location(driver: Any, region: Dict[str, Any]) -> NodeLocation:
    """A region document as a ``NodeLocation``."""
    extra: Dict[str, Any] = {key: region.get(key) for key in ("available", "features", "sizes") if key in region}
    return NodeLocation(id=region["slug"], name=region.get("name"), country=None,
                        driver=driver, extra=extra)


def to_image(driver: Any, image: Dict[str, Any]) -> NodeImage:
    """An image (distribution image or snapshot) as a ``NodeImage``."""
    keys = ("distribution", "public", "slug", "regions", "min_disk_size", "created_at", "type", "size_gigabytes",
            "description", "status")
    extra: Dict[str, Any] = {key: image.get(key) for key in keys if key in image}
    return NodeImage(id=str(image["id"]), name=str(image.get("name") or ""), driver=driver, extra=extra)


def to_key_pair(driver: Any, key: Dict[str, Any]) -> KeyPair:
    """An account SSH key as a ``KeyPair`` (its numeric id in ``extra["id"]``)."""
    return KeyPair(name=key["name"], public_key=key.get("public_key"), fingerprint=key.get("fingerprint"),
                   driver=driver, extra={"id": key.get("id")})


def to_volume(driver: Any, volume: Dict[str, Any]) -> StorageVolume:
    """A block storage volume as a ``StorageVolume`` (attached when it has droplets)."""
    state = StorageVolumeState.INUSE if volume.get("droplet_ids") else StorageVolumeState.AVAILABLE
    return StorageVolume(id=volume["id"], name=volume.get("name"), size=volume.get("size_gigabytes"),
                         driver=driver, state=state, extra=dict(volume))


def to_snapshot(driver: Any, snapshot: Dict[str, Any], name: Optional[str] = None) -> VolumeSnapshot:
    """A volume snapshot as a ``VolumeSnapshot``."""
    return VolumeSnapshot(id=snapshot["id"], name=snapshot.get("name", name), size=snapshot.get("size_gigabytes"),
                          driver=driver, extra=dict(snapshot),
                          created=parse_date_allow_empty(snapshot.get("created_at")))
