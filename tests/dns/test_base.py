from __future__ import annotations

from typing import Any, Dict, Iterator, List

import pytest

from libcloud.common.base import ConnectionUserAndKey
from libcloud.dns.base import DNSDriver, Record, Zone
from libcloud.dns.types import (
    RecordDoesNotExistError,
    RecordType,
    ZoneDoesNotExistError,
)


class Recorder:
    """Stands in for a driver and records the calls the models delegate."""

    name = "Recorder"

    def __init__(self) -> None:
        self.calls: List[tuple] = []

    def __getattr__(self, method: str) -> Any:
        def call(**kwargs: Any) -> Any:
            self.calls.append((method, kwargs))
            return method

        return call


class ListOnly(DNSDriver):
    name = "ListOnly"

    def __init__(self) -> None:  # no connection needed
        self.zones = [Zone("1", "a.com", "master", 60, self), Zone("2", "b.com", "master", None, self)]
        self.records = {"1": [Record("7", "www", RecordType.A, "192.0.2.1", self.zones[0], self)]}
        self.list_calls = 0

    def list_zones(self) -> List[Zone]:
        self.list_calls += 1
        return list(self.zones)

    def list_records(self, zone: Zone) -> List[Record]:
        if zone.id not in self.records:
            raise ZoneDoesNotExistError(value=None, driver=self, zone_id=zone.id)
        return list(self.records[zone.id])


class IterateOnly(DNSDriver):
    name = "IterateOnly"

    def __init__(self) -> None:
        self.inner = ListOnly()

    def iterate_zones(self) -> Iterator[Zone]:
        yield from self.inner.zones

    def iterate_records(self, zone: Zone) -> Iterator[Record]:
        yield from self.inner.records.get(zone.id, [])


class Neither(DNSDriver):
    def __init__(self) -> None:
        pass


class BothViaSuper(DNSDriver):
    """Overrides both forms but each defers to the base class: must not recurse forever."""

    def __init__(self) -> None:
        pass

    def list_zones(self) -> List[Zone]:
        return super().list_zones()

    def iterate_zones(self) -> Iterator[Zone]:
        return super().iterate_zones()


def test_zone_attributes_and_repr() -> None:
    driver = Recorder()
    zone = Zone(id=12, domain="example.com", type="master", ttl=0, driver=driver)  # type: ignore[arg-type]
    assert (zone.id, zone.ttl, zone.extra) == ("12", None, {})
    assert Zone(id=0, domain="x", type="slave", ttl=5, driver=driver, extra={"a": 1}).id is None  # type: ignore[arg-type]
    assert repr(zone) == "<Zone: domain=example.com, ttl=None, provider=Recorder ...>"
    assert sorted(vars(zone)) == ["domain", "driver", "extra", "id", "ttl", "type"]


def test_record_attributes_and_repr() -> None:
    driver = Recorder()
    zone = Zone("z", "example.com", "master", 60, driver)  # type: ignore[arg-type]
    record = Record(5, "www", RecordType.A, "192.0.2.1", zone, driver, ttl=30)  # type: ignore[arg-type]
    assert (record.id, record.extra, record.ttl) == ("5", {}, 30)
    assert repr(record) == (
        "<Record: zone=example.com, name=www, type=A, data=192.0.2.1, provider=Recorder, ttl=30 ...>"
    )
    nameless_zone = Zone("z9", "", "master", None, driver)  # type: ignore[arg-type]
    assert "zone=z9," in repr(Record(None, None, "A", "x", nameless_zone, driver))  # type: ignore[arg-type]


@pytest.mark.parametrize("ident, expected", [("42", 42), ("abc", "abc"), (None, ""), ("4a", "4a"), (7, 7)])
def test_get_numeric_id(ident: Any, expected: Any) -> None:
    zone = Zone("z", "example.com", "master", None, Recorder())  # type: ignore[arg-type]
    assert Record(ident, "", "A", "x", zone, Recorder())._get_numeric_id() == expected  # type: ignore[arg-type]


def test_models_delegate_to_driver() -> None:
    driver = Recorder()
    zone = Zone("z", "example.com", "master", None, driver)  # type: ignore[arg-type]
    record = Record("r", "www", "A", "x", zone, driver)  # type: ignore[arg-type]
    zone.list_records()
    zone.create_record("www", "A", "192.0.2.1", extra={"ttl": 5})
    zone.update(ttl=9)
    zone.delete()
    zone.export_to_bind_format()
    zone.export_to_bind_zone_file("/tmp/unused")
    record.update(data="y")
    record.delete()
    assert driver.calls == [
        ("list_records", {"zone": zone}),
        ("create_record", {"name": "www", "zone": zone, "type": "A", "data": "192.0.2.1", "extra": {"ttl": 5}}),
        ("update_zone", {"zone": zone, "domain": None, "type": None, "ttl": 9, "extra": None}),
        ("delete_zone", {"zone": zone}),
        ("export_zone_to_bind_format", {"zone": zone}),
        ("export_zone_to_bind_zone_file", {"zone": zone, "file_path": "/tmp/unused"}),
        ("update_record", {"record": record, "name": None, "type": None, "data": "y", "extra": None}),
        ("delete_record", {"record": record}),
    ]


def test_iterate_derived_from_list() -> None:
    driver = ListOnly()
    assert [z.id for z in driver.iterate_zones()] == ["1", "2"]
    assert [r.id for r in driver.iterate_records(driver.zones[0])] == ["7"]
    assert driver.list_calls == 1


def test_list_derived_from_iterate() -> None:
    driver = IterateOnly()
    zones = driver.list_zones()
    assert isinstance(zones, list) and [z.id for z in zones] == ["1", "2"]
    records = driver.list_records(zones[0])
    assert isinstance(records, list) and [r.id for r in records] == ["7"]


@pytest.mark.parametrize("method", ["list_zones", "iterate_zones"])
def test_neither_form_raises_not_implemented(method: str) -> None:
    with pytest.raises(NotImplementedError):
        getattr(Neither(), method)()


@pytest.mark.parametrize("method", ["list_records", "iterate_records"])
def test_neither_record_form_raises_not_implemented(method: str) -> None:
    with pytest.raises(NotImplementedError):
        getattr(Neither(), method)(None)


@pytest.mark.parametrize("method", ["list_zones", "iterate_zones"])
def test_mutual_super_calls_do_not_recurse(method: str) -> None:
    with pytest.raises(NotImplementedError, match="implement one of them"):
        getattr(BothViaSuper(), method)()
    # The guard is released afterwards.
    with pytest.raises(NotImplementedError, match="implement one of them"):
        getattr(BothViaSuper(), method)()


@pytest.mark.parametrize("cls", [ListOnly, IterateOnly])
def test_get_zone_and_record_fall_back_to_listing(cls: type) -> None:
    driver = cls()
    assert driver.get_zone("2").domain == "b.com"
    assert driver.get_record("1", "7").name == "www"
    with pytest.raises(ZoneDoesNotExistError) as zerr:
        driver.get_zone("nope")
    assert zerr.value.zone_id == "nope"
    with pytest.raises(RecordDoesNotExistError) as rerr:
        driver.get_record("1", "8")
    assert rerr.value.record_id == "8"


@pytest.mark.parametrize(
    "method, args",
    [
        ("create_zone", ("example.com",)),
        ("update_zone", (None, "example.com")),
        ("create_record", ("www", None, "A", "x")),
        ("update_record", (None, "www", "A", "x")),
        ("delete_zone", (None,)),
        ("delete_record", (None,)),
    ],
)
def test_mutations_are_abstract(method: str, args: tuple) -> None:
    with pytest.raises(NotImplementedError):
        getattr(Neither(), method)(*args)


def test_record_type_helpers() -> None:
    class Mapped(Neither):
        RECORD_TYPE_MAP: Dict[str, Any] = {RecordType.A: "A", RecordType.MX: "MX"}

    assert Mapped().list_record_types() == ["A", "MX"]
    assert Neither().list_record_types() == []
    assert Neither()._string_to_record_type("cname") == RecordType.CNAME
    with pytest.raises(AttributeError):
        Neither()._string_to_record_type("bogus")


def test_constructor_builds_user_and_key_connection() -> None:
    class Real(DNSDriver):
        name = "Real"

    driver = Real("user", "secret", host="127.0.0.1", port=8053, api_version="v9")
    assert DNSDriver.connectionCls is ConnectionUserAndKey
    assert isinstance(driver.connection, ConnectionUserAndKey)
    assert (driver.key, driver.secret, driver.api_version) == ("user", "secret", "v9")
    assert driver.connection.host == "127.0.0.1"
    assert DNSDriver.name is None and DNSDriver.website is None
