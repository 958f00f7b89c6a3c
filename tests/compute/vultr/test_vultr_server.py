"""Vultr compute against a scripted loopback API: lifecycle, cursor paging, 429, errors, v1, asyncio."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any, Iterator, List

import pytest

from libcloud._core.paginate import PagingError
from libcloud.asyncio.compute.providers import get_driver as get_async_driver
from libcloud.common.types import InvalidCredsError, ServiceUnavailableError
from libcloud.common.vultr import VultrException, VultrInvalidCredsError
from libcloud.compute.drivers.vultr import VultrNodeDriverV1, VultrNodeDriverV2
from libcloud.compute.providers import get_driver
from libcloud.compute.types import NodeState, Provider
from tests.fakes.http_server import LocalServer
from tests.servers.vultr_api import API_KEY, ScriptedVultr


@pytest.fixture
def api() -> Iterator[ScriptedVultr]:
    with LocalServer() as server:
        yield ScriptedVultr(server)


def _driver(api: ScriptedVultr, key: str = API_KEY, **kwargs: Any) -> Any:
    driver = get_driver(Provider.VULTR)(key, host="127.0.0.1", port=api.port, secure=False, **kwargs)
    driver.connection.retry_delay = 0
    return driver


def _create(driver: Any, name: str, **kwargs: Any) -> Any:
    size = driver.list_sizes()[0]
    image = driver.list_images()[0]
    location = driver.list_locations()[0]
    return driver.create_node(name, size, image, location, **kwargs)


def test_create_until_active_then_destroy(api: ScriptedVultr) -> None:
    driver = _driver(api)
    assert isinstance(driver, VultrNodeDriverV2)
    node = _create(driver, "web-1", ex_userdata="#!/bin/sh\necho hi\n", ex_ssh_key_ids=["k1"])
    sent = api.last_body()
    assert sent is not None
    assert (sent["region"], sent["plan"], sent["os_id"], sent["label"], sent["sshkey_id"]) == (
        "ams", "vc2-1c-1gb", 477, "web-1", ["k1"])
    assert base64.b64decode(sent["user_data"]) == b"#!/bin/sh\necho hi\n"
    assert node.state == NodeState.PENDING and node.public_ips == []
    assert node.extra["default_password"].startswith("Pw-once-")  # Vultr returns it once, on create
    states = []
    for _ in range(5):  # the fake turns the instance active on the second GET
        current = driver.ex_get_node(node.id)
        states.append(current.state)
        if current.state == NodeState.RUNNING:
            break
    assert states == [NodeState.PENDING, NodeState.RUNNING]
    assert current.public_ips and current.public_ips[0].startswith("192.0.2.")
    [listed] = driver.list_nodes()
    assert (listed.id, listed.name, listed.size, listed.image) == (node.id, "web-1", "vc2-1c-1gb", "477")
    assert driver.stop_node(listed) is True
    assert driver.ex_get_node(node.id).state == NodeState.STOPPED
    assert driver.destroy_node(listed) is True
    assert driver.list_nodes() == []
    with pytest.raises(VultrException) as error:
        driver.ex_get_node(node.id)
    assert (error.value.code, error.value.message) == (404, "Invalid instance-id.")


def test_listings_follow_the_cursor(api: ScriptedVultr) -> None:
    driver = _driver(api)
    for i in range(5):
        _create(driver, "n%d" % i)
    driver.per_page = 2
    before = api.request_count()
    assert sorted(n.name for n in driver.list_nodes(ex_list_bare_metals=False)) == ["n%d" % i for i in range(5)]
    paths = [r.path for r in api.server.requests[before:]]
    assert len(paths) == 3 and "cursor" not in paths[0] and all("cursor=" in p for p in paths[1:])
    assert all("per_page=2" in p for p in paths)
    assert sorted(n.name for n in driver.ex_iterate_nodes()) == ["n%d" % i for i in range(5)]


def test_a_cursor_that_repeats_stops(api: ScriptedVultr) -> None:
    driver = _driver(api)
    for i in range(3):
        _create(driver, "s%d" % i)
    driver.per_page = 1
    api.stuck_cursor = True
    with pytest.raises(PagingError):
        driver.list_nodes(ex_list_bare_metals=False)


def test_429_with_retry_after_is_retried_for_reads(api: ScriptedVultr) -> None:
    driver = _driver(api)
    api.throttle = 2
    assert driver.list_nodes() == []
    assert api.throttle == 0
    assert api.request_count() == 4  # instances: 429, 429, 200; then bare metals


def test_errors_keep_vultrs_message_and_hide_the_key(api: ScriptedVultr) -> None:
    driver = _driver(api)
    size = driver.list_sizes()[0]
    size.id = "no-such-plan"
    with pytest.raises(VultrException) as error:
        driver.create_node("bad", size, driver.list_images()[0], "ams")
    assert error.value.code == 400 and "Invalid plan." in str(error.value)
    with pytest.raises(InvalidCredsError) as creds:
        _driver(api, key="wrong-key-5678").list_nodes()
    assert isinstance(creds.value, VultrInvalidCredsError) and isinstance(creds.value, VultrException)
    assert "wrong-key-5678" not in str(creds.value) and "Invalid API token." in str(creds.value)
    sent = api.server.requests[-1].headers
    assert sent["Authorization"] == "Bearer wrong-key-5678"


def test_unknown_api_version_is_refused() -> None:
    with pytest.raises(NotImplementedError):
        get_driver(Provider.VULTR)("key", api_version="3")


def test_v1_sends_the_key_only_where_needed_and_raises_on_rate_limit() -> None:
    with LocalServer() as server:
        throttled: List[bool] = [False]

        def handle(h: Any) -> None:
            if throttled[0]:
                return h.reply(503, b"Rate limit reached - please try your request again later.")
            if h.path.startswith("/v1/plans/list"):
                plan = {"VPSPLANID": "201", "name": "1024 MB RAM", "vcpu_count": "1", "ram": "1024", "disk": "25",
                        "bandwidth": "1.00", "price_per_month": "5.00", "plan_type": "SSD",
                        "available_locations": [1]}
                return h.reply(200, json.dumps({"201": plan}).encode())
            return h.reply(200, json.dumps({}).encode())

        server.route("*", handle)
        driver = get_driver(Provider.VULTR)("v1-key", host="127.0.0.1", port=server.port, secure=False,
                                            api_version="1")
        driver.connection.retry_delay = 0
        assert isinstance(driver, VultrNodeDriverV1)
        [size] = driver.list_sizes()
        assert (size.id, size.ram, size.price) == ("201", 1024, 5.0)
        assert "API-Key" not in server.requests[-1].headers
        assert driver.list_nodes() == []
        assert server.requests[-1].headers["API-Key"] == "v1-key"
        throttled[0] = True
        before = len(server.requests)
        with pytest.raises(ServiceUnavailableError):
            driver.list_nodes()
        assert len(server.requests) - before > 1  # retried before giving up


def test_asyncio_api_runs_the_same_flows(api: ScriptedVultr) -> None:
    async def go() -> List[str]:
        cls = get_async_driver(Provider.VULTR)
        async with cls(API_KEY, host="127.0.0.1", port=api.port, secure=False) as driver:
            driver.sync_driver.per_page = 1
            sizes = await driver.list_sizes()
            images = await driver.list_images()
            locations = await driver.list_locations()
            for name in ("a0", "a1"):
                await driver.create_node(name, sizes[0], images[0], locations[0])
            nodes = await driver.list_nodes()
            names = [n.name async for n in driver.ex_iterate_nodes()]
            assert sorted(names) == ["a0", "a1"]
            assert await driver.destroy_node(nodes[0]) is True
            return [n.name for n in await driver.list_nodes()]

    assert len(asyncio.run(go())) == 1
