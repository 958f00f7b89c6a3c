"""The DimensionData driver against a scripted local CloudControl server: paging, a node's lifecycle, asyncio,
errors, and the Libcloud 2.0 benchmark script (small sizes, no timing asserted)."""

from __future__ import annotations

import re
import sys
import threading
from pathlib import Path
from typing import Any, Dict, Iterator, List
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree as ET

import pytest

from libcloud.common.dimensiondata import TYPES_URN, DimensionDataAPIException
from libcloud.common.types import InvalidCredsError
from libcloud.compute.drivers.dimensiondata import DimensionDataNodeDriver
from libcloud.compute.types import NodeState
from tests.fakes.fixtures import load_module
from tests.fakes.http_server import LocalServer

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_dimensiondata.py"
ORG = "8a8f6abc-2745-4d8a-9cbc-8dabe5a7d0e4"
CAAS = "/caas/2.4/%s" % ORG


sys.path.insert(0, str(BENCH.parent))  # the benchmark imports its sibling _common
bench: Any = load_module("bench_dimensiondata", BENCH)


def _xml(handler: Any, status: int, body: bytes) -> None:
    handler.reply(status, body, {"Content-Type": "application/xml"})


def _response(operation: str, code: str, message: str, info: Dict[str, str]) -> bytes:
    infos = "".join('<info name="%s" value="%s"/>' % item for item in info.items())
    return ('<response xmlns="%s" requestId="na/1"><operation>%s</operation><responseCode>%s</responseCode>'
            "<message>%s</message>%s</response>" % (TYPES_URN, operation, code, message, infos)).encode()


class Cloud:
    """A scripted CloudControl: paged servers and images, deploy/start/shutdown/delete of one server."""

    def __init__(self, servers: int, images: int) -> None:
        self.listings = bench.Listings(servers, images)
        self.deployed: Dict[str, str] = {}  # server id -> state
        self.started = False

    def route(self, handler: Any) -> None:
        if handler.headers.get("Authorization") != "Basic dXNlcjpwYXNzd29yZA==":  # user:password
            return handler.reply(401, b"")
        parts = urlsplit(handler.path)
        if handler.command == "POST":
            return self.post(handler, parts.path.rsplit("/", 1)[-1], ET.fromstring(handler.body))
        server = re.match(r".*/server/server/(.+)$", parts.path)
        if server and server.group(1) in self.deployed:
            return _xml(handler, 200, self.server_xml(server.group(1)))
        body = self.listings.answer(parts.path, parse_qs(parts.query))
        return _xml(handler, 200, body) if body is not None else handler.reply(404, b"no route")

    def server_xml(self, server_id: str) -> bytes:
        text = bench.SERVER.format(uuid=server_id, n=1, dc="AU9", a=0, b=1)
        text = text.replace("<started>true</started>", "<started>%s</started>" % str(self.started).lower())
        text = text.replace("<state>NORMAL</state>", "<state>%s</state>" % self.deployed[server_id])
        return text.replace("<server ", '<server xmlns="%s" ' % TYPES_URN, 1).encode()

    def post(self, handler: Any, action: str, body: ET.Element) -> None:
        assert body.tag == "{%s}%s" % (TYPES_URN, action)
        if action == "deployServer":
            assert body.findtext("{%s}name" % TYPES_URN) == "web-new"
            self.deployed["11111111-2222-4333-8444-555555555555"] = "NORMAL"
            self.started = True
            return _xml(handler, 200, _response("DEPLOY_SERVER", "IN_PROGRESS", "accepted",
                                                {"serverId": "11111111-2222-4333-8444-555555555555"}))
        server_id = body.get("id", "")
        if server_id not in self.deployed:
            return _xml(handler, 400, _response(action.upper(), "RESOURCE_NOT_FOUND", "no server %s" % server_id,
                                                {}))
        if action == "shutdownServer":
            self.started = False
        elif action == "startServer":
            self.started = True
        elif action == "deleteServer":
            if self.started:
                return _xml(handler, 400, _response("DELETE_SERVER", "UNEXPECTED_ERROR", "server is running", {}))
            del self.deployed[server_id]
        return _xml(handler, 200, _response(action.upper(), "IN_PROGRESS", "accepted", {}))


@pytest.fixture
def cloud() -> Iterator[Any]:
    state = Cloud(servers=620, images=30)
    with LocalServer() as srv:
        srv.route("*", state.route)
        yield srv


def _driver(server: LocalServer, secret: str = "password") -> DimensionDataNodeDriver:
    return DimensionDataNodeDriver("user", secret, secure=False, host="127.0.0.1", port=server.port)


def _paths(server: LocalServer, part: str) -> List[str]:
    return [r.path for r in server.requests if part in r.path]


def test_list_nodes_follows_every_page(cloud: LocalServer) -> None:
    nodes = _driver(cloud).list_nodes()
    assert len(nodes) == 620 and len({n.id for n in nodes}) == 620
    assert nodes[0].state == NodeState.RUNNING and nodes[0].private_ips == ["10.0.0.1"]
    assert nodes[0].extra["disks"][1].size_gb == 100
    pages = sorted(_paths(cloud, "/server/server"))
    # The first page without paging parameters, then the two pages it announced.
    assert pages == sorted([CAAS + "/server/server", CAAS + "/server/server?pageNumber=2",
                            CAAS + "/server/server?pageNumber=3"])
    assert _paths(cloud, "myaccount") == ["/oec/0.9/myaccount"]  # the organisation id is fetched once


def test_the_page_after_a_full_last_page_goes_in_the_same_round() -> None:
    # 750 servers: three full pages, so the walk also asks for page 4 (a full page may be followed by another).
    # The pages the first one announces, and that fourth, are asked for together: the server holds each
    # answer until three are waiting (or a bound passes) and records how many it held at once.
    state = Cloud(servers=750, images=0)
    lock = threading.Condition()
    waiting: List[int] = [0, 0]  # now, most at once

    def route(handler: Any) -> None:
        if "pageNumber=" in handler.path:
            with lock:
                waiting[0] += 1
                waiting[1] = max(waiting)
                lock.notify_all()
                lock.wait_for(lambda: waiting[0] >= 3, timeout=10)
            with lock:
                waiting[0] -= 1
        state.route(handler)

    with LocalServer() as srv:
        srv.route("*", route)
        nodes = _driver(srv).list_nodes()
        pages = sorted(_paths(srv, "/server/server"))
    assert len(nodes) == 750
    assert pages == sorted([CAAS + "/server/server"] + [CAAS + "/server/server?pageNumber=%d" % n for n in (2, 3, 4)])
    assert waiting[1] == 3


def test_iterate_nodes_pages_lazily(cloud: LocalServer) -> None:
    iterator = _driver(cloud).ex_iterate_nodes()
    first = [next(iterator) for _ in range(250)]
    assert len(_paths(cloud, "/server/server")) == 1
    assert len(first) + len(list(iterator)) == 620
    assert len(_paths(cloud, "/server/server")) == 3


def test_filters_and_page_size_reach_the_query(cloud: LocalServer) -> None:
    driver = _driver(cloud)
    generator = driver.connection.paginated_request_with_orgId_api_2("server/server", page_size=300)
    sizes = [len(page) for page in generator]
    assert sizes == [300, 300, 20]
    assert _paths(cloud, "pageSize=300")[-1].endswith("pageNumber=3&pageSize=300") or \
        _paths(cloud, "pageSize=300")[-1].endswith("pageSize=300&pageNumber=3")
    driver.list_nodes(ex_location="AU9", ex_started=True)
    assert CAAS + "/server/server?datacenterId=AU9&started=True" in _paths(cloud, "/server/server")


def test_images_with_their_locations(cloud: LocalServer) -> None:
    images = _driver(cloud).list_images()
    assert len(images) == 30
    assert images[0].extra["location"].country == "AU" and images[0].extra["OS_type"] == "UNIX"


def test_node_lifecycle(cloud: LocalServer) -> None:
    driver = _driver(cloud)
    image = driver.list_images()[0]
    node = driver.create_node("web-new", image, auth="S3cret!pass", ex_network_domain="nd-1",
                              ex_primary_nic_vlan="vlan-1")
    deploy = [r for r in cloud.requests if r.path.endswith("/server/deployServer")][0]
    sent = ET.fromstring(deploy.body)
    assert sent.findtext("{%s}networkInfo/{%s}primaryNic/{%s}vlanId" % (TYPES_URN, TYPES_URN, TYPES_URN)) == "vlan-1"
    assert sent.findtext("{%s}administratorPassword" % TYPES_URN) == "S3cret!pass"
    assert (node.id, node.state) == ("11111111-2222-4333-8444-555555555555", NodeState.RUNNING)
    with pytest.raises(DimensionDataAPIException) as refused:
        node.destroy()
    assert refused.value.code == "UNEXPECTED_ERROR" and "running" in refused.value.msg
    assert driver.ex_shutdown_graceful(node) is True
    assert driver.ex_get_node_by_id(node.id).state == NodeState.STOPPED
    assert node.destroy() is True
    with pytest.raises(DimensionDataAPIException, match="RESOURCE_NOT_FOUND"):
        driver.ex_start_node(node)


def test_wrong_password_is_invalid_creds_without_the_secret(cloud: LocalServer) -> None:
    with pytest.raises(InvalidCredsError) as caught:
        _driver(cloud, secret="wrong-secret").list_nodes()
    assert "wrong-secret" not in repr(caught.value) and "wrong-secret" not in str(caught.value)


def test_unknown_region_is_refused() -> None:
    with pytest.raises(ValueError):
        DimensionDataNodeDriver("user", "password", region="nowhere")
    assert DimensionDataNodeDriver("user", "password", region="dd-au").connection.host == "api-au.dimensiondata.com"


def test_the_same_flows_run_on_asyncio(cloud: LocalServer) -> None:
    import asyncio

    from libcloud import DriverType
    from libcloud.asyncio import get_driver
    from libcloud.compute.types import Provider

    async def main() -> Any:
        cls = get_driver(DriverType.COMPUTE, Provider.DIMENSIONDATA)
        async with cls("user", "password", secure=False, host="127.0.0.1", port=cloud.port) as driver:
            nodes = await driver.list_nodes()
            images = await driver.list_images()
            paged = [node async for node in driver.ex_iterate_nodes()]
            return len(nodes), len(images), len(paged)

    assert asyncio.run(main()) == (620, 30, 620)


def test_the_benchmark_script_runs_verbatim() -> None:
    results = bench.main(["--servers", "300", "--images", "260", "--repeat", "1", "--ours-only", "--latency-ms", "1"])
    run = results["ours"]
    assert run["counts"] == {"nodes": 300, "images": 260}
    assert set(run["runs"][0]) == {"total", "cpu", "list_nodes", "list_images", "list_nodes_cpu", "list_images_cpu"}


def test_cli_lists_nodes_with_the_provider_variables(cloud: LocalServer, tmp_path: Path) -> None:
    from tests.cli.clirun import run_json

    nodes = run_json(tmp_path, "compute", "--provider", "dimensiondata", "--region", "dd-au", "--endpoint-url",
                     "http://127.0.0.1:%d" % cloud.port, "list-nodes",
                     DIMENSIONDATA_USER="user", DIMENSIONDATA_PASSWORD="password")
    assert len(nodes) == 620
    assert all(request.headers.get("Authorization") == "Basic dXNlcjpwYXNzd29yZA==" for request in cloud.requests)


def test_model_ids_keep_the_form_each_class_always_stored() -> None:
    # Networks, VLANs, rules, pools... store str(id), as they always have; the other models keep the id as given.
    from libcloud.common.dimensiondata import DimensionDataNetworkDomain, DimensionDataTagKey
    from libcloud.common.dimensiondata.models_lb import DimensionDataVirtualListener

    assert DimensionDataNetworkDomain(1, "n", "d", None, "ESSENTIALS", "NORMAL").id == "1"
    assert DimensionDataVirtualListener(None, "l", "NORMAL", "10.0.0.1").id == "None"
    assert DimensionDataTagKey(5, "k", "d", True, False).id == 5
