"""Managed disks (volumes) and their snapshots; attaching a disk is an update of the VM's data disks."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.common.types import LibcloudError
from libcloud.compute.base import Node, NodeLocation, StorageVolume, VolumeSnapshot
from libcloud.compute.drivers.azure_arm.base import AzureBase
from libcloud.compute.drivers.azure_arm.models import name_of
from libcloud.compute.types import StorageVolumeState, VolumeSnapshotState
from libcloud.utils.iso8601 import parse_date

__all__ = ["DisksMixin", "VOLUME_STATES", "SNAPSHOT_STATES", "MAX_LUNS"]

#: A disk's ``provisioningState`` -> volume state (a ``Succeeded`` disk is INUSE or AVAILABLE by ``diskState``).
VOLUME_STATES: Dict[str, str] = {
    "creating": StorageVolumeState.CREATING,
    "updating": StorageVolumeState.UPDATING,
    "deleting": StorageVolumeState.DELETING,
    "failed": StorageVolumeState.ERROR,
}

#: A snapshot's ``provisioningState`` -> snapshot state.
SNAPSHOT_STATES: Dict[str, str] = {
    "creating": VolumeSnapshotState.CREATING,
    "updating": VolumeSnapshotState.UPDATING,
    "deleting": VolumeSnapshotState.DELETING,
    "succeeded": VolumeSnapshotState.AVAILABLE,
    "failed": VolumeSnapshotState.ERROR,
}

#: Data disks take logical unit numbers 0..63.
MAX_LUNS = 64

_DISKS = "/providers/Microsoft.Compute/disks"
_SNAPSHOTS = "/providers/Microsoft.Compute/snapshots"


def _same_id(left: Any, right: Any) -> bool:
    # ARM ids are case-insensitive (the service itself mixes "resourceGroups" and "resourcegroups").
    return str(left or "").lower() == str(right or "").lower()


def _parse_time(value: Optional[str]) -> Any:
    """A timestamp of Azure's (``2017-03-09T14:28:27.8655868+00:00``, 100 ns digits) cut to microseconds."""
    if not value:
        return None
    return parse_date(re.sub(r"(\.\d{6})\d+", r"\1", str(value)))


class DisksMixin(AzureBase):
    """Volumes (managed disks), snapshots, attaching and detaching."""

    # -- volumes ------------------------------------------------------------------------------------
    @operation
    def list_volumes(self, ex_resource_group: Optional[str] = None) -> Flow[List[StorageVolume]]:
        """The managed disks of the subscription (or of one resource group)."""
        path = self._group_or_sub(ex_resource_group, _DISKS)
        return (yield from self._collect(path, self._to_volume, api="disks",
                                         timeout_setting="LIST_VOLUMES_PAGINATION_TIMEOUT"))

    @operation
    def ex_get_volume(self, id: str) -> Flow[StorageVolume]:
        """The managed disk with the ARM id ``id``."""
        return self._to_volume((yield from self._object(id, api="disks")))

    @operation
    def create_volume(self, size: int, name: str, location: Optional[NodeLocation] = None,
                      snapshot: Optional[VolumeSnapshot] = None, ex_resource_group: Optional[str] = None,
                      ex_sku_name: Optional[str] = None, ex_tags: Optional[Dict[str, str]] = None,
                      ex_zones: Optional[List[str]] = None, ex_iops: Optional[int] = None,
                      ex_throughput: Optional[int] = None) -> Flow[StorageVolume]:
        """Create a managed disk of ``size`` GiB (empty, or a copy of ``snapshot``).

        ``location`` and ``ex_resource_group`` are required; ``ex_sku_name``
        defaults to ``Standard_LRS``; ``ex_iops``/``ex_throughput`` (MB/s) are
        for Ultra and Premium v2 disks.
        """
        if location is None:
            raise ValueError("Must provide location argument.")
        if ex_resource_group is None:
            raise ValueError("Must provide ex_resource_group argument.")
        creation: Dict[str, Any] = {"createOption": "Empty"}
        if snapshot is not None:
            creation = {"createOption": "Copy", "sourceUri": snapshot.id}
        properties: Dict[str, Any] = {"creationData": creation, "diskSizeGB": size}
        if ex_iops is not None:
            properties["diskIopsReadWrite"] = ex_iops
        if ex_throughput is not None:
            properties["diskMBpsReadWrite"] = ex_throughput
        data: Dict[str, Any] = {"location": location.id, "tags": dict(ex_tags or {}),
                                "sku": {"name": ex_sku_name or "Standard_LRS"}, "properties": properties}
        if ex_zones:
            data["zones"] = list(ex_zones)
        path = self._sub("/resourceGroups/%s%s/%s" % (ex_resource_group, _DISKS, name))
        body = yield from self._object(path, "PUT", "disks", data=data)
        return self._to_volume(body)

    @operation
    def ex_resize_volume(self, volume: StorageVolume, new_size: int, resource_group: str) -> Flow[StorageVolume]:
        """Grow a managed disk to ``new_size`` GiB (detach it, or deallocate its VM, first)."""
        path = self._sub("/resourceGroups/%s%s/%s" % (resource_group, _DISKS, volume.name))
        # The whole disk document goes back (a PUT), with its creation data unchanged.
        extra = volume.extra or {}
        creation = (extra.get("properties") or {}).get("creationData") or {"createOption": "Empty"}
        data = {"location": extra.get("location"),
                "properties": {"diskSizeGB": new_size, "creationData": creation}}
        body = yield from self._object(path, "PUT", "disks", data=data)
        return self._to_volume(body)

    @operation
    def destroy_volume(self, volume: StorageVolume) -> Flow[bool]:
        """Delete a managed disk."""
        yield from self._request(volume.id, "DELETE", "disks")
        return True

    def _to_volume(self, data: Dict[str, Any]) -> StorageVolume:
        properties = data.get("properties") or {}
        provisioning = str(properties.get("provisioningState") or "").lower()
        state = VOLUME_STATES.get(provisioning)
        if state is None:
            if provisioning == "succeeded":
                attached = str(properties.get("diskState") or "").lower() in ("attached", "reserved")
                state = StorageVolumeState.INUSE if attached else StorageVolumeState.AVAILABLE
            else:
                state = StorageVolumeState.UNKNOWN
        return StorageVolume(id=data.get("id"), name=data.get("name"), size=properties.get("diskSizeGB"),
                             driver=self, state=state, extra=dict(data))

    # -- attaching -----------------------------------------------------------------------------------
    @operation
    def attach_volume(self, node: Node, volume: StorageVolume, *args: Any, **kwargs: Any) -> Flow[bool]:
        """Attach a managed disk (or, with ``ex_vhd_uri``, a VHD blob) to ``node``.

        Upstream's arguments after ``volume``: ``ex_lun`` (the lowest free LUN
        when not given), ``ex_vhd_uri``, ``ex_vhd_create=False`` and further
        keyword arguments that go into the data disk's entry.  ``node.extra``
        is updated with the new data disks.
        """
        return (yield from self._attach_volume_flow(node, volume, *args, **kwargs))

    def _attach_volume_flow(self, node: Node, volume: StorageVolume, ex_lun: Optional[int] = None,
                            ex_vhd_uri: Optional[str] = None, ex_vhd_create: bool = False,
                            **ex_kwargs: Any) -> Flow[bool]:
        disks = list(node.extra["properties"]["storageProfile"].get("dataDisks") or [])
        if ex_lun is None:
            used = {disk.get("lun") for disk in disks}
            free = [lun for lun in range(MAX_LUNS) if lun not in used]
            if not free:
                raise LibcloudError("No free LUN left on %s (at most %d data disks)" % (node.name, MAX_LUNS),
                                    driver=self)
            ex_lun = free[0]
        disk: Dict[str, Any] = {"lun": ex_lun, "name": volume.name}
        if ex_vhd_uri is not None:
            disk.update({"createOption": "Empty" if ex_vhd_create else "Attach", "vhd": {"uri": ex_vhd_uri},
                         "diskSizeGB": volume.size})
        else:
            disk.update({"createOption": "Attach", "managedDisk": {"id": volume.id}})
        disk.update(ex_kwargs)
        disks.append(disk)
        yield from self._update_data_disks(node, disks)
        return True

    @operation
    def detach_volume(self, volume: StorageVolume, ex_node: Optional[Node] = None) -> Flow[bool]:
        """Detach a managed disk from ``ex_node`` (found from the disk's ``managedBy`` if not given)."""
        node = ex_node
        if node is None:
            extra = volume.extra or {}
            owner = (extra.get("properties") or {}).get("ownerId") or extra.get("managedBy")
            if not owner:
                raise ValueError("Must provide ex_node argument (the volume's VM is not known).")
            node = yield from self._step("ex_get_node", owner)
        disks = [disk for disk in node.extra["properties"]["storageProfile"].get("dataDisks") or []
                 if not (_same_id((disk.get("managedDisk") or {}).get("id"), volume.id)
                         or (not disk.get("managedDisk") and disk.get("name") == volume.name))]
        yield from self._update_data_disks(node, disks)
        return True

    def _update_data_disks(self, node: Node, disks: List[Dict[str, Any]]) -> Flow[None]:
        data = {"location": node.extra.get("location"),
                "properties": {"storageProfile": {"dataDisks": disks}}}
        response = yield from self._request(node.id, "PUT", data=data)
        yield from self._wait(response)
        node.extra["properties"]["storageProfile"]["dataDisks"] = disks

    # -- snapshots ------------------------------------------------------------------------------------
    @operation
    def create_volume_snapshot(self, volume: StorageVolume, name: Optional[str] = None,
                               location: Optional[NodeLocation] = None, ex_resource_group: Optional[str] = None,
                               ex_tags: Optional[Dict[str, str]] = None) -> Flow[VolumeSnapshot]:
        """Snapshot a managed disk; ``name``, ``location`` and ``ex_resource_group`` are required."""
        if name is None:
            raise ValueError("Must provide name argument")
        if location is None:
            raise ValueError("Must provide location argument")
        if ex_resource_group is None:
            raise ValueError("Must provide ex_resource_group argument")
        data = {"location": location.id, "tags": dict(ex_tags or {}),
                "properties": {"creationData": {"createOption": "Copy", "sourceUri": volume.id}}}
        path = self._sub("/resourceGroups/%s%s/%s" % (ex_resource_group, _SNAPSHOTS, name))
        body = yield from self._object(path, "PUT", "disks", data=data)
        return self._to_snapshot(body)

    @operation
    def list_snapshots(self, ex_resource_group: Optional[str] = None) -> Flow[List[VolumeSnapshot]]:
        """The snapshots of the subscription (or of one resource group)."""
        path = self._group_or_sub(ex_resource_group, _SNAPSHOTS)
        return (yield from self._collect(path, self._to_snapshot, api="disks"))

    @operation
    def ex_get_snapshot(self, id: str) -> Flow[VolumeSnapshot]:
        """The snapshot with the ARM id ``id``."""
        return self._to_snapshot((yield from self._object(id, api="disks")))

    @operation
    def list_volume_snapshots(self, volume: StorageVolume) -> Flow[List[VolumeSnapshot]]:
        """The snapshots taken of ``volume``."""
        snapshots = yield from self._step("list_snapshots")
        return [snap for snap in snapshots if _same_id(snap.extra.get("source_id"), volume.id)]

    @operation
    def destroy_volume_snapshot(self, snapshot: VolumeSnapshot) -> Flow[bool]:
        """Delete a snapshot."""
        yield from self._request(snapshot.id, "DELETE", "disks")
        return True

    def _to_snapshot(self, data: Dict[str, Any]) -> VolumeSnapshot:
        properties = data.get("properties") or {}
        creation = properties.get("creationData") or {}
        extra = dict(data)
        extra["source_id"] = creation.get("sourceUri") or creation.get("sourceResourceId")
        created = properties.get("timeCreated")
        state = SNAPSHOT_STATES.get(str(properties.get("provisioningState") or "").lower(),
                                    VolumeSnapshotState.UNKNOWN)
        return VolumeSnapshot(data.get("id"), driver=self, size=properties.get("diskSizeGB"), extra=extra,
                              created=_parse_time(created), state=state,
                              name=data.get("name") or name_of(data.get("id", "")))
