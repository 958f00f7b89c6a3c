"""The worked example of docs/writing_drivers.rst, against a scripted local server, sync and asyncio."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from libcloud._core.async_runner import run_async
from libcloud._core.flow import flow_of
from libcloud.common.types import InvalidCredsError, ProviderError
from libcloud.compute.types import NodeState
from tests.fakes.fixtures import load_module
from tests.fakes.http_server import LocalServer
from tests.fakes.routes import json_reply, status_route

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "drivers" / "json_compute_driver.py"


example: Any = load_module("json_compute_driver", EXAMPLE)
TOKEN = "t0k3n"
SERVERS = [{"id": "s-%d" % i, "name": "web%d" % i, "status": status, "size": "small", "image": "debian",
            "public_ips": ["192.0.2.%d" % i]} for i, status in enumerate(["active", "off", "new"], 1)]


def _servers(handler: Any) -> None:
    if handler.headers.get("Authorization") != "Bearer " + TOKEN:
        return json_reply(handler, 401, {"error": {"code": "unauthorized", "message": "bad token"}})
    if handler.command == "POST":
        body = json.loads(handler.server.requests[-1].body)
        return json_reply(handler, 201, {"server": dict(SERVERS[2], id="s-9", name=body["name"])})
    # Two pages: the first ends with a token, the second without.
    if "page_token=p2" in handler.path:
        return json_reply(handler, 200, {"servers": SERVERS[2:]})
    return json_reply(handler, 200, {"servers": SERVERS[:2], "next_page_token": "p2"})


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        srv.route("/v1/servers", _servers)
        srv.route("/v1/sizes", lambda h: json_reply(h, 200, {"sizes": [
            {"id": "small", "name": "Small", "memory_mb": 1024, "disk_gb": 25, "price_hourly": 0.01}]}))
        srv.route("/v1/images", lambda h: json_reply(h, 200, {"images": [{"id": "debian", "name": "Debian 12"}]}))
        srv.route("/v1/servers/s-1/actions/reboot", status_route(204))
        srv.route("/v1/servers/s-1", status_route(204))
        srv.route("/v1/servers/s-404", lambda h: json_reply(h, 404, {"error": {"code": "not_found",
                                                                        "message": "no server s-404"}}))
        yield srv


def _driver(server: LocalServer, token: str = TOKEN) -> Any:
    return example.CumulusNodeDriver(token, secure=False, host="127.0.0.1", port=server.port)


def test_the_example_is_under_100_lines() -> None:
    assert len(EXAMPLE.read_text().splitlines()) < 100


def test_list_create_reboot_destroy(server: LocalServer) -> None:
    driver = _driver(server)
    nodes = driver.list_nodes()
    assert [(n.id, n.state) for n in nodes] == [("s-1", NodeState.RUNNING), ("s-2", NodeState.STOPPED),
                                                ("s-3", NodeState.PENDING)]
    assert [r.path for r in server.requests] == ["/v1/servers", "/v1/servers?page_token=p2"]
    [size] = driver.list_sizes()
    [image] = driver.list_images()
    assert (size.ram, size.disk, size.price, image.name) == (1024, 25, 0.01, "Debian 12")
    node = driver.create_node("db1", size, image)
    assert (node.id, node.name, node.state) == ("s-9", "db1", NodeState.PENDING)
    assert json.loads(server.requests[-1].body) == {"name": "db1", "size": "small", "image": "debian"}
    assert nodes[0].reboot() is True and nodes[0].destroy() is True
    assert [r.method for r in server.requests[-2:]] == ["POST", "DELETE"]


def test_errors_keep_the_provider_message(server: LocalServer) -> None:
    with pytest.raises(InvalidCredsError, match="bad token"):
        _driver(server, token="wrong").list_nodes()
    node = _driver(server).list_nodes()[0]
    node.id = "s-404"
    with pytest.raises(ProviderError, match="no server s-404") as caught:
        node.destroy()
    assert caught.value.http_code == 404


def test_the_same_flow_runs_on_asyncio(server: LocalServer) -> None:
    driver = _driver(server)
    list_nodes = flow_of(type(driver), "list_nodes")
    assert list_nodes is not None

    async def main() -> Any:
        try:
            return await run_async(list_nodes(driver))
        finally:
            await driver.connection.aclose()  # the aiohttp session belongs to this loop

    nodes = asyncio.run(main())
    assert [n.name for n in nodes] == ["web1", "web2", "web3"]
