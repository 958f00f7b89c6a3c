"""Azure ARM against a scripted Resource Manager and Azure AD (tests/servers/azure_arm_fake.py).

Covers the client-credentials token (expiry, one refresh for 16 threads after
a 401, the secret only on the login request), a VM's lifecycle with
``Azure-AsyncOperation`` polling, the polling deadline, ``nextLink`` paging,
``PartialFailureError`` on a failed create, and the asyncio API.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any, Dict, Iterator, List

import pytest

from libcloud.common.azure_arm import AzureOperationError
from libcloud.common.exceptions import BaseHTTPError
from libcloud.common.types import InvalidCredsError, LibcloudError, PartialFailureError
from libcloud.compute.base import NodeAuthPassword, NodeLocation, NodeSize
from libcloud.compute.drivers.azure_arm import AzureImage, AzureIPAddress, AzureNic, AzureNodeDriver
from libcloud.compute.types import NodeState
from tests.servers.azure_arm_fake import CLIENT_ID, CLIENT_SECRET, SUBSCRIPTION, TENANT, ArmApi

SUB = "/subscriptions/%s" % SUBSCRIPTION
GROUP = SUB + "/resourceGroups/rg"
VM = GROUP + "/providers/Microsoft.Compute/virtualMachines/web-1"
NIC = GROUP + "/providers/Microsoft.Network/networkInterfaces/web-1-nic"
PIP = GROUP + "/providers/Microsoft.Network/publicIPAddresses/web-1-ip"
OPS = SUB + "/providers/Microsoft.Compute/locations/westeurope/operations/"
COMPUTE = {"resourceType": "virtualMachines", "locations": ["West Europe", "East US"]}


@pytest.fixture
def api() -> Iterator[ArmApi]:
    server = ArmApi()
    try:
        yield server
    finally:
        server.stop()


def make_driver(api: ArmApi, secret: str = CLIENT_SECRET) -> AzureNodeDriver:
    driver = AzureNodeDriver(TENANT, SUBSCRIPTION, CLIENT_ID, secret, secure=False,
                             cloud_environment=api.environment())
    driver.connection.poll_interval = 0  # the scripted operations move on at every poll
    return driver


def _operation(api: ArmApi, name: str, *states: str, error: Any = None) -> Dict[str, str]:
    """Script the status resource ``name`` (each state in turn); the headers that point to it."""
    replies = []
    for state in states:
        body: Dict[str, Any] = {"status": state}
        if state == "Failed":
            body["error"] = error or {"code": "AllocationFailed", "message": "No capacity"}
        replies.append((200, body, {"Retry-After": "0"}))
    api.sequence("GET", OPS + name, *replies)
    return {"Azure-AsyncOperation": api.url + OPS + name, "Retry-After": "0"}


# -- tokens ----------------------------------------------------------------------------------------
def test_the_token_is_fetched_once_and_again_after_it_expires(api):
    api.on("GET", SUB + "/providers/Microsoft.Compute", {"resourceTypes": [COMPUTE]})
    driver = make_driver(api)
    now = [time.time()]
    driver.connection.token_credential.clock = lambda: now[0]

    assert [loc.id for loc in driver.list_locations()] == ["westeurope", "eastus"]
    driver.list_locations()
    assert api.token_requests == 1
    now[0] += 3600  # past expiry (less the refresh margin): the next request logs in first
    driver.list_locations()
    assert api.token_requests == 2
    assert api.calls[-1]["headers"]["Authorization"] == "Bearer tok-2"


def test_a_401_makes_one_refresh_for_sixteen_threads(api):
    api.on("GET", SUB + "/providers/Microsoft.Compute", {"resourceTypes": [COMPUTE]})
    driver = make_driver(api)
    driver.connection.token_credential.get_token()
    api.revoke_all()  # tok-1 is refused from now on
    barrier = threading.Barrier(16)
    results: List[Any] = []

    def worker() -> None:
        barrier.wait()
        try:
            results.append(len(driver.list_locations()))
        except Exception as exc:  # collected, asserted below
            results.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [2] * 16
    assert api.token_requests == 2  # the first login and one refresh shared by every thread


def test_the_client_secret_goes_only_to_the_login_and_never_into_errors(api):
    driver = make_driver(api, secret="wrong-secret-value")
    with pytest.raises(InvalidCredsError) as info:
        driver.list_locations()
    assert "wrong-secret-value" not in str(info.value) and "wrong-secret-value" not in repr(driver.connection)
    assert api.logins[0]["client_id"] == [CLIENT_ID]
    assert api.logins[0]["resource"] == ["https://management.core.windows.net/"]
    assert "Authorization" not in api.login_headers[0]
    assert api.calls == []  # Resource Manager never saw a request without a token


def test_requests_carry_the_bearer_token_and_no_secret(api):
    api.on("GET", SUB + "/providers/Microsoft.Compute", {"resourceTypes": [COMPUTE]})
    make_driver(api).list_locations()
    call = api.calls[0]
    assert call["headers"]["Authorization"] == "Bearer tok-1"
    assert CLIENT_SECRET not in repr(call)
    assert call["query"]["api-version"]


# -- a VM's lifecycle -------------------------------------------------------------------------------
def _script_vm(api: ArmApi, provisioning: List[str]) -> Dict[str, Any]:
    vm: Dict[str, Any] = {}

    def put_vm(request: Dict[str, Any]) -> Any:
        vm.clear()
        vm.update(request["json"], id=VM, properties=dict(request["json"]["properties"],
                                                          provisioningState="Creating"))
        return 201, vm, _operation(api, "op-vm", *provisioning)

    api.on("PUT", PIP, lambda r: (201, {"id": PIP, "name": "web-1-ip", "location": "westeurope",
                                        "properties": {"provisioningState": "Updating"}},
                                  _operation(api, "op-ip", "InProgress", "Succeeded")))
    api.on("GET", PIP, {"id": PIP, "name": "web-1-ip", "properties": {"ipAddress": "203.0.113.7"}})
    api.on("PUT", NIC, lambda r: (201, dict(r["json"], id=NIC, name="web-1-nic"),
                                  _operation(api, "op-nic", "Succeeded")))
    api.on("GET", NIC, lambda r: (200, {"id": NIC, "properties": {"ipConfigurations": [{"properties": {
        "privateIPAddress": "10.1.0.4", "publicIPAddress": {"id": PIP}}}]}}))
    api.on("PUT", VM, put_vm)
    api.on("GET", VM, lambda r: (200, dict(vm, properties=dict(vm["properties"], provisioningState="Succeeded"))))
    api.on("GET", VM + "/InstanceView", {"statuses": [{"code": "ProvisioningState/succeeded"},
                                                      {"code": "PowerState/running"}]})
    return vm


def _create(driver: AzureNodeDriver, **kwargs: Any) -> Any:
    location = NodeLocation("westeurope", "West Europe", "Netherlands", driver)
    size = NodeSize("Standard_B1s", "Standard_B1s", 1024, 4, 0, 0, driver)
    image = AzureImage("latest", "22_04-lts", "0001-com-ubuntu-server-jammy", "Canonical", "westeurope", driver)
    return driver.create_node("web-1", size, image, NodeAuthPassword("Pa55word!"), ex_resource_group="rg",
                              location=location, ex_network="vnet", ex_subnet="default",
                              ex_use_managed_disks=True, **kwargs)


def test_create_waits_for_the_operations_and_destroy_cleans_up(api):
    vm = _script_vm(api, ["InProgress", "InProgress", "Succeeded"])
    driver = make_driver(api)
    node = _create(driver, ex_public_ip=True, ex_wait=True)

    assert (node.id, node.state) == (VM, NodeState.RUNNING)
    assert (node.private_ips, node.public_ips) == (["10.1.0.4"], ["203.0.113.7"])
    assert api.count("GET", OPS + "op-vm") == 3 and api.count("GET", OPS + "op-ip") == 2
    nic_body = next(c["json"] for c in api.calls if c["method"] == "PUT" and c["path"] == NIC)
    config = nic_body["properties"]["ipConfigurations"][0]["properties"]
    assert config["subnet"]["id"] == GROUP + "/providers/Microsoft.Network/virtualnetworks/vnet/subnets/default"
    assert config["publicIPAddress"]["id"] == PIP
    assert vm["properties"]["networkProfile"]["networkInterfaces"] == [{"id": NIC}]
    assert vm["properties"]["storageProfile"]["imageReference"]["publisher"] == "Canonical"

    # Delete: an operation to follow, a NIC still "in use" once, then its public IP.
    api.on("DELETE", VM, lambda r: (202, None, _operation(api, "op-del", "InProgress", "Succeeded")))
    api.sequence("DELETE", NIC, (400, {"error": {"code": "NicInUse", "message": "NIC is in use"}}), (200, None))
    api.on("DELETE", PIP, lambda r: (200, None))
    assert driver.destroy_node(node, ex_destroy_public_ip=True, ex_poll_wait=0) is True
    assert api.count("GET", OPS + "op-del") == 2
    assert api.count("DELETE", NIC) == 2 and api.count("DELETE", PIP) == 1
    assert api.count("GET", VM) == 1  # the operation said when it was gone: no polling of the VM itself


def test_a_failed_operation_raises_its_error(api):
    _script_vm(api, ["InProgress", "Failed"])
    with pytest.raises(PartialFailureError) as info:
        _create(make_driver(api), ex_wait=True)
    assert isinstance(info.value.cause, AzureOperationError)
    assert "AllocationFailed" in str(info.value.cause)


def test_an_operation_that_outlives_its_deadline_stops_the_wait(api):
    _script_vm(api, ["InProgress"])
    api.on("PUT", VM, lambda r: (201, dict(r["json"], id=VM), {
        "Azure-AsyncOperation": api.url + OPS + "op-vm", "Retry-After": "30"}))
    driver = make_driver(api)
    driver.connection.operation_timeout = 5  # less than the 30 s the service asks to wait
    with pytest.raises(PartialFailureError) as info:
        _create(driver, ex_wait=True)
    assert isinstance(info.value.cause, AzureOperationError)
    assert "did not finish in time" in str(info.value.cause)
    assert api.count("GET", OPS + "op-vm") == 0


def test_an_operation_link_to_another_host_is_not_followed(api):
    _script_vm(api, ["Succeeded"])
    api.on("PUT", VM, lambda r: (201, dict(r["json"], id=VM), {
        "Azure-AsyncOperation": "https://evil.example.net/op", "Retry-After": "0"}))
    with pytest.raises(PartialFailureError) as info:
        _create(make_driver(api), ex_wait=True)
    assert "evil.example.net" in str(info.value.cause)


# -- partial failures -------------------------------------------------------------------------------
def test_a_failed_vm_create_names_the_nic_and_public_ip_left_behind(api):
    _script_vm(api, ["Succeeded"])
    api.on("PUT", VM, lambda r: (409, {"error": {"code": "OperationNotAllowed", "message": "Quota exceeded"}}))
    with pytest.raises(PartialFailureError) as info:
        _create(make_driver(api), ex_public_ip=True)
    created = info.value.created
    assert [type(item) for item in created] == [AzureIPAddress, AzureNic]
    assert [item.id for item in created] == [PIP, NIC]
    assert NIC in str(info.value) and "Quota exceeded" in str(info.value.cause)


def test_a_create_that_made_nothing_raises_the_plain_error(api):
    api.on("PUT", NIC, lambda r: (400, {"error": {"code": "InvalidResourceReference", "message": "No subnet"}}))
    with pytest.raises(BaseHTTPError) as info:
        _create(make_driver(api))
    assert not isinstance(info.value, PartialFailureError)
    assert "[InvalidResourceReference] No subnet" in str(info.value)


# -- paging ---------------------------------------------------------------------------------------
def _disk(name: str) -> Dict[str, Any]:
    return {"id": GROUP + "/providers/Microsoft.Compute/disks/" + name, "name": name, "location": "westeurope",
            "properties": {"diskSizeGB": 8, "provisioningState": "Succeeded", "diskState": "Unattached"}}


def _paged_disks(api: ArmApi, link_for: Any) -> None:
    def disks(request: Dict[str, Any]) -> Any:
        page = int(request["query"].get("$skiptoken", ["0"])[0])
        body: Dict[str, Any] = {"value": [_disk("d%d" % page)]}
        following = link_for(page)
        if following:
            body["nextLink"] = following
        return 200, body

    api.on("GET", SUB + "/providers/Microsoft.Compute/disks", disks)


def test_listings_follow_next_link(api):
    base = api.url + SUB + "/providers/Microsoft.Compute/disks?api-version=2021-04-01&$skiptoken=%d"
    _paged_disks(api, lambda page: base % (page + 1) if page < 2 else None)
    volumes = make_driver(api).list_volumes()
    assert [v.name for v in volumes] == ["d0", "d1", "d2"]
    assert all(call["query"]["api-version"] == ["2021-04-01"] for call in api.calls)


def test_a_repeated_next_link_ends_the_listing(api):
    link = api.url + SUB + "/providers/Microsoft.Compute/disks?api-version=2021-04-01&$skiptoken=1"
    _paged_disks(api, lambda page: link)
    assert [v.name for v in make_driver(api).list_volumes()] == ["d0", "d1"]
    assert api.count("GET", SUB + "/providers/Microsoft.Compute/disks") == 2


def test_a_next_link_to_another_host_is_refused(api):
    _paged_disks(api, lambda page: "https://attacker.example.com/steal?$skiptoken=1" if page == 0 else None)
    with pytest.raises(LibcloudError) as info:
        make_driver(api).list_volumes()
    assert "attacker.example.com" in str(info.value)


# -- asyncio -----------------------------------------------------------------------------------------
def test_the_asyncio_api_runs_the_same_operations(api):
    from libcloud.asyncio.compute.providers import get_driver

    base = api.url + SUB + "/providers/Microsoft.Compute/disks?api-version=2021-04-01&$skiptoken=%d"
    _paged_disks(api, lambda page: base % (page + 1) if page < 1 else None)
    api.on("GET", SUB + "/providers/Microsoft.Compute", {"resourceTypes": [COMPUTE]})
    cls = get_driver("azure_arm")

    async def main() -> Any:
        async with cls(TENANT, SUBSCRIPTION, CLIENT_ID, CLIENT_SECRET, secure=False,
                       cloud_environment=api.environment()) as driver:
            locations = await driver.list_locations()
            volumes = await driver.list_volumes()
            return [loc.id for loc in locations], [v.name for v in volumes]

    assert asyncio.run(main()) == (["westeurope", "eastus"], ["d0", "d1"])
    assert api.token_requests == 1


# -- unmanaged disks: the OS disk's VHD blob -------------------------------------------------------
def test_an_unmanaged_os_disk_takes_the_first_free_vhd_name(api, monkeypatch):
    import base64

    from libcloud.common.azure import AzureConnection

    vm = _script_vm(api, ["Succeeded"])
    keys = GROUP + "/providers/Microsoft.Storage/storageAccounts/acct/listKeys"
    api.on("POST", keys, {"keys": [{"keyName": "key1", "value": base64.b64encode(b"k" * 32).decode()}]})
    api.keyed_prefixes.append("/vhds/")
    api.on("DELETE", "/vhds/web-1-os_0.vhd", lambda r: (409, None))  # leased by a disk still in use
    api.on("DELETE", "/vhds/web-1-os_1.vhd", lambda r: (404, None))  # free
    driver = make_driver(api)

    def blob_connection(account: str, key: str) -> AzureConnection:
        assert account == "acct"
        return AzureConnection(account, base64.b64decode(key), secure=False, host="127.0.0.1",
                               port=api.server.port)

    monkeypatch.setattr(driver, "_blob_connection", blob_connection)
    location = NodeLocation("westeurope", "West Europe", "Netherlands", driver)
    size = NodeSize("Standard_B1s", "Standard_B1s", 1024, 4, 0, 0, driver)
    image = driver.get_image("Canonical:ubuntu:22_04-lts:latest", location)
    driver.create_node("web-1", size, image, NodeAuthPassword("Pa55word!"), ex_resource_group="rg",
                       ex_storage_account="acct", location=location, ex_network="vnet")
    os_disk = vm["properties"]["storageProfile"]["osDisk"]
    assert os_disk["vhd"]["uri"] == "https://acct.blob.core.windows.net/vhds/web-1-os_1.vhd"
    assert "managedDisk" not in os_disk
    assert api.count("POST", keys) == 2
    from libcloud._core import debug

    account_key = base64.b64encode(b"k" * 32).decode()
    assert account_key not in debug.redact_text("the key is " + account_key)


def test_run_command_and_tags(api):
    ext = VM + "/extensions/CustomScript"
    api.on("PUT", ext, lambda r: (201, dict(r["json"], id=ext)))
    api.on("PATCH", VM, lambda r: (200, dict(r["json"], id=VM)))
    driver = make_driver(api)
    node = _node(driver)
    driver.ex_run_command(node, "uptime", storage_account_name="acct", storage_account_key="c2VjcmV0")
    body = next(c["json"] for c in api.calls if c["method"] == "PUT")
    assert body["properties"]["settings"]["commandToExecute"] == "uptime"
    assert body["properties"]["publisher"] == "Microsoft.Azure.Extensions"
    assert body["properties"]["protectedSettings"]["storageAccountKey"] == "c2VjcmV0"
    driver.ex_create_tags(node, {"env": "test"})
    assert next(c["json"] for c in api.calls if c["method"] == "PATCH") == {"tags": {"team": "a", "env": "test"}}
    assert node.extra["tags"] == {"team": "a", "env": "test"}


def _node(driver: AzureNodeDriver) -> Any:
    from libcloud.compute.base import Node

    return Node(VM, "web-1", NodeState.RUNNING, [], [], driver, extra={
        "location": "westeurope", "tags": {"team": "a"},
        "properties": {"storageProfile": {"osDisk": {"osType": "Linux"}}}})


def test_a_proxy_applies_to_the_login_too(api):
    driver = make_driver(api)
    driver.connection.token_source.connection()  # the login connection exists from the first login on
    driver.connection.set_http_proxy("http://127.0.0.1:3128")
    assert driver.connection.token_source.connection().proxy_url == "http://127.0.0.1:3128"


def test_destroying_a_vm_that_is_gone_only_cleans_up(api):
    api.on("DELETE", VM, lambda r: (204, None))
    api.on("DELETE", NIC, lambda r: (200, None))
    driver = make_driver(api)
    node = _node(driver)
    node.extra["properties"]["networkProfile"] = {"networkInterfaces": [{"id": NIC}]}
    assert driver.destroy_node(node) is True
    assert api.count("GET", VM) == 0 and api.count("DELETE", NIC) == 1


def test_an_operation_with_a_location_header_is_polled_until_it_stops_answering_202(api):
    result = SUB + "/operationresults/del-rg"
    api.on("DELETE", SUB + "/resourcegroups/rg", lambda r: (202, None, {"Location": api.url + result + "?x=1",
                                                                        "Retry-After": "0"}))
    api.sequence("GET", result, (202, None, {"Retry-After": "0"}), (202, None, {"Retry-After": "0"}), (200, None))
    assert make_driver(api).ex_delete_resource_group("rg") is True
    assert api.count("GET", result) == 3
    assert all(c["query"].get("x") == ["1"] for c in api.calls if c["path"] == result)


def test_a_403_is_a_missing_role_and_asks_for_no_new_token(api):
    api.on("GET", SUB + "/providers/Microsoft.Compute", lambda r: (403, {"error": {
        "code": "AuthorizationFailed", "message": "The client does not have authorization"}}))
    with pytest.raises(InvalidCredsError) as info:
        make_driver(api).list_locations()
    assert "[AuthorizationFailed]" in str(info.value)
    assert api.token_requests == 1


def test_delete_any_resource_with_its_providers_api_version(api):
    disk = GROUP + "/providers/Microsoft.Compute/disks/d1"
    api.on("DELETE", disk, lambda r: (200, None))
    api.on("DELETE", NIC, lambda r: (202, None))
    driver = make_driver(api)
    assert driver.ex_delete_resource(disk) is True
    assert driver.ex_delete_resource(AzureNic(NIC, "web-1-nic", "westeurope", {})) is True
    versions = [(c["path"], c["query"]["api-version"][0]) for c in api.calls]
    assert versions == [(disk, "2021-04-01"), (NIC, "2020-11-01")]


def test_the_admin_password_stays_out_of_the_debug_log(api):
    import io

    from libcloud._core import debug

    _script_vm(api, ["Succeeded"])
    stream = io.StringIO()
    debug.set_stream(stream)
    try:
        _create(make_driver(api))
    finally:
        debug.set_stream(None)
    text = stream.getvalue()
    assert "adminPassword" in text and "Pa55word!" not in text and CLIENT_SECRET not in text


def _script_fleet(api: ArmApi, count: int) -> None:
    vms = []
    for index in range(count):
        vm_id = GROUP + "/providers/Microsoft.Compute/virtualMachines/vm-%d" % index
        nic_id = GROUP + "/providers/Microsoft.Network/networkInterfaces/vm-%d-nic" % index
        vms.append({"id": vm_id, "name": "vm-%d" % index, "location": "westeurope", "properties": {
            "provisioningState": "Succeeded", "networkProfile": {"networkInterfaces": [{"id": nic_id}]}}})
        api.on("GET", nic_id, {"id": nic_id, "properties": {"ipConfigurations": [
            {"properties": {"privateIPAddress": "10.0.0.%d" % (index + 10)}}]}})
        power = "running" if index % 2 else "deallocated"
        api.on("GET", vm_id + "/InstanceView", {"statuses": [{"code": "PowerState/" + power}]})
    api.on("GET", SUB + "/providers/Microsoft.Compute/virtualMachines", {"value": vms})


def test_list_nodes_looks_up_every_vm_in_order(api):
    _script_fleet(api, 12)
    nodes = make_driver(api).list_nodes()
    assert [n.name for n in nodes] == ["vm-%d" % i for i in range(12)]
    assert [n.private_ips for n in nodes] == [["10.0.0.%d" % (i + 10)] for i in range(12)]
    assert [n.state for n in nodes[:2]] == [NodeState.STOPPED, NodeState.RUNNING]
    plain = make_driver(api).list_nodes(ex_fetch_nic=False, ex_fetch_power_state=False)
    assert [(n.name, n.private_ips, n.state) for n in plain][:1] == [("vm-0", [], NodeState.UNKNOWN)]


def test_list_nodes_on_asyncio(api):
    from libcloud.asyncio.compute.providers import get_driver

    _script_fleet(api, 6)

    async def main() -> Any:
        async with get_driver("azure_arm")(TENANT, SUBSCRIPTION, CLIENT_ID, CLIENT_SECRET, secure=False,
                                           cloud_environment=api.environment()) as driver:
            return [(n.name, n.private_ips[0], n.state) for n in await driver.list_nodes()]

    listed = asyncio.run(main())
    assert [name for name, _, _ in listed] == ["vm-%d" % i for i in range(6)]
    assert listed[1] == ("vm-1", "10.0.0.11", NodeState.RUNNING)
