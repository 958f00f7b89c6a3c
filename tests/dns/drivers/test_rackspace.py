"""Rackspace Cloud DNS driver against a scripted Cloud DNS: jobs polled to the end, errors, paging, tokens."""

from __future__ import annotations

import asyncio
from typing import Any, Iterator

import pytest

from libcloud.common.types import LibcloudError
from libcloud.dns.drivers.rackspace import RackspaceDNSDriver, RackspaceDNSError
from libcloud.dns.base import Zone
from libcloud.dns.types import (
    RecordAlreadyExistsError,
    RecordDoesNotExistError,
    ZoneAlreadyExistsError,
    ZoneDoesNotExistError,
)
from tests.dns.conformance import DNSCapabilities, DNSConformance
from tests.dns.fakes.rackspace import FakeCloudDNS


@pytest.fixture
def cloud() -> Iterator[FakeCloudDNS]:
    server = FakeCloudDNS()
    try:
        yield server
    finally:
        server.stop()


def _driver(cloud: FakeCloudDNS, **kwargs: Any) -> RackspaceDNSDriver:
    driver = RackspaceDNSDriver(cloud.username, cloud.api_key, ex_force_auth_url=cloud.url,
                                ex_force_auth_version="2.0_apikey", **kwargs)
    driver.connection.poll_interval = 0.01
    return driver


def _paths(cloud: FakeCloudDNS, prefix: str) -> list:
    return [r.path for r in cloud.requests() if r.path.split("?")[0].split("/", 3)[-1].startswith(prefix)]


def test_a_change_polls_its_job_from_running_to_completed(cloud: FakeCloudDNS) -> None:
    cloud.running_polls = 3
    driver = _driver(cloud)
    zone = driver.create_zone("example.com", extra={"email": "admin@example.com", "comment": "hi"})
    assert (zone.domain, zone.extra["email"], zone.extra["comment"]) == ("example.com", "admin@example.com", "hi")
    # Three RUNNING answers, then COMPLETED: four status requests for the one job.
    assert len(_paths(cloud, "status/")) == 4
    assert all("showDetails=true" in path for path in _paths(cloud, "status/"))
    record = driver.create_record("www", zone, "A", "192.0.2.1", extra={"ttl": 600, "comment": "web"})
    assert (record.name, record.data, record.extra["ttl"], record.extra["fqdn"]) == ("www", "192.0.2.1", 600,
                                                                                    "www.example.com")
    updated = driver.update_record(record, data="192.0.2.2")
    assert driver.get_record(zone.id, record.id).data == updated.data == "192.0.2.2"
    assert driver.delete_record(record) is True
    assert driver.list_records(zone) == []
    assert driver.delete_zone(zone) is True
    assert driver.list_zones() == []


def test_the_callback_url_of_a_job_is_never_followed(cloud: FakeCloudDNS) -> None:
    driver = _driver(cloud)
    driver.create_zone("example.org", extra={"email": "a@example.org"})
    # Every request went to the scripted server (the callbackUrl names dns.elsewhere.invalid):
    # the status was asked on the driver's own endpoint.
    assert _paths(cloud, "status/")
    assert driver.connection.host == "127.0.0.1"


def test_a_failed_job_raises_the_matching_dns_error(cloud: FakeCloudDNS) -> None:
    driver = _driver(cloud)
    driver.create_zone("taken.example", extra={"email": "a@taken.example"})
    with pytest.raises(ZoneAlreadyExistsError) as info:
        driver.create_zone("taken.example", extra={"email": "a@taken.example"})
    assert info.value.zone_id == "taken.example"
    assert "Domain already exists" in str(info.value.value)


def test_an_identical_record_is_refused_as_a_record_error(cloud: FakeCloudDNS) -> None:
    driver = _driver(cloud)
    zone = driver.create_zone("dup.example", extra={"email": "a@dup.example"})
    driver.create_record("www", zone, "A", "192.0.2.1")
    with pytest.raises(RecordAlreadyExistsError):
        driver.create_record("www", zone, "A", "192.0.2.1")
    with pytest.raises(ZoneDoesNotExistError):
        driver.create_record("www", Zone("424242", "gone.example", "master", None, driver), "A", "192.0.2.1")


def test_a_validation_error_keeps_the_providers_message(cloud: FakeCloudDNS) -> None:
    with pytest.raises(RackspaceDNSError) as info:
        _driver(cloud).create_zone("short.example", ttl=10, extra={"email": "a@short.example"})
    assert str(info.value) == "Validation errors: Domain TTL is required and must be greater than or equal to 300"
    assert info.value.http_code == 400


def test_a_zone_needs_an_email_and_keeps_its_name(cloud: FakeCloudDNS) -> None:
    driver = _driver(cloud)
    with pytest.raises(LibcloudError):
        driver.create_zone("no-email.example")
    zone = driver.create_zone("keep.example", extra={"email": "a@keep.example"})
    with pytest.raises(LibcloudError):
        driver.update_zone(zone, domain="other.example")
    updated = driver.update_zone(zone, ttl=900, extra={"comment": "changed"})
    assert (updated.ttl, updated.extra["comment"], updated.extra["email"]) == (900, "changed", "a@keep.example")
    fetched = driver.get_zone(zone.id)
    assert (fetched.ttl, fetched.extra["comment"]) == (900, "changed")
    assert not any(r.method != "GET" for r in cloud.requests() if "/status/" in r.path)
    assert not any(r.method == "PUT" for r in cloud.requests()[:2])  # the rename sent nothing


def test_missing_zones_and_records_raise_dns_errors(cloud: FakeCloudDNS) -> None:
    driver = _driver(cloud)
    with pytest.raises(ZoneDoesNotExistError) as zone_info:
        driver.get_zone("999")
    assert zone_info.value.zone_id == "999"
    zone = driver.create_zone("records.example", extra={"email": "a@records.example"})
    with pytest.raises(RecordDoesNotExistError) as record_info:
        driver.get_record(zone.id, "A-1")
    assert record_info.value.record_id == "A-1"


def test_a_job_that_never_ends_stops_at_the_deadline(cloud: FakeCloudDNS) -> None:
    cloud.stuck = True
    driver = _driver(cloud)
    driver.list_zones()  # logged in: the deadline covers the job only
    # The deadline counts the sleeps (so the poll count does not depend on the machine's speed):
    # polls at 0, 1 and 2 s, then 2 + 1 > 2.5. The timeout is the socket timeout too: not tiny.
    driver.connection.poll_interval = 1.0
    driver.connection.timeout = 2.5
    with pytest.raises(LibcloudError, match="did not complete"):
        driver.create_zone("slow.example", extra={"email": "a@slow.example"})
    assert len(_paths(cloud, "status/")) == 3


def test_listings_page_with_limit_and_offset(cloud: FakeCloudDNS, monkeypatch: pytest.MonkeyPatch) -> None:
    from libcloud.common.rest import Paging
    from libcloud.dns.drivers.rackspace import driver as module

    driver = _driver(cloud)
    zone = driver.create_zone("paged.example", extra={"email": "a@paged.example"})
    for i in range(5):
        driver.create_record("h%d" % i, zone, "A", "192.0.2.%d" % (i + 1))
    for i in range(4):
        driver.create_zone("z%d.example" % i, extra={"email": "a@z.example"})
    monkeypatch.setattr(module, "_ZONES", Paging.offset("domains", size=2, total_key="totalEntries"))
    monkeypatch.setattr(module, "_RECORDS", Paging.offset("recordsList.records", size=2,
                                                          total_key="recordsList.totalEntries"))
    assert sorted(r.name for r in driver.list_records(zone)) == ["h%d" % i for i in range(5)]
    assert len(driver.list_zones()) == 5
    assert [z.domain for z in driver.iterate_zones()][0] == "paged.example"
    offsets = [p for p in _paths(cloud, "domains") if "offset=" in p and "showRecords" not in p]
    assert any("offset=4" in p for p in offsets)


def test_a_revoked_token_logs_in_once_more(cloud: FakeCloudDNS) -> None:
    driver = _driver(cloud)
    driver.list_zones()
    assert cloud.logins == 1
    cloud.revoke_all()
    assert driver.list_zones() == []
    assert cloud.logins == 2
    assert all(cloud.api_key not in r.path for r in cloud.requests())


def test_the_uk_account_uses_the_london_endpoint(cloud: FakeCloudDNS) -> None:
    from libcloud.dns.drivers.rackspace.connection import RackspaceDNSConnection

    connection = RackspaceDNSConnection("u", "k", region="uk")
    connection.service_catalog = type("Catalog", (), {"get_endpoint": staticmethod(
        lambda **kwargs: type("E", (), {"url": "https://dns.api.rackspacecloud.com/v1.0/1"})())})()
    assert connection.get_endpoint() == "https://lon.dns.api.rackspacecloud.com/v1.0/1"
    with pytest.raises(ValueError):
        RackspaceDNSDriver("u", "k", region="mars")


def test_the_asyncio_api_runs_the_same_jobs(cloud: FakeCloudDNS) -> None:
    from libcloud.asyncio.dns.providers import get_driver

    cloud.running_polls = 2

    async def go() -> Any:
        cls = get_driver("rackspace")
        async with cls(cloud.username, cloud.api_key, ex_force_auth_url=cloud.url,
                       ex_force_auth_version="2.0_apikey") as driver:
            driver.connection.poll_interval = 0.01
            zone = await driver.create_zone("async.example", extra={"email": "a@async.example"})
            await driver.create_record("www", zone, "A", "192.0.2.9")
            names = [r.name async for r in driver.iterate_records(zone)]
            zones = [z.domain for z in await driver.list_zones()]
            await driver.delete_zone(zone)
            return names, zones

    names, zones = asyncio.run(go())
    assert names == ["www"] and zones == ["async.example"]
    assert cloud.domains == {}


class TestRackspaceDNSConformance(DNSConformance):
    """The DNS conformance suite against the scripted Cloud DNS (every change a polled job)."""

    @pytest.fixture
    def dns_driver(self, cloud: FakeCloudDNS) -> RackspaceDNSDriver:
        cloud.running_polls = 0
        return _driver(cloud)

    @pytest.fixture
    def dns_capabilities(self, dns_driver: RackspaceDNSDriver, cloud: FakeCloudDNS) -> DNSCapabilities:
        return DNSCapabilities.from_driver(dns_driver, update_zone=True, zone_extra={"email": "a@example.com"},
                                           request_count=lambda: len(cloud.requests()))
