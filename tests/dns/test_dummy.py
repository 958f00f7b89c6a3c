from __future__ import annotations

import pytest

from libcloud.dns.validation import accepted_record_types

from libcloud.dns.drivers.dummy import DummyDNSDriver
from libcloud.dns.types import (
    RecordAlreadyExistsError,
    RecordDoesNotExistError,
    RecordType,
    ZoneAlreadyExistsError,
    ZoneDoesNotExistError,
)


@pytest.fixture
def driver() -> DummyDNSDriver:
    return DummyDNSDriver("key", "secret")


def test_identity_and_types(driver: DummyDNSDriver) -> None:
    assert driver.name == "Dummy DNS Provider" and driver.website == "http://example.com"
    assert driver.list_record_types() == ["A"]  # upstream's doctest
    types = list(accepted_record_types(driver))
    assert {"A", "AAAA", "MX", "TXT", "SRV", "CAA", "SSHFP", "ALIAS"} <= set(types)
    assert len(types) == len(set(types)) == 30  # AFSDB shares "A"


def test_zone_ids_and_errors(driver: DummyDNSDriver) -> None:
    zone = driver.create_zone("example.com", ttl=300, extra={"k": "v"})
    assert (zone.id, zone.ttl, zone.type, zone.extra) == ("id-example.com", 300, "master", {"k": "v"})
    with pytest.raises(ZoneAlreadyExistsError) as info:
        driver.create_zone("example.com")
    assert info.value.zone_id == "id-example.com"
    with pytest.raises(ZoneDoesNotExistError):
        driver.get_zone("id-other.com")
    assert driver.delete_zone(zone) is True
    assert driver.list_zones() == []


def test_record_ids_follow_creation_order(driver: DummyDNSDriver) -> None:
    zone = driver.create_zone("example.com")
    first = zone.create_record("", RecordType.A, "192.0.2.1")
    second = zone.create_record("", RecordType.MX, "mail.example.com.", extra={"priority": 5, "ttl": 90})
    assert (first.id, second.id) == ("1", "2")
    assert second.ttl == 90 and second.extra == {"priority": 5, "ttl": 90}
    assert [r.id for r in driver.list_records(zone)] == ["1", "2"]


def test_duplicate_means_same_name_type_and_data(driver: DummyDNSDriver) -> None:
    zone = driver.create_zone("example.com")
    record = zone.create_record("www", RecordType.A, "192.0.2.1")
    zone.create_record("www", RecordType.A, "192.0.2.2")
    zone.create_record("www", RecordType.AAAA, "2001:db8::1")
    with pytest.raises(RecordAlreadyExistsError) as info:
        zone.create_record("www", RecordType.A, "192.0.2.1")
    assert info.value.record_id == record.id
    # None and "" both mean the apex.
    zone.create_record(None, RecordType.A, "192.0.2.9")
    with pytest.raises(RecordAlreadyExistsError):
        zone.create_record("", RecordType.A, "192.0.2.9")


def test_absolute_names_are_stored_relative(driver: DummyDNSDriver) -> None:
    zone = driver.create_zone("example.com")
    assert zone.create_record("www.example.com.", RecordType.A, "192.0.2.1").name == "www"
    assert zone.create_record("example.com.", RecordType.A, "192.0.2.1").name == ""


def test_update_record(driver: DummyDNSDriver) -> None:
    zone = driver.create_zone("example.com")
    mx = zone.create_record("", RecordType.MX, "mail.example.com.", extra={"priority": 10})
    updated = mx.update(data="mx2.example.com.")
    assert (updated.id, updated.name, updated.data, updated.extra) == (mx.id, "", "mx2.example.com.", {"priority": 10})
    assert driver.get_record(zone.id, mx.id).data == "mx2.example.com."
    other = zone.create_record("", RecordType.MX, "mx3.example.com.", extra={"priority": 10})
    with pytest.raises(RecordAlreadyExistsError):
        other.update(data="mx2.example.com.")
    driver.delete_record(other)
    with pytest.raises(RecordDoesNotExistError):
        other.update(data="mx4.example.com.")


def test_update_zone(driver: DummyDNSDriver) -> None:
    zone = driver.create_zone("example.com", ttl=60)
    updated = zone.update(ttl=120, extra={"note": "x"})
    assert updated is driver.get_zone(zone.id)
    assert (updated.ttl, updated.extra, updated.type) == (120, {"note": "x"}, "master")
    assert driver.update_zone(zone, "example.com", type="slave").type == "slave"
    with pytest.raises(ValueError, match="cannot rename"):
        driver.update_zone(zone, "example.org")
    gone = driver.create_zone("gone.com")
    driver.delete_zone(gone)
    with pytest.raises(ZoneDoesNotExistError):
        driver.update_zone(gone, "gone.com", ttl=5)


def test_records_of_deleted_zone(driver: DummyDNSDriver) -> None:
    zone = driver.create_zone("example.com")
    record = zone.create_record("www", RecordType.A, "192.0.2.1")
    zone.delete()
    with pytest.raises(ZoneDoesNotExistError):
        zone.list_records()
    with pytest.raises(ZoneDoesNotExistError):
        driver.get_record(zone.id, record.id)
    with pytest.raises(ZoneDoesNotExistError):
        record.delete()
