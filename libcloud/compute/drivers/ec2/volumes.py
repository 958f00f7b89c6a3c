"""EBS volumes and snapshots."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.compute.base import Node, NodeLocation, StorageVolume, VolumeSnapshot
from libcloud.compute.drivers.ec2 import parse, query
from libcloud.compute.drivers.ec2.calls import EC2Calls
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
        params: Dict[str, str] = {"Size": str(int(size)), "VolumeType": ex_volume_type}
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
            params["Encrypted"] = "true"
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
    def attach_volume(self, node: Node, volume: StorageVolume, device: str) -> Flow[bool]:
        if not device:
            raise ValueError("EC2 needs a device name to attach a volume to (e.g. /dev/sdf)")
        yield self._call("AttachVolume", {"VolumeId": volume.id, "InstanceId": node.id, "Device": device},
                         idempotent=True)
        return True

    @operation
    def detach_volume(self, volume: StorageVolume, ex_force: bool = False) -> Flow[bool]:
        """Detach ``volume`` from its instance (looked up when ``volume.extra`` does not say)."""
        instance_id = (volume.extra or {}).get("instance_id")
        if not instance_id:
            response = yield self._describe("DescribeVolumes", query.numbered("VolumeId", [volume.id]))
            item = response.object.find("volumeSet/item")
            instance_id = item.findtext("attachmentSet/item/instanceId") if item is not None else None
        if not instance_id:
            raise ValueError("Volume %s is not attached to an instance" % volume.id)
        params = {"VolumeId": volume.id, "InstanceId": instance_id}
        if ex_force:
            params["Force"] = "true"
        yield self._call("DetachVolume", params, idempotent=True)
        return True

    @operation
    def destroy_volume(self, volume: StorageVolume) -> Flow[bool]:
        response = yield self._call("DeleteVolume", {"VolumeId": volume.id}, idempotent=True)
        return parse.return_value(response.object)

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
            volume = yield from type(self).create_volume.flow(  # type: ignore[attr-defined]
                self, size, name or "", location, **create_volume_kwargs)
            created.add(volume)
            yield from type(self).attach_volume.flow(self, node, volume, device)  # type: ignore[attr-defined]
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
        return (yield from self._describe_all(
            "DescribeSnapshots", params,
            lambda root: [parse.snapshot(item, self) for item in root.findall("snapshotSet/item")]))

    @operation
    def create_volume_snapshot(self, volume: StorageVolume, name: Optional[str] = None) -> Flow[VolumeSnapshot]:
        params = {"VolumeId": volume.id}
        if name:
            params["Description"] = name
            params.update(query.tag_specifications({"snapshot": {"Name": name}}))
        response = yield self._call("CreateSnapshot", params)
        snap = parse.snapshot(response.object, self)
        if name:
            snap.name = name
        return snap

    @operation
    def destroy_volume_snapshot(self, snapshot: VolumeSnapshot) -> Flow[bool]:
        response = yield self._call("DeleteSnapshot", {"SnapshotId": snapshot.id}, idempotent=True)
        return parse.return_value(response.object)
