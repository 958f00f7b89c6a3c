"""Vultr DNS (API v2) against a scripted loopback API: the conformance suite, cursor paging, 429, asyncio."""

from __future__ import annotations

import asyncio
import json
from typing import Any, Iterator, List

import pytest

from libcloud.asyncio.dns.providers import get_driver as get_async_driver
from libcloud.common.exceptions import RateLimitReachedError
from libcloud.common.types import InvalidCredsError, LibcloudError
from libcloud.dns.drivers.vultr import VultrDNSDriver, VultrDNSDriverV2
from libcloud.dns.providers import get_driver
from libcloud.dns.types import Provider, RecordDoesNotExistError, RecordType, ZoneAlreadyExistsError
from tests.dns.conformance import DNSCapabilities, DNSConformance
from tests.fakes.http_server import LocalServer
from tests.servers.vultr_api import API_KEY, ScriptedVultr


@pytest.fixture
def api() -> Iterator[ScriptedVultr]:
    with LocalServer() as server:
        yield ScriptedVultr(server)


def _driver(api: ScriptedVultr, key: str = API_KEY) -> Any:
    driver = get_driver(Provider.VULTR)(key, host="127.0.0.1", port=api.port, secure=False)
    driver.connection.retry_delay = 0
    return driver


class TestVultrConformance(DNSConformance):
    @pytest.fixture
    def dns_driver(self, api: ScriptedVultr) -> VultrDNSDriverV2:
        driver = _driver(api)
        driver.per_page = 2  # small pages: every listing must follow the cursor
        return driver  # type: ignore[no-any-return]

    @pytest.fixture
    def dns_capabilities(self, dns_driver: VultrDNSDriverV2, api: ScriptedVultr) -> DNSCapabilities:
        # Vultr takes identical records side by side; zones have no settable TTL.
        return DNSCapabilities.from_driver(dns_driver, duplicate_record_error=False, zone_ttl=None,
                                           request_count=api.request_count)


def test_records_crud_and_bodies(api: ScriptedVultr) -> None:
    driver = _driver(api)
    assert isinstance(driver, VultrDNSDriverV2)
    zone = driver.create_zone("crud.example", extra={"ip": "192.0.2.1"})
    assert api.last_body() == {"domain": "crud.example", "ip": "192.0.2.1"}
    with pytest.raises(ZoneAlreadyExistsError) as exists:
        driver.create_zone("crud.example")
    assert exists.value.zone_id == "crud.example"
    mx = driver.create_record("", zone, RecordType.MX, "10 mail.crud.example", extra={"ttl": 600})
    assert api.last_body() == {"name": "", "type": "MX", "data": "mail.crud.example", "ttl": 600, "priority": 10}
    assert (mx.name, mx.data, mx.ttl, mx.extra["priority"]) == ("", "mail.crud.example", 600, 10)
    txt = driver.create_record("t", zone, RecordType.TXT, "v=spf1 -all")
    assert txt.data == '"v=spf1 -all"'
    updated = driver.update_record(mx, data="mx2.crud.example", extra={"priority": 20})
    assert api.last_body() == {"name": "", "data": "mx2.crud.example", "ttl": 600, "priority": 20}
    fetched = driver.get_record(zone.id, mx.id)
    assert (fetched.data, fetched.extra["priority"], updated.data) == ("mx2.crud.example", 20, "mx2.crud.example")
    with pytest.raises(LibcloudError, match="cannot change the type"):
        driver.update_record(mx, type=RecordType.A, data="192.0.2.9")
    assert driver.delete_record(fetched) is True
    with pytest.raises(RecordDoesNotExistError) as missing:
        driver.get_record(zone.id, mx.id)
    assert missing.value.record_id == mx.id
    assert {r.type for r in driver.list_records(zone)} == {"NS", "TXT"}


def test_zones_follow_the_cursor(api: ScriptedVultr) -> None:
    driver = _driver(api)
    for i in range(5):
        driver.create_zone("z%d.example" % i)
    driver.per_page = 2
    before = api.request_count()
    assert [z.id for z in driver.list_zones()] == ["z%d.example" % i for i in range(5)]
    paths = [r.path for r in api.server.requests[before:]]
    assert len(paths) == 3 and all("per_page=2" in p for p in paths) and "cursor=" in paths[-1]
    assert [z.id for z in driver.iterate_zones()] == ["z%d.example" % i for i in range(5)]


def test_429_is_retried_then_raised(api: ScriptedVultr) -> None:
    driver = _driver(api)
    driver.create_zone("busy.example")
    api.throttle = 1
    assert [z.id for z in driver.list_zones()] == ["busy.example"]
    api.throttle = 100
    with pytest.raises(RateLimitReachedError):
        driver.list_zones()


def test_bad_key_raises_invalid_creds_without_the_key(api: ScriptedVultr) -> None:
    with pytest.raises(InvalidCredsError) as error:
        _driver(api, key="nope-key-4321").list_zones()
    assert "nope-key-4321" not in str(error.value)


def test_version_selection() -> None:
    from libcloud.dns.drivers.vultr import VultrDNSDriverV1

    assert isinstance(VultrDNSDriver("k", api_version="1"), VultrDNSDriverV1)
    assert isinstance(VultrDNSDriver("k", api_version="2"), VultrDNSDriverV2)
    with pytest.raises(NotImplementedError):
        VultrDNSDriver("k", api_version="3")


def test_v1_checks_before_writing() -> None:
    with LocalServer() as server:
        def handle(h: Any) -> None:
            if h.path.startswith("/v1/dns/list"):
                return h.reply(200, json.dumps([{"domain": "old.example", "date_created": "x"}]).encode())
            if h.path.startswith("/v1/dns/records"):
                return h.reply(200, json.dumps([{"type": "A", "name": "www", "data": "192.0.2.1",
                                                 "RECORDID": 7, "ttl": 300}]).encode())
            return h.reply(200, b"")

        server.route("*", handle)
        driver = VultrDNSDriver("v1-key", host="127.0.0.1", port=server.port, secure=False, api_version="1")
        with pytest.raises(ZoneAlreadyExistsError):
            driver.create_zone("old.example", extra={"serverip": "192.0.2.1"})
        assert not any(r.method == "POST" for r in server.requests)
        zone = driver.get_zone("old.example")
        [record] = driver.list_records(zone)
        assert (record.id, record.name, record.ttl) == ("7", "www", 300)
        assert driver.delete_record(record) is True
        post = server.requests[-1]
        assert (post.method, post.path, post.body) == ("POST", "/v1/dns/delete_record",
                                                       b"domain=old.example&RECORDID=7")
        assert post.headers["API-Key"] == "v1-key"
        assert post.headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_asyncio_pages_zones_and_records(api: ScriptedVultr) -> None:
    async def go() -> List[str]:
        cls = get_async_driver(Provider.VULTR)
        async with cls(API_KEY, host="127.0.0.1", port=api.port, secure=False) as driver:
            driver.sync_driver.per_page = 1
            zone = await driver.create_zone("async.example")
            await driver.create_record("www", zone, RecordType.A, "192.0.2.7")
            records = [r async for r in driver.iterate_records(zone)]
            assert sorted(r.type for r in records) == ["A", "NS"]
            assert await driver.delete_zone(zone) is True
            return [z.id async for z in driver.iterate_zones()]

    assert asyncio.run(go()) == []
