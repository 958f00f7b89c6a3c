"""Vultr API v2 objects -> libcloud models (instances, bare metals, plans, OS images, regions, blocks...)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, cast

from libcloud.compute.base import KeyPair, Node, NodeImage, NodeLocation, NodeSize, StorageVolume, VolumeSnapshot
from libcloud.compute.types import NodeState, StorageVolumeState, VolumeSnapshotState
from libcloud.utils.iso8601 import parse_date

__all__ = [
    "NODE_STATE_MAP", "POWER_STATE_MAP", "VOLUME_STATE_MAP", "SNAPSHOT_STATE_MAP", "VultrNetwork",
    "to_node", "to_size", "to_image", "to_location", "to_key_pair", "to_volume", "to_snapshot", "to_network",
]

#: ``status`` of an instance or bare metal (``active`` is refined by ``power_status``).
NODE_STATE_MAP = {
    "pending": NodeState.PENDING,
    "active": NodeState.RUNNING,
    "suspended": NodeState.SUSPENDED,
    "resizing": NodeState.RECONFIGURING,
    "closed": NodeState.TERMINATED,
}
#: ``power_status`` of an active instance.
POWER_STATE_MAP = {"running": NodeState.RUNNING, "stopped": NodeState.STOPPED}
VOLUME_STATE_MAP = {"active": StorageVolumeState.AVAILABLE, "pending": StorageVolumeState.CREATING}
SNAPSHOT_STATE_MAP = {"complete": VolumeSnapshotState.AVAILABLE, "pending": VolumeSnapshotState.CREATING}

_GIB = 1024 ** 3
# Addresses Vultr reports before one is assigned.
_NO_ADDRESS = ("", "0.0.0.0", "::")


class VultrNetwork:
    """A Vultr private network: ``cidr_block`` ``"10.7.96.0/20"``, ``location`` the region id."""

    def __init__(self, id: str, cidr_block: str, location: str, extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = id
        self.cidr_block = cidr_block
        self.location = location
        self.extra = extra or {}

    def __repr__(self) -> str:
        return "<VultrNetwork: id=%s cidr_block=%s location=%s>" % (self.id, self.cidr_block, self.location)


def _date(value: Any) -> Any:
    try:
        return parse_date(value) if value else None
    except Exception:  # an unexpected format: keep the model, leave the date out
        return None


def _state(item: Dict[str, Any]) -> str:
    state = NODE_STATE_MAP.get(item.get("status", ""), NodeState.UNKNOWN)
    if state == NodeState.RUNNING and "power_status" in item:
        state = POWER_STATE_MAP.get(item["power_status"], NodeState.UNKNOWN)
    return str(state)


def _addresses(*values: Any) -> List[str]:
    return [str(v) for v in values if v not in _NO_ADDRESS and v is not None]


def to_node(driver: Any, item: Dict[str, Any], bare_metal: bool = False) -> Node:
    """An instance (or, with ``bare_metal``, a bare-metal server).

    As upstream, ``image`` is the OS id and ``size`` the plan id, both strings.
    """
    skip = ("id", "label", "main_ip", "v6_main_ip", "internal_ip", "region", "plan", "os_id", "status",
            "date_created")
    extra: Dict[str, Any] = {k: v for k, v in item.items() if k not in skip}
    extra.update(location=item.get("region"), is_bare_metal=bare_metal, date_created=item.get("date_created"),
                 status=item.get("status"))
    return Node(
        id=str(item["id"]),
        name=item.get("label", ""),
        state=_state(item),
        public_ips=_addresses(item.get("main_ip"), item.get("v6_main_ip")),
        private_ips=_addresses(item.get("internal_ip")),
        driver=driver,
        size=item.get("plan"),
        # Upstream's Vultr nodes carry the OS id as a string here, not a NodeImage.
        image=cast(Any, str(item["os_id"]) if item.get("os_id") is not None else None),
        created_at=_date(item.get("date_created")),
        extra=extra,
    )


def to_size(driver: Any, item: Dict[str, Any], bare_metal: bool = False) -> NodeSize:
    """A plan (``price`` is the monthly cost, as Vultr gives it)."""
    extra = {k: v for k, v in item.items() if k not in ("id", "ram", "disk", "bandwidth", "monthly_cost")}
    extra["is_bare_metal"] = bare_metal
    return NodeSize(id=item["id"], name=item["id"], ram=item.get("ram"), disk=item.get("disk"),
                    bandwidth=item.get("bandwidth"), price=item.get("monthly_cost"), driver=driver, extra=extra)


def to_image(driver: Any, item: Dict[str, Any]) -> NodeImage:
    """An operating system (``id`` as a string)."""
    return NodeImage(id=str(item["id"]), name=item.get("name", ""), driver=driver,
                     extra={"arch": item.get("arch"), "family": item.get("family")})


def to_location(driver: Any, item: Dict[str, Any]) -> NodeLocation:
    """A region; ``extra["option"]`` lists its features (upstream's key)."""
    return NodeLocation(id=item["id"], name=item.get("city", ""), country=item.get("country", ""), driver=driver,
                        extra={"continent": item.get("continent"), "option": item.get("options", [])})


def to_key_pair(driver: Any, item: Dict[str, Any]) -> KeyPair:
    """An SSH key (Vultr never holds the private half)."""
    return KeyPair(name=item.get("name", ""), public_key=item.get("ssh_key"), fingerprint=None, driver=driver,
                   private_key=None, extra={"id": item["id"], "date_created": item.get("date_created")})


def to_volume(driver: Any, item: Dict[str, Any]) -> StorageVolume:
    """A block storage volume (``size`` in GB)."""
    state = VOLUME_STATE_MAP.get(item.get("status", ""), StorageVolumeState.UNKNOWN)
    if state == StorageVolumeState.AVAILABLE and item.get("attached_to_instance"):
        state = StorageVolumeState.INUSE
    extra = {k: v for k, v in item.items() if k not in ("id", "label", "size_gb", "region")}
    extra["location"] = item.get("region")
    return StorageVolume(id=item["id"], name=item.get("label"), size=item.get("size_gb"), driver=driver,
                         state=state, extra=extra)


def to_snapshot(driver: Any, item: Dict[str, Any]) -> VolumeSnapshot:
    """A snapshot; Vultr gives its size in bytes, the model in GB."""
    extra = {k: v for k, v in item.items() if k not in ("id", "size", "status")}
    return VolumeSnapshot(id=item["id"], driver=driver, size=int(item.get("size") or 0) / _GIB, extra=extra,
                          created=_date(item.get("date_created")),
                          state=SNAPSHOT_STATE_MAP.get(item.get("status", ""), VolumeSnapshotState.UNKNOWN),
                          name=item.get("description"))


def to_network(item: Dict[str, Any]) -> VultrNetwork:
    """A private network."""
    cidr = "%s/%s" % (item.get("v4_subnet"), item.get("v4_subnet_mask"))
    extra = {k: v for k, v in item.items() if k not in ("id", "region")}
    return VultrNetwork(id=item["id"], cidr_block=cidr, location=item.get("region", ""), extra=extra)
