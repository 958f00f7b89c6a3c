"""The DNS API's models (:class:`Zone`, :class:`Record`) and :class:`DNSDriver`.

Drivers implement either the ``list_*`` or the ``iterate_*`` form of the
listing methods (or both); the base class derives the missing form from the
other, so every driver answers both.  Methods that do I/O in a driver are
``@operation`` flows; the base class itself does no I/O.

``update_zone`` and ``update_record`` are written once, here: they gather the
arguments into a :class:`ZoneChange` / :class:`RecordChange` (a record change
resolved against the record and validated first, so nothing invalid is sent)
and hand it to the driver's ``_update_zone`` / ``_update_record`` flow.  A
driver writes only those hooks (the docs' support matrix follows them); one
written for upstream may still override the public methods.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar, Dict, Iterator, List, Optional, Union, Type

from libcloud import _version
from libcloud._core.flow import Flow, operation
from libcloud.common.base import BaseDriver, Connection, ConnectionUserAndKey
from libcloud.dns import _bind
from libcloud.dns.types import (
    RecordDoesNotExistError,
    RecordType,
    ZoneDoesNotExistError,
)
from libcloud.dns.validation import validate_record, validate_record_update

__all__ = ["Zone", "Record", "DNSDriver", "ZoneChange", "RecordChange"]


class Zone:
    """A DNS zone (``type`` is ``"master"`` or ``"slave"``)."""

    def __init__(
        self,
        id: Any,
        domain: str,
        type: Optional[str],
        ttl: Optional[int],
        driver: "DNSDriver",
        extra: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.id = str(id) if id else None
        self.domain = domain
        self.type = type
        self.ttl = ttl or None
        self.driver = driver
        self.extra = extra or {}

    def list_records(self) -> List["Record"]:
        """The records of this zone (``driver.list_records``)."""
        return self.driver.list_records(zone=self)

    def create_record(self, name: Optional[str], type: str, data: str, extra: Optional[Dict[str, Any]] = None) -> "Record":
        """Create a record in this zone (``driver.create_record``)."""
        return self.driver.create_record(name=name, zone=self, type=type, data=data, extra=extra)

    def update(
        self,
        domain: Optional[str] = None,
        type: Optional[str] = None,
        ttl: Optional[int] = None,
        extra: Optional[Dict[str, Any]] = None,
    ) -> "Zone":
        """Change this zone (``driver.update_zone``); returns the updated zone."""
        return self.driver.update_zone(zone=self, domain=domain, type=type, ttl=ttl, extra=extra)

    def delete(self) -> bool:
        """Delete this zone and its records (``driver.delete_zone``)."""
        return self.driver.delete_zone(zone=self)

    def export_to_bind_format(self) -> str:
        """This zone as BIND zone file text."""
        return self.driver.export_zone_to_bind_format(zone=self)

    def export_to_bind_zone_file(self, file_path: str) -> None:
        """Write this zone in BIND format to ``file_path``."""
        self.driver.export_zone_to_bind_zone_file(zone=self, file_path=file_path)

    def __repr__(self) -> str:
        return "<Zone: domain=%s, ttl=%s, provider=%s ...>" % (self.domain, self.ttl, self.driver.name)


class Record:
    """A DNS record; ``name`` ``None`` or ``""`` is the zone apex."""

    def __init__(
        self,
        id: Any,
        name: Optional[str],
        type: str,
        data: str,
        zone: Zone,
        driver: "DNSDriver",
        ttl: Optional[int] = None,
        extra: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.id = str(id) if id else None
        self.name = name
        self.type = type
        self.data = data
        self.zone = zone
        self.driver = driver
        self.ttl = ttl
        self.extra = extra or {}

    def update(
        self,
        name: Optional[str] = None,
        type: Optional[str] = None,
        data: Optional[str] = None,
        extra: Optional[Dict[str, Any]] = None,
    ) -> "Record":
        """Change this record (``driver.update_record``); arguments left as None keep their value."""
        return self.driver.update_record(record=self, name=name, type=type, data=data, extra=extra)

    def delete(self) -> bool:
        """Delete this record (``driver.delete_record``)."""
        return self.driver.delete_record(record=self)

    def _get_numeric_id(self) -> Union[int, str]:
        """The id as an int when it is all digits (for sorting), else as is; ``""`` without one."""
        if self.id is None:
            return ""
        return int(self.id) if self.id.isdigit() else self.id

    def __repr__(self) -> str:
        zone = self.zone.domain if self.zone.domain else self.zone.id
        return "<Record: zone=%s, name=%s, type=%s, data=%s, provider=%s, ttl=%s ...>" % (
            zone,
            self.name,
            self.type,
            self.data,
            self.driver.name,
            self.ttl,
        )


# Guards the list_* <-> iterate_* derivation against a driver whose overrides
# both call back into the base class (which would otherwise recurse forever).
_deriving = threading.local()


@contextmanager
def _derivation(driver: Any, what: str) -> Iterator[None]:
    active = _deriving.__dict__.setdefault("active", set())
    token = (id(driver), what)
    if token in active:
        raise NotImplementedError(
            "%s derives list_%s and iterate_%s from each other; implement one of them" % (type(driver).__name__, what, what)
        )
    active.add(token)
    try:
        yield
    finally:
        active.discard(token)


def _implements(driver: Any, method: str) -> bool:
    """True when a class below DNSDriver in ``driver``'s MRO defines ``method``."""
    for klass in type(driver).__mro__:
        if klass is DNSDriver:
            return False
        if method in klass.__dict__:
            return True
    return False


@dataclass
class ZoneChange:
    """What ``update_zone`` was asked to change on ``zone`` (``None``: keep it)."""

    zone: Zone
    domain: Optional[str]
    type: Optional[str]
    ttl: Optional[int]
    #: The provider settings asked for (a copy: a hook may pop from it).
    extra: Dict[str, Any] = field(default_factory=dict)

    @property
    def renames(self) -> bool:
        """Whether ``domain`` names another zone than ``zone`` (case and final dot aside)."""
        return bool(self.domain) and _bare(self.domain) != _bare(self.zone.domain)


@dataclass
class RecordChange:
    """An ``update_record`` call resolved against ``record`` and validated.

    ``name``, ``type`` and ``data`` are the values to send (the record's own
    where the caller passed ``None``; ``name`` relative to the zone), ``extra``
    the record's extra with the caller's merged over it.  ``given_name`` is the
    name as the caller wrote it (the record's if ``None``), for drivers that
    echo it back as upstream did.
    """

    record: Record
    name: Optional[str]
    type: str
    data: str
    extra: Dict[str, Any]
    given_name: Optional[str]


def _bare(domain: Optional[str]) -> str:
    return (domain or "").rstrip(".").lower()


class DNSDriver(BaseDriver):
    """The base of every DNS driver."""

    connectionCls: Type[Connection] = ConnectionUserAndKey
    name: Optional[str] = None
    website: Optional[str] = None

    #: RecordType -> the provider's name for it: the types ``list_record_types`` reports.
    RECORD_TYPE_MAP: ClassVar[Dict[str, Any]] = {}
    #: More types the provider accepts, left out of ``list_record_types`` because
    #: upstream's list (which its users and tests count on) does not have them.
    EXTRA_RECORD_TYPE_MAP: ClassVar[Dict[str, Any]] = {}

    def list_record_types(self) -> List[str]:
        """The record types (``RecordType`` values) this provider accepts."""
        return list(self.RECORD_TYPE_MAP)

    # Listing: each form falls back to the other.

    def iterate_zones(self) -> Iterator[Zone]:
        """Yield every zone of the account, fetching pages as needed."""
        if not _implements(self, "list_zones"):
            raise NotImplementedError("iterate_zones not implemented for this driver")
        with _derivation(self, "zones"):
            zones = self.list_zones()
        return iter(zones)

    def list_zones(self) -> List[Zone]:
        """Every zone of the account, as a list."""
        if not _implements(self, "iterate_zones"):
            raise NotImplementedError("list_zones not implemented for this driver")
        with _derivation(self, "zones"):
            return list(self.iterate_zones())

    def iterate_records(self, zone: Zone) -> Iterator[Record]:
        """Yield every record of ``zone``, fetching pages as needed."""
        if not _implements(self, "list_records"):
            raise NotImplementedError("iterate_records not implemented for this driver")
        with _derivation(self, "records"):
            records = self.list_records(zone)
        return iter(records)

    def list_records(self, zone: Zone) -> List[Record]:
        """Every record of ``zone``, as a list."""
        if not _implements(self, "iterate_records"):
            raise NotImplementedError("list_records not implemented for this driver")
        with _derivation(self, "records"):
            return list(self.iterate_records(zone))

    # Lookups fall back to scanning the listings (drivers with a direct
    # endpoint override them).

    def get_zone(self, zone_id: str) -> Zone:
        """The zone whose id is ``zone_id``; raises ``ZoneDoesNotExistError`` if there is none."""
        for zone in self.iterate_zones():
            if zone.id == str(zone_id):
                return zone
        raise ZoneDoesNotExistError(value="Zone %s does not exist" % (zone_id,), driver=self, zone_id=zone_id)

    def get_record(self, zone_id: str, record_id: str) -> Record:
        """The record ``record_id`` of zone ``zone_id``; raises ``RecordDoesNotExistError`` if there is none."""
        zone = self.get_zone(zone_id)
        for record in self.iterate_records(zone):
            if record.id == str(record_id):
                return record
        raise RecordDoesNotExistError(value="Record %s does not exist" % (record_id,), driver=self, record_id=record_id)

    # Mutations: every driver implements the ones its provider supports.

    def create_zone(
        self, domain: str, type: str = "master", ttl: Optional[int] = None, extra: Optional[Dict[str, Any]] = None
    ) -> Zone:
        """Create a zone for ``domain`` (``type`` is "master" or "slave"); provider settings go in ``extra``."""
        raise NotImplementedError("create_zone not implemented for this driver")

    @operation
    def update_zone(
        self,
        zone: Zone,
        domain: Optional[str],
        type: Optional[str] = "master",
        ttl: Optional[int] = None,
        extra: Optional[Dict[str, Any]] = None,
    ) -> Flow[Zone]:
        """Change ``zone``'s domain, type, TTL or provider settings, as far as the provider allows."""
        return (yield from self._update_zone(ZoneChange(zone, domain, type, ttl, dict(extra or {}))))

    def create_record(
        self, name: Optional[str], zone: Zone, type: str, data: str, extra: Optional[Dict[str, Any]] = None
    ) -> Record:
        """Create a record in ``zone``; returns the new record.

        ``name`` is relative to the zone ("" or None for the apex); TTL and priority go in ``extra``.
        """
        raise NotImplementedError("create_record not implemented for this driver")

    @operation
    def update_record(
        self,
        record: Record,
        name: Optional[str] = None,
        type: Optional[str] = None,
        data: Optional[str] = None,
        extra: Optional[Dict[str, Any]] = None,
    ) -> Flow[Record]:
        """Change ``record``; arguments left as ``None`` keep their value, and the result is validated first."""
        # A driver without the hook refuses before anything is validated, as upstream's stub did.
        if self.__class__._update_record is DNSDriver._update_record:
            raise NotImplementedError("update_record not implemented for this driver")
        given_name = record.name if name is None else name
        name, type, data, merged = self._validate_record_update(record, self._read_name(given_name, record.zone), type,
                                                                data, extra)
        return (yield from self._update_record(RecordChange(record, name, type, data, merged, given_name)))

    def delete_zone(self, zone: Zone) -> bool:
        """Delete ``zone`` and all its records."""
        raise NotImplementedError("delete_zone not implemented for this driver")

    def delete_record(self, record: Record) -> bool:
        """Delete ``record``."""
        raise NotImplementedError("delete_record not implemented for this driver")

    # The hooks update_zone and update_record hand a change to: a driver that supports them writes these.

    def _update_zone(self, change: "ZoneChange") -> Flow[Zone]:
        """Send ``change``; returns the zone as it now is."""
        raise NotImplementedError("update_zone not implemented for this driver")

    def _update_record(self, change: "RecordChange") -> Flow[Record]:
        """Send ``change`` (resolved and validated); returns the record as it now is."""
        raise NotImplementedError("update_record not implemented for this driver")

    def _read_name(self, name: Optional[str], zone: Zone) -> Optional[str]:
        """The record name the caller meant, for validation (a driver may accept other spellings)."""
        return name

    # BIND export.

    def export_zone_to_bind_format(self, zone: Zone) -> str:
        """``zone`` and its records as BIND zone-file text (no trailing newline)."""
        if zone.type not in ("master", None):  # None: a provider without zone kinds (PowerDNS)
            raise ValueError("You can only generate BIND out for master zones")
        return _bind.zone_file(zone, self.list_records(zone), version=_version.__version__)

    def export_zone_to_bind_zone_file(self, zone: Zone, file_path: str) -> None:
        """Write :meth:`export_zone_to_bind_format` to ``file_path``, as is (like upstream, no final newline)."""
        output = self.export_zone_to_bind_format(zone=zone)
        with open(file_path, "w", encoding="utf-8") as handle:
            handle.write(output)

    def _get_bind_record_line(self, record: Record) -> str:
        return _bind.record_line(record)

    # Helpers for drivers.

    def _string_to_record_type(self, string: str) -> str:
        return getattr(RecordType, string.upper())

    #: ``self._validate_record(name, zone, type, data, extra)``: check a record before create_record
    #: sends anything; returns the zone-relative name (a driver may override it).
    _validate_record = validate_record
    #: ``self._validate_record_update(record, name, type, data, extra)``: resolve and check an update
    #: before update_record sends anything; returns ``(name, type, data, extra)``.
    _validate_record_update = validate_record_update
