from __future__ import annotations

import pytest

from libcloud.common.types import LibcloudError
from libcloud.dns.types import (
    OLD_CONSTANT_TO_NEW_MAPPING,
    Provider,
    RecordAlreadyExistsError,
    RecordDoesNotExistError,
    RecordError,
    RecordType,
    ZoneAlreadyExistsError,
    ZoneDoesNotExistError,
    ZoneError,
)


def _constants(cls: type) -> dict:
    return {k: v for k, v in vars(cls).items() if k.isupper()}


def test_provider_constants_are_plain_strings() -> None:
    constants = _constants(Provider)
    assert len(constants) == 29
    assert all(type(v) is str for v in constants.values())
    assert Provider.DIGITAL_OCEAN == "digitalocean"
    assert Provider.GANDI_LIVE == "gandi_live"
    assert Provider.RACKSPACE_UK == "rackspace_uk"
    for name, value in constants.items():
        assert value == name.lower() or name == "DIGITAL_OCEAN"


def test_record_types_keep_the_afsdb_quirk() -> None:
    constants = _constants(RecordType)
    assert len(constants) == 31
    assert RecordType.AFSDB == RecordType.A == "A"
    for name, value in constants.items():
        assert value == name or name == "AFSDB"
    assert "CAA" in constants.values() and "OPENPGPKEY" in constants.values()


def test_old_constants_point_to_rackspace() -> None:
    assert OLD_CONSTANT_TO_NEW_MAPPING == {"rackspace_us": "rackspace", "rackspace_uk": "rackspace"}


@pytest.mark.parametrize("cls", [ZoneError, ZoneDoesNotExistError, ZoneAlreadyExistsError])
def test_zone_errors(cls: type) -> None:
    err = cls(value="boom", driver="DRV", zone_id="z1")
    assert isinstance(err, LibcloudError) and isinstance(err, ZoneError)
    assert err.zone_id == "z1" and err.value == "boom" and err.driver == "DRV"
    assert str(err) == repr(err) == "<%s in 'DRV', zone_id=z1, value=boom>" % cls.__name__
    assert ZoneError.kwargs == ("zone_id",)


@pytest.mark.parametrize("cls", [RecordError, RecordDoesNotExistError, RecordAlreadyExistsError])
def test_record_errors(cls: type) -> None:
    err = cls("boom", None, record_id="r1")
    assert isinstance(err, LibcloudError) and isinstance(err, RecordError)
    assert not isinstance(err, ZoneError)
    assert err.record_id == "r1"
    assert str(err) == "<%s in None, record_id=r1, value=boom>" % cls.__name__
