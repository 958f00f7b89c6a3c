"""Gandi LiveDNS driver: recorded-shape payloads and the conformance suite on a stateful fake."""

from __future__ import annotations

import json
from typing import Any, Callable, Iterator, List, Optional

import pytest

from libcloud.common.gandi_live import InvalidRequestError, JsonParseError
from libcloud.common.types import InvalidCredsError
from libcloud.dns.base import Zone
from libcloud.dns.drivers.gandi_live import GandiLiveDNSDriver
from libcloud.dns.types import RecordAlreadyExistsError, RecordType, ZoneDoesNotExistError
from libcloud.dns.validation import RecordValidationError
from tests.dns.conformance import DNSCapabilities, DNSConformance
from tests.dns.fakes.gandi_live import GandiLiveFake
from tests.fakes.fixtures import fixture_loader

API = "https://dns.api.gandi.net/api/v5"
_NO_DELETE = "LiveDNS cannot delete a domain (delete_zone is not part of the API)"


_fixture = fixture_loader("dns", "gandi_live")


class TestGandiLiveConformance(DNSConformance):
    @pytest.fixture
    def fake(self, requests_mock: Any) -> GandiLiveFake:
        return GandiLiveFake().install(requests_mock)  # type: ignore[return-value]

    @pytest.fixture
    def dns_driver(self, fake: GandiLiveFake) -> GandiLiveDNSDriver:
        return GandiLiveDNSDriver("key")

    @pytest.fixture
    def dns_capabilities(self, dns_driver: GandiLiveDNSDriver, fake: GandiLiveFake) -> DNSCapabilities:
        return DNSCapabilities.from_driver(dns_driver, zone_ttl=None, request_count=fake.count)

    @pytest.fixture
    def make_zone(self, dns_driver: GandiLiveDNSDriver, dns_domain: str,
                  fake: GandiLiveFake) -> Iterator[Callable[..., Zone]]:
        # Domains are removed at Gandi, outside LiveDNS: the fake does it at teardown.
        created: List[Zone] = []

        def make(domain: Optional[str] = None) -> Zone:
            zone = dns_driver.create_zone(domain or dns_domain)
            created.append(zone)
            return zone

        yield make
        for zone in created:
            fake.drop_domain(zone.domain)

    def test_create_get_list_delete_zone(self, *args: Any) -> None:
        pytest.skip(_NO_DELETE)

    def test_get_missing_zone_raises(self, *args: Any) -> None:
        pytest.skip(_NO_DELETE)

    def test_delete_missing_zone_raises(self, *args: Any) -> None:
        pytest.skip(_NO_DELETE)

    def test_records_of_missing_zone_raise(self, dns_driver: GandiLiveDNSDriver, zone: Zone,  # type: ignore[override]
                                           fake: GandiLiveFake) -> None:
        fake.drop_domain(zone.domain)
        with pytest.raises(ZoneDoesNotExistError):
            dns_driver.list_records(zone)
        with pytest.raises(ZoneDoesNotExistError):
            dns_driver.get_zone(zone.id)

    def test_export_to_bind(self, dns_driver: GandiLiveDNSDriver, zone: Zone,  # type: ignore[override]
                            dns_domain: str) -> None:
        # LiveDNS renders the zone file itself (upstream's export for this driver).
        dns_driver.create_record(name="bind", zone=zone, type=RecordType.A, data="192.0.2.60", extra={"ttl": 300})
        # As upstream, the text comes back as bytes.
        assert "bind 300 IN A 192.0.2.60" in zone.export_to_bind_format().decode("utf-8").split("\n")


@pytest.fixture
def driver() -> GandiLiveDNSDriver:
    return GandiLiveDNSDriver("key")


def test_records_one_per_value(driver: GandiLiveDNSDriver, requests_mock: Any) -> None:
    requests_mock.get(API + "/domains/zeta.example/records", text=_fixture("records.json"))
    zone = Zone("zeta.example", "zeta.example", "master", 0, driver)
    records = driver.list_records(zone)
    assert [(r.id, r.name, r.data, r.ttl) for r in records] == [
        ("A:@", "@", "203.0.113.10", 10800), ("A:@", "@", "203.0.113.11", 10800),
        ("MX:@", "@", "mx1.zeta.example.", 3600), ("TXT:info", "info", "hello world", 300)]
    assert records[2].extra["priority"] == "10"  # upstream keeps LiveDNS's text
    assert [r["data"] for r in records[0].extra["_other_records"]] == ["203.0.113.11"]
    assert requests_mock.last_request.headers["X-Api-Key"] == "key"


def test_create_zone_attaches_domain(requests_mock: Any) -> None:
    fake = GandiLiveFake().install(requests_mock)
    driver = GandiLiveDNSDriver("key")
    zone = driver.create_zone("eta.example")
    assert (zone.id, zone.type, fake.domains["eta.example"]) == ("eta.example", "master", zone.extra["zone_uuid"])
    assert driver.ex_update_gandi_zone_name(zone.extra["zone_uuid"], "renamed") is True
    assert fake.zone_names[zone.extra["zone_uuid"]] == "renamed"
    other = driver.create_zone("theta.example")
    assert driver.ex_switch_domain_gandi_zone("eta.example", other.extra["zone_uuid"]) is True
    assert fake.domains["eta.example"] == other.extra["zone_uuid"]
    assert driver.ex_delete_gandi_zone(zone.extra["zone_uuid"]) is True


def test_multi_value_record_mx_and_export(requests_mock: Any) -> None:
    GandiLiveFake().install(requests_mock)
    driver = GandiLiveDNSDriver("key")
    zone = driver.create_zone("iota.example")
    with pytest.raises(RecordValidationError, match="TTL must be at least 300"):
        driver.ex_create_multi_value_record("@", zone, RecordType.A, ["192.0.2.1"], extra={"ttl": 60})
    records = driver.ex_create_multi_value_record("@", zone, RecordType.A, ["192.0.2.1", "192.0.2.2"],
                                                  extra={"ttl": 300})
    assert [(r.id, r.data, r.ttl) for r in records] == [("A:@", "192.0.2.1", 300), ("A:@", "192.0.2.2", 300)]
    mx = driver.create_record("@", zone, RecordType.MX, "mx.iota.example.", extra={"priority": 5})
    assert json.loads(requests_mock.last_request.text)["rrset_values"] == ["5 mx.iota.example."]
    assert (mx.data, mx.extra["priority"]) == ("mx.iota.example.", "5")
    with pytest.raises(RecordAlreadyExistsError):
        driver.create_record("@", zone, RecordType.MX, "mx2.iota.example.", extra={"priority": 6})
    assert driver.export_zone_to_bind_format(zone).decode("utf-8").split("\n") == [
        "@ 300 IN A 192.0.2.1", "@ 300 IN A 192.0.2.2", "@ 10800 IN MX 5 mx.iota.example."]


def test_errors(driver: GandiLiveDNSDriver, requests_mock: Any) -> None:
    requests_mock.get(API + "/domains/nope.example", status_code=404, text=_fixture("unknown_zone.json"))
    with pytest.raises(ZoneDoesNotExistError):
        driver.get_zone("nope.example")
    requests_mock.get(API + "/domains", status_code=403, json={"code": 403, "message": "Forbidden"})
    with pytest.raises(InvalidCredsError):
        driver.list_zones()
    assert driver.type == "gandi"


def test_update_keeps_the_other_values_of_the_rrset(requests_mock: Any) -> None:
    GandiLiveFake().install(requests_mock)
    driver = GandiLiveDNSDriver("key")
    zone = driver.create_zone("kappa.example")
    first, _ = driver.ex_create_multi_value_record("@", zone, RecordType.A, ["192.0.2.1", "192.0.2.2"])
    updated = driver.update_record(first, data="192.0.2.9")
    assert json.loads(requests_mock.last_request.text)["rrset_values"] == ["192.0.2.9", "192.0.2.2"]
    assert [r.data for r in driver.list_records(zone) if r.type == "A"] == ["192.0.2.9", "192.0.2.2"]
    assert updated.extra["_other_records"][0]["data"] == "192.0.2.2"
    with pytest.raises(RecordValidationError, match="Record data must be"):
        driver.create_record("big", zone, RecordType.TXT, "x" * 1025)


def test_unparsable_body_and_field_errors(driver: GandiLiveDNSDriver, requests_mock: Any) -> None:
    requests_mock.get(API + "/domains/bad.example", text="{not json", headers={"Content-Type": "application/json"})
    with pytest.raises(JsonParseError):
        driver.get_zone("bad.example")
    requests_mock.put(API + "/domains/zeta.example/records/www/A", status_code=400,
                      json={"code": 400, "message": "foo must be set",
                            "errors": [{"location": "body", "name": "foo", "description": "'' is not a foo"}]})
    zone = Zone("zeta.example", "zeta.example", "master", 0, driver)
    record = driver._to_records(zone, {"rrset_name": "www", "rrset_type": "A", "rrset_ttl": 300,
                                       "rrset_values": ["192.0.2.1"]})[0]
    with pytest.raises(InvalidRequestError) as error:
        driver.update_record(record, data="192.0.2.2")
    assert "body.foo: '' is not a foo" in str(error.value)
