"""Cloud Backup answers (the legacy ``backup`` schema, and CaaS servers) -> backup models."""

from __future__ import annotations

from typing import Any, Optional
from xml.etree.ElementTree import Element

from libcloud.backup.base import BackupTarget, BackupTargetJob
from libcloud.backup.types import BackupTargetType
from libcloud.common.dimensiondata import (
    BACKUP_NS,
    GENERAL_NS,
    DimensionDataBackupClient,
    DimensionDataBackupClientAlert,
    DimensionDataBackupClientType,
    DimensionDataBackupDetails,
    DimensionDataBackupSchedulePolicy,
    DimensionDataBackupStoragePolicy,
)
from libcloud.common.dimensiondata.xmlbody import is_true, q, text

__all__ = ["b", "target", "details", "client_type", "storage_policy", "schedule_policy", "succeeded",
           "additional_information"]


def b(name: str) -> str:
    """``name`` qualified with the legacy backup namespace."""
    return "{%s}%s" % (BACKUP_NS, name)


def succeeded(root: Element) -> bool:
    """Whether a legacy ``Status`` answer reports ``SUCCESS``."""
    return root.findtext("{%s}result" % GENERAL_NS) == "SUCCESS"


def additional_information(root: Element, name: str) -> Optional[str]:
    """The value of ``<additionalInformation name="...">`` in a legacy ``Status`` answer."""
    for info in root.iter("{%s}additionalInformation" % GENERAL_NS):
        if info.get("name") == name:
            return info.findtext("{%s}value" % GENERAL_NS)
    return None


def target(server: Element, driver: Any) -> Optional[BackupTarget]:
    """A CaaS server as a backup target (None when its backup is not enabled).

    The target id is the backup asset id; its address is the server id.
    """
    backup = server.find(q("backup"))
    if backup is None:
        return None
    return BackupTarget(id=backup.get("assetId"), name=text(server, "name") or "", address=server.get("id") or "",
                        type=BackupTargetType.VIRTUAL, driver=driver,
                        extra={"servicePlan": backup.get("servicePlan"), "state": backup.get("state")})


def _alert(element: Optional[Element]) -> Optional[DimensionDataBackupClientAlert]:
    if element is None:
        return None
    return DimensionDataBackupClientAlert(trigger=element.get("trigger"),
                                          notify_list=[e.text or "" for e in element.findall(b("emailAddress"))])


def _running_job(element: Optional[Element], client_id: str, owner: BackupTarget,
                 driver: Any) -> Optional[BackupTargetJob]:
    if element is None:
        return None
    percentage = element.get("percentageComplete") or "0"
    return BackupTargetJob(id=element.get("id"), status=element.get("status") or "",
                           progress=int(percentage) if percentage.isdigit() else 0, target=owner, driver=driver,
                           extra={"clientId": client_id, "addr": owner.address, "job_name": element.get("name")})


def _client(element: Element, owner: BackupTarget, driver: Any) -> DimensionDataBackupClient:
    client_id = element.get("id") or ""
    kind = DimensionDataBackupClientType(type=element.get("type"), is_file_system=is_true(element.get("isFileSystem")),
                                         description=element.findtext(b("description")))
    return DimensionDataBackupClient(id=client_id, type=kind, status=element.get("status"),
                                     schedule_policy=element.findtext(b("schedulePolicyName")),
                                     storage_policy=element.findtext(b("storagePolicyName")),
                                     download_url=element.findtext(b("downloadUrl")),
                                     alert=_alert(element.find(b("alerting"))),
                                     running_job=_running_job(element.find(b("runningJob")), client_id, owner, driver))


def details(root: Element, owner: BackupTarget, driver: Any) -> DimensionDataBackupDetails:
    """A ``BackupDetails`` answer; running jobs belong to ``owner``."""
    return DimensionDataBackupDetails(asset_id=root.get("assetId"), service_plan=root.get("servicePlan"),
                                      status=root.get("state"),
                                      clients=[_client(e, owner, driver) for e in root.findall(b("backupClient"))])


def client_type(element: Element) -> DimensionDataBackupClientType:
    """A ``backupClientType``."""
    return DimensionDataBackupClientType(type=element.get("type"), is_file_system=is_true(element.get("isFileSystem")),
                                         description=element.get("description"))


def storage_policy(element: Element) -> DimensionDataBackupStoragePolicy:
    """A ``storagePolicy`` (``retention_period`` in days)."""
    days = element.get("retentionPeriodInDays") or ""
    return DimensionDataBackupStoragePolicy(name=element.get("name"),
                                            retention_period=int(days) if days.isdigit() else None,
                                            secondary_location=element.get("secondaryLocation"))


def schedule_policy(element: Element) -> DimensionDataBackupSchedulePolicy:
    """A ``schedulePolicy``."""
    return DimensionDataBackupSchedulePolicy(name=element.get("name"), description=element.get("description"))
