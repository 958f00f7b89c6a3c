import pytest

from libcloud.common.providers import ProviderNotImplementedError
from libcloud.common.types import LibcloudError
from libcloud.storage import providers
from libcloud.storage.providers import DRIVERS, get_driver
from libcloud.storage.types import (
    OLD_CONSTANT_TO_NEW_MAPPING,
    ContainerAlreadyExistsError,
    ContainerDoesNotExistError,
    ContainerError,
    ContainerIsNotEmptyError,
    InvalidContainerNameError,
    ObjectDoesNotExistError,
    ObjectError,
    ObjectHashMismatchError,
    Provider,
)


def test_provider_is_a_plain_class_of_strings():
    names = [n for n in vars(Provider) if n.isupper()]
    assert len(names) == 41
    assert all(type(getattr(Provider, n)) is str for n in names)
    assert Provider.S3_AP_NORTHEAST1 == "s3_ap_northeast_1"
    assert Provider.S3_EU_WEST3 == "s3_eu_west_3"
    assert Provider.S3_AP_SOUTHEAST2 == "s3_ap_southeast2"
    assert Provider.LOCAL == "local" and Provider.MINIO == "minio"


def test_driver_table():
    assert len(DRIVERS) == 37
    assert Provider.S3_EU_WEST3 not in DRIVERS
    assert DRIVERS[Provider.S3_AP_NORTHEAST] == DRIVERS[Provider.S3_AP_NORTHEAST1]
    assert DRIVERS[Provider.ALIYUN_OSS] == ("libcloud.storage.drivers.oss", "OSSStorageDriver")
    for module, klass in DRIVERS.values():
        assert module.startswith("libcloud.storage.drivers.") and klass.endswith("StorageDriver")


def test_get_driver_lookup_rules():
    from libcloud.storage.drivers.local import LocalStorageDriver

    assert get_driver("LOCAL") is LocalStorageDriver  # case-insensitive fallback
    with pytest.raises(AttributeError):
        get_driver("no-such-provider")
    for old in OLD_CONSTANT_TO_NEW_MAPPING:
        with pytest.raises(Exception, match="has been removed"):
            get_driver(old)
    with pytest.raises(ProviderNotImplementedError):
        get_driver(Provider.NIMBUS)


def test_set_driver(monkeypatch):
    monkeypatch.setattr(providers, "DRIVERS", dict(DRIVERS))
    klass = providers.set_driver("mine", "libcloud.storage.drivers.dummy", "DummyStorageDriver")
    assert klass.__name__ == "DummyStorageDriver"
    assert providers.get_driver("mine") is klass
    with pytest.raises(AttributeError):
        providers.set_driver("mine", "libcloud.storage.drivers.dummy", "DummyStorageDriver")


def test_error_strings_and_types():
    err = ContainerDoesNotExistError(value="v", driver="drv", container_name="box")
    assert str(err) == "<ContainerDoesNotExistError in 'drv', container=box, value=v>"
    assert err.container_name == "box" and isinstance(err, LibcloudError)
    err = ObjectDoesNotExistError(value=None, driver=None, object_name="o")
    assert str(err) == repr(err) == "<ObjectDoesNotExistError in None, value=None, object = o>"
    assert ObjectError(value=1, driver=None, object_name="x").error_type == "ContainerError"
    for klass, base in [
        (ContainerAlreadyExistsError, ContainerError),
        (ContainerIsNotEmptyError, ContainerError),
        (InvalidContainerNameError, ContainerError),
        (ObjectHashMismatchError, ObjectError),
    ]:
        assert issubclass(klass, base) and klass.error_type == klass.__name__
