"""The DimensionData backup driver against a scripted CloudControl: CaaS servers and the legacy
``server/<id>/backup`` API, stateful (enable, plan changes, clients, a running job, disable), on asyncio too."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, Iterator, Optional
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest

from libcloud.backup.base import BackupTarget
from libcloud.backup.drivers.dimensiondata import DEFAULT_BACKUP_PLAN, DimensionDataBackupDriver
from libcloud.common.dimensiondata import BACKUP_NS, GENERAL_NS, TYPES_URN, DimensionDataAPIException
from libcloud.common.types import InvalidCredsError
from tests.fakes.http_server import LocalServer

ORG = "8a8f6abc-2745-4d8a-9cbc-8dabe5a7d0e4"
AUTH = "Basic dXNlcjpwYXNzd29yZA=="  # user:password
SERVERS = ["e75ead52-692f-4314-8725-c8a4f4d13a87", "5a32d6e4-9707-4813-a269-56ab4d989f4d"]
CLIENT = "30b1ff76-c76d-4d7c-b39d-3b72be0384c8"


def _status(result: str, detail: str, info: Optional[Dict[str, str]] = None) -> bytes:
    extra = "".join('<g:additionalInformation name="%s"><g:value>%s</g:value></g:additionalInformation>' % item
                    for item in (info or {}).items())
    return ('<g:Status xmlns:g="%s"><g:operation>op</g:operation><g:result>%s</g:result>'
            "<g:resultDetail>%s</g:resultDetail><g:resultCode>REASON_0</g:resultCode>%s</g:Status>"
            % (GENERAL_NS, result, detail, extra)).encode()


class Backup:
    """Two servers; backup state per server (plan, clients with an optional running job)."""

    def __init__(self) -> None:
        self.plans: Dict[str, str] = {}
        self.clients: Dict[str, Dict[str, Any]] = {}  # client id -> {"server", "type", "job", "emails"}

    def route(self, handler: Any) -> None:
        if handler.headers.get("Authorization") != AUTH:
            return handler.reply(401, b"")
        parts = urlsplit(handler.path)
        path = parts.path
        if path == "/oec/0.9/myaccount":
            return self.xml(handler, 200, ('<Account xmlns="http://oec.api.opsource.net/schemas/directory">'
                                           "<orgId>%s</orgId></Account>" % ORG).encode())
        caas = "/caas/2.4/%s/server/server" % ORG
        if path == caas:
            return self.xml(handler, 200, ('<servers xmlns="%s" pageNumber="1" pageCount="2" totalCount="2" '
                                           'pageSize="250">%s</servers>'
                                           % (TYPES_URN, "".join(self.server(s) for s in SERVERS))).encode())
        if path.startswith(caas + "/"):
            server = path.rsplit("/", 1)[-1]
            return self.xml(handler, 200, self.server(server).replace("<server ", '<server xmlns="%s" ' % TYPES_URN,
                                                                      1).encode())
        legacy = "/oec/0.9/%s/server/" % ORG
        assert path.startswith(legacy), path
        server, _, rest = path[len(legacy):].partition("/backup")
        return self.backup(handler, server, rest, parts.query)

    @staticmethod
    def xml(handler: Any, status: int, body: bytes) -> None:
        handler.reply(status, body, {"Content-Type": "application/xml"})

    def server(self, server: str) -> str:
        plan = self.plans.get(server)
        backup = '<backup assetId="asset-%s" servicePlan="%s" state="NORMAL"/>' % (server[:8], plan) if plan else ""
        return '<server id="%s"><name>srv-%s</name>%s</server>' % (server, server[:8], backup)

    def backup(self, handler: Any, server: str, rest: str, query: str) -> None:
        body = ET.fromstring(handler.body) if handler.body else None
        if handler.command == "POST" and rest == "":
            assert body is not None and body.tag == "{%s}NewBackup" % BACKUP_NS
            if server in self.plans:
                return self.xml(handler, 400, _status("ERROR", "already enabled"))
            self.plans[server] = body.get("servicePlan", "")
            return self.xml(handler, 200, _status("SUCCESS", "enabled", {"assetId": "asset-%s" % server[:8]}))
        if server not in self.plans:
            return self.xml(handler, 400, _status("ERROR", "Server %s has not been provisioned for backup" % server))
        if rest == "" and query == "disable":
            del self.plans[server]
            return self.xml(handler, 200, _status("SUCCESS", "disabled"))
        if rest == "/modify":
            assert body is not None and body.tag == "{%s}ModifyBackup" % BACKUP_NS
            self.plans[server] = body.get("servicePlan", "")
            return self.xml(handler, 200, _status("SUCCESS", "changed"))
        if rest == "":
            return self.xml(handler, 200, self.details(server))
        if rest == "/client/type":
            return self.xml(handler, 200, ('<BackupClientTypes xmlns="%s"><backupClientType type="FA.Linux" '
                                           'isFileSystem="true" description="Linux"/></BackupClientTypes>'
                                           % BACKUP_NS).encode())
        if rest == "/client/storagePolicy":
            return self.xml(handler, 200, ('<BackupStoragePolicies xmlns="%s"><storagePolicy name="14 Day" '
                                           'retentionPeriodInDays="14"/></BackupStoragePolicies>' % BACKUP_NS).encode())
        if rest == "/client/schedulePolicy":
            return self.xml(handler, 200, ('<BackupSchedulePolicies xmlns="%s"><schedulePolicy name="12AM - 6AM" '
                                           'description="nightly"/></BackupSchedulePolicies>' % BACKUP_NS).encode())
        if rest == "/client" and handler.command == "POST":
            assert body is not None and body.tag == "{%s}AddBackupClient" % BACKUP_NS
            self.clients[CLIENT] = {"server": server, "type": body.findtext("{%s}type" % BACKUP_NS),
                                    "storage": body.findtext("{%s}storagePolicyName" % BACKUP_NS),
                                    "emails": [e.text for e in body.iter("{%s}emailAddress" % BACKUP_NS)],
                                    "job": "106130"}
            return self.xml(handler, 200, _status("SUCCESS", "added", {"backupClient.id": CLIENT}))
        client = rest[len("/client/"):]
        if client not in self.clients:
            return self.xml(handler, 400, _status("ERROR", "no client %s" % client))
        if query == "cancelJob":
            if self.clients[client]["job"] is None:
                return self.xml(handler, 400, _status("ERROR", "No backup job currently running on client"))
            self.clients[client]["job"] = None
            return self.xml(handler, 200, _status("SUCCESS", "canceled"))
        assert query == "disable", query
        del self.clients[client]
        return self.xml(handler, 200, _status("SUCCESS", "removed"))

    def details(self, server: str) -> bytes:
        clients = []
        for client_id, client in self.clients.items():
            if client["server"] != server:
                continue
            emails = "".join("<b:emailAddress>%s</b:emailAddress>" % e for e in client["emails"])
            job = ('<b:runningJob id="%s" name="Backup" percentageComplete="5" status="Running"/>' % client["job"]
                   if client["job"] else "")
            clients.append('<b:backupClient id="%s" type="%s" isFileSystem="true" status="Active">'
                           "<b:storagePolicyName>%s</b:storagePolicyName>"
                           '<b:alerting trigger="ON_FAILURE">%s</b:alerting>%s</b:backupClient>'
                           % (client_id, client["type"], client["storage"], emails, job))
        return ('<b:BackupDetails xmlns:b="%s" assetId="asset-%s" servicePlan="%s" state="NORMAL">%s'
                "</b:BackupDetails>" % (BACKUP_NS, server[:8], self.plans[server], "".join(clients))).encode()


@pytest.fixture
def cloud() -> Iterator[Any]:
    state = Backup()
    with LocalServer() as server:
        server.route("*", state.route)
        server.state = state  # type: ignore[attr-defined]
        yield server


def _driver(server: LocalServer, secret: str = "password") -> DimensionDataBackupDriver:
    return DimensionDataBackupDriver("user", secret, secure=False, host="127.0.0.1", port=server.port)


def test_a_target_from_enabling_to_disabling(cloud: Any) -> None:
    driver = _driver(cloud)
    assert driver.list_targets() == []
    created = driver.create_target("web", SERVERS[0])
    assert (created.id, created.address, created.extra["servicePlan"]) == ("asset-e75ead52", SERVERS[0],
                                                                          DEFAULT_BACKUP_PLAN)
    with pytest.raises(DimensionDataAPIException) as twice:
        driver.create_target("web", SERVERS[0], extra={"servicePlan": "Enterprise"})
    assert (twice.value.code, twice.value.msg) == ("ERROR", "already enabled")

    [listed] = driver.list_targets()
    assert (listed.name, listed.address) == ("srv-e75ead52", SERVERS[0])
    updated = driver.update_target(SERVERS[0], extra={"servicePlan": "Essentials"})
    assert updated.extra["servicePlan"] == "Essentials" == cloud.state.plans[SERVERS[0]]

    assert driver.delete_target(listed) is True
    assert driver.list_targets() == []
    # The disable call is a bare ``?disable`` query, as the API spells it.
    assert any(r.path.endswith("/backup?disable") for r in cloud.requests)


def test_clients_and_their_running_job(cloud: Any) -> None:
    driver = _driver(cloud)
    target = driver.create_target("web", SERVERS[1], extra={"servicePlan": "Enterprise"})
    [kind] = driver.ex_list_available_client_types(target)
    [storage] = driver.ex_list_available_storage_policies(target)
    [schedule] = driver.ex_list_available_schedule_policies(target)
    assert (kind.type, storage.retention_period, schedule.name) == ("FA.Linux", 14, "12AM - 6AM")
    assert driver.ex_add_client_to_target(target, kind, storage, schedule, "ON_FAILURE", "ops@example.com")

    details = driver.ex_get_backup_details_for_target(SERVERS[1])
    assert details is not None and details.service_plan == "Enterprise"
    [client] = details.clients
    assert (client.type.type, client.storage_policy, client.alert.notify_list) == ("FA.Linux", "14 Day",
                                                                                 ["ops@example.com"])
    [job] = driver.list_target_jobs(target)
    assert (job.id, job.progress, job.target.address) == ("106130", 5, SERVERS[1])
    assert job.cancel() is True
    assert driver.list_target_jobs(target) == []
    with pytest.raises(DimensionDataAPIException) as idle:
        driver.cancel_target_job(None, ex_client=client.id, ex_target=target)
    assert idle.value.msg == "No backup job currently running on client"

    assert driver.ex_remove_client_from_target(target, client) is True
    assert driver.ex_get_backup_details_for_target(target).clients == []  # type: ignore[union-attr]


def test_a_server_without_backup(cloud: Any) -> None:
    driver = _driver(cloud)
    assert driver.ex_get_backup_details_for_target(SERVERS[0]) is None
    with pytest.raises(DimensionDataAPIException) as caught:
        driver.ex_list_available_client_types(SERVERS[0])
    assert caught.value.code == "ERROR" and "not been provisioned" in caught.value.msg
    with pytest.raises(TypeError):
        driver.ex_list_available_client_types(42)


def test_bad_credentials_never_show_the_password(cloud: Any) -> None:
    with pytest.raises(InvalidCredsError) as denied:
        _driver(cloud, secret="s3cret-value").list_targets()
    assert "s3cret-value" not in str(denied.value) and "s3cret-value" not in repr(denied.value)


def test_the_same_flows_run_on_asyncio(cloud: Any) -> None:
    from libcloud import DriverType
    from libcloud.asyncio import get_driver
    from libcloud.backup.types import Provider

    async def main() -> Any:
        cls = get_driver(DriverType.BACKUP, Provider.DIMENSIONDATA)
        async with cls("user", "password", secure=False, host="127.0.0.1", port=cloud.port) as driver:
            created: BackupTarget = await driver.create_target("web", SERVERS[0])
            listed = await driver.list_targets()
            details = await driver.ex_get_backup_details_for_target(created)
            deleted = await driver.delete_target(created)
            return [t.address for t in listed], details.service_plan, deleted

    assert asyncio.run(main()) == ([SERVERS[0]], DEFAULT_BACKUP_PLAN, True)
