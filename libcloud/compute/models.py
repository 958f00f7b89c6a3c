"""The compute value objects: plain attribute bags with ``extra`` and a ``driver``.

They are re-exported from :mod:`libcloud.compute.base`, their upstream home.
Users (Salt, for one) walk their ``__dict__``, so they stay simple classes
without ``__eq__``/``__hash__``; identity across calls is ``uuid``.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import TYPE_CHECKING, Any, Dict, List, Optional

from libcloud.compute.types import NodeState

if TYPE_CHECKING:  # pragma: no cover - typing only
    from libcloud.compute.base import NodeDriver

__all__ = [
    "UuidMixin",
    "Node",
    "NodeSize",
    "NodeImage",
    "NodeImageMember",
    "NodeLocation",
    "NodeAuthSSHKey",
    "NodeAuthPassword",
    "StorageVolume",
    "VolumeSnapshot",
    "KeyPair",
]


def _driver_name(driver: Any) -> Any:
    return getattr(driver, "name", driver)


class UuidMixin:
    """A stable identifier derived from the object's ``id`` and its driver's ``type``.

    Two objects for the same provider resource (say, a node listed twice) get
    the same ``uuid`` although they are different Python objects.
    """

    id: Any
    driver: Any

    def __init__(self) -> None:
        self._uuid: Optional[str] = None

    def get_uuid(self) -> str:
        """The sha1 hex digest of ``"<id>:<driver type>"`` (computed once, then cached)."""
        if not self._uuid:
            seed = "%s:%s" % (self.id, self.driver.type)
            self._uuid = hashlib.sha1(seed.encode("utf-8")).hexdigest()
        return self._uuid

    @property
    def uuid(self) -> str:
        """A stable id for the object: SHA-1 of its id and driver type, as upstream."""
        return self.get_uuid()


class Node(UuidMixin):
    """A virtual server; its actions delegate to ``driver``."""

    def __init__(
        self,
        id: Any,
        name: Optional[str],
        state: Any,
        public_ips: Optional[List[str]],
        private_ips: Optional[List[str]],
        driver: "NodeDriver",
        size: Optional["NodeSize"] = None,
        image: Optional["NodeImage"] = None,
        extra: Optional[Dict[str, Any]] = None,
        created_at: Optional[datetime.datetime] = None,
    ) -> None:
        # A falsy id (0, "", None) becomes None, as upstream.
        self.id = str(id) if id else None
        self.name = name
        self.state = state
        self.public_ips = public_ips if public_ips else []
        self.private_ips = private_ips if private_ips else []
        self.driver = driver
        self.size = size
        self.created_at = created_at
        self.image = image
        self.extra = extra or {}
        UuidMixin.__init__(self)

    def reboot(self) -> bool:
        """Reboot this node (``driver.reboot_node``)."""
        return self.driver.reboot_node(self)

    def start(self) -> bool:
        """Start this node (``driver.start_node``)."""
        return self.driver.start_node(self)

    def stop_node(self) -> bool:
        """Stop this node (``driver.stop_node``)."""
        return self.driver.stop_node(self)

    def destroy(self) -> bool:
        """Destroy this node (``driver.destroy_node``)."""
        return self.driver.destroy_node(self)

    def __repr__(self) -> str:
        return "<Node: uuid=%s, name=%s, state=%s, public_ips=%s, private_ips=%s, provider=%s ...>" % (
            self.uuid,
            self.name,
            NodeState.tostring(self.state),
            self.public_ips,
            self.private_ips,
            _driver_name(self.driver),
        )


class NodeSize(UuidMixin):
    """A hardware profile: ``ram`` in MB, ``disk`` in GB, ``price`` per hour (or None)."""

    def __init__(
        self,
        id: Any,
        name: Optional[str],
        ram: Any,
        disk: Any,
        bandwidth: Any,
        price: Any,
        driver: "NodeDriver",
        extra: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.id = str(id)
        self.name = name
        self.ram = ram
        self.disk = disk
        self.bandwidth = bandwidth
        self.price = price
        self.driver = driver
        self.extra = extra or {}
        UuidMixin.__init__(self)

    def __repr__(self) -> str:
        return "<NodeSize: id=%s, name=%s, ram=%s disk=%s bandwidth=%s price=%s driver=%s ...>" % (
            self.id,
            self.name,
            self.ram,
            self.disk,
            self.bandwidth,
            self.price,
            _driver_name(self.driver),
        )


class NodeImage(UuidMixin):
    """An operating system image a node boots from."""

    def __init__(self, id: Any, name: Optional[str], driver: "NodeDriver", extra: Optional[Dict[str, Any]] = None
                 ) -> None:
        self.id = str(id)
        self.name = name
        self.driver = driver
        self.extra = extra or {}
        UuidMixin.__init__(self)

    def __repr__(self) -> str:
        return "<NodeImage: id=%s, name=%s, driver=%s  ...>" % (self.id, self.name, _driver_name(self.driver))


class NodeImageMember(UuidMixin):
    """An account an image is shared with."""

    def __init__(
        self,
        id: Any,
        image_id: Any,
        state: Any,
        driver: "NodeDriver",
        created: Optional[datetime.datetime] = None,
        extra: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.id = str(id)
        self.image_id = str(image_id)
        self.state = state
        self.driver = driver
        self.created = created
        self.extra = extra or {}
        UuidMixin.__init__(self)

    def __repr__(self) -> str:
        return "<NodeImageMember: id=%s, image_id=%s, state=%s, driver=%s  ...>" % (
            self.id,
            self.image_id,
            self.state,
            _driver_name(self.driver),
        )


class NodeLocation:
    """A data centre or region where nodes can be created."""

    def __init__(
        self, id: Any, name: Optional[str], country: Optional[str], driver: "NodeDriver", extra: Optional[Dict[str, Any]] = None
    ) -> None:
        self.id = str(id)
        self.name = name
        self.country = country
        self.driver = driver
        self.extra = extra or {}

    def __repr__(self) -> str:
        return "<NodeLocation: id=%s, name=%s, country=%s, driver=%s>" % (
            self.id,
            self.name,
            self.country,
            _driver_name(self.driver),
        )


class NodeAuthSSHKey:
    """A public key to install on a new node (the repr hides it)."""

    def __init__(self, pubkey: str) -> None:
        self.pubkey = pubkey

    def __repr__(self) -> str:
        return "<NodeAuthSSHKey>"


class NodeAuthPassword:
    """A password for a new node; ``generated`` is True when libcloud made it up (the repr hides it)."""

    def __init__(self, password: str, generated: bool = False) -> None:
        self.password = password
        self.generated = generated

    def __repr__(self) -> str:
        return "<NodeAuthPassword>"


class StorageVolume(UuidMixin):
    """A block storage volume (``size`` in GB).  ``id`` and ``extra`` are kept as given."""

    def __init__(
        self,
        id: Any,
        name: Optional[str],
        size: Any,
        driver: "NodeDriver",
        state: Any = None,
        extra: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.id = id
        self.name = name
        self.size = size
        self.driver = driver
        self.extra = extra
        self.state = state
        UuidMixin.__init__(self)

    def list_snapshots(self) -> List["VolumeSnapshot"]:
        """The snapshots of this volume (``driver.list_volume_snapshots``)."""
        return self.driver.list_volume_snapshots(volume=self)

    def attach(self, node: Node, device: Optional[str] = None) -> bool:
        """Attach this volume to ``node`` (``driver.attach_volume``)."""
        return self.driver.attach_volume(node=node, volume=self, device=device)

    def detach(self) -> bool:
        """Detach this volume (``driver.detach_volume``)."""
        return self.driver.detach_volume(volume=self)

    def snapshot(self, name: Optional[str]) -> "VolumeSnapshot":
        """Snapshot this volume (``driver.create_volume_snapshot``)."""
        return self.driver.create_volume_snapshot(volume=self, name=name)

    def destroy(self) -> bool:
        """Delete this volume (``driver.destroy_volume``)."""
        return self.driver.destroy_volume(volume=self)

    def __repr__(self) -> str:
        return "<StorageVolume id=%s size=%s driver=%s>" % (self.id, self.size, _driver_name(self.driver))


class VolumeSnapshot:
    """A point-in-time copy of a volume (``size`` in GB)."""

    def __init__(
        self,
        id: Any,
        driver: "NodeDriver",
        size: Any = None,
        extra: Optional[Dict[str, Any]] = None,
        created: Optional[datetime.datetime] = None,
        state: Any = None,
        name: Optional[str] = None,
    ) -> None:
        self.id = id
        self.driver = driver
        self.size = size
        self.extra = extra or {}
        self.created = created
        self.state = state
        self.name = name

    def destroy(self) -> bool:
        """Delete this snapshot (``driver.destroy_volume_snapshot``)."""
        return self.driver.destroy_volume_snapshot(snapshot=self)

    def __repr__(self) -> str:
        return '<VolumeSnapshot "%s" id=%s size=%s driver=%s state=%s>' % (
            self.name,
            self.id,
            self.size,
            _driver_name(self.driver),
            self.state,
        )


class KeyPair:
    """An SSH key pair registered with the provider (``private_key`` only right after creation)."""

    def __init__(
        self,
        name: str,
        public_key: Optional[str],
        fingerprint: Optional[str],
        driver: "NodeDriver",
        private_key: Optional[str] = None,
        extra: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.name = name
        self.fingerprint = fingerprint
        self.public_key = public_key
        self.private_key = private_key
        self.driver = driver
        self.extra = extra or {}

    def __repr__(self) -> str:
        return "<KeyPair name=%s fingerprint=%s driver=%s>" % (self.name, self.fingerprint, _driver_name(self.driver))
