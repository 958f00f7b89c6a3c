"""EBS volumes and snapshots."""

from __future__ import annotations

import time
from typing import Any, Dict, List, Mapping, Optional, Sequence

from libcloud.common.rest.helpers import non_empty
from libcloud._core.flow import Flow, Sleep, operation
from libcloud.compute.base import Node, NodeLocation, StorageVolume, VolumeSnapshot
from libcloud.compute.drivers.ec2 import parse, query
from libcloud.compute.drivers.ec2.calls import EC2Calls
from libcloud.compute.drivers.ec2.models import EC2ImportSnapshotTask, EC2VolumeModification
from libcloud.compute.partial import track_created

__all__ = ["VolumesMixin", "VALID_VOLUME_TYPES"]

VALID_VOLUME_TYPES = ("standard", "io1", "io2", "gp2", "gp3", "st1", "sc1")


class VolumesMixin(EC2Calls):
    """EC2 volumes and snapshots."""
    @operation
    def list_volumes(self, node: Optional[Node] = None, ex_filters: Optional[Dict[str, Any]] = None
                     ) -> Flow[List[StorageVolume]]:
        filters = dict(ex_filters or {})
        if node is not None:
            filters["attachment.instance-id"] = node.id
        params = query.filters(filters)
        return (yield from self._describe_all(
            "DescribeVolumes", params,
            lambda root: [parse.volume(item, self) for item in root.findall("volumeSet/item")]))

    def _default_zone(self) -> Flow[str]:
        response = yield self._describe("DescribeAvailabilityZones")
        zones = [parse.availability_zone(item) for item in response.object.findall("availabilityZoneInfo/item")]
        available = [z.name for z in zones if z.zone_state in ("available", "")]
        if not available:
            raise ValueError("No available zone in %s: pass location" % getattr(self, "region_name", "this region"))
        return sorted(available)[0]

    @operation
    def create_volume(self, size: int, name: str, location: Optional[NodeLocation] = None,
                      snapshot: Optional[VolumeSnapshot] = None, ex_volume_type: str = "standard",
                      ex_iops: Optional[int] = None, ex_encrypted: bool = False,
                      ex_kms_key_id: Optional[str] = None, ex_throughput: Optional[int] = None) -> Flow[StorageVolume]:
        if ex_volume_type not in VALID_VOLUME_TYPES:
            raise ValueError("Invalid volume type specified: %s (valid: %s)" % (ex_volume_type,
                                                                                 ", ".join(VALID_VOLUME_TYPES)))
        if ex_iops is not None and ex_volume_type not in ("io1", "io2", "gp3"):
            raise ValueError("ex_iops applies to io1, io2 and gp3 volumes only")
        params: Dict[str, Any] = {"Size": str(int(size)), "VolumeType": ex_volume_type}
        if location is not None:
            zone = getattr(getattr(location, "availability_zone", None), "name", None) or location.name
        else:
            zone = yield from self._default_zone()
        params["AvailabilityZone"] = zone
        if snapshot is not None:
            params["SnapshotId"] = snapshot.id
        if ex_iops is not None:
            params["Iops"] = str(int(ex_iops))
        if ex_throughput is not None:
            params["Throughput"] = str(int(ex_throughput))
        if ex_encrypted:
            params["Encrypted"] = "1"
            if ex_kms_key_id:
                params["KmsKeyId"] = ex_kms_key_id
        if name:
            params.update(query.tag_specifications({"volume": {"Name": name}}))
        response = yield self._call("CreateVolume", params)
        volume = parse.volume(response.object, self)
        if name:
            volume.name = name
        return volume

    @operation
    def attach_volume(self, node: Node, volume: StorageVolume,  # type: ignore[override]  # upstream: device required
                      device: str) -> Flow[bool]:
        if not device:
            raise ValueError("EC2 needs a device name to attach a volume to (e.g. /dev/sdf)")
        yield self._call("AttachVolume", {"VolumeId": volume.id, "InstanceId": node.id, "Device": device},
                         idempotent=True)
        return True

    @operation
    def detach_volume(self, volume: StorageVolume, ex_force: bool = False) -> Flow[bool]:
        """Detach ``volume`` from its instance."""
        # InstanceId is optional for AWS (a volume has one attachment) but some emulators need it:
        # looked up when the volume object does not know it, left out when the lookup finds none.
        instance_id = (volume.extra or {}).get("instance_id")
        if not instance_id:
            response = yield self._describe("DescribeVolumes", query.numbered("VolumeId", [volume.id]))
            for item in response.object.findall("volumeSet/item"):
                if item.findtext("volumeId") == volume.id:
                    instance_id = item.findtext("attachmentSet/item/instanceId")
        params = {"VolumeId": volume.id}
        if instance_id:
            params["InstanceId"] = instance_id
        if ex_force:
            params["Force"] = "true"
        yield self._call("DetachVolume", params, idempotent=True)
        return True

    @operation
    def destroy_volume(self, volume: StorageVolume) -> Flow[bool]:
        return (yield from self._call_ok("DeleteVolume", {"VolumeId": volume.id}))

    @operation
    def ex_create_and_attach_volume(self, node: Node, size: int, device: str, name: Optional[str] = None,
                                    location: Optional[NodeLocation] = None, **create_volume_kwargs: Any
                                    ) -> Flow[StorageVolume]:
        """A new volume in the node's zone, attached at ``device``.

        If the attachment fails, PartialFailureError names the volume that was created.
        """
        if not device:
            raise ValueError("device is required (e.g. /dev/sdf)")
        zone = (node.extra or {}).get("availability")
        if location is None and zone:
            location = NodeLocation(zone, zone, getattr(self, "country", ""), self)
        with track_created(self, "ex_create_and_attach_volume") as created:
            volume = yield from type(self).create_volume.flow(
                self, size, name or "", location, **create_volume_kwargs)
            created.add(volume)
            yield from type(self).attach_volume.flow(self, node, volume, device)
        return volume

    # -- snapshots ------------------------------------------------------------------
    @operation
    def list_snapshots(self, snapshot: Optional[VolumeSnapshot] = None, owner: Optional[str] = None
                       ) -> Flow[List[VolumeSnapshot]]:
        """Snapshots owned by ``owner`` ("self" by default, as AWS lists every public one otherwise)."""
        params: Dict[str, str] = {}
        if snapshot is not None:
            params.update(query.numbered("SnapshotId", [snapshot.id]))
        params.update(query.numbered("Owner", [owner or "self"]))
        return (yield from self._describe_all(
            "DescribeSnapshots", params,
            lambda root: [parse.snapshot(item, self) for item in root.findall("snapshotSet/item")]))

    @operation
    def list_volume_snapshots(self, volume: StorageVolume) -> Flow[List[VolumeSnapshot]]:
        params = query.filters({"volume-id": volume.id})
        params.update(query.numbered("Owner", ["self"]))
        snapshots = yield from self._describe_all(
            "DescribeSnapshots", params,
            lambda root: [parse.snapshot(item, self) for item in root.findall("snapshotSet/item")])
        # Filtered here too: EC2-compatible clouds may ignore the volume-id filter.
        return [snap for snap in snapshots if snap.extra.get("volume_id") == volume.id]

    @operation
    def create_volume_snapshot(self, volume: StorageVolume, name: Optional[str] = None,
                               ex_metadata: Optional[Mapping[str, Any]] = None,
                               ex_description: Optional[str] = None) -> Flow[VolumeSnapshot]:
        """A snapshot of ``volume``; ``name`` becomes its Name tag, ``ex_metadata`` more tags."""
        params = {"VolumeId": volume.id}
        if ex_description or name:
            params["Description"] = ex_description or name
        snap_tags: Dict[str, Any] = dict(ex_metadata or {})
        if name:
            snap_tags["Name"] = name
        if snap_tags and self.supports_tags:
            params.update(query.tag_specifications({"snapshot": snap_tags}))
        response = yield self._call("CreateSnapshot", params)
        snap = parse.snapshot(response.object, self)
        if name:
            snap.name = name
            snap.extra["name"] = name
        if self.supports_tags:
            snap.extra["tags"] = dict(snap_tags, **snap.extra.get("tags", {}))
        return snap

    @operation
    def ex_modify_snapshot_attribute(self, snapshot: VolumeSnapshot, attributes: Mapping[str, Any]) -> Flow[bool]:
        """ModifySnapshotAttribute with raw attributes, e.g. ``{"CreateVolumePermission.Add.1.Group": "all"}``."""
        params = {"SnapshotId": snapshot.id}
        params.update(query.flatten("", dict(attributes)))
        return (yield from self._call_ok("ModifySnapshotAttribute", params))

    # -- volume modifications -------------------------------------------------------
    @operation
    def ex_modify_volume(self, volume: StorageVolume, parameters: Mapping[str, Any]) -> Flow[EC2VolumeModification]:
        """Change a volume's size, type or IOPS, e.g. ``{"Size": 20, "VolumeType": "gp3"}``."""
        params: Dict[str, str] = {"VolumeId": volume.id}
        params.update(query.flatten("", dict(parameters)))
        response = yield self._call("ModifyVolume", params)
        return parse.volume_modification(response.object.find("volumeModification"))

    @operation
    def ex_describe_volumes_modifications(self, dry_run: bool = False, volume_ids: Optional[Sequence[str]] = None,
                                          filters: Optional[Dict[str, Any]] = None
                                          ) -> Flow[List[EC2VolumeModification]]:
        """The modifications of volumes (all, or of ``volume_ids`` / matching ``filters``)."""
        params = query.filters(filters)
        if volume_ids:
            params.update(query.numbered("VolumeId", list(volume_ids)))
        if dry_run:
            params["DryRun"] = "true"
        return (yield from self._describe_all(
            "DescribeVolumesModifications", params,
            lambda root: [parse.volume_modification(i) for i in root.findall("volumeModificationSet/item")]))

    # -- snapshot import --------------------------------------------------------------
    @operation
    def ex_import_snapshot(self, client_data: Optional[Dict[str, Any]] = None, client_token: Optional[str] = None,
                           description: Optional[str] = None, disk_container: Optional[List[Dict[str, Any]]] = None,
                           dry_run: Optional[bool] = None, role_name: Optional[str] = None,
                           timeout: float = 1800, interval: float = 15) -> Flow[VolumeSnapshot]:
        """Import a disk image from S3 as a snapshot and wait until the import completed."""
        params: Dict[str, str] = {}
        if client_data:
            params.update(query.flatten("ClientData", client_data))
        params.update(non_empty(ClientToken=client_token, Description=description))
        if disk_container:
            # ImportSnapshot takes a single DiskContainer (no index).
            params.update(query.flatten("DiskContainer", disk_container[0]))
        if dry_run:
            params["DryRun"] = "true"
        if role_name:
            params["RoleName"] = role_name
        response = yield self._call("ImportSnapshot", params, idempotent=bool(client_token))
        task_id = response.object.findtext("importTaskId") or ""
        return (yield from self._import_snapshot_flow(task_id, timeout, interval))

    def _import_snapshot_flow(self, import_task_id: str, timeout: float, interval: float) -> Flow[VolumeSnapshot]:
        deadline = time.monotonic() + timeout
        while True:
            task = yield from self._import_task_flow(import_task_id)
            if task.status == "completed" and task.snapshotId:
                return VolumeSnapshot(task.snapshotId, driver=self, extra={"import_task_id": import_task_id})
            if task.status in ("deleted", "deleting"):
                raise ValueError("Import task %s was %s: %s" % (import_task_id, task.status, task.status_message))
            if time.monotonic() + interval > deadline:
                raise TimeoutError("Timeout while waiting for import task Id %s" % import_task_id)
            yield Sleep(interval)

    @operation
    def _wait_for_import_snapshot_completion(self, import_task_id: str, timeout: float = 1800,
                                             interval: float = 15) -> Flow[VolumeSnapshot]:
        """The snapshot of import task ``import_task_id`` once completed (``TimeoutError`` after ``timeout``)."""
        return (yield from self._import_snapshot_flow(import_task_id, timeout, interval))

    def _import_task_flow(self, import_task_id: str, dry_run: Optional[bool] = None) -> Flow[EC2ImportSnapshotTask]:
        params = {"ImportTaskId.1": import_task_id}
        if dry_run:
            params["DryRun"] = "true"
        response = yield self._describe("DescribeImportSnapshotTasks", params)
        item = response.object.find("importSnapshotTaskSet/item")
        if item is None:
            raise ValueError("No import snapshot task %s" % import_task_id)
        return parse.import_snapshot_task(item)

    @operation
    def ex_describe_import_snapshot_tasks(self, import_task_id: str, dry_run: Optional[bool] = None
                                          ) -> Flow[EC2ImportSnapshotTask]:
        """The state of one import snapshot task."""
        return (yield from self._import_task_flow(import_task_id, dry_run))

    @operation
    def destroy_volume_snapshot(self, snapshot: VolumeSnapshot) -> Flow[bool]:
        return (yield from self._call_ok("DeleteSnapshot", {"SnapshotId": snapshot.id}))
