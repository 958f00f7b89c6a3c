"""``AsyncBackupDriver``: the backup API as coroutines."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.asyncio._driver import AsyncDriver, documented_from
from libcloud.backup.base import BackupDriver, BackupTarget, BackupTargetJob, BackupTargetRecoveryPoint

__all__ = ["AsyncBackupDriver"]


@documented_from(BackupDriver)
class AsyncBackupDriver(AsyncDriver):
    """Every ``BackupDriver`` method, awaitable (``ex_*`` extras too)."""

    async def get_supported_target_types(self) -> List[str]:
        return await self._call("get_supported_target_types")

    async def list_targets(self) -> List[BackupTarget]:
        return await self._call("list_targets")

    async def create_target(self, name: str, address: str, *args: Any, **kwargs: Any) -> BackupTarget:
        return await self._call("create_target", name, address, *args, **kwargs)

    async def create_target_from_node(self, node: Any, *args: Any, **kwargs: Any) -> BackupTarget:
        return await self._call("create_target_from_node", node, *args, **kwargs)

    async def create_target_from_storage_container(self, container: Any, *args: Any, **kwargs: Any) -> BackupTarget:
        return await self._call("create_target_from_storage_container", container,
                                *args, **kwargs)

    async def update_target(self, target: BackupTarget, name: Optional[str], address: Optional[str],
                            extra: Optional[Dict[str, Any]]) -> BackupTarget:
        return await self._call("update_target", target, name, address, extra)

    async def delete_target(self, target: BackupTarget) -> bool:
        return await self._call("delete_target", target)

    async def list_recovery_points(self, target: BackupTarget, start_date: Any = None,
                                   end_date: Any = None) -> List[BackupTargetRecoveryPoint]:
        return await self._call("list_recovery_points", target, start_date, end_date)

    async def recover_target(self, target: BackupTarget, recovery_point: BackupTargetRecoveryPoint,
                             path: Optional[str] = None) -> BackupTargetJob:
        return await self._call("recover_target", target, recovery_point, path)

    async def recover_target_out_of_place(self, target: BackupTarget, recovery_point: BackupTargetRecoveryPoint,
                                          recovery_target: BackupTarget, path: Optional[str] = None) -> BackupTargetJob:
        return await self._call("recover_target_out_of_place", target, recovery_point,
                                recovery_target, path)

    async def get_target_job(self, target: BackupTarget, id: str) -> BackupTargetJob:
        return await self._call("get_target_job", target, id)

    async def list_target_jobs(self, target: BackupTarget) -> List[BackupTargetJob]:
        return await self._call("list_target_jobs", target)

    async def create_target_job(self, target: BackupTarget, extra: Optional[Dict[str, Any]] = None) -> BackupTargetJob:
        return await self._call("create_target_job", target, extra)

    async def resume_target_job(self, *args: Any, **kwargs: Any) -> bool:
        return await self._call("resume_target_job", *args, **kwargs)

    async def suspend_target_job(self, *args: Any, **kwargs: Any) -> bool:
        return await self._call("suspend_target_job", *args, **kwargs)

    async def cancel_target_job(self, *args: Any, **kwargs: Any) -> bool:
        return await self._call("cancel_target_job", *args, **kwargs)
