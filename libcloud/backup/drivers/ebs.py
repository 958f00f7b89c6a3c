"""``EBSBackupDriver``: Amazon EBS volumes backed up as snapshots (the EC2 Query API).

A backup target is an EBS volume (``address`` is the volume id); a job is a
snapshot being taken; a recovery point is a finished snapshot, and recovering
creates a new volume from it (in the target's availability zone, or in the
recovery target's).
"""

from __future__ import annotations

import datetime
from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.backup.base import BackupDriver, BackupTarget, BackupTargetJob, BackupTargetRecoveryPoint
from libcloud.backup.types import BackupTargetJobStatusType, BackupTargetType
from libcloud.common.aws.driver import RegionalAWSDriver
from libcloud.compute.drivers.ec2.calls import EC2Calls
from libcloud.compute.drivers.ec2.connection import EC2Connection

__all__ = ["EBSBackupDriver"]

#: Snapshot state -> job status.
_JOB_STATUS = {
    "pending": BackupTargetJobStatusType.RUNNING,
    "completed": BackupTargetJobStatusType.COMPLETED,
    "error": BackupTargetJobStatusType.FAILED,
}


class EBSBackupDriver(EC2Calls, RegionalAWSDriver, BackupDriver):
    """Amazon EBS snapshots: ``EBSBackupDriver(key, secret, region="us-east-1", token=None)``."""

    name = "Amazon EBS"
    website = "https://aws.amazon.com/ebs/"
    type = "ebs"
    connectionCls = EC2Connection
    endpoint_service = "ec2"

    def get_supported_target_types(self) -> List[str]:
        """EBS backs up volumes, which are ``BackupTargetType.VIRTUAL`` targets."""
        return [BackupTargetType.VIRTUAL]

    # -- targets (volumes) -------------------------------------------------------------
    @operation
    def list_targets(self) -> Flow[List[BackupTarget]]:
        """Every EBS volume of the region, as a target."""
        response = yield self._describe("DescribeVolumes")
        return [self._to_target(item) for item in response.object.findall(".//volumeSet/item")]

    @operation
    def create_target(self, name: str, address: str, type: str = BackupTargetType.VIRTUAL,
                      extra: Optional[Dict[str, Any]] = None) -> Flow[BackupTarget]:
        """The target for the volume ``address`` (checked to exist; nothing is created on AWS)."""
        response = yield self._describe("DescribeVolumes", {"VolumeId.1": address})
        target = self._to_target(response.object.find(".//volumeSet/item"))
        target.name = name or target.name
        target.extra.update(extra or {})
        return target

    def create_target_from_node(self, node: Any, type: str = BackupTargetType.VIRTUAL,
                                extra: Optional[Dict[str, Any]] = None) -> BackupTarget:
        """The target for the first EBS volume attached to the EC2 ``node``."""
        for mapping in node.extra.get("block_device_mapping") or []:
            volume_id = (mapping.get("ebs") or {}).get("volume_id")
            if volume_id:
                return self.create_target(node.name, volume_id, type, extra)
        raise ValueError("Node %s has no EBS volume" % (node.id,))

    def delete_target(self, target: BackupTarget) -> bool:
        """Forget ``target`` (the volume and its snapshots stay)."""
        return True

    # -- recovery points (snapshots) -------------------------------------------------------
    @operation
    def list_recovery_points(self, target: BackupTarget, start_date: Optional[datetime.datetime] = None,
                             end_date: Optional[datetime.datetime] = None) -> Flow[List[BackupTargetRecoveryPoint]]:
        """The completed snapshots of the target's volume, optionally between two (aware) dates."""
        snapshots = yield from self._snapshots({"Filter.1.Name": "volume-id", "Filter.1.Value.1": target.address})
        points = []
        for item in snapshots:
            if item.findtext("status") != "completed":
                continue
            date = _parse_time(item.findtext("startTime"))
            if (start_date and date and date < start_date) or (end_date and date and date > end_date):
                continue
            points.append(BackupTargetRecoveryPoint(id=item.findtext("snapshotId"), date=date, target=target,
                                                    driver=self, extra=_snapshot_extra(item)))
        return points

    @operation
    def recover_target(self, target: BackupTarget, recovery_point: BackupTargetRecoveryPoint,
                       path: Optional[str] = None) -> Flow[BackupTargetJob]:
        """Create a new volume from ``recovery_point`` in the target's zone (EBS restores out of place)."""
        return (yield from self._restore(target, recovery_point, target))

    @operation
    def recover_target_out_of_place(self, target: BackupTarget, recovery_point: BackupTargetRecoveryPoint,
                                    recovery_target: BackupTarget, path: Optional[str] = None) -> Flow[BackupTargetJob]:
        """Create a new volume from ``recovery_point`` in the zone of ``recovery_target``."""
        return (yield from self._restore(target, recovery_point, recovery_target))

    def _restore(self, target: BackupTarget, point: BackupTargetRecoveryPoint,
                 where: BackupTarget) -> Flow[BackupTargetJob]:
        zone = where.extra.get("availability_zone")
        response = yield self._call("CreateVolume", {"SnapshotId": point.id, "AvailabilityZone": zone})
        volume_id = response.object.findtext(".//volumeId")
        status = response.object.findtext(".//status")
        return BackupTargetJob(id=volume_id, status=BackupTargetJobStatusType.RUNNING if status == "creating"
                               else BackupTargetJobStatusType.COMPLETED, progress=0, target=where, driver=self,
                               extra={"volume_id": volume_id, "snapshot_id": point.id})

    # -- jobs (snapshots being taken) ------------------------------------------------------
    @operation
    def create_target_job(self, target: BackupTarget, extra: Optional[Dict[str, Any]] = None) -> Flow[BackupTargetJob]:
        """Take a snapshot of the target's volume (``extra["description"]`` names it)."""
        params = {"VolumeId": target.address}
        if extra and extra.get("description"):
            params["Description"] = extra["description"]
        response = yield self._call("CreateSnapshot", params)
        return self._to_job(response.object, target)

    @operation
    def get_target_job(self, target: BackupTarget, id: str) -> Flow[BackupTargetJob]:
        """The snapshot ``id`` of ``target``, as a job."""
        snapshots = yield from self._snapshots({"SnapshotId.1": id})
        return self._to_job(snapshots[0], target)

    @operation
    def list_target_jobs(self, target: BackupTarget) -> Flow[List[BackupTargetJob]]:
        """The snapshots of the target's volume still being taken."""
        snapshots = yield from self._snapshots({"Filter.1.Name": "volume-id", "Filter.1.Value.1": target.address,
                                                "Filter.2.Name": "status", "Filter.2.Value.1": "pending"})
        return [self._to_job(item, target) for item in snapshots]

    @operation
    def cancel_target_job(self, job: BackupTargetJob) -> Flow[bool]:
        """Delete the job's snapshot (EBS cannot stop one being taken otherwise)."""
        yield self._call("DeleteSnapshot", {"SnapshotId": job.id})
        return True

    def _snapshots(self, params: Dict[str, Any]) -> Flow[List[Any]]:
        query = dict(params, **{"Owner.1": "self"}) if "SnapshotId.1" not in params else dict(params)
        response = yield self._describe("DescribeSnapshots", query)
        return response.object.findall(".//snapshotSet/item")

    # -- parsing ---------------------------------------------------------------------------
    def _to_target(self, item: Any) -> BackupTarget:
        volume_id = item.findtext("volumeId")
        tags = {tag.findtext("key"): tag.findtext("value") for tag in item.findall("tagSet/item")}
        return BackupTarget(id=volume_id, name=tags.get("Name") or volume_id, address=volume_id,
                            type=BackupTargetType.VIRTUAL, driver=self,
                            extra={"availability_zone": item.findtext("availabilityZone"),
                                   "size": int(item.findtext("size") or 0), "state": item.findtext("status"),
                                   "tags": tags})

    def _to_job(self, item: Any, target: BackupTarget) -> BackupTargetJob:
        progress = (item.findtext("progress") or "0").rstrip("%") or "0"
        return BackupTargetJob(id=item.findtext("snapshotId"),
                               status=_JOB_STATUS.get(item.findtext("status") or "", BackupTargetJobStatusType.UNKNOWN),
                               progress=int(float(progress)), target=target, driver=self,
                               extra=_snapshot_extra(item))


def _snapshot_extra(item: Any) -> Dict[str, Any]:
    return {"volume_id": item.findtext("volumeId"), "state": item.findtext("status"),
            "description": item.findtext("description"), "start_time": item.findtext("startTime")}


def _parse_time(text: Optional[str]) -> Optional[datetime.datetime]:
    if not text:
        return None
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
