"""The DimensionData load balancer driver against a scripted, stateful CloudControl ``networkDomainVip``:
a balancer's whole life, the exact request bodies, paging, asyncio, errors and the CLI."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Any, Dict, Iterator, List
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree as ET

import pytest

from libcloud.common.dimensiondata import TYPES_URN, DimensionDataAPIException
from libcloud.common.types import InvalidCredsError
from libcloud.loadbalancer.base import Algorithm, Member
from libcloud.loadbalancer.drivers.dimensiondata import DimensionDataLBDriver
from libcloud.loadbalancer.types import State
from tests.fakes.http_server import LocalServer

ORG = "8a8f6abc-2745-4d8a-9cbc-8dabe5a7d0e4"
DOMAIN = "553f26b6-2a73-42c3-a78b-6116f11291d0"
AUTH = "Basic dXNlcjpwYXNzd29yZA=="  # user:password
PAGE = 250


def q(name: str) -> str:
    return "{%s}%s" % (TYPES_URN, name)


def _response(operation: str, code: str, message: str, info: Dict[str, str]) -> bytes:
    infos = "".join('<info name="%s" value="%s"/>' % item for item in info.items())
    return ('<response xmlns="%s" requestId="na/1"><operation>%s</operation><responseCode>%s</responseCode>'
            "<message>%s</message>%s</response>" % (TYPES_URN, operation, code, message, infos)).encode()


class Vip:
    """In-memory listeners, pools, nodes and members; every POST body kept for the tests to check."""

    def __init__(self, listeners: int = 0) -> None:
        self.ids = ("%08d-0000-4000-8000-000000000000" % n for n in itertools.count(1))
        self.listeners: Dict[str, Dict[str, str]] = {}
        self.pools: Dict[str, Dict[str, str]] = {}
        self.nodes: Dict[str, Dict[str, str]] = {}
        self.members: Dict[str, Dict[str, str]] = {}
        self.posted: List[ET.Element] = []
        for n in range(listeners):
            self.listeners[next(self.ids)] = {"name": "listener-%d" % n, "ip": "10.1.0.%d" % (n % 250), "port": "80",
                                              "pool": ""}

    # -- routing -------------------------------------------------------------------
    def route(self, handler: Any) -> None:
        if handler.headers.get("Authorization") != AUTH:
            return handler.reply(401, b"")
        parts = urlsplit(handler.path)
        if parts.path == "/oec/0.9/myaccount":
            return self.xml(handler, 200, ('<Account xmlns="http://oec.api.opsource.net/schemas/directory">'
                                           "<orgId>%s</orgId></Account>" % ORG).encode())
        prefix = "/caas/2.4/%s/networkDomainVip/" % ORG
        assert parts.path.startswith(prefix), parts.path
        resource = parts.path[len(prefix):]
        if handler.command == "POST":
            body = ET.fromstring(handler.body)
            assert body.tag == q(resource)
            self.posted.append(body)
            return self.post(handler, resource, body)
        kind, _, item = resource.partition("/")
        return self.get(handler, kind, item, parse_qs(parts.query))

    @staticmethod
    def xml(handler: Any, status: int, body: bytes) -> None:
        handler.reply(status, body, {"Content-Type": "application/xml"})

    # -- reads -------------------------------------------------------------------------
    def render(self, kind: str, key: str) -> str:
        if kind == "virtualListener":
            item = self.listeners[key]
            pool = '<pool id="%s" name="p"/>' % item["pool"] if item["pool"] else ""
            return ('<virtualListener id="%s" datacenterId="NA9"><networkDomainId>%s</networkDomainId><name>%s</name>'
                    "<state>NORMAL</state><protocol>HTTP</protocol><listenerIpAddress>%s</listenerIpAddress>"
                    "<port>%s</port>%s</virtualListener>" % (key, DOMAIN, item["name"], item["ip"], item["port"], pool))
        if kind == "pool":
            item = self.pools[key]
            return ('<pool id="%s"><name>%s</name><loadBalanceMethod>%s</loadBalanceMethod><state>NORMAL</state>'
                    "</pool>" % (key, item["name"], item["method"]))
        if kind == "node":
            item = self.nodes[key]
            return ('<node id="%s"><name>%s</name><ipv4Address>%s</ipv4Address><state>NORMAL</state>'
                    "<status>%s</status><connectionLimit>%s</connectionLimit></node>"
                    % (key, item["name"], item["ip"], item["status"], item["limit"]))
        item = self.members[key]
        node = self.nodes[item["node"]]
        return ('<poolMember id="%s"><pool id="%s"/><node id="%s" name="%s" ipAddress="%s"/><port>%s</port>'
                "<state>NORMAL</state></poolMember>"
                % (key, item["pool"], item["node"], node["name"], node["ip"], item["port"]))

    def get(self, handler: Any, kind: str, item: str, query: Dict[str, List[str]]) -> None:
        table = {"virtualListener": self.listeners, "pool": self.pools, "node": self.nodes,
                 "poolMember": self.members}[kind]
        if item:
            if item not in table:
                return self.xml(handler, 400, _response("GET", "RESOURCE_NOT_FOUND", "no %s %s" % (kind, item), {}))
            text = self.render(kind, item).replace(">", ' xmlns="%s">' % TYPES_URN, 1)
            return self.xml(handler, 200, text.encode())
        keys = [k for k in table if kind != "poolMember" or "poolId" not in query
                or self.members[k]["pool"] == query["poolId"][0]]
        number = int(query.get("pageNumber", ["1"])[0])
        page = keys[(number - 1) * PAGE:number * PAGE]
        body = ('<%ss xmlns="%s" pageNumber="%d" pageCount="%d" totalCount="%d" pageSize="%d">%s</%ss>'
                % (kind, TYPES_URN, number, len(page), len(keys), PAGE,
                   "".join(self.render(kind, k) for k in page), kind))
        return self.xml(handler, 200, body.encode())

    # -- operations ------------------------------------------------------------------------
    def post(self, handler: Any, operation: str, body: ET.Element) -> None:
        def field(name: str) -> str:
            return body.findtext(q(name)) or ""

        if operation == "createPool":
            new = next(self.ids)
            self.pools[new] = {"name": field("name"), "method": field("loadBalanceMethod")}
            return self.xml(handler, 200, _response("CREATE_POOL", "OK", "created", {"poolId": new}))
        if operation == "createNode":
            new = next(self.ids)
            self.nodes[new] = {"name": field("name"), "ip": field("ipv4Address"), "status": field("status"),
                               "limit": field("connectionLimit")}
            return self.xml(handler, 200, _response("CREATE_NODE", "OK", "created",
                                                    {"nodeId": new, "name": field("name")}))
        if operation == "addPoolMember":
            if field("poolId") not in self.pools:
                return self.xml(handler, 400, _response("ADD_POOL_MEMBER", "RESOURCE_NOT_FOUND", "no pool", {}))
            new = next(self.ids)
            self.members[new] = {"pool": field("poolId"), "node": field("nodeId"), "port": field("port")}
            return self.xml(handler, 200, _response("ADD_POOL_MEMBER", "OK", "added", {"poolMemberId": new}))
        if operation == "createVirtualListener":
            new = next(self.ids)
            self.listeners[new] = {"name": field("name"), "ip": field("listenerIpAddress") or "165.180.12.22",
                                   "port": field("port"), "pool": field("poolId")}
            return self.xml(handler, 200, _response("CREATE_VIRTUAL_LISTENER", "OK", "created",
                                                    {"virtualListenerId": new,
                                                     "listenerIpAddress": self.listeners[new]["ip"]}))
        if operation == "editNode":
            self.nodes[body.get("id", "")]["status"] = field("status") or "ENABLED"
            return self.xml(handler, 200, _response("EDIT_NODE", "OK", "edited", {}))
        tables = {"deleteVirtualListener": self.listeners, "deletePool": self.pools, "deleteNode": self.nodes,
                  "removePoolMember": self.members}
        table = tables[operation]
        if body.get("id") not in table:
            return self.xml(handler, 400, _response(operation.upper(), "RESOURCE_NOT_FOUND", "no such id", {}))
        del table[body.get("id", "")]
        return self.xml(handler, 200, _response(operation.upper(), "OK", "done", {}))


@pytest.fixture
def vip() -> Iterator[Any]:
    state = Vip()
    with LocalServer() as server:
        server.route("*", state.route)
        server.state = state  # type: ignore[attr-defined]
        yield server


def _driver(server: LocalServer, secret: str = "password") -> DimensionDataLBDriver:
    driver = DimensionDataLBDriver("user", secret, secure=False, host="127.0.0.1", port=server.port)
    driver.ex_set_current_network_domain(DOMAIN)
    return driver


def _posted(server: Any, tag: str) -> List[ET.Element]:
    return [body for body in server.state.posted if body.tag == q(tag)]


def test_a_balancer_from_creation_to_deletion(vip: Any) -> None:
    driver = _driver(vip)
    balancer = driver.create_balancer("web", 8080, "http", Algorithm.LEAST_CONNECTIONS,
                                      [Member(None, "10.0.0.5", 80), Member(None, "10.0.0.6", None)],
                                      ex_listener_ip_address="203.0.113.9")
    assert (balancer.name, balancer.ip, balancer.port, balancer.state) == ("web", "203.0.113.9", 8080, State.RUNNING)
    [pool] = _posted(vip, "createPool")
    assert pool.findtext(q("loadBalanceMethod")) == "LEAST_CONNECTIONS_MEMBER"
    assert pool.findtext(q("networkDomainId")) == DOMAIN
    assert [n.findtext(q("ipv4Address")) for n in _posted(vip, "createNode")] == ["10.0.0.5", "10.0.0.6"]
    # A member without a port takes the listener's: no <port> is sent for it.
    assert [m.findtext(q("port")) for m in _posted(vip, "addPoolMember")] == ["80", None]
    [listener] = _posted(vip, "createVirtualListener")
    assert listener.findtext(q("poolId")) == balancer.extra["pool_id"]
    assert [listener.findtext(q(f)) for f in ("port", "protocol", "type")] == ["8080", "HTTP", "PERFORMANCE_LAYER_4"]

    [listed] = driver.list_balancers()
    assert (listed.id, listed.port, listed.extra["pool_id"]) == (balancer.id, "8080", balancer.extra["pool_id"])
    assert driver.get_balancer(balancer.id).name == "web"
    members = driver.balancer_list_members(listed)
    assert sorted((m.ip, m.port) for m in members) == [("10.0.0.5", 80), ("10.0.0.6", None)]

    added = driver.balancer_attach_member(listed, Member(None, "10.0.0.7", 81))
    assert len(driver.balancer_list_members(listed)) == 3
    assert driver.balancer_detach_member(listed, added) is True
    assert {m.ip for m in driver.balancer_list_members(listed)} == {"10.0.0.5", "10.0.0.6"}

    assert driver.destroy_balancer(listed) is True
    assert driver.list_balancers() == [] and driver.ex_get_pools() == []


def test_nodes_and_pool_members(vip: Any) -> None:
    driver = _driver(vip)
    pool = driver.ex_create_pool(DOMAIN, "pool", "ROUND_ROBIN", "a pool")
    node = driver.ex_create_node(DOMAIN, "db", "10.0.0.9", None, connection_limit=500)
    member = driver.ex_create_pool_member(pool, node, 5432)
    assert (member.ip, member.port, member.node_id) == ("10.0.0.9", 5432, node.id)
    assert [m.id for m in driver.ex_get_pool_members(pool.id)] == [member.id]
    assert driver.ex_get_node(node.id).connection_limit == "500"
    driver.ex_set_node_state(node, False)
    assert vip.state.nodes[node.id]["status"] == "DISABLED"
    assert driver.ex_destroy_pool_member(driver.ex_get_pool_member(member.id), destroy_node=True) is True
    assert driver.ex_get_nodes() == [] and driver.ex_get_pool_members(pool.id) == []


def test_listings_follow_every_page(vip: Any) -> None:
    vip.state.__init__(listeners=2 * PAGE + 7)
    balancers = _driver(vip).list_balancers()
    assert len(balancers) == 2 * PAGE + 7 and len({b.id for b in balancers}) == 2 * PAGE + 7
    pages = sorted(r.path for r in vip.requests if "virtualListener" in r.path)
    assert len(pages) == 3 and any("pageNumber=3" in path for path in pages)


def test_errors_carry_the_provider_code_and_no_password(vip: Any) -> None:
    driver = _driver(vip)
    with pytest.raises(DimensionDataAPIException) as caught:
        driver.get_balancer("missing")
    assert caught.value.code == "RESOURCE_NOT_FOUND" and "missing" in caught.value.msg
    with pytest.raises(InvalidCredsError) as denied:
        _driver(vip, secret="s3cret-value").list_balancers()
    assert "s3cret-value" not in str(denied.value)


def test_the_same_flows_run_on_asyncio(vip: Any) -> None:
    from libcloud import DriverType
    from libcloud.asyncio import get_driver
    from libcloud.loadbalancer.types import Provider

    async def main() -> Any:
        cls = get_driver(DriverType.LOADBALANCER, Provider.DIMENSIONDATA)
        async with cls("user", "password", secure=False, host="127.0.0.1", port=vip.port) as driver:
            # Plain methods are awaitable too on the asyncio API.
            await driver.ex_set_current_network_domain(DOMAIN)
            created = await driver.create_balancer("async", 80, "http", Algorithm.ROUND_ROBIN,
                                                   [Member(None, "10.0.0.1", 80)])
            listed = await driver.list_balancers()
            members = await driver.balancer_list_members(created)
            destroyed = await driver.destroy_balancer(created)
            return [b.name for b in listed], [m.ip for m in members], destroyed

    assert asyncio.run(main()) == (["async"], ["10.0.0.1"], True)
    assert [p.findtext(q("networkDomainId")) for p in _posted(vip, "createPool")] == [DOMAIN]


def test_cli_lists_balancers(vip: Any, tmp_path: Path) -> None:
    from tests.cli.clirun import run_json

    _driver(vip).create_balancer("cli", 443, "https", Algorithm.ROUND_ROBIN, [])
    listed = run_json(tmp_path, "lb", "--provider", "dimensiondata", "--endpoint-url",
                      "http://127.0.0.1:%d" % vip.port, "list-balancers",
                      DIMENSIONDATA_USER="user", DIMENSIONDATA_PASSWORD="password")
    assert [b["name"] for b in listed] == ["cli"]
    # HTTPS passes through a standard TCP listener (only layer-4 performance listeners speak HTTP).
    [listener] = _posted(vip, "createVirtualListener")
    assert (listener.findtext(q("protocol")), listener.findtext(q("type"))) == ("TCP", "STANDARD")


