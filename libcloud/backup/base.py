"""The backup API's models (:class:`BackupTarget`, :class:`BackupTargetJob`,
:class:`BackupTargetRecoveryPoint`) and :class:`BackupDriver`.

Drivers implement what their provider supports; this base class does no I/O.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Type

from libcloud.backup.types import BackupTargetType
from libcloud.common.base import BaseDriver, Connection, ConnectionUserAndKey

__all__ = ["BackupTarget", "BackupTargetJob", "BackupTargetRecoveryPoint", "BackupDriver"]


class BackupTarget:
    """Something that is backed up: a server, a volume, a file system..."""

    def __init__(self, id: Any, name: str, address: str, type: str, driver: "BackupDriver",
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = str(id) if id else None
        self.name = name
        self.address = address
        self.type = type
        self.driver = driver
        self.extra = extra or {}

    def update(self, name: Optional[str] = None, address: Optional[str] = None,
               extra: Optional[Dict[str, Any]] = None) -> "BackupTarget":
        """Change this target (``driver.update_target``)."""
        return self.driver.update_target(target=self, name=name, address=address, extra=extra)

    def delete(self) -> bool:
        """Delete this target (``driver.delete_target``)."""
        return self.driver.delete_target(target=self)

    def _get_numeric_id(self) -> Any:
        target_id = self.id
        if target_id is not None and target_id.isdigit():
            return int(target_id)
        return target_id

    def __repr__(self) -> str:
        return "<Target: id=%s, name=%s, address=%s, type=%s, provider=%s ...>" % (
            self.id, self.name, self.address, self.type, self.driver.name)


class BackupTargetJob:
    """A backup job of a target; ``status`` is a ``BackupTargetJobStatusType`` value."""

    def __init__(self, id: Any, status: str, progress: int, target: BackupTarget, driver: "BackupDriver",
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = str(id) if id else None
        self.status = status
        self.progress = progress
        self.target = target
        self.driver = driver
        self.extra = extra or {}

    def cancel(self) -> bool:
        """Cancel this job (``driver.cancel_target_job``)."""
        return self.driver.cancel_target_job(job=self)

    def suspend(self) -> bool:
        """Suspend this job (``driver.suspend_target_job``)."""
        return self.driver.suspend_target_job(job=self)

    def resume(self) -> bool:
        """Resume this job (``driver.resume_target_job``)."""
        return self.driver.resume_target_job(job=self)

    def __repr__(self) -> str:
        return "<Job: id=%s, status=%s, progress=%s, target=%s, provider=%s ...>" % (
            self.id, self.status, self.progress, self.target.id, self.driver.name)


class BackupTargetRecoveryPoint:
    """A point in time a target can be restored to."""

    def __init__(self, id: Any, date: Any, target: BackupTarget, driver: "BackupDriver",
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = str(id) if id else None
        self.date = date
        self.target = target
        self.driver = driver
        self.extra = extra or {}

    def recover(self, path: Optional[str] = None) -> BackupTargetJob:
        """Restore the target in place (``driver.recover_target``)."""
        return self.driver.recover_target(target=self.target, recovery_point=self, path=path)

    def recover_to(self, recovery_target: BackupTarget, path: Optional[str] = None) -> BackupTargetJob:
        """Restore into another target (``driver.recover_target_out_of_place``)."""
        return self.driver.recover_target_out_of_place(target=self.target, recovery_point=self,
                                                       recovery_target=recovery_target, path=path)

    def __repr__(self) -> str:
        return "<RecoveryPoint: id=%s, date=%s, target=%s, provider=%s ...>" % (
            self.id, self.date, self.target.id, self.driver.name)


class BackupDriver(BaseDriver):
    """The base of backup drivers; subclasses implement the methods they support."""

    connectionCls: Type[Connection] = ConnectionUserAndKey
    name = ""
    website = ""

    def get_supported_target_types(self) -> List[str]:
        """The ``BackupTargetType`` values this provider can back up."""
        raise NotImplementedError("get_supported_target_types not implemented for this driver")

    def list_targets(self) -> List[BackupTarget]:
        """Every backup target."""
        raise NotImplementedError("list_targets not implemented for this driver")

    def create_target(self, name: str, address: str, type: str = BackupTargetType.VIRTUAL,
                      extra: Optional[Dict[str, Any]] = None) -> BackupTarget:
        """Create a backup target for the resource at ``address``."""
        raise NotImplementedError("create_target not implemented for this driver")

    def create_target_from_node(self, node: Any, type: str = BackupTargetType.VIRTUAL,
                                extra: Optional[Dict[str, Any]] = None) -> BackupTarget:
        """Create a backup target for a compute node (named and addressed after it)."""
        return self.create_target(name=node.name, address=node.public_ips[0], type=type, extra=None)

    def create_target_from_storage_container(self, container: Any, type: str = BackupTargetType.OBJECT,
                                             extra: Optional[Dict[str, Any]] = None) -> BackupTarget:
        """Create a backup target for a storage container (named and addressed after it)."""
        return self.create_target(name=container.name, address=container.get_cdn_url(), type=type, extra=None)

    def update_target(self, target: BackupTarget, name: Optional[str], address: Optional[str],
                      extra: Optional[Dict[str, Any]]) -> BackupTarget:
        """Change ``target``; returns it updated."""
        raise NotImplementedError("update_target not implemented for this driver")

    def delete_target(self, target: BackupTarget) -> bool:
        """Delete ``target``; True on success."""
        raise NotImplementedError("delete_target not implemented for this driver")

    def list_recovery_points(self, target: BackupTarget, start_date: Any = None,
                             end_date: Any = None) -> List[BackupTargetRecoveryPoint]:
        """The recovery points of ``target``, optionally between two dates."""
        raise NotImplementedError("list_recovery_points not implemented for this driver")

    def recover_target(self, target: BackupTarget, recovery_point: BackupTargetRecoveryPoint,
                       path: Optional[str] = None) -> BackupTargetJob:
        """Restore ``target`` in place from ``recovery_point``."""
        raise NotImplementedError("recover_target not implemented for this driver")

    def recover_target_out_of_place(self, target: BackupTarget, recovery_point: BackupTargetRecoveryPoint,
                                    recovery_target: BackupTarget, path: Optional[str] = None) -> BackupTargetJob:
        """Restore ``recovery_point`` of ``target`` into ``recovery_target``."""
        raise NotImplementedError("recover_target_out_of_place not implemented for this driver")

    def get_target_job(self, target: BackupTarget, id: str) -> BackupTargetJob:
        """The job ``id`` of ``target``."""
        raise NotImplementedError("get_target_job not implemented for this driver")

    def list_target_jobs(self, target: BackupTarget) -> List[BackupTargetJob]:
        """The jobs of ``target``."""
        raise NotImplementedError("list_target_jobs not implemented for this driver")

    def create_target_job(self, target: BackupTarget, extra: Optional[Dict[str, Any]] = None) -> BackupTargetJob:
        """Start a backup job of ``target``."""
        raise NotImplementedError("create_target_job not implemented for this driver")

    def resume_target_job(self, job: BackupTargetJob) -> bool:
        """Resume a suspended job."""
        raise NotImplementedError("resume_target_job not implemented for this driver")

    def suspend_target_job(self, job: BackupTargetJob) -> bool:
        """Suspend a running job."""
        raise NotImplementedError("suspend_target_job not implemented for this driver")

    def cancel_target_job(self, job: BackupTargetJob) -> bool:
        """Cancel a job."""
        raise NotImplementedError("cancel_target_job not implemented for this driver")
