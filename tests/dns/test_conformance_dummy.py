"""The DNS conformance suite run against the in-memory Dummy driver."""

from __future__ import annotations

from typing import Optional

import pytest

from libcloud.dns.base import DNSDriver, Zone
from libcloud.dns.drivers.dummy import DummyDNSDriver
from tests.dns.conformance import DNSCapabilities, DNSConformance


class TestDummyConformance(DNSConformance):
    @pytest.fixture
    def dns_driver(self) -> DNSDriver:
        return DummyDNSDriver("key", "secret")

    @pytest.fixture
    def dns_capabilities(self, dns_driver: DNSDriver) -> DNSCapabilities:
        return DNSCapabilities.from_driver(dns_driver, update_zone=True)


# The suite must be able to fail: run some of its tests against broken drivers.

SUITE = DNSConformance()
CAPS = DNSCapabilities(record_types=("A", "MX"))


class SkipsValidation(DummyDNSDriver):
    def _validate_record(self, name, zone, type, data, extra=None):  # type: ignore[no-untyped-def]
        return name


class SendsBeforeValidating(DummyDNSDriver):
    sent = 0

    def create_record(self, name, zone, type, data, extra=None):  # type: ignore[no-untyped-def]
        self.sent += 1  # stands for an HTTP request
        return super().create_record(name, zone, type, data, extra)


class AllowsDuplicates(DummyDNSDriver):
    def _refuse_duplicate(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class IteratesBadly(DummyDNSDriver):
    def iterate_zones(self):  # type: ignore[no-untyped-def]
        return iter(self.list_zones()[:1])


def _zone(driver: DummyDNSDriver, domain: str = "example.com") -> object:
    return driver.create_zone(domain)


@pytest.mark.parametrize(
    "method", ["test_name_outside_zone_refused", "test_unknown_record_type_refused", "test_priority_required"]
)
def test_suite_catches_missing_validation(method: str) -> None:
    driver = SkipsValidation("k", "s")
    with pytest.raises(pytest.fail.Exception):
        getattr(SUITE, method)(driver, _zone(driver), CAPS)


def test_suite_catches_request_before_validation() -> None:
    driver = SendsBeforeValidating("k", "s")
    caps = DNSCapabilities(record_types=("A",), request_count=lambda: driver.sent)
    with pytest.raises(AssertionError, match="request was sent"):
        SUITE.test_name_outside_zone_refused(driver, _zone(driver), caps)


def test_suite_catches_missing_duplicate_error() -> None:
    driver = AllowsDuplicates("k", "s")
    with pytest.raises(pytest.fail.Exception):
        SUITE.test_create_duplicate_record_raises(driver, _zone(driver), CAPS)


def test_suite_catches_list_iterate_disagreement() -> None:
    driver = IteratesBadly("k", "s")

    def make_zone(domain: Optional[str] = None) -> Zone:
        return driver.create_zone(domain or "example.com")

    with pytest.raises(AssertionError):
        SUITE.test_list_and_iterate_zones_agree(driver, make_zone, "example.com")


def test_suite_reports_types_without_sample() -> None:
    driver = DummyDNSDriver("k", "s")
    caps = DNSCapabilities(record_types=("A", "BOGUS"))
    with pytest.raises(AssertionError, match="no sample record for type BOGUS"):
        SUITE.test_records_of_each_supported_type(driver, _zone(driver), caps)


class RefusesNonEmptyZoneDeletion(DummyDNSDriver):
    def delete_zone(self, zone):  # type: ignore[no-untyped-def]
        if self.list_records(zone):
            raise RuntimeError("zone not empty")
        return super().delete_zone(zone)


def test_teardown_empties_zones_a_provider_will_not_delete() -> None:
    from tests.dns.conformance import _delete_zone_and_records

    driver = RefusesNonEmptyZoneDeletion("k", "s")
    zone = driver.create_zone("example.com")
    zone.create_record("www", "A", "192.0.2.1")
    _delete_zone_and_records(driver, zone)
    assert driver.list_zones() == []
