"""An in-memory DNS driver for tests and examples (no network)."""

from __future__ import annotations

import itertools
from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow
from libcloud.dns.base import DNSDriver, Record, RecordChange, Zone, ZoneChange
from libcloud.dns.types import (
    RecordAlreadyExistsError,
    RecordDoesNotExistError,
    RecordType,
    ZoneAlreadyExistsError,
    ZoneDoesNotExistError,
)

__all__ = ["DummyDNSDriver"]

_ALL_TYPES = {value: value for key, value in vars(RecordType).items() if key.isupper()}


class DummyDNSDriver(DNSDriver):
    """Keeps zones and records in memory.

    Zone ids are ``"id-<domain>"`` (one zone per domain, as upstream); record
    ids are increasing numbers, so listings and BIND exports follow creation
    order.  A record "already exists" when the zone holds one with the same
    name, type and data (upstream compared names only, which forbade, say, an
    A and an MX record at the apex).
    """

    name = "Dummy DNS Provider"
    website = "http://example.com"
    # Upstream's dummy lists only A (its doctest says so) but stores records of any type.
    RECORD_TYPE_MAP = {RecordType.A: "A"}
    EXTRA_RECORD_TYPE_MAP = _ALL_TYPES

    def __init__(self, api_key: Any, api_secret: Any) -> None:
        # No connection: nothing here talks to a server.
        self.key = api_key
        self.secret = api_secret
        self._zones: Dict[Optional[str], Dict[str, Any]] = {}
        self._ids = itertools.count(1)

    def list_zones(self) -> List[Zone]:
        return [entry["zone"] for entry in self._zones.values()]

    def list_records(self, zone: Zone) -> List[Record]:
        return list(self._entry(zone.id)["records"].values())

    def get_zone(self, zone_id: str) -> Zone:
        return self._entry(zone_id)["zone"]

    def get_record(self, zone_id: str, record_id: str) -> Record:
        return self._record(zone_id, record_id)

    def _record(self, zone_id: Optional[str], record_id: Optional[str]) -> Record:
        records = self._entry(zone_id)["records"]
        if record_id not in records:
            raise RecordDoesNotExistError(value=None, driver=self, record_id=record_id)
        return records[record_id]

    def create_zone(
        self, domain: str, type: str = "master", ttl: Optional[int] = None, extra: Optional[Dict[str, Any]] = None
    ) -> Zone:
        zone_id = "id-%s" % (domain,)
        if zone_id in self._zones:
            raise ZoneAlreadyExistsError(value=None, driver=self, zone_id=zone_id)
        zone = Zone(id=zone_id, domain=domain, type=type, ttl=ttl, driver=self, extra=dict(extra or {}))
        self._zones[zone_id] = {"zone": zone, "records": {}}
        return zone

    def _update_zone(self, change: ZoneChange) -> Flow[Zone]:
        yield from ()  # in memory: nothing to send
        stored = self._entry(change.zone.id)["zone"]
        if change.domain and change.domain != stored.domain:
            # The id is derived from the domain, so a rename is not supported.
            raise ValueError("DummyDNSDriver cannot rename a zone (%s -> %s)" % (stored.domain, change.domain))
        if change.type is not None:
            stored.type = change.type
        if change.ttl is not None:
            stored.ttl = change.ttl
        stored.extra.update(change.extra)
        return stored

    def create_record(
        self, name: Optional[str], zone: Zone, type: str, data: str, extra: Optional[Dict[str, Any]] = None
    ) -> Record:
        name = self._validate_record(name, zone, type, data, extra)
        stored_zone = self._entry(zone.id)["zone"]
        records = self._entry(zone.id)["records"]
        self._refuse_duplicate(records, name, type, data, None)
        record = self._make_record(str(next(self._ids)), name, type, data, stored_zone, extra)
        records[record.id] = record
        return record

    def _update_record(self, change: RecordChange) -> Flow[Record]:
        yield from ()  # in memory: nothing to send
        record = change.record
        self._record(record.zone.id, record.id)
        records = self._entry(record.zone.id)["records"]
        self._refuse_duplicate(records, change.name, change.type, change.data, record.id)
        updated = self._make_record(record.id, change.name, change.type, change.data,
                                    self._entry(record.zone.id)["zone"], change.extra)
        records[updated.id] = updated
        return updated

    def delete_zone(self, zone: Zone) -> bool:
        self._entry(zone.id)
        del self._zones[zone.id]
        return True

    def delete_record(self, record: Record) -> bool:
        self._record(record.zone.id, record.id)
        del self._zones[record.zone.id]["records"][record.id]
        return True

    def _entry(self, zone_id: Optional[str]) -> Dict[str, Any]:
        if zone_id not in self._zones:
            raise ZoneDoesNotExistError(value=None, driver=self, zone_id=zone_id)
        return self._zones[zone_id]

    def _refuse_duplicate(
        self, records: Dict[str, Record], name: Optional[str], type: str, data: str, own_id: Optional[str]
    ) -> None:
        for other in records.values():
            if other.id != own_id and (other.name or "") == (name or "") and other.type == type and other.data == data:
                raise RecordAlreadyExistsError(value=None, driver=self, record_id=other.id)

    def _make_record(
        self, record_id: Optional[str], name: Optional[str], type: str, data: str, zone: Zone, extra: Optional[Dict[str, Any]]
    ) -> Record:
        extra = dict(extra or {})
        return Record(
            id=record_id, name=name, type=type, data=data, zone=zone, driver=self, ttl=extra.get("ttl"), extra=extra
        )
