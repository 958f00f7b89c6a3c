"""``DimensionDataBackupDriver``: CloudControl Cloud Backup.

A backup target is a server with backup enabled: its id is the backup asset
id, its address the server id and ``extra["servicePlan"]`` the service plan
(``Essentials``, ``Advanced`` or ``Enterprise``).  Servers are listed with
the CaaS API; backup itself is the legacy API's ``server/<id>/backup``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.backup.base import BackupTarget
from libcloud.backup.drivers.dimensiondata import parse
from libcloud.backup.drivers.dimensiondata.clients import ClientsMixin
from libcloud.backup.types import BackupTargetType, Provider
from libcloud.common.dimensiondata import BACKUP_NS, DimensionDataConnection
from libcloud.common.dimensiondata.regional import RegionalDriverMixin
from libcloud.common.dimensiondata.xmlbody import document

__all__ = ["DimensionDataBackupDriver", "DEFAULT_BACKUP_PLAN"]

#: The service plan of a target created or updated without one.
DEFAULT_BACKUP_PLAN = "Advanced"


def _plan(extra: Optional[Dict[str, Any]]) -> str:
    return str((extra or {}).get("servicePlan") or DEFAULT_BACKUP_PLAN)


class DimensionDataBackupDriver(RegionalDriverMixin, ClientsMixin):
    """Dimension Data Cloud Backup, one region per driver instance.

    ``DimensionDataBackupDriver(user, password, region="dd-na")``;
    ``host``/``port`` point the driver at another endpoint.
    """

    connectionCls: Any = DimensionDataConnection
    name = "Dimension Data Backup"
    website = "https://cloud.dimensiondata.com/"
    type = Provider.DIMENSIONDATA

    def get_supported_target_types(self) -> List[str]:
        """Servers only (``BackupTargetType.VIRTUAL``)."""
        return [BackupTargetType.VIRTUAL]

    @operation
    def list_targets(self) -> Flow[List[BackupTarget]]:
        """Every server with backup enabled."""
        servers = yield from self.connection.collect_api_2("server/server")
        return [t for t in (parse.target(server, self) for server in servers) if t is not None]

    @operation
    def create_target(self, name: str, address: str, type: str = BackupTargetType.VIRTUAL,
                      extra: Optional[Dict[str, Any]] = None) -> Flow[BackupTarget]:
        """Enable backup on server ``address`` (``extra["servicePlan"]``, default ``DEFAULT_BACKUP_PLAN``)."""
        return (yield from self._create(name, address, type, extra))

    def _create(self, name: str, address: str, type: str, extra: Optional[Dict[str, Any]]) -> Flow[BackupTarget]:
        plan = _plan(extra)
        root = yield from self._backup(address, body=document("NewBackup", {"servicePlan": plan}, BACKUP_NS))
        return BackupTarget(id=parse.additional_information(root, "assetId"), name=name, address=address,
                            type=type, driver=self, extra={"servicePlan": plan})

    @operation
    def create_target_from_node(self, node: Any, type: str = BackupTargetType.VIRTUAL,
                                extra: Optional[Dict[str, Any]] = None) -> Flow[BackupTarget]:
        """Enable backup on a compute node of this region."""
        return (yield from self._create(node.name, node.id, type, extra))

    @operation
    def update_target(self, target: Any, name: Optional[str] = None, address: Optional[str] = None,
                      extra: Optional[Dict[str, Any]] = None) -> Flow[BackupTarget]:
        """Change the service plan (``extra["servicePlan"]``, default ``DEFAULT_BACKUP_PLAN``); the target."""
        plan = _plan(extra)
        yield from self._backup(target, "/modify", document("ModifyBackup", {"servicePlan": plan}, BACKUP_NS))
        updated = yield from self._target(target)
        if updated is None:
            updated = BackupTarget(id=None, name=name or "", address=self._target_to_target_address(target),
                                   type=BackupTargetType.VIRTUAL, driver=self)
        updated.extra["servicePlan"] = plan
        return updated

    @operation
    def delete_target(self, target: Any) -> Flow[bool]:
        """Disable backup on the target's server."""
        return parse.succeeded((yield from self._backup(target, "?disable")))
