"""Backup clients of a target: the types and policies on offer, adding and removing clients, jobs."""

from __future__ import annotations

from typing import Any, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.backup.base import BackupTarget, BackupTargetJob
from libcloud.backup.drivers.dimensiondata import parse
from libcloud.backup.drivers.dimensiondata.calls import BackupCalls
from libcloud.common.dimensiondata import BACKUP_NS, DimensionDataBackupDetails
from libcloud.common.dimensiondata.xmlbody import child, document

__all__ = ["ClientsMixin"]


def _name(value: Any, attribute: str) -> Any:
    """A policy or client type by its name (the API names them; a model or the name itself is accepted)."""
    return getattr(value, attribute, value)


class ClientsMixin(BackupCalls):
    """Upstream's ``ex_`` client methods and the job methods of the backup API."""

    @operation
    def ex_list_available_client_types(self, target: Any) -> Flow[List[Any]]:
        """The kinds of backup client the target's server can get."""
        root = yield from self._backup(target, "/client/type")
        return [parse.client_type(e) for e in root.findall(parse.b("backupClientType"))]

    @operation
    def ex_list_available_storage_policies(self, target: Any) -> Flow[List[Any]]:
        """The storage (retention) policies a client of the target can use."""
        root = yield from self._backup(target, "/client/storagePolicy")
        return [parse.storage_policy(e) for e in root.findall(parse.b("storagePolicy"))]

    @operation
    def ex_list_available_schedule_policies(self, target: Any) -> Flow[List[Any]]:
        """The schedules a client of the target can use."""
        root = yield from self._backup(target, "/client/schedulePolicy")
        return [parse.schedule_policy(e) for e in root.findall(parse.b("schedulePolicy"))]

    @operation
    def ex_add_client_to_target(self, target: Any, client_type: Any, storage_policy: Any, schedule_policy: Any,
                                trigger: Optional[str], email: Optional[str]) -> Flow[bool]:
        """Add a backup client (``client_type``, policies: models or names); ``trigger``/``email``: alerting."""
        body = document("AddBackupClient", namespace=BACKUP_NS)
        child(body, "type", _name(client_type, "type"))
        child(body, "storagePolicyName", _name(storage_policy, "name"))
        child(body, "schedulePolicyName", _name(schedule_policy, "name"))
        if trigger is not None:
            alerting = child(body, "alerting", attrs={"trigger": trigger})
            if email is not None:
                child(alerting, "emailAddress", email)
        root = yield from self._backup(target, "/client", body)
        return parse.succeeded(root)

    @operation
    def ex_remove_client_from_target(self, target: Any, backup_client: Any) -> Flow[bool]:
        """Remove a backup client (a model or its id) from the target."""
        root = yield from self._backup(target, "/client/%s?disable" % self._client_to_client_id(backup_client))
        return parse.succeeded(root)

    def _details(self, target: Any) -> Flow[Optional[DimensionDataBackupDetails]]:
        owner = yield from self._target(target)
        if owner is None:
            return None
        root = yield from self._backup(owner)
        return parse.details(root, owner, self)

    @operation
    def ex_get_backup_details_for_target(self, target: Any) -> Flow[Optional[DimensionDataBackupDetails]]:
        """The service plan, clients, alerting and running jobs of a target (None: backup not enabled)."""
        return (yield from self._details(target))

    # -- jobs ------------------------------------------------------------------------------
    def _jobs(self, target: Any) -> Flow[List[BackupTargetJob]]:
        found = yield from self._details(target)
        return [c.running_job for c in (found.clients if found else []) if c.running_job is not None]

    @operation
    def list_target_jobs(self, target: BackupTarget) -> Flow[List[BackupTargetJob]]:
        """The jobs running on the target's clients."""
        return (yield from self._jobs(target))

    @operation
    def get_target_job(self, target: BackupTarget, id: str) -> Flow[BackupTargetJob]:
        """The running job ``id`` of the target (ValueError when no client runs it)."""
        for job in (yield from self._jobs(target)):
            if job.id == str(id):
                return job
        raise ValueError("No running job %s on target %s" % (id, self._target_to_target_address(target)))

    @operation
    def cancel_target_job(self, job: Optional[BackupTargetJob], ex_client: Any = None,
                          ex_target: Any = None) -> Flow[bool]:
        """Cancel a running job; without ``job``, the job of client ``ex_client`` of target ``ex_target``."""
        if job is not None:
            ex_client = job.extra.get("clientId", ex_client)
            ex_target = job.extra.get("addr") or job.target
        if ex_client is None or ex_target is None:
            raise ValueError("cancel_target_job needs a job, or both ex_client and ex_target")
        root = yield from self._backup(ex_target, "/client/%s?cancelJob" % self._client_to_client_id(ex_client))
        return parse.succeeded(root)
