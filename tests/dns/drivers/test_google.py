"""Google Cloud DNS against a scripted API (tokens from a local metadata server): paging, changes,
missing zones and records, and the asyncio API."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest

from libcloud.dns.drivers.google import GoogleDNSDriver
from libcloud.dns.types import RecordDoesNotExistError, ZoneDoesNotExistError
from tests.servers.google_fakes import MetadataServer, ScriptedApi

BASE = "/dns/v1/projects/proj"


def _zone(name: str) -> Dict[str, Any]:
    return {"kind": "dns#managedZone", "name": name, "dnsName": name.replace("-", ".") + ".", "id": "1",
            "nameServers": ["ns-cloud-a1.googledomains.com."], "description": ""}


@pytest.fixture
def dns(monkeypatch, tmp_path):
    metadata = MetadataServer()
    api = ScriptedApi(metadata.issuer)
    monkeypatch.setenv("GCE_METADATA_HOST", metadata.address)
    driver = GoogleDNSDriver("default", None, project="proj", auth_type="GCE",
                             credential_file=str(tmp_path / "tokens"), host="127.0.0.1", port=api.server.port,
                             secure=False)
    try:
        yield driver, api
    finally:
        api.stop()
        metadata.stop()


def test_zones_are_listed_across_pages(dns):
    driver, api = dns

    def zones(request: Dict[str, Any]) -> Any:
        if request["query"].get("pageToken") == ["more"]:
            return 200, {"managedZones": [_zone("example-org")]}
        return 200, {"managedZones": [_zone("example-com")], "nextPageToken": "more"}

    api.on("GET", BASE + "/managedZones", zones)
    assert [(z.id, z.domain) for z in driver.list_zones()] == [("example-com", "example.com."),
                                                              ("example-org", "example.org.")]


def test_records_are_created_and_deleted_as_changes(dns):
    driver, api = dns
    changes: List[Dict[str, Any]] = []
    api.on("GET", BASE + "/managedZones/example-com", _zone("example-com"))

    def change(request: Dict[str, Any]) -> Any:
        changes.append(request["json"])
        return 200, dict(request["json"], id=str(len(changes)), status="pending")

    api.on("POST", BASE + "/managedZones/example-com/changes", change)
    zone = driver.get_zone("example-com")
    record = driver.create_record("www.example.com.", zone, "A", {"ttl": 60, "rrdatas": ["192.0.2.1"]})
    assert record.id == "A:www.example.com." and record.data["rrdatas"] == ["192.0.2.1"]
    assert driver.delete_record(record) is True
    assert changes[0]["additions"] == [{"name": "www.example.com.", "type": "A", "ttl": 60,
                                        "rrdatas": ["192.0.2.1"], "kind": "dns#resourceRecordSet"}]
    assert changes[1]["deletions"][0]["rrdatas"] == ["192.0.2.1"] and changes[1]["additions"] == []


def test_missing_zones_and_records_raise_dns_errors(dns):
    driver, api = dns
    api.on("GET", BASE + "/managedZones/example-com", _zone("example-com"))
    api.on("GET", BASE + "/managedZones/example-com/rrsets", {"rrsets": []})
    with pytest.raises(ZoneDoesNotExistError) as missing_zone:
        driver.get_zone("nope")
    assert missing_zone.value.zone_id == "nope"
    with pytest.raises(RecordDoesNotExistError) as missing_record:
        driver.get_record("example-com", "A:www.example.com.")
    assert missing_record.value.record_id == "A:www.example.com."
    query = [q for m, p, q in api.calls if p.endswith("/rrsets")][0]
    assert query == {"name": ["www.example.com."], "type": ["A"]}


def test_the_asyncio_api_pages_records(dns):
    from libcloud.asyncio.dns.providers import get_driver

    driver, api = dns
    api.on("GET", BASE + "/managedZones/example-com", _zone("example-com"))

    def rrsets(request: Dict[str, Any]) -> Any:
        page = int(request["query"].get("pageToken", ["0"])[0])
        body: Dict[str, Any] = {"rrsets": [{"name": "r%d.example.com." % page, "type": "A", "ttl": 5,
                                            "rrdatas": ["192.0.2.%d" % page]}]}
        if page < 2:
            body["nextPageToken"] = str(page + 1)
        return 200, body

    api.on("GET", BASE + "/managedZones/example-com/rrsets", rrsets)
    cls = get_driver("google")

    async def main() -> List[str]:
        async with cls("default", None, project="proj", auth_type="GCE", credential_file=driver.credential_file,
                       host="127.0.0.1", port=api.server.port, secure=False) as async_driver:
            zone = await async_driver.get_zone("example-com")
            return [r.name for r in await async_driver.list_records(zone)]

    assert asyncio.run(main()) == ["r0.example.com.", "r1.example.com.", "r2.example.com."]
