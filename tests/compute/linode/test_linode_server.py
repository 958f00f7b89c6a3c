"""Linode compute (API v4 and legacy) against a scripted loopback server.

Lifecycle (create -> running -> destroy), paging, 429 with Retry-After,
error mapping without the token, and the asyncio API on the same flows.
"""

from __future__ import annotations

import asyncio
import io
import json
import pickle
from typing import Any, Dict, Iterator, List, Optional
from urllib.parse import parse_qs, urlsplit

import pytest

from libcloud._core import debug
from libcloud.asyncio.compute.providers import get_driver as get_async_driver
from libcloud.common.exceptions import RateLimitReachedError
from libcloud.common.linode import LinodeException, LinodeExceptionV4
from libcloud.common.types import InvalidCredsError
from libcloud.compute.base import NodeAuthSSHKey, NodeImage, NodeLocation, NodeSize
from libcloud.compute.drivers.linode import LinodeNodeDriver, LinodeNodeDriverV3, LinodeNodeDriverV4
from libcloud.compute.providers import get_driver
from libcloud.compute.types import NodeState, Provider
from tests.compute.linode.fakes import TOKEN, LinodeAPI
from tests.fakes.http_server import LocalServer
from tests.fakes.routes import json_reply

PASSWORD = "s3cret-Root-pass"


@pytest.fixture
def api() -> Iterator[LinodeAPI]:
    with LocalServer() as server:
        yield LinodeAPI(server)


def _driver(api: LinodeAPI, token: str = TOKEN) -> Any:
    driver = get_driver(Provider.LINODE)(token, host="127.0.0.1", port=api.server.port, secure=False)
    driver.connection.retry_delay = 0
    return driver


def _create(driver: Any, name: str) -> Any:
    size = NodeSize("g6-nanode-1", "Nanode 1GB", 1024, 25, 1000, 5.0, driver)
    location = NodeLocation("eu-west", "London", "GB", driver)
    return driver.create_node(location, name, size, NodeImage("linode/debian12", "Debian 12", driver),
                              root_pass=PASSWORD)


def test_api_version_picks_the_driver() -> None:
    assert type(LinodeNodeDriver("k")) is LinodeNodeDriverV4
    assert type(LinodeNodeDriver("k", api_version="3.0")) is LinodeNodeDriverV3
    with pytest.raises(NotImplementedError):
        LinodeNodeDriver("k", api_version="2.0")


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_drivers_pickle(version: str) -> None:
    driver = LinodeNodeDriver("k", api_version=version)
    copy = pickle.loads(pickle.dumps(driver))
    assert type(copy) is type(driver) and copy.key == "k"


def test_create_until_running_then_destroy(api: LinodeAPI) -> None:
    driver = _driver(api)
    node = _create(driver, "web-1")
    assert node.state == NodeState.PENDING
    assert node.public_ips == ["198.51.100.0"] and node.private_ips == ["192.168.130.0"]
    sent = json.loads(api.server.requests[-1].body)
    assert sent == {"label": "web-1", "region": "eu-west", "type": "g6-nanode-1", "backups_enabled": False,
                    "private_ip": False, "image": "linode/debian12", "root_pass": PASSWORD}
    assert driver.ex_get_node(node.id).state == NodeState.PENDING
    assert driver.ex_get_node(node.id).state == NodeState.RUNNING
    with pytest.raises(LinodeExceptionV4, match="already booted"):
        driver.start_node(node)
    assert driver.destroy_node(node) is True
    assert api.server.requests[-1].method == "DELETE"
    assert driver.list_nodes() == []
    with pytest.raises(LinodeExceptionV4, match="Not found"):
        driver.ex_get_node(node.id)


def test_debug_log_hides_the_root_password_and_token(api: LinodeAPI) -> None:
    log = io.StringIO()
    debug.set_stream(log)
    try:
        _create(_driver(api), "logged")
    finally:
        debug.set_stream(None)
    text = log.getvalue()
    assert '"root_pass": "<redacted>"' in text
    assert PASSWORD not in text and TOKEN not in text


def test_bad_labels_fail_before_any_request(api: LinodeAPI) -> None:
    driver = _driver(api)
    for name in ("ab", "a b c", "web--1", "-web", "web_"):
        with pytest.raises(LinodeExceptionV4):
            _create(driver, name)
    assert api.server.requests == []


def test_listing_pages_through_every_instance(api: LinodeAPI) -> None:
    driver = _driver(api)
    for i in range(5):
        _create(driver, "node-%d" % i)
    before = len(api.server.requests)
    assert [n.name for n in driver.list_nodes()] == ["node-%d" % i for i in range(5)]
    paths = [r.path for r in api.server.requests[before:]]
    assert len(paths) == 3 and "page=2" in paths[1] and "page=3" in paths[2]
    assert [n.name for n in driver.ex_iterate_nodes()] == ["node-%d" % i for i in range(5)]


def test_429_with_retry_after_is_retried_for_reads(api: LinodeAPI) -> None:
    driver = _driver(api)
    api.throttle = 2
    assert driver.list_nodes() == []
    assert api.throttle == 0 and len(api.server.requests) == 3


def test_429_on_create_is_not_replayed(api: LinodeAPI) -> None:
    driver = _driver(api)
    api.throttle = 1
    with pytest.raises(RateLimitReachedError):
        _create(driver, "once")
    assert len(api.server.requests) == 1 and api.instances == {}


def test_errors_keep_the_reason_and_hide_the_token(api: LinodeAPI) -> None:
    driver = _driver(api)
    _create(driver, "dup")
    with pytest.raises(LinodeExceptionV4) as error:
        _create(driver, "dup")
    assert "label: Label must be unique" in str(error.value)
    assert TOKEN not in str(error.value)
    with pytest.raises(InvalidCredsError) as creds:
        _driver(api, token="wrong-token-5678").list_nodes()
    assert "Invalid Token" in str(creds.value) and "wrong-token-5678" not in str(creds.value)


def test_asyncio_api_runs_the_same_flows(api: LinodeAPI) -> None:
    for i in range(3):
        _create(_driver(api), "async-%d" % i)

    async def go() -> List[str]:
        cls = get_async_driver(Provider.LINODE)
        async with cls(TOKEN, host="127.0.0.1", port=api.server.port, secure=False) as driver:
            nodes = await driver.list_nodes()
            assert await driver.destroy_node(nodes[0]) is True
            return [n.name async for n in driver.ex_iterate_nodes()]

    assert asyncio.run(go()) == ["async-1", "async-2"]


# -- the legacy API -----------------------------------------------------------------------------
class LegacyAPI:
    """The legacy API: ``GET /?api_key=...&api_action=...``; answers in ``{ERRORARRAY, ACTION, DATA}``."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.actions: List[str] = []
        self.sent: List[Dict[str, str]] = []
        server.route("/", self.handle)

    def handle(self, h: Any) -> None:
        query = {k: v[-1] for k, v in parse_qs(urlsplit(h.path).query).items()}
        action = query.get("api_action", "")
        self.actions.append(action)
        errors: List[Dict[str, Any]] = []
        data: Any = None
        if query.get("api_key") != TOKEN:
            errors = [{"ERRORCODE": 4, "ERRORMESSAGE": "Authentication failed"}]
        elif action == "linode.list":
            data = [{"LINODEID": 7, "LABEL": "old-1", "STATUS": 1, "PLANID": 1}]
        elif action == "linode.ip.list":
            data = [{"LINODEID": 7, "IPADDRESS": "203.0.113.7", "ISPUBLIC": 1},
                    {"LINODEID": 7, "IPADDRESS": "192.168.1.7", "ISPUBLIC": 0}]
        elif action == "linode.delete":
            errors = [{"ERRORCODE": 5, "ERRORMESSAGE": "Object not found"}]
        elif action == "avail.kernels":
            data = [{"KERNELID": 1, "LABEL": "Latest 32 bit (4.1.5-x86-linode80)"},
                    {"KERNELID": 2, "LABEL": "Latest 64 bit (4.1.5-x86_64-linode61)"}]
        else:
            self.sent.append(query)
            data = {"linode.create": {"LinodeID": 7}, "linode.disk.createfromdistribution": {"DiskID": 11},
                    "linode.disk.create": {"DiskID": 12}, "linode.config.create": {"ConfigID": 13}}.get(action, {})
        json_reply(h, 200, {"ERRORARRAY": errors, "ACTION": action, "DATA": data})


@pytest.fixture
def legacy() -> Iterator[LegacyAPI]:
    with LocalServer() as server:
        yield LegacyAPI(server)


def _legacy_driver(legacy: LegacyAPI, key: str = TOKEN) -> Any:
    return LinodeNodeDriver(key, api_version="3.0", host="127.0.0.1", port=legacy.server.port, secure=False)


def test_legacy_nodes_and_errors(legacy: LegacyAPI) -> None:
    driver = _legacy_driver(legacy)
    [node] = driver.list_nodes()
    assert (node.id, node.name, node.state) == ("7", "old-1", NodeState.RUNNING)
    assert node.public_ips == ["203.0.113.7"] and node.private_ips == ["192.168.1.7"]
    assert legacy.actions == ["linode.list", "linode.ip.list"]
    with pytest.raises(LinodeException) as error:
        driver.destroy_node(node)
    assert error.value.code == 5
    with pytest.raises(InvalidCredsError) as creds:
        _legacy_driver(legacy, key="wrong-key-5678").list_nodes()
    assert "wrong-key-5678" not in str(creds.value)


def test_legacy_error_answers_do_not_carry_the_key(legacy: LegacyAPI) -> None:
    message: Optional[str] = None
    try:
        _legacy_driver(legacy).destroy_node(_legacy_driver(legacy).list_nodes()[0])
    except LinodeException as exc:
        message = repr(exc) + str(exc)
    assert message is not None and TOKEN not in message


def test_legacy_create_node_sets_up_disks_config_and_boots(legacy: LegacyAPI) -> None:
    driver = _legacy_driver(legacy)
    size = NodeSize("1", "Linode 1024", 1024, 24, 2000, 10.0, driver)
    image = NodeImage("112", "Arch Linux", driver, extra={"64bit": True, "minimum_size": 500})
    location = NodeLocation("2", "Dallas, TX, USA", "US", driver)
    node = driver.create_node("web", size, image, location, auth=NodeAuthSSHKey("ssh-ed25519 AAAA me"))
    assert node.id == "7" and len(node.extra["password"]) == 32
    sent = {q["api_action"]: q for q in legacy.sent}
    assert list(sent) == ["linode.create", "linode.update", "linode.disk.createfromdistribution",
                          "linode.disk.create", "linode.config.create", "linode.boot"]
    root = sent["linode.disk.createfromdistribution"]
    assert root["rootSSHKey"] == "ssh-ed25519 AAAA me" and root["rootPass"] == node.extra["password"]
    assert "rootPass=<redacted>" in debug.format_curl("GET", legacy.server.requests[3].path, {}, None)
    assert int(root["Size"]) + int(sent["linode.disk.create"]["Size"]) == 24 * 1024
    assert sent["linode.config.create"]["KernelID"] == "2" and sent["linode.config.create"]["DiskList"] == "11,12"
    assert sent["linode.boot"]["ConfigID"] == "13"
