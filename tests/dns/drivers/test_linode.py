"""Linode (API v4) DNS driver: recorded-shape payloads and the conformance suite on a stateful fake."""

from __future__ import annotations

import json
from typing import Any

import pytest

from libcloud.common.types import InvalidCredsError
from libcloud.dns.validation import accepted_record_types
from libcloud.common.linode import LinodeException
from libcloud.dns.drivers.linode import LinodeDNSDriver, LinodeDNSDriverV3, LinodeDNSDriverV4
from libcloud.dns.types import RecordType, ZoneAlreadyExistsError, ZoneDoesNotExistError
from tests.dns.conformance import DNSCapabilities, DNSConformance
from tests.dns.fakes.linode import LinodeFake
from tests.fakes.fixtures import fixture_loader

API = "https://api.linode.com/v4"


_fixture = fixture_loader("dns", "linode")


class TestLinodeConformance(DNSConformance):
    @pytest.fixture
    def fake(self, requests_mock: Any) -> LinodeFake:
        return LinodeFake().install(requests_mock)  # type: ignore[return-value]

    @pytest.fixture
    def dns_driver(self, fake: LinodeFake) -> LinodeDNSDriver:
        return LinodeDNSDriver("token")

    @pytest.fixture
    def dns_capabilities(self, dns_driver: LinodeDNSDriver, fake: LinodeFake) -> DNSCapabilities:
        # The SOA is Linode's own (built from the domain's settings), not a record one creates;
        # Linode accepts identical records side by side.
        types = tuple(t for t in accepted_record_types(dns_driver) if t != RecordType.SOA)
        return DNSCapabilities.from_driver(
            dns_driver, record_types=types, update_zone=True, duplicate_record_error=False,
            zone_extra={"soa_email": "admin@example.com"}, request_count=fake.count)


def test_factory_picks_v4() -> None:
    driver = LinodeDNSDriver("token")
    assert isinstance(driver, LinodeDNSDriverV4) and isinstance(driver, LinodeDNSDriver)
    assert driver.api_version == "4.0"
    assert isinstance(LinodeDNSDriver("key", api_version="3.0"), LinodeDNSDriverV3)
    with pytest.raises(NotImplementedError):
        LinodeDNSDriver("token", api_version="9.9")


# The legacy API (api_version="3.0"): GET /?api_action=..., errors inside a 200 answer.

LEGACY = "https://api.linode.com/"


def _legacy(action: str, data: Any, errors: Any = ()) -> Any:
    return {"ERRORARRAY": [{"ERRORCODE": code, "ERRORMESSAGE": text} for code, text in errors],
            "ACTION": action, "DATA": data}


def test_legacy_api_calls_and_errors(requests_mock: Any) -> None:
    driver = LinodeDNSDriver("legacy-key", api_version="3.0")
    domain = {"DOMAINID": 7, "DOMAIN": "legacy.example", "TYPE": "master", "SOA_EMAIL": "h@legacy.example",
              "STATUS": 1, "DESCRIPTION": "", "TTL_SEC": 0}
    requests_mock.get(LEGACY, json=_legacy("domain.list", [domain]))
    zone = driver.list_zones()[0]
    assert (zone.id, zone.domain, zone.ttl, zone.extra["SOA_Email"]) == ("7", "legacy.example", None,
                                                                         "h@legacy.example")
    query = requests_mock.last_request.qs
    assert (query["api_action"], query["api_key"]) == (["domain.list"], ["legacy-key"])
    resource = {"RESOURCEID": 9, "NAME": "www", "TYPE": "a", "TARGET": "192.0.2.1", "TTL_SEC": 300,
                "PRIORITY": 0, "WEIGHT": 0, "PORT": 0, "PROTOCOL": ""}
    requests_mock.get(LEGACY, json=_legacy("domain.resource.list", [resource]))
    record = driver.list_records(zone)[0]
    assert (record.id, record.name, record.type, record.data, record.ttl) == ("9", "www", "A", "192.0.2.1", 300)
    requests_mock.get(LEGACY, json=_legacy("domain.resource.create", {"ResourceID": 10}))
    created = driver.create_record("mail", zone, RecordType.MX, "mx.legacy.example", extra={"priority": 5})
    assert created.id == "10"
    assert requests_mock.last_request.qs["priority"] == ["5"] and requests_mock.last_request.qs["type"] == ["mx"]
    requests_mock.get(LEGACY, json=_legacy("domain.resource.list", {}, [(5, "Object not found")]))
    with pytest.raises(ZoneDoesNotExistError) as info:
        driver.list_records(zone)
    assert info.value.zone_id == "7"
    requests_mock.get(LEGACY, json=_legacy("domain.create", {}, [(8, "already exists")]))
    with pytest.raises(LinodeException) as error:
        driver.create_zone("legacy.example", extra={"SOA_Email": "h@legacy.example"})
    assert error.value.code == 8
    requests_mock.get(LEGACY, json=_legacy("domain.list", {}, [(4, "Authentication failed")]))
    with pytest.raises(InvalidCredsError):
        driver.list_zones()


def test_list_zones_and_records(requests_mock: Any) -> None:
    requests_mock.get(API + "/domains", text=_fixture("domains.json"))
    requests_mock.get(API + "/domains/11/records", text=_fixture("records.json"))
    driver = LinodeDNSDriver("token")
    zones = driver.list_zones()
    assert [(z.id, z.domain, z.type, z.ttl) for z in zones] == [
        ("11", "gamma.example", "master", 300), ("12", "delta.example", "slave", None)]
    assert zones[1].extra["master_ips"] == ["192.0.2.53"]
    records = {r.id: r for r in driver.list_records(zones[0])}
    assert (records["21"].name, records["21"].data, records["21"].extra["priority"]) == (None, "mx.gamma.example", 10)
    assert (records["22"].name, records["22"].data) == ("www", "203.0.113.4")
    assert records["23"].data == '0 issue "letsencrypt.org"'
    assert requests_mock.last_request.headers["Authorization"] == "Bearer token"
    assert '"hello there"' in zones[0].export_to_bind_format()


def test_create_zone_needs_soa_email_before_sending(requests_mock: Any) -> None:
    driver = LinodeDNSDriver("token")
    with pytest.raises(ValueError):
        driver.create_zone("new.example")
    assert requests_mock.call_count == 0


def test_create_srv_record_body(requests_mock: Any) -> None:
    reply = {"id": 7, "type": "SRV", "name": "_sip._tcp", "target": "sip.gamma.example", "priority": 10,
             "weight": 5, "port": 5060, "service": "sip", "protocol": "tcp", "ttl_sec": 0, "tag": None}
    requests_mock.post(API + "/domains/11/records", json=reply)
    driver = LinodeDNSDriver("token")
    zone = driver._to_zone({"id": 11, "domain": "gamma.example", "type": "master"})
    record = driver.create_record("_sip._tcp", zone, RecordType.SRV, "5 5060 sip.gamma.example.",
                                  extra={"priority": 10})
    assert json.loads(requests_mock.last_request.text) == {
        "type": "SRV", "name": "", "target": "sip.gamma.example", "service": "sip", "protocol": "tcp",
        "weight": 5, "port": 5060, "priority": 10}
    assert (record.name, record.data, record.extra["priority"]) == ("_sip._tcp", "5 5060 sip.gamma.example", 10)


def test_errors_are_mapped(requests_mock: Any) -> None:
    driver = LinodeDNSDriver("token")
    requests_mock.get(API + "/domains/99", status_code=404, json={"errors": [{"reason": "Not found"}]})
    with pytest.raises(ZoneDoesNotExistError):
        driver.get_zone("99")
    requests_mock.post(API + "/domains", status_code=400,
                       json={"errors": [{"field": "domain", "reason": "Domain already exists."}]})
    with pytest.raises(ZoneAlreadyExistsError):
        driver.create_zone("gamma.example", extra={"soa_email": "a@gamma.example"})
    requests_mock.get(API + "/domains", status_code=401, json={"errors": [{"reason": "Invalid Token"}]})
    with pytest.raises(InvalidCredsError):
        driver.list_zones()
