"""CloudFlare DNS driver: recorded-shape payloads and the conformance suite on a stateful fake."""

from __future__ import annotations

import json
from typing import Any

import pytest

from libcloud.common.cloudflare import CloudFlareAPIError
from libcloud.common.types import InvalidCredsError, LibcloudError
from libcloud.dns.validation import accepted_record_types
from libcloud.dns.drivers.cloudflare import CloudFlareDNSDriver
from libcloud.dns.types import RecordType, ZoneDoesNotExistError
from tests.dns.conformance import SAMPLE_RECORDS, DNSCapabilities, DNSConformance, default_data_matches
from tests.dns.fakes.cloudflare import CloudFlareFake
from tests.fakes.fixtures import fixture_loader

API = "https://api.cloudflare.com/client/v4"


_fixture = fixture_loader("dns", "cloudflare")


class SmallPages(CloudFlareDNSDriver):
    ZONES_PAGE_SIZE = 1
    RECORDS_PAGE_SIZE = 2


class TestCloudFlareConformance(DNSConformance):
    @pytest.fixture
    def fake(self, requests_mock: Any) -> CloudFlareFake:
        return CloudFlareFake().install(requests_mock)  # type: ignore[return-value]

    @pytest.fixture
    def dns_driver(self, fake: CloudFlareFake) -> CloudFlareDNSDriver:
        return SmallPages("token")

    @pytest.fixture
    def dns_capabilities(self, dns_driver: CloudFlareDNSDriver, fake: CloudFlareFake) -> DNSCapabilities:
        # URL maps to CloudFlare's LOC type (upstream's mapping), so it does not come back as URL.
        types = tuple(t for t in accepted_record_types(dns_driver) if t != RecordType.URL)
        samples = dict(SAMPLE_RECORDS, **{RecordType.SSHFP: ("cf-sshfp", "2 1 123456789abcdef", {})})
        return DNSCapabilities.from_driver(dns_driver, record_types=types, samples=samples, zone_ttl=None,
                                           request_count=fake.count, fqdn_names=True,
                                           data_matches=_data_matches)


def _data_matches(type: str, sent: str, received: str) -> bool:
    # CAA comes back as the API's content, its value unquoted (upstream's form).
    if type == RecordType.CAA:
        return sent.replace('"', "") == received.replace('"', "")
    return default_data_matches(type, sent, received)


@pytest.fixture
def driver() -> CloudFlareDNSDriver:
    return SmallPages("email@example.com", "global-key")


def test_auth_headers() -> None:
    key_driver = CloudFlareDNSDriver("email@example.com", "global-key")
    assert key_driver.connection.add_default_headers({})["X-Auth-Email"] == "email@example.com"
    token_driver = CloudFlareDNSDriver("token")
    assert token_driver.connection.add_default_headers({})["Authorization"] == "Bearer token"


def test_records_follow_pages_and_normalise(driver: CloudFlareDNSDriver, requests_mock: Any) -> None:
    requests_mock.get(API + "/zones/z1", text=_fixture("zone.json"))
    requests_mock.get(API + "/zones/z1/dns_records?page=1", text=_fixture("records_page1.json"))
    requests_mock.get(API + "/zones/z1/dns_records?page=2", text=_fixture("records_page2.json"))
    zone = driver.get_zone("z1")
    assert (zone.domain, zone.type, zone.extra["plan"]) == ("epsilon.example", "master", {"id": "free"})
    records = driver.list_records(zone)
    # Names as the API gives them (upstream's form); CAA content with its tabs made spaces.
    assert [(r.id, r.name, r.type, r.data) for r in records] == [
        ("r1", "epsilon.example", "A", "198.51.100.1"), ("r2", "epsilon.example", "MX", "mx.epsilon.example"),
        ("r3", "www.epsilon.example", "CAA", "0 issue ca.example.net")]
    assert records[1].extra["priority"] == 5 and records[0].extra["proxied"] is True
    assert [r.id for r in driver.iterate_records(zone)] == ["r1", "r2", "r3"]
    assert requests_mock.request_history[1].headers["X-Auth-Key"] == "global-key"


def test_create_record_bodies(driver: CloudFlareDNSDriver, requests_mock: Any) -> None:
    zone = driver._to_zone({"id": "z1", "name": "epsilon.example", "type": "full"})
    reply = json.loads(_fixture("records_page2.json"))
    requests_mock.post(API + "/zones/z1/dns_records", json={"result": reply["result"][0], "success": True})
    record = driver.create_record("www", zone, RecordType.CAA, '0 issue "ca.example.net"', extra={"ttl": 120})
    # Upstream's tabbed content, and the data object CloudFlare documents.
    assert json.loads(requests_mock.last_request.text) == {
        "type": "CAA", "name": "www.epsilon.example", "content": '0\tissue\t"ca.example.net"',
        "data": {"flags": 0, "tag": "issue", "value": "ca.example.net"}, "ttl": 120}
    assert record.data == "0 issue ca.example.net"
    driver.create_record(None, zone, RecordType.URL, "https://x.example/")
    assert json.loads(requests_mock.last_request.text)["type"] == "LOC"


def test_errors(driver: CloudFlareDNSDriver, requests_mock: Any) -> None:
    requests_mock.get(API + "/zones/nope", status_code=400,
                      json={"success": False, "errors": [{"code": 7003, "message": "Could not route"}], "result": None})
    with pytest.raises(ZoneDoesNotExistError) as info:
        driver.get_zone("nope")
    assert info.value.zone_id == "nope"
    requests_mock.post(API + "/zones/z1/dns_records", status_code=400, text=_fixture("error_chain.json"))
    zone = driver._to_zone({"id": "z1", "name": "epsilon.example", "type": "full"})
    with pytest.raises(CloudFlareAPIError) as error:
        driver.create_record("x", zone, RecordType.TXT, "y" * 10)
    assert "9011: Length of content is invalid" in str(error.value)
    requests_mock.get(API + "/zones?page=1", status_code=403,
                      json={"success": False, "errors": [{"code": 9103, "message": "Unknown X-Auth-Key"}]})
    with pytest.raises(InvalidCredsError):
        driver.list_zones()


def test_create_zone_needs_one_account(driver: CloudFlareDNSDriver, requests_mock: Any) -> None:
    member = {"account": {"id": "acc"}}
    requests_mock.get(API + "/memberships", json={"result": [member, member], "success": True,
                                                  "result_info": {"page": 1, "total_pages": 1}})
    with pytest.raises(ValueError, match="must specify account"):
        driver.create_zone("new.example")
    requests_mock.post(API + "/zones", json={"result": {"id": "z9", "name": "new.example", "type": "full"},
                                             "success": True})
    zone = driver.create_zone("new.example", extra={"account": "acc", "jump_start": True})
    assert json.loads(requests_mock.last_request.text) == {"name": "new.example", "account": {"id": "acc"},
                                                           "type": "full", "jump_start": True}
    assert zone.id == "z9"


def test_extensions(requests_mock: Any) -> None:
    fake = CloudFlareFake().install(requests_mock)
    driver = CloudFlareDNSDriver("token")
    assert [m["account"]["id"] for m in driver.ex_get_user_account_memberships()] == [
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]
    zone = driver.create_zone("ext.example")
    assert driver.ex_enable_development_mode(zone) is True
    assert driver.ex_set_zone_security_level(zone, "med") is True
    assert driver.ex_disable_ipv6_support(zone) is True
    assert fake.settings[zone.id] == {"development_mode": "on", "security_level": "medium", "ipv6": "off"}
    paused = driver.update_zone(zone, zone.domain, extra={"paused": True})
    assert paused.extra["paused"] is True
    assert driver.update_zone(zone, zone.domain, extra={"ignored": 1}) is zone
    with pytest.raises(NotImplementedError):
        driver.ex_get_ip_threat_score("192.0.2.1")


def test_the_envelope_decides_success(driver: CloudFlareDNSDriver, requests_mock: Any) -> None:
    # As upstream: "success" in the body wins over the HTTP status, both ways.
    requests_mock.get(API + "/zones/z1", status_code=400,
                      json={"success": True, "result": {"id": "z1", "name": "epsilon.example", "type": "full"}})
    assert driver.get_zone("z1").domain == "epsilon.example"
    requests_mock.get(API + "/zones/z2", status_code=200,
                      json={"success": False, "errors": [{"code": 1004, "message": "DNS Validation Error"}]})
    with pytest.raises(CloudFlareAPIError) as error:
        driver.get_zone("z2")
    assert isinstance(error.value, LibcloudError) and "1004: DNS Validation Error" in str(error.value)


def test_normalize_record_data_helpers(driver: CloudFlareDNSDriver) -> None:
    assert driver._normalize_record_data_for_api(RecordType.CAA, "0 issue ca.example") == ("0\tissue\tca.example", {})
    assert driver._normalize_record_data_for_api(RecordType.A, "192.0.2.1") == ("192.0.2.1", {})
    assert driver._normalize_record_data_from_api(RecordType.CAA, "0\tissue\tca.example") == "0 issue ca.example"
