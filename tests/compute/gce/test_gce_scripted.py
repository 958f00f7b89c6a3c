"""GCE against a scripted Compute Engine API: operations PENDING -> RUNNING -> DONE, operation errors,
the polling deadline, paged and aggregated listings, ex_list, and the asyncio API.

Tokens come from a local GCE metadata server (``GCE_METADATA_HOST``), so the
whole OAuth2 path runs too; the API refuses requests without a valid token.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any, Dict, List

import pytest

from libcloud.common.google import ResourceExistsError
from libcloud.common.types import LibcloudError
from libcloud.compute.drivers.gce import GCENodeDriver
from libcloud.compute.types import NodeState
from tests.servers.google_fakes import MetadataServer, ScriptedApi

PROJECT = "proj"
BASE = "/compute/v1/projects/%s" % PROJECT
ZONE = "us-central1-a"


def _zone(name: str) -> Dict[str, Any]:
    return {"kind": "compute#zone", "id": str(abs(hash(name)) % 10000), "name": name, "status": "UP",
            "region": "https://www.googleapis.com/compute/v1/projects/%s/regions/%s" % (PROJECT, name[:-2]),
            "selfLink": "https://www.googleapis.com/compute/v1/projects/%s/zones/%s" % (PROJECT, name)}


def _instance(api: ScriptedApi, name: str, status: str = "RUNNING", zone: str = ZONE) -> Dict[str, Any]:
    return {"kind": "compute#instance", "id": "9%d" % (abs(hash(name)) % 1000), "name": name, "status": status,
            "zone": "%s%s/zones/%s" % (api.url, BASE, zone),
            "machineType": "%s%s/zones/%s/machineTypes/e2-small" % (api.url, BASE, zone),
            "selfLink": "%s%s/zones/%s/instances/%s" % (api.url, BASE, zone, name),
            "networkInterfaces": [{"name": "nic0", "networkIP": "10.0.0.2",
                                   "accessConfigs": [{"natIP": "203.0.113.9"}]}],
            "disks": [{"boot": True, "type": "PERSISTENT",
                       "source": "%s%s/zones/%s/disks/%s" % (api.url, BASE, zone, name)}]}


@pytest.fixture
def gce(monkeypatch, tmp_path):
    metadata = MetadataServer()
    api = ScriptedApi(metadata.issuer)
    monkeypatch.setenv("GCE_METADATA_HOST", metadata.address)
    api.on("GET", BASE + "/zones", {"items": [_zone(ZONE), _zone("us-central1-b")]})
    api.on("GET", BASE + "/regions", {"items": [{"kind": "compute#region", "id": "1", "name": "us-central1",
                                                 "status": "UP", "zones": []}]})
    api.on("GET", BASE + "/aggregated/disks", {"items": {"zones/%s" % ZONE: {"disks": [
        {"kind": "compute#disk", "id": "5", "name": "web-1", "sizeGb": "20", "status": "READY",
         "zone": "%s%s/zones/%s" % (api.url, BASE, ZONE)}]}}})
    driver = GCENodeDriver("default", None, datacenter=ZONE, project=PROJECT, auth_type="GCE",
                           credential_file=str(tmp_path / "tokens"), host="127.0.0.1", port=api.server.port,
                           secure=False)
    driver.connection.poll_interval = 0.01  # the scripted operations move on every poll
    try:
        yield driver, api, metadata
    finally:
        api.stop()
        metadata.stop()


def _script_operation(api: ScriptedApi, name: str, states: List[str], error: Any = None) -> None:
    """The operation ``name`` reports each of ``states`` in turn (the last one from then on)."""
    link = "%s%s/zones/%s/operations/%s" % (api.url, BASE, ZONE, name)
    sequence = itertools.chain(states, itertools.repeat(states[-1]))

    def poll(request: Dict[str, Any]) -> Any:
        body = {"kind": "compute#operation", "name": name, "status": next(sequence), "selfLink": link}
        if body["status"] == "DONE" and error is not None:
            body["error"] = {"errors": [error]}
            body["httpErrorStatusCode"] = 409
        return 200, body

    api.on("GET", "%s/zones/%s/operations/%s" % (BASE, ZONE, name), poll)


def test_create_node_polls_the_operation_to_done_then_reads_the_node(gce):
    driver, api, metadata = gce
    _script_operation(api, "op-insert", ["RUNNING", "RUNNING", "DONE"])
    api.on("POST", BASE + "/zones/%s/instances" % ZONE, lambda r: (200, {
        "kind": "compute#operation", "status": "PENDING", "name": "op-insert",
        "selfLink": "%s%s/zones/%s/operations/op-insert" % (api.url, BASE, ZONE)}))
    api.on("GET", BASE + "/zones/%s/instances/web-1" % ZONE, _instance(api, "web-1"))
    node = driver.create_node("web-1", "https://x/zones/%s/machineTypes/e2-small" % ZONE,
                              "https://x/global/images/debian-12", ex_network="https://x/global/networks/default")
    assert node.name == "web-1" and node.state == NodeState.RUNNING
    assert node.public_ips == ["203.0.113.9"] and node.extra["boot_disk"].size == "20"
    assert api.count("GET", BASE + "/zones/%s/operations/op-insert" % ZONE) == 3
    insert = next(c for c in api.calls if c[0] == "POST")
    assert insert[1].endswith("/instances")
    assert metadata.token_requests == 1


def test_an_operation_error_is_raised_as_its_exception(gce):
    driver, api, _ = gce
    _script_operation(api, "op-dup", ["DONE"], error={"code": "RESOURCE_ALREADY_EXISTS",
                                                      "message": "The resource 'web-1' already exists"})
    api.on("POST", BASE + "/zones/%s/instances" % ZONE, lambda r: (200, {
        "kind": "compute#operation", "status": "PENDING", "name": "op-dup",
        "selfLink": "%s%s/zones/%s/operations/op-dup" % (api.url, BASE, ZONE)}))
    with pytest.raises(ResourceExistsError, match="already exists"):
        driver.create_node("web-1", "https://x/zones/%s/machineTypes/e2-small" % ZONE,
                           "https://x/global/images/debian-12", ex_network="https://x/global/networks/default")


def test_an_operation_that_never_finishes_stops_at_the_deadline(gce):
    driver, api, _ = gce
    _script_operation(api, "op-stuck", ["RUNNING"])
    api.on("GET", BASE + "/zones/%s/instances/web-1" % ZONE, _instance(api, "web-1"))
    target = driver.ex_get_node("web-1")
    api.on("POST", BASE + "/zones/%s/instances/web-1/reset" % ZONE, lambda r: (200, {
        "kind": "compute#operation", "status": "PENDING", "name": "op-stuck",
        "selfLink": "%s%s/zones/%s/operations/op-stuck" % (api.url, BASE, ZONE)}))
    driver.connection.timeout = 0.05  # the deadline: at most 0.05 / 0.01 polls, whatever the clock does
    with pytest.raises(LibcloudError, match="did not complete"):
        driver.reboot_node(target)
    assert 1 <= api.count("GET", BASE + "/zones/%s/operations/op-stuck" % ZONE) <= 6


def _paged(api: ScriptedApi, path: str, pages: List[List[str]], repeat: bool = False) -> None:
    def handler(request: Dict[str, Any]) -> Any:
        token = request["query"].get("pageToken", ["0"])[0]
        index = int(token)
        body: Dict[str, Any] = {"items": [_instance(api, n) for n in pages[index]]}
        if index + 1 < len(pages):
            body["nextPageToken"] = "1" if repeat else str(index + 1)
        return 200, body

    api.on("GET", path, handler)


def test_listings_follow_every_page(gce):
    driver, api, _ = gce
    _paged(api, BASE + "/zones/%s/instances" % ZONE, [["a", "b"], ["c"], ["d", "e"]])
    assert [n.name for n in driver.list_nodes()] == ["a", "b", "c", "d", "e"]
    tokens = [q.get("pageToken") for m, p, q in api.calls if p.endswith("/instances")]
    assert tokens == [None, ["1"], ["2"]]


def test_a_repeated_page_token_is_an_error_not_a_loop(gce):
    driver, api, _ = gce
    _paged(api, BASE + "/zones/%s/instances" % ZONE, [["a"], ["b"], ["c"]], repeat=True)
    with pytest.raises(LibcloudError, match="repeated its page token"):
        driver.list_nodes()


def test_aggregated_listings_merge_every_zone_and_page(gce):
    driver, api, _ = gce

    def handler(request: Dict[str, Any]) -> Any:
        if request["query"].get("pageToken") == ["p2"]:
            return 200, {"items": {"zones/us-central1-b": {"instances": [_instance(api, "c", zone="us-central1-b")]}}}
        return 200, {"nextPageToken": "p2", "items": {
            "zones/us-central1-a": {"instances": [_instance(api, "a"), _instance(api, "b", "TERMINATED")]},
            "zones/us-central1-f": {"warning": {"code": "NO_RESULTS_ON_PAGE"}}}}

    api.on("GET", BASE + "/aggregated/instances", handler)
    nodes = driver.list_nodes(ex_zone="all")
    assert [(n.name, n.extra["zone"].name) for n in nodes] == [
        ("a", "us-central1-a"), ("b", "us-central1-a"), ("c", "us-central1-b")]
    assert nodes[1].state == NodeState.STOPPED


def test_ex_list_pages_by_hand_with_size_and_filter(gce):
    driver, api, _ = gce

    def handler(request: Dict[str, Any]) -> Any:
        query = request["query"]
        assert query.get("maxResults") == ["2"] and query.get("filter") == ["name eq web-.*"]
        if query.get("pageToken") == ["next"]:
            return 200, {"items": [_instance(api, "web-3")]}
        return 200, {"items": [_instance(api, "web-1"), _instance(api, "web-2")], "nextPageToken": "next"}

    api.on("GET", BASE + "/zones/%s/instances" % ZONE, handler)
    pages = [[n.name for n in page] for page in driver.ex_list(driver.list_nodes).page(2).filter("name eq web-.*")]
    assert pages == [["web-1", "web-2"], ["web-3"]]


def test_the_asyncio_api_runs_the_same_operations(gce):
    from libcloud.asyncio.compute.providers import get_driver

    driver, api, _ = gce
    _paged(api, BASE + "/zones/%s/instances" % ZONE, [["a"], ["b"]])
    _script_operation(api, "op-stop", ["RUNNING", "DONE"])
    api.on("POST", BASE + "/zones/%s/instances/a/stop" % ZONE, lambda r: (200, {
        "kind": "compute#operation", "status": "PENDING", "name": "op-stop",
        "selfLink": "%s%s/zones/%s/operations/op-stop" % (api.url, BASE, ZONE)}))
    cls = get_driver("gce")

    async def main() -> Any:
        async with cls("default", None, datacenter=ZONE, project=PROJECT, auth_type="GCE",
                       credential_file=driver.credential_file, host="127.0.0.1", port=api.server.port,
                       secure=False) as async_driver:
            async_driver.connection.poll_interval = 0.01
            nodes = await async_driver.list_nodes()
            stopped = await async_driver.ex_stop_node(nodes[0])
        return [n.name for n in nodes], stopped

    assert asyncio.run(main()) == (["a", "b"], True)
    assert api.count("GET", BASE + "/zones/%s/operations/op-stop" % ZONE) == 2


def test_multiple_nodes_report_what_was_created_when_one_fails(gce):
    from libcloud.common.types import PartialFailureError
    from libcloud.compute.drivers.gce import GCEFailedNode

    driver, api, _ = gce
    _script_operation(api, "op-ok", ["DONE"])
    _script_operation(api, "op-bad", ["DONE"], error={"code": "QUOTA_EXCEEDED", "message": "Quota 'CPUS' exceeded"})

    def insert(request: Dict[str, Any]) -> Any:
        name = "op-bad" if request["json"]["name"] == "web-001" else "op-ok"
        return 200, {"kind": "compute#operation", "status": "PENDING", "name": name,
                     "selfLink": "%s%s/zones/%s/operations/%s" % (api.url, BASE, ZONE, name)}

    api.on("POST", BASE + "/zones/%s/instances" % ZONE, insert)
    api.on("GET", BASE + "/zones/%s/instances/web-000" % ZONE, _instance(api, "web-000"))
    args = ("web", "https://x/zones/%s/machineTypes/e2-small" % ZONE, "https://x/global/images/debian-12", 2)
    network = "https://x/global/networks/default"
    results = driver.ex_create_multiple_nodes(*args, ex_network=network)
    assert [type(r).__name__ for r in results] == ["Node", "GCEFailedNode"]
    assert isinstance(results[1], GCEFailedNode) and results[1].code == "QUOTA_EXCEEDED"
    with pytest.raises(PartialFailureError) as caught:
        driver.ex_create_multiple_nodes(*args, ex_network=network, ignore_errors=False)
    assert [n.name for n in caught.value.created] == ["web-000"]
    assert "Quota 'CPUS' exceeded" in str(caught.value)


def test_a_name_that_starts_with_http_is_a_name_not_a_url(gce):
    """GCE names may start with "http" (``http-basic-check``): only a scheme makes a URL."""
    driver, api, _ = gce
    api.on("GET", BASE + "/global/httpHealthChecks/http-basic-check",
           {"kind": "compute#httpHealthCheck", "id": "7", "name": "http-basic-check", "host": None,
            "requestPath": "/", "port": 80, "checkIntervalSec": 5, "timeoutSec": 5,
            "unhealthyThreshold": 2, "healthyThreshold": 2,
            "selfLink": "%s%s/global/httpHealthChecks/http-basic-check" % (api.url, BASE)})
    check = driver.ex_get_healthcheck("http-basic-check")
    assert check.name == "http-basic-check"
    assert check.path == "/"
