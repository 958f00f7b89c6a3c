"""PowerDNS driver: the conformance suite and driver tests against a real pdns_server."""

from __future__ import annotations

import json
import uuid
from typing import Any, Iterator

import pytest

from libcloud.common.types import InvalidCredsError
from libcloud.dns.validation import accepted_record_types
from libcloud.dns.base import Zone
from libcloud.dns.drivers.powerdns import PowerDNSDriver
from libcloud.dns.types import (
    RecordType,
    ZoneAlreadyExistsError,
    ZoneDoesNotExistError,
)
from libcloud.dns.validation import RecordValidationError
from tests.dns.conformance import SAMPLE_RECORDS, DNSCapabilities, DNSConformance
from tests.fakes.fixtures import fixture_loader


# Types PowerDNS refuses below the apex (SOA, DNSKEY) or that need DNSSEC keys
# the test zone does not have are left out of the "every type" test.
_APEX_ONLY = {RecordType.SOA, RecordType.DNSKEY}
# PowerDNS accepts data only in its canonical presentation form (CERT type as a number,
# LOC sizes with two decimals).
_SAMPLES = dict(SAMPLE_RECORDS, **{
    RecordType.CERT: ("cf-cert", "3 0 0 dGVzdA==", {}),
    RecordType.LOC: ("cf-loc", "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000.00m 10.00m", {}),
})


class CountingDriver(PowerDNSDriver):
    """Counts the HTTP requests the driver sends (for the validate-before-send checks)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sent = 0
        send = self.connection.send_sync

        def counting(request: Any) -> Any:
            self.sent += 1
            return send(request)

        self.connection.send_sync = counting  # type: ignore[method-assign]


def _driver(server: Any, key: str = "") -> CountingDriver:
    return CountingDriver(key or server.api_key, host=server.host, port=server.port, api_version="v1")


class TestPowerDNSConformance(DNSConformance):
    @pytest.fixture
    def dns_driver(self, powerdns_server: Any) -> PowerDNSDriver:
        return _driver(powerdns_server)

    @pytest.fixture
    def dns_capabilities(self, dns_driver: CountingDriver) -> DNSCapabilities:
        types = tuple(t for t in accepted_record_types(dns_driver) if t not in _APEX_ONLY)
        return DNSCapabilities.from_driver(
            dns_driver, record_types=types, samples=_SAMPLES, duplicate_record_error=False, zone_ttl=None,
            request_count=lambda: dns_driver.sent, zone_type=None, record_ids=False,
            missing_delete_returns_false=True,
        )


@pytest.fixture
def driver(powerdns_server: Any) -> CountingDriver:
    return _driver(powerdns_server)


@pytest.fixture
def zone(driver: PowerDNSDriver) -> Iterator[Zone]:
    zone = driver.create_zone("pdns%s.example.org" % uuid.uuid4().hex[:10], extra={"nameservers": ["ns1.example.net."]})
    yield zone
    try:
        driver.delete_zone(zone)
    except ZoneDoesNotExistError:
        pass


def test_zone_model(driver: PowerDNSDriver, zone: Zone) -> None:
    assert zone.id == zone.domain + "."
    assert zone.type is None  # as upstream; the kind is in extra
    assert zone.extra["kind"] == "Native"
    fetched = driver.get_zone(zone.id)
    assert fetched.domain == zone.domain and fetched.ttl is None
    ns = [r for r in driver.list_records(zone) if r.type == RecordType.NS]
    assert [(r.name, r.data) for r in ns] == [(None, "ns1.example.net.")]


def test_duplicate_zone(driver: PowerDNSDriver, zone: Zone) -> None:
    with pytest.raises(ZoneAlreadyExistsError) as info:
        driver.create_zone(zone.domain)
    assert info.value.zone_id == zone.id


def test_mx_priority_and_txt_quoting_round_trip(driver: PowerDNSDriver, zone: Zone) -> None:
    mx = driver.create_record(None, zone, RecordType.MX, "mail.example.net", extra={"priority": 5, "ttl": 600})
    txt = driver.create_record("t", zone, RecordType.TXT, 'say "hi" there')
    srv = driver.create_record("_sip._udp", zone, RecordType.SRV, "0 5060 sip.example.net.", extra={"priority": 20})
    by_type = {r.type: r for r in driver.list_records(zone)}
    assert (by_type["MX"].data, by_type["MX"].extra["priority"], by_type["MX"].ttl) == ("mail.example.net.", 5, 600)
    assert by_type["TXT"].data == 'say "hi" there' and (txt.id, by_type["TXT"].id) == (None, None)
    assert (by_type["SRV"].name, by_type["SRV"].data, by_type["SRV"].extra["priority"]) == (
        "_sip._udp", "0 5060 sip.example.net.", 20)
    assert (mx.name, mx.data, srv.name) == (None, "mail.example.net.", "_sip._udp")
    text = zone.export_to_bind_format()
    assert "\tIN\tMX\t5 mail.example.net." in text
    assert '\tIN\tTXT\t"say \\"hi\\" there"' in text


def test_create_replaces_rrset_but_delete_keeps_siblings(driver: PowerDNSDriver, zone: Zone) -> None:
    driver.create_record("www", zone, RecordType.A, "192.0.2.1")
    second = driver.create_record("www.%s" % zone.domain, zone, RecordType.A, "192.0.2.2")  # upstream FQDN form
    assert [r.data for r in driver.list_records(zone) if r.type == "A"] == ["192.0.2.2"]
    body = {"rrsets": [{"name": "www.%s." % zone.domain, "type": "A", "ttl": 300, "changetype": "REPLACE",
                        "records": [{"content": "192.0.2.2", "disabled": False},
                                    {"content": "192.0.2.3", "disabled": False}]}]}
    driver.connection.request(driver._zones_path(zone.id), method="PATCH", data=json.dumps(body))
    assert sorted(r.data for r in driver.list_records(zone) if r.type == "A") == ["192.0.2.2", "192.0.2.3"]
    assert second.name == "www.%s" % zone.domain  # the name as given, as upstream
    assert driver.delete_record(second) is True
    assert [r.data for r in driver.list_records(zone) if r.type == "A"] == ["192.0.2.3"]
    # A record whose value is gone names its RRset (upstream's semantics): that goes.
    assert driver.delete_record(second) is True
    assert [r.data for r in driver.list_records(zone) if r.type == "A"] == []
    assert driver.delete_record(second) is False


def test_update_moves_a_value_to_a_new_name(driver: PowerDNSDriver, zone: Zone) -> None:
    record = driver.create_record("old", zone, RecordType.CNAME, "target.example.net")
    moved = driver.update_record(record, "new", RecordType.CNAME, "other.example.net.", extra={"ttl": 120})
    names = {(r.name, r.type, r.data, r.ttl) for r in driver.list_records(zone) if r.type == "CNAME"}
    assert names == {("new", "CNAME", "other.example.net.", 120)}
    assert (moved.id, moved.name, moved.data) == (None, "new", "other.example.net.")
    with pytest.raises(NotImplementedError):
        driver.get_record(zone.id, "new")


def test_update_zone_kind_and_missing_zone(driver: PowerDNSDriver, zone: Zone) -> None:
    updated = driver.update_zone(zone, zone.domain, type="master", extra={"account": "team-a"})
    assert updated.extra["account"] == "team-a"
    with pytest.raises(NotImplementedError):
        driver.update_zone(zone, "renamed.example.org")
    assert driver.delete_zone(zone) is True
    with pytest.raises(ZoneDoesNotExistError):
        driver.create_record("x", zone, RecordType.A, "192.0.2.9")
    assert driver.delete_zone(zone) is False


def test_name_outside_zone_sends_nothing(driver: CountingDriver, zone: Zone) -> None:
    before = driver.sent
    with pytest.raises(RecordValidationError):
        driver.create_record("www.example.net.", zone, RecordType.A, "192.0.2.1")
    with pytest.raises(RecordValidationError):
        driver.create_record("mx", zone, RecordType.MX, "mail.example.net.")
    assert driver.sent == before


def test_bad_key_is_invalid_creds(powerdns_server: Any) -> None:
    with pytest.raises(InvalidCredsError):
        _driver(powerdns_server, key="wrong").list_zones()


def test_iterate_forms(driver: PowerDNSDriver, zone: Zone) -> None:
    assert zone.id in [z.id for z in driver.iterate_zones()]
    def key(record: Any) -> Any:
        return (record.name or "", record.type, record.data)

    assert sorted(map(key, driver.iterate_records(zone))) == sorted(map(key, driver.list_records(zone)))


# The PowerDNS 3.x ("experimental") API, answered from recorded-shape fixtures.

_fixture = fixture_loader("dns", "powerdns")


def test_experimental_api_paths_and_flat_records(requests_mock: Any) -> None:
    driver = PowerDNSDriver("key", host="pdns.test", port=8081)
    base = "http://pdns.test:8081/servers/localhost/zones"
    requests_mock.get(base, text=_fixture("list_zones.json"))
    requests_mock.get(base + "/example.com.", text=_fixture("list_records.json"))
    zones = driver.list_zones()
    assert [(z.id, z.domain, z.extra["serial"]) for z in zones] == [("example.com.", "example.com", 1),
                                                                     ("example.net.", "example.net", 2016041501)]
    records = driver.list_records(zones[0])
    assert [(r.name, r.type, r.data, r.ttl) for r in records] == [
        (None, "NS", "ns1.example.com", 3600),
        (None, "SOA", "a.misconfigured.powerdns.server hostmaster.example.com 2016041501 10800 3600 604800 3600", 3600),
        ("www", "A", "192.0.5.1", 86400),
        (None, "A", "192.0.5.1", 300),
    ]
    assert requests_mock.last_request.headers["X-API-Key"] == "key"


def test_experimental_api_zone_and_record_names(requests_mock: Any) -> None:
    driver = PowerDNSDriver("key", host="pdns.test", port=8081)
    base = "http://pdns.test:8081/servers/localhost/zones"
    requests_mock.post(base, status_code=201, text="")
    requests_mock.patch(base + "/example.org.", status_code=204, text="")
    zone = driver.create_zone("example.org", extra={"nameservers": ["ns1.example.org"]})
    assert json.loads(requests_mock.request_history[0].text) == {
        "name": "example.org", "kind": "Native", "nameservers": ["ns1.example.org"]}
    driver.create_record("www", zone, RecordType.A, "192.0.2.1", extra={"ttl": 60})
    assert json.loads(requests_mock.last_request.text)["rrsets"][0]["name"] == "www.example.org"


def test_unsupported_api_version() -> None:
    with pytest.raises(NotImplementedError):
        PowerDNSDriver("key", api_version="v9")
