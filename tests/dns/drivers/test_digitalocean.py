"""DigitalOcean DNS driver: recorded-shape payloads and the conformance suite on a stateful fake."""

from __future__ import annotations

import json
from typing import Any

import pytest

from libcloud.common.exceptions import RateLimitReachedError
from libcloud.common.types import InvalidCredsError
from libcloud.dns.drivers.digitalocean import DigitalOceanDNSDriver
from libcloud.dns.types import RecordDoesNotExistError, RecordType, ZoneAlreadyExistsError, ZoneDoesNotExistError
from tests.dns.conformance import DNSCapabilities, DNSConformance
from tests.dns.fakes.digitalocean import DigitalOceanFake
from tests.fakes.fixtures import fixture_loader

API = "https://api.digitalocean.com/v2"


_fixture = fixture_loader("dns", "digitalocean")


class TestDigitalOceanConformance(DNSConformance):
    @pytest.fixture
    def fake(self, requests_mock: Any) -> DigitalOceanFake:
        return DigitalOceanFake().install(requests_mock)  # type: ignore[return-value]

    @pytest.fixture
    def dns_driver(self, fake: DigitalOceanFake) -> DigitalOceanDNSDriver:
        return DigitalOceanDNSDriver("token", ex_per_page=2)  # tiny pages: listings must follow every page

    @pytest.fixture
    def dns_capabilities(self, dns_driver: DigitalOceanDNSDriver, fake: DigitalOceanFake) -> DNSCapabilities:
        # DigitalOcean accepts identical records side by side.
        return DNSCapabilities.from_driver(dns_driver, duplicate_record_error=False, request_count=fake.count)


@pytest.fixture
def driver() -> DigitalOceanDNSDriver:
    return DigitalOceanDNSDriver("token", ex_per_page=1)


def test_zones_follow_every_page(driver: DigitalOceanDNSDriver, requests_mock: Any) -> None:
    requests_mock.get(API + "/domains?page=1", text=_fixture("domains_page1.json"))
    requests_mock.get(API + "/domains?page=2", text=_fixture("domains_page2.json"))
    zones = driver.list_zones()
    assert [(z.id, z.domain, z.ttl, z.type) for z in zones] == [
        ("alpha.example", "alpha.example", 1800, "master"), ("beta.example", "beta.example", 3600, "master")]
    assert [z.id for z in driver.iterate_zones()] == ["alpha.example", "beta.example"]
    first = requests_mock.request_history[0]
    assert first.headers["Authorization"] == "Bearer token"
    assert first.qs == {"page": ["1"], "per_page": ["1"]}


def test_records_parse_priority_srv_and_caa(driver: DigitalOceanDNSDriver, requests_mock: Any) -> None:
    requests_mock.get(API + "/domains/alpha.example/records", text=_fixture("records.json"))
    zone = driver._to_zone({"name": "alpha.example", "ttl": 1800})
    records = {r.id: r for r in driver.list_records(zone)}
    assert (records["502"].name, records["502"].data, records["502"].ttl) == ("www", "198.51.100.7", 300)
    assert (records["503"].name, records["503"].data, records["503"].extra["priority"]) == (
        "@", "mx.alpha.example", 10)
    assert (records["504"].data, records["504"].extra["priority"]) == ("20 5060 sip.alpha.example.", 5)
    assert records["505"].data == '0 issue "letsencrypt.org"'
    text = zone.export_to_bind_format()
    assert "alpha.example.\t1800\tIN\tMX\t10 mx.alpha.example." in text


def test_create_record_body(driver: DigitalOceanDNSDriver, requests_mock: Any) -> None:
    reply = {"domain_record": {"id": 9, "type": "SRV", "name": "_xmpp._tcp", "data": "chat.alpha.example.",
                               "priority": 10, "port": 5222, "weight": 5, "ttl": 60}}
    requests_mock.post(API + "/domains/alpha.example/records", status_code=201, json=reply)
    zone = driver._to_zone({"name": "alpha.example", "ttl": 1800})
    record = driver.create_record("_xmpp._tcp", zone, RecordType.SRV, "5 5222 chat.alpha.example",
                                  extra={"priority": 10, "ttl": 60})
    assert json.loads(requests_mock.last_request.text) == {
        "type": "SRV", "name": "_xmpp._tcp", "data": "chat.alpha.example.", "priority": 10, "weight": 5,
        "port": 5222, "ttl": 60}
    assert (record.id, record.data, record.extra["priority"]) == ("9", "5 5222 chat.alpha.example.", 10)


def test_errors_are_mapped(driver: DigitalOceanDNSDriver, requests_mock: Any) -> None:
    requests_mock.get(API + "/domains/missing.example", status_code=404, text=_fixture("not_found.json"))
    with pytest.raises(ZoneDoesNotExistError) as zinfo:
        driver.get_zone("missing.example")
    assert zinfo.value.zone_id == "missing.example"
    requests_mock.get(API + "/domains/alpha.example", json={"domain": {"name": "alpha.example", "ttl": 1800}})
    requests_mock.get(API + "/domains/alpha.example/records/7", status_code=404, text=_fixture("not_found.json"))
    with pytest.raises(RecordDoesNotExistError) as rinfo:
        driver.get_record("alpha.example", "7")
    assert rinfo.value.record_id == "7"
    requests_mock.post(API + "/domains", status_code=422, json={"id": "unprocessable_entity",
                                                               "message": "Name already exists"})
    with pytest.raises(ZoneAlreadyExistsError):
        driver.create_zone("alpha.example")
    requests_mock.get(API + "/domains", status_code=401, text=_fixture("unauthorized.json"))
    with pytest.raises(InvalidCredsError):
        driver.list_zones()


def test_rate_limit_is_retried_then_raised(requests_mock: Any) -> None:
    driver = DigitalOceanDNSDriver("token", retry_delay=0)
    requests_mock.get(API + "/domains", [
        {"status_code": 429, "json": {"id": "too_many_requests", "message": "slow down"},
         "headers": {"Retry-After": "0"}},
        {"text": _fixture("domains_page2.json")},
    ])
    assert [z.id for z in driver.list_zones()] == ["beta.example"]
    requests_mock.get(API + "/domains", status_code=429, json={"message": "slow down"}, headers={"Retry-After": "0"})
    with pytest.raises(RateLimitReachedError):
        driver.list_zones()
