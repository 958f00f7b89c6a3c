"""The backup driver's requests: legacy ``server/<id>/backup`` calls and CaaS server look-ups."""

from __future__ import annotations

from typing import Any, Optional
from xml.etree.ElementTree import Element

from libcloud._core.flow import Flow
from libcloud.backup.base import BackupDriver, BackupTarget
from libcloud.backup.drivers.dimensiondata import parse
from libcloud.common.dimensiondata import DimensionDataBackupClient
from libcloud.common.dimensiondata.xmlbody import to_bytes

__all__ = ["BackupCalls"]


class BackupCalls(BackupDriver):
    """Base of the backup driver's mixins: the calls, and upstream's target and client coercions."""

    connection: Any

    def _backup(self, target: Any, action: str = "", body: Optional[Element] = None) -> Flow[Element]:
        """One call under ``server/<address>/backup`` (a POST when there is a body)."""
        path = "server/%s/backup%s" % (self._target_to_target_address(target), action)
        if body is None:
            response = yield from self.connection.api_1(path)
        else:
            response = yield from self.connection.api_1(path, data=to_bytes(body), method="POST")
        return response.object

    def _server(self, address: str) -> Flow[Element]:
        response = yield from self.connection.api_2("server/server/%s" % address)
        return response.object

    def _target(self, target: Any) -> Flow[Optional[BackupTarget]]:
        """``target`` itself, or the target of the server whose id it is (None: no backup there)."""
        if isinstance(target, BackupTarget):
            return target
        return parse.target((yield from self._server(self._target_to_target_address(target))), self)

    def _target_to_target_address(self, target: Any) -> str:
        """The server id of a target (a BackupTarget or the id itself)."""
        if isinstance(target, BackupTarget):
            return target.address
        if isinstance(target, str):
            return target
        raise TypeError("target must be a BackupTarget or a server id, not %s" % type(target).__name__)

    def _client_to_client_id(self, backup_client: Any) -> str:
        """The id of a backup client (a DimensionDataBackupClient or the id itself)."""
        if isinstance(backup_client, DimensionDataBackupClient):
            return backup_client.id
        if isinstance(backup_client, str):
            return backup_client
        raise TypeError("backup_client must be a DimensionDataBackupClient or its id, not %s"
                        % type(backup_client).__name__)
