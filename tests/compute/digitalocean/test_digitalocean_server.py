"""DigitalOcean compute against a scripted loopback server: lifecycle, action polling, paging, 429, asyncio."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any, Dict, Iterator, List, Optional
from urllib.parse import parse_qs, urlsplit

import pytest

from libcloud._core.paginate import PagingError
from libcloud.asyncio.compute.providers import get_driver as get_async_driver
from libcloud.common.types import InvalidCredsError, LibcloudError
from libcloud.compute.base import NodeImage, NodeLocation, NodeSize
from libcloud.compute.drivers.digitalocean import DigitalOcean_v2_NodeDriver, DigitalOceanNodeDriver
from libcloud.compute.providers import get_driver
from libcloud.compute.types import NodeState, Provider
from tests.fakes.http_server import LocalServer

TOKEN = "do-test-token-1234"


class DropletAPI:
    """A tiny stateful DigitalOcean: a droplet turns active when its create action is polled twice."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.lock = threading.Lock()
        self.droplets: Dict[int, Dict[str, Any]] = {}
        self.actions: Dict[int, Dict[str, Any]] = {}
        self.next_id = 100
        self.throttle = 0
        self.stuck_paging = False
        server.route("*", self.handle)

    @staticmethod
    def _reply(h: Any, status: int, body: Any = None, headers: Optional[Dict[str, str]] = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        h.reply(status, data, dict({"Content-Type": "application/json"}, **(headers or {})))

    def handle(self, h: Any) -> None:
        if h.headers.get("Authorization") != "Bearer " + TOKEN:
            return self._reply(h, 401, {"id": "unauthorized", "message": "Unable to authenticate you."})
        if self.throttle:
            self.throttle -= 1
            return self._reply(h, 429, {"id": "too_many_requests", "message": "slow down"}, {"Retry-After": "0"})
        parts = urlsplit(h.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        raw = self.server.requests[-1].body  # the server read the body already (tests send one request at a time)
        body = json.loads(raw) if raw else None
        segments = parts.path.strip("/").split("/")[1:]
        with self.lock:
            return self._route(h, h.command, segments, query, body)

    def _list(self, h: Any, query: Dict[str, str]) -> None:
        page, per_page = int(query.get("page", 1)), int(query.get("per_page", 20))
        items = sorted(self.droplets.values(), key=lambda d: d["id"])
        last = max(1, -(-len(items) // per_page))
        if self.stuck_paging:
            page, last = 1, 2  # ignores ?page=: always the first page, "more to come"
        links = {"pages": {"last": "https://api.digitalocean.com/v2/droplets?page=%d" % last}} if last > 1 else {}
        self._reply(h, 200, {"droplets": items[(page - 1) * per_page: page * per_page], "links": links,
                             "meta": {"total": len(items)}})

    def _create(self, h: Any, body: Dict[str, Any]) -> None:
        if body["image"] == "missing":
            return self._reply(h, 422, {"id": "unprocessable_entity", "message": "Image is invalid"})
        droplet = {"id": self.next_id, "name": body["name"], "status": "new", "size_slug": body["size"],
                   "image": {"id": body["image"]}, "networks": {"v4": []}, "tags": [],
                   "created_at": "2024-01-02T03:04:05Z"}
        self.droplets[self.next_id] = droplet
        self.actions[self.next_id] = {"id": self.next_id, "status": "in-progress", "type": "create",
                                      "resource_id": self.next_id}
        self.next_id += 1
        return self._reply(h, 202, {"droplet": droplet, "links": {"actions": [{"id": droplet["id"]}]}})

    def _action(self, h: Any, action_id: int) -> None:
        action = self.actions[action_id]
        if action["status"] == "in-progress":
            action["status"] = "completed"  # the next poll sees it done
            droplet = self.droplets[action["resource_id"]]
            droplet["status"] = "active"
            droplet["networks"] = {"v4": [{"ip_address": "203.0.113.%d" % (droplet["id"] % 250), "type": "public"}]}
            return self._reply(h, 200, {"action": dict(action, status="in-progress")})
        return self._reply(h, 200, {"action": action})

    def _route(self, h: Any, method: str, segments: List[str], query: Dict[str, str], body: Any) -> None:
        if segments == ["droplets"]:
            return self._list(h, query) if method == "GET" else self._create(h, body)
        if segments[0] == "actions" and len(segments) == 2:
            return self._action(h, int(segments[1]))
        if segments[0] == "droplets" and len(segments) == 2:
            droplet_id = int(segments[1])
            if droplet_id not in self.droplets:
                return self._reply(h, 404, {"id": "not_found", "message": "The resource was not found."})
            if method == "DELETE":
                del self.droplets[droplet_id]
                return self._reply(h, 204)
            return self._reply(h, 200, {"droplet": self.droplets[droplet_id]})
        return self._reply(h, 404, {"id": "not_found", "message": "no route"})


@pytest.fixture
def api() -> Iterator[DropletAPI]:
    with LocalServer() as server:
        yield DropletAPI(server)


def _driver(api: DropletAPI, token: str = TOKEN, **kwargs: Any) -> Any:
    driver = get_driver(Provider.DIGITAL_OCEAN)(token, host="127.0.0.1", port=api.server.port, secure=False,
                                                **kwargs)
    driver.connection.retry_delay = 0
    return driver


def _create(driver: Any, name: str, image: str = "ubuntu-22-04-x64") -> Any:
    size = NodeSize("s-1vcpu-1gb", "s-1vcpu-1gb", 1024, 25, 1, 5, driver)
    location = NodeLocation("ams3", "Amsterdam 3", "NL", driver)
    return driver.create_node(name, size, NodeImage(image, image, driver), location)


def test_create_poll_until_running_and_destroy(api: DropletAPI) -> None:
    driver = _driver(api)
    assert isinstance(driver, DigitalOcean_v2_NodeDriver)
    node = _create(driver, "web-1")
    assert node.state == NodeState.PENDING and node.public_ips == []
    assert driver.ex_wait_for_action(node.id, interval=0)["status"] == "completed"
    [listed] = driver.list_nodes()
    assert listed.state == NodeState.RUNNING and listed.public_ips == ["203.0.113.%d" % (int(node.id) % 250)]
    assert driver.destroy_node(listed) is True
    assert driver.list_nodes() == []
    with pytest.raises(Exception, match=r"The resource was not found. \(code: 404\)"):
        driver.ex_get_node_details(node.id)


def test_action_wait_has_a_deadline(api: DropletAPI) -> None:
    driver = _driver(api)
    node = _create(driver, "slow")
    api.actions[int(node.id)]["status"] = "stuck"
    with pytest.raises(LibcloudError, match="did not complete within 0 seconds"):
        driver.ex_wait_for_action(node.id, timeout=0, interval=0)


def test_listing_pages_through_every_droplet(api: DropletAPI) -> None:
    driver = _driver(api, ex_per_page=2)
    for i in range(5):
        _create(driver, "n%d" % i)
    before = len(api.server.requests)
    assert [n.name for n in driver.list_nodes()] == ["n%d" % i for i in range(5)]
    assert len(api.server.requests) - before == 3  # pages 1, 2 and 3


def test_a_listing_that_does_not_advance_stops(api: DropletAPI) -> None:
    driver = _driver(api, ex_per_page=1)
    for i in range(3):
        _create(driver, "s%d" % i)
    api.stuck_paging = True
    # Page 1 says "last page 2"; page 2 answers as page 1 again with "last 2": we stop after page 2.
    assert [n.name for n in driver.list_nodes()] == ["s0", "s0"]
    assert api.server.requests[-1].path.startswith("/v2/droplets?") and "page=2" in api.server.requests[-1].path


def test_errors_keep_the_message_and_hide_the_token(api: DropletAPI) -> None:
    with pytest.raises(Exception) as error:
        _create(_driver(api), "bad", image="missing")
    assert "Image is invalid (code: 422)" in str(error.value)
    with pytest.raises(InvalidCredsError) as creds:
        _driver(api, token="wrong-token-5678").list_nodes()
    assert "wrong-token-5678" not in str(creds.value)
    assert "Unable to authenticate you." in str(creds.value)


def test_429_with_retry_after_is_retried_for_reads(api: DropletAPI) -> None:
    driver = _driver(api)
    api.throttle = 2
    assert driver.list_nodes() == []
    assert api.throttle == 0 and len(api.server.requests) == 3


def test_v1_credentials_are_refused_as_upstream() -> None:
    from libcloud.common.digitalocean import DigitalOcean_v1_Error

    with pytest.raises(DigitalOcean_v1_Error):
        DigitalOceanNodeDriver("id", "key", api_version="v1")
    with pytest.raises(InvalidCredsError):
        DigitalOceanNodeDriver("id", "key")


def test_asyncio_api_runs_the_same_flows(api: DropletAPI) -> None:
    for i in range(3):
        _create(_driver(api), "a%d" % i)

    async def go() -> List[str]:
        cls = get_async_driver(Provider.DIGITAL_OCEAN)
        async with cls(TOKEN, host="127.0.0.1", port=api.server.port, secure=False, ex_per_page=2) as driver:
            nodes = await driver.list_nodes()
            action = await driver.ex_wait_for_action(nodes[0].id, interval=0)
            assert action["status"] == "completed"
            assert await driver.destroy_node(nodes[0]) is True
            return [n.name for n in await driver.list_nodes()]

    assert asyncio.run(go()) == ["a1", "a2"]


def test_paging_error_is_importable_from_the_rest_layer() -> None:
    from libcloud.common.rest import PagingError as Exported

    assert Exported is PagingError
