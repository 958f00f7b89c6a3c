import sys

import pytest

from libcloud.common.providers import ProviderNotImplementedError
from libcloud.compute import providers
from libcloud.compute.deprecated import DEPRECATED_DRIVERS
from libcloud.compute.drivers.dummy import DummyNodeDriver
from libcloud.compute.providers import DRIVERS, OLD_CONSTANT_TO_NEW_MAPPING, get_driver, set_driver
from libcloud.compute.types import Provider

IN_SCOPE = {
    Provider.EC2: ("ec2", "EC2NodeDriver"),
    Provider.GCE: ("gce", "GCENodeDriver"),
    Provider.AZURE_ARM: ("azure_arm", "AzureNodeDriver"),
    Provider.OPENSTACK: ("openstack", "OpenStackNodeDriver"),
    Provider.DIGITAL_OCEAN: ("digitalocean", "DigitalOceanNodeDriver"),
    Provider.LINODE: ("linode", "LinodeNodeDriver"),
    Provider.VULTR: ("vultr", "VultrNodeDriver"),
    Provider.DUMMY: ("dummy", "DummyNodeDriver"),
}


def test_drivers_table_covers_every_live_constant():
    assert len(DRIVERS) == 49
    expected = set(Provider) - set(OLD_CONSTANT_TO_NEW_MAPPING) - set(DEPRECATED_DRIVERS)
    expected -= {Provider.CISCOCCS, Provider.CLOUDSIGMA_US}
    assert set(DRIVERS) == expected
    for module, _ in DRIVERS.values():
        assert module.startswith("libcloud.compute.drivers.")


def test_in_scope_entries_and_shared_modules():
    for constant, (module, klass) in IN_SCOPE.items():
        assert DRIVERS[constant] == ("libcloud.compute.drivers." + module, klass)
    for constant in (Provider.EUCALYPTUS, Provider.NIMBUS, Provider.OUTSCALE_SAS, Provider.OUTSCALE_INC):
        assert DRIVERS[constant][0] == "libcloud.compute.drivers.ec2"
    assert DRIVERS[Provider.TERREMARK][0].endswith(".vcloud")
    assert DRIVERS[Provider.RACKSPACE_FIRST_GEN][0].endswith(".rackspace")
    assert DRIVERS[Provider.LIBVIRT][0].endswith(".libvirt_driver")
    assert DRIVERS[Provider.ALIYUN_ECS] == ("libcloud.compute.drivers.ecs", "ECSDriver")
    assert DRIVERS[Provider.AURORACOMPUTE][0].endswith(".auroracompute")


def test_get_driver_by_constant_string_and_any_case():
    assert get_driver(Provider.DUMMY) is DummyNodeDriver
    assert get_driver("dummy") is DummyNodeDriver
    assert get_driver("DUMMY") is DummyNodeDriver


def _an_unwritten_provider() -> str:
    """A registered constant whose driver is not written yet (the list shrinks as drivers land)."""
    for constant in sorted(DRIVERS, key=str):
        try:
            get_driver(constant)
        except ProviderNotImplementedError:
            return constant
    pytest.fail("every registered compute provider has a driver: this check needs another subject")


def test_unwritten_driver_raises_provider_not_implemented():
    constant = _an_unwritten_provider()
    with pytest.raises(ProviderNotImplementedError) as info:
        get_driver(constant)
    assert isinstance(info.value, NotImplementedError)
    assert str(constant) in str(info.value)


@pytest.mark.parametrize("constant", sorted(DEPRECATED_DRIVERS, key=str))
def test_deprecated_providers_are_refused(constant):
    with pytest.raises(Exception, match="Provider no longer supported") as info:
        get_driver(constant)
    assert type(info.value) is Exception
    assert DEPRECATED_DRIVERS[constant]["url"] in str(info.value)


def test_deprecated_table():
    assert set(DEPRECATED_DRIVERS) == {Provider.OPSOURCE, Provider.NINEFOLD, Provider.IBM, Provider.HPCLOUD,
                                       Provider.CLOUDFRAMES, Provider.RUNABOVE}
    assert all(set(info) == {"reason", "url"} for info in DEPRECATED_DRIVERS.values())


def test_renamed_constants_are_refused_naming_the_new_one():
    with pytest.raises(Exception) as info:
        get_driver(Provider.EC2_US_WEST)
    assert type(info.value) is Exception
    assert "ec2" in str(info.value) and "https://s.apache.org/lc0140un" in str(info.value)


def test_unknown_provider():
    with pytest.raises(AttributeError, match="Provider nope does not exist"):
        get_driver("nope")


def test_set_driver_registers_and_validates(monkeypatch):
    monkeypatch.setattr(providers, "DRIVERS", dict(DRIVERS))
    klass = set_driver("thirdparty", "libcloud.compute.drivers.dummy", "DummyNodeDriver")
    assert klass is DummyNodeDriver
    assert providers.get_driver("thirdparty") is DummyNodeDriver
    with pytest.raises(AttributeError):
        set_driver("thirdparty", "libcloud.compute.drivers.dummy", "DummyNodeDriver")
    with pytest.raises(ImportError):
        set_driver("broken", "no_such_module_for_libcloud_tests", "X")
    assert "broken" not in providers.DRIVERS
    with pytest.raises(AttributeError):
        set_driver("broken2", "json", "NoSuchClass")
    assert "broken2" not in providers.DRIVERS
    assert "no_such_module_for_libcloud_tests" not in sys.modules


def test_libcloud_get_driver_entry_point():
    import libcloud
    from libcloud.base import DriverType

    assert libcloud.get_driver(DriverType.COMPUTE, Provider.DUMMY) is DummyNodeDriver
