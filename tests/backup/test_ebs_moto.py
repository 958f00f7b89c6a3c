"""The EBS backup driver against a real moto server: a volume as target, snapshots as jobs and
recovery points, and a restore into a new volume."""

from __future__ import annotations

import datetime

import pytest

from libcloud.backup.drivers.ebs import EBSBackupDriver
from libcloud.backup.providers import get_driver
from libcloud.backup.types import BackupTargetJobStatusType, Provider


@pytest.fixture
def driver(moto):
    return EBSBackupDriver("AKIDMOTO", "motosecret", "us-east-1", host=moto.host, port=moto.port, secure=False)


@pytest.fixture
def volume(moto):
    import boto3

    ec2 = boto3.client("ec2", region_name="us-east-1", endpoint_url=moto.url, aws_access_key_id="AKIDMOTO",
                       aws_secret_access_key="motosecret")
    volume = ec2.create_volume(Size=8, AvailabilityZone="us-east-1a")["VolumeId"]
    ec2.create_tags(Resources=[volume], Tags=[{"Key": "Name", "Value": "data"}])
    return volume


def test_the_registry_serves_it():
    assert get_driver(Provider.EBS) is EBSBackupDriver


def test_snapshot_and_restore(driver, volume):
    (target,) = driver.list_targets()
    assert (target.id, target.name, target.extra["availability_zone"]) == (volume, "data", "us-east-1a")
    target = driver.create_target("nightly", volume)
    assert target.name == "nightly" and target.extra["size"] == 8

    job = driver.create_target_job(target, extra={"description": "first"})
    assert job.id.startswith("snap-")
    assert driver.get_target_job(target, job.id).status in (BackupTargetJobStatusType.RUNNING,
                                                           BackupTargetJobStatusType.COMPLETED)
    (point,) = driver.list_recovery_points(target)  # moto completes snapshots at once
    assert point.id == job.id and point.extra["description"] == "first"
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    assert driver.list_recovery_points(target, start_date=later) == []

    restored = point.recover()
    assert restored.id.startswith("vol-") and restored.id != volume
    assert sorted(t.id for t in driver.list_targets()) == sorted([volume, restored.id])
    assert driver.cancel_target_job(job) is True
    assert driver.list_recovery_points(target) == []
