from __future__ import annotations

import pytest

from libcloud.common.providers import ProviderNotImplementedError
from libcloud.dns import providers
from libcloud.dns.drivers.dummy import DummyDNSDriver
from libcloud.dns.providers import DRIVERS, get_driver, set_driver
from libcloud.dns.types import Provider


def test_drivers_table() -> None:
    assert len(DRIVERS) == 28
    assert DRIVERS[Provider.ROUTE53] == ("libcloud.dns.drivers.route53", "Route53DNSDriver")
    assert DRIVERS[Provider.GODADDY] == ("libcloud.dns.drivers.godaddy", "GoDaddyDNSDriver")
    assert DRIVERS[Provider.RACKSPACE_UK] == ("libcloud.dns.drivers.rackspace", "RackspaceUKDNSDriver")
    assert Provider.DNSPOD not in DRIVERS
    assert all(module.startswith("libcloud.dns.drivers.") for module, _ in DRIVERS.values())


def test_get_driver_dummy_exact_and_case_insensitive() -> None:
    assert get_driver(Provider.DUMMY) is DummyDNSDriver
    assert get_driver("DUMMY") is DummyDNSDriver


def test_renamed_constants_raise() -> None:
    with pytest.raises(Exception, match="rackspace_us.*rackspace"):
        get_driver(Provider.RACKSPACE_US)


def test_unknown_constant_raises_attribute_error() -> None:
    with pytest.raises(AttributeError):
        get_driver(Provider.DNSPOD)


def test_known_constant_without_module_is_not_implemented() -> None:
    with pytest.raises(ProviderNotImplementedError):
        get_driver(Provider.ZERIGO)


def test_set_driver_registers_and_validates() -> None:
    try:
        cls = set_driver("my_dns", "libcloud.dns.drivers.dummy", "DummyDNSDriver")
        assert cls is DummyDNSDriver
        assert get_driver("my_dns") is DummyDNSDriver
        with pytest.raises(AttributeError):
            set_driver("my_dns", "libcloud.dns.drivers.dummy", "DummyDNSDriver")
    finally:
        providers.DRIVERS.pop("my_dns", None)
    with pytest.raises(ImportError):
        set_driver("broken_dns", "no_such_module_xyz", "Nope")
    assert "broken_dns" not in DRIVERS


def test_top_level_get_driver_serves_dns() -> None:
    import libcloud

    assert libcloud.get_driver(libcloud.DriverType.DNS, Provider.DUMMY) is DummyDNSDriver
