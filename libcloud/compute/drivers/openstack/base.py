"""The OpenStack node driver's common base: the version factory, state tables, the connection kwargs."""

from __future__ import annotations

from typing import Any, Dict, Optional

from libcloud.common.openstack import OpenStackBaseConnection, OpenStackDriverMixin
from libcloud.compute.base import NodeDriver
from libcloud.compute.types import NodeState, Provider, StorageVolumeState, VolumeSnapshotState

__all__ = ["OpenStackNodeDriver", "DEFAULT_API_VERSION"]

DEFAULT_API_VERSION = "1.1"

# Nova's server statuses -> NodeState.
NODE_STATE_MAP = {
    "BUILD": NodeState.PENDING,
    "REBUILD": NodeState.PENDING,
    "ACTIVE": NodeState.RUNNING,
    "SUSPENDED": NodeState.SUSPENDED,
    "SHUTOFF": NodeState.STOPPED,
    "DELETED": NodeState.TERMINATED,
    "QUEUE_RESIZE": NodeState.PENDING,
    "PREP_RESIZE": NodeState.PENDING,
    "VERIFY_RESIZE": NodeState.RUNNING,
    "PASSWORD": NodeState.PENDING,
    "RESCUE": NodeState.PENDING,
    "REBOOT": NodeState.REBOOTING,
    "HARD_REBOOT": NodeState.REBOOTING,
    "SHARE_IP": NodeState.PENDING,
    "SHARE_IP_NO_CONFIG": NodeState.PENDING,
    "DELETE_IP": NodeState.PENDING,
    "ERROR": NodeState.ERROR,
    "UNKNOWN": NodeState.UNKNOWN,
}

# Cinder's volume statuses -> StorageVolumeState.
VOLUME_STATE_MAP = {
    "creating": StorageVolumeState.CREATING,
    "available": StorageVolumeState.AVAILABLE,
    "attaching": StorageVolumeState.ATTACHING,
    "in-use": StorageVolumeState.INUSE,
    "deleting": StorageVolumeState.DELETING,
    "error": StorageVolumeState.ERROR,
    "error_deleting": StorageVolumeState.ERROR,
    "backing-up": StorageVolumeState.BACKUP,
    "restoring-backup": StorageVolumeState.BACKUP,
    "error_restoring": StorageVolumeState.ERROR,
    "error_extending": StorageVolumeState.ERROR,
}

# Cinder's snapshot statuses -> VolumeSnapshotState.
SNAPSHOT_STATE_MAP = {
    "creating": VolumeSnapshotState.CREATING,
    "available": VolumeSnapshotState.AVAILABLE,
    "deleting": VolumeSnapshotState.DELETING,
    "error": VolumeSnapshotState.ERROR,
    "restoring": VolumeSnapshotState.RESTORING,
    "error_restoring": VolumeSnapshotState.ERROR,
}


def _version_class(api_version: str) -> type:
    # Imported here: the version modules import this one.
    from libcloud.compute.drivers.openstack.v1_0 import OpenStack_1_0_NodeDriver
    from libcloud.compute.drivers.openstack.v1_1 import OpenStack_1_1_NodeDriver
    from libcloud.compute.drivers.openstack.v2 import OpenStack_2_NodeDriver

    if api_version == "1.0":
        return OpenStack_1_0_NodeDriver
    if api_version == "1.1":
        return OpenStack_1_1_NodeDriver
    if api_version in ("2.0", "2.1", "2.2"):
        return OpenStack_2_NodeDriver
    raise NotImplementedError("No OpenStackNodeDriver found for API version %s" % (api_version))


class OpenStackNodeDriver(NodeDriver, OpenStackDriverMixin):
    """OpenStack compute; ``OpenStackNodeDriver(..., api_version)`` builds the driver of that API version."""

    api_name = "openstack"
    name = "OpenStack"
    website = "http://openstack.org/"
    type = Provider.OPENSTACK

    NODE_STATE_MAP = NODE_STATE_MAP
    VOLUME_STATE_MAP = VOLUME_STATE_MAP
    SNAPSHOT_STATE_MAP = SNAPSHOT_STATE_MAP
    connection: OpenStackBaseConnection

    def __new__(cls, key: Any = None, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                port: Optional[int] = None, api_version: str = DEFAULT_API_VERSION, **kwargs: Any) -> Any:
        if cls is OpenStackNodeDriver:
            cls = _version_class(api_version)
        return super().__new__(cls)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        OpenStackDriverMixin.__init__(self, **kwargs)
        for name in list(kwargs):
            if name.startswith("ex_") and name not in ("ex_force_microversion",):
                kwargs.pop(name)
        kwargs.pop("ex_force_microversion", None)
        super().__init__(*args, **kwargs)

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        return self.openstack_connection_kwargs()

    def _to_node_state(self, status: Optional[str]) -> NodeState:
        return self.NODE_STATE_MAP.get(status or "", NodeState.UNKNOWN)
