"""The CloudControl Cloud Backup resources, upstream's names and arguments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Optional

from libcloud.common.dimensiondata.models import DimensionDataRawObject

__all__ = [
    "DimensionDataBackupDetails", "DimensionDataBackupClient", "DimensionDataBackupClientAlert",
    "DimensionDataBackupClientType", "DimensionDataBackupStoragePolicy", "DimensionDataBackupSchedulePolicy",
    "DimensionDataBackupClientRunningJob",
]


class DimensionDataBackupClientAlert(DimensionDataRawObject):
    """When a backup client mails (``trigger``: ``ON_FAILURE``, ``ON_SUCCESS``...) and to whom."""

    def __init__(self, trigger: Optional[str], notify_list: Optional[List[str]] = None) -> None:
        self.trigger = trigger
        self.notify_list = list(notify_list or [])


class DimensionDataBackupClientRunningJob(DimensionDataRawObject):
    """A backup job in progress on a client."""

    def __init__(self, id: str, status: Optional[str], percentage: int = 0) -> None:
        self.id = id
        self.percentage = percentage
        self.status = status


@dataclass(eq=False, repr=False)
class DimensionDataBackupClientType(DimensionDataRawObject):
    """A kind of backup client (agent) a server can get, e.g. ``FA.Linux``."""

    type: Optional[str]
    is_file_system: bool
    description: Optional[str]


@dataclass(eq=False, repr=False)
class DimensionDataBackupStoragePolicy(DimensionDataRawObject):
    """How long backups are kept, and where a second copy goes."""

    name: Optional[str]
    retention_period: Any
    secondary_location: Optional[str]


@dataclass(eq=False, repr=False)
class DimensionDataBackupSchedulePolicy(DimensionDataRawObject):
    """When backups run."""

    name: Optional[str]
    description: Optional[str]


@dataclass(eq=False, repr=False)
class DimensionDataBackupClient(DimensionDataRawObject):
    """A backup client (agent) of a server, with its policies, alerting and running job."""

    id: str
    type: DimensionDataBackupClientType
    status: Optional[str]
    schedule_policy: Optional[str]
    storage_policy: Optional[str]
    download_url: Optional[str]
    alert: Optional[DimensionDataBackupClientAlert] = None
    running_job: Any = None


class DimensionDataBackupDetails(DimensionDataRawObject):
    """The backup of a server: its service plan, state and clients."""

    def __init__(self, asset_id: Optional[str], service_plan: Optional[str], status: Optional[str],
                 clients: Optional[List[DimensionDataBackupClient]] = None) -> None:
        self.asset_id = asset_id
        self.service_plan = service_plan
        self.status = status
        self.clients = list(clients or [])
