"""Vultr DNS through the legacy API v1 (``VultrDNSDriver(key, api_version="1")``).

v1 has no "get" calls and answers 200 with an empty body to a write on a
domain or record that does not exist, so the driver lists first: a missing
zone or record raises ``ZoneDoesNotExistError`` / ``RecordDoesNotExistError``
and an existing domain ``ZoneAlreadyExistsError`` before anything is written.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.common.vultr import VultrConnection
from libcloud.dns.base import Record, Zone
from libcloud.dns.drivers.vultr.factory import VultrDNSDriver
from libcloud.dns.drivers.vultr.v2 import record_body
from libcloud.dns.types import (
    RecordDoesNotExistError,
    ZoneAlreadyExistsError,
    ZoneDoesNotExistError,
)

__all__ = ["VultrDNSDriverV1"]


class VultrDNSDriverV1(VultrDNSDriver):
    """Vultr DNS, legacy API v1."""

    connectionCls = VultrConnection
    vultr_api_version = "1"

    # -- plumbing -----------------------------------------------------------------------
    def _get(self, path: str, params: Optional[Dict[str, Any]] = None) -> Flow[Any]:
        response = yield self.connection.call(path, params=params)
        return response.object if isinstance(response.object, list) else []

    def _post(self, path: str, data: Dict[str, Any]) -> Flow[bool]:
        response = yield self.connection.call(path, method="POST", data=data)
        return int(response.status) == 200

    def _to_zone(self, item: Dict[str, Any]) -> Zone:
        return Zone(id=item["domain"], domain=item["domain"], type="master", ttl=None, driver=self,
                    extra={"date_created": item.get("date_created")})

    def _to_record(self, zone: Zone, item: Dict[str, Any]) -> Record:
        extra = {"priority": item.get("priority"), "ttl": item.get("ttl")}
        return Record(id=str(item["RECORDID"]), name=item.get("name", ""), type=item["type"],
                      data=item.get("data", ""), zone=zone, driver=self, ttl=item.get("ttl"), extra=extra)

    def _find_zone(self, zone_id: Any) -> Flow[Zone]:
        for zone in (yield from self._zones()):
            if zone.id == zone_id:
                return zone
        raise ZoneDoesNotExistError(value="Zone %s does not exist" % (zone_id,), driver=self, zone_id=zone_id)

    def _find_record(self, zone: Zone, record_id: Any) -> Flow[Record]:
        for record in (yield from self._records(zone)):
            if record.id == str(record_id):
                return record
        raise RecordDoesNotExistError(value="Record %s does not exist" % (record_id,), driver=self,
                                      record_id=record_id)

    def _records(self, zone: Zone) -> Flow[List[Record]]:
        items = yield from self._get("/v1/dns/records", {"domain": zone.domain})
        return [self._to_record(zone, item) for item in items]

    @staticmethod
    def _record_fields(name: Optional[str], type: str, data: str, extra: Dict[str, Any]) -> Dict[str, Any]:
        """The form fields of a record (as v2's body, without its type)."""
        fields = dict(record_body(name, type, data, extra), name=name or "")
        fields.pop("type", None)
        fields.setdefault("ttl", None)
        fields.setdefault("priority", None)
        return fields

    # -- zones --------------------------------------------------------------------------
    @operation
    def list_zones(self) -> Flow[List[Zone]]:
        return (yield from self._zones())

    def _zones(self) -> Flow[List[Zone]]:
        items = yield from self._get("/v1/dns/list")
        return [self._to_zone(item) for item in items]

    @operation
    def get_zone(self, zone_id: str) -> Flow[Zone]:
        return (yield from self._find_zone(zone_id))

    @operation
    def create_zone(self, domain: str, type: str = "master", ttl: Optional[int] = None,
                    extra: Optional[Dict[str, Any]] = None) -> Flow[Zone]:
        """Create a domain; v1 needs ``extra={"serverip": "..."}`` (the apex A record's address)."""
        if any(zone.id == domain for zone in (yield from self._zones())):
            raise ZoneAlreadyExistsError(value="Zone %s already exists" % (domain,), driver=self, zone_id=domain)
        yield from self._post("/v1/dns/create_domain", {"domain": domain, "serverip": (extra or {}).get("serverip")})
        return Zone(id=domain, domain=domain, type="master", ttl=None, driver=self, extra={})

    @operation
    def delete_zone(self, zone: Zone) -> Flow[bool]:
        yield from self._find_zone(zone.id)
        return (yield from self._post("/v1/dns/delete_domain", {"domain": zone.domain}))

    # -- records ------------------------------------------------------------------------
    @operation
    def list_records(self, zone: Zone) -> Flow[List[Record]]:
        zone = yield from self._find_zone(zone.id)
        return (yield from self._records(zone))

    @operation
    def get_record(self, zone_id: str, record_id: str) -> Flow[Record]:
        zone = yield from self._find_zone(zone_id)
        return (yield from self._find_record(zone, record_id))

    @operation
    def create_record(self, name: Optional[str], zone: Zone, type: str, data: str,
                      extra: Optional[Dict[str, Any]] = None) -> Flow[Record]:
        """Create a record; v1 does not say its id, so the zone's records are listed to find it."""
        name = self._validate_record(name, zone, type, data, extra)
        fields = self._record_fields(name, type, data, dict(extra or {}))
        yield from self._post("/v1/dns/create_record", dict(fields, domain=zone.domain, type=type))
        matches = [r for r in (yield from self._records(zone))
                   if r.type == type and (r.name or "") == fields["name"] and r.data == fields["data"]]
        if matches:
            return matches[-1]
        return Record(id=None, name=fields["name"], type=type, data=data, zone=zone, driver=self,
                      ttl=fields["ttl"], extra={"priority": fields["priority"], "ttl": fields["ttl"]})

    @operation
    def update_record(self, record: Record, name: Optional[str] = None, type: Optional[str] = None,
                      data: Optional[str] = None, extra: Optional[Dict[str, Any]] = None) -> Flow[Record]:
        """Change a record's name, data, ``ttl`` or ``priority`` (not its type)."""
        name, type, data, merged = self._validate_record_update(record, name, type, data, extra)
        fields = self._record_fields(name, type, data, merged)
        yield from self._post("/v1/dns/update_record", dict(fields, domain=record.zone.domain, RECORDID=record.id))
        return Record(id=record.id, name=fields["name"], type=type, data=fields["data"], zone=record.zone,
                      driver=self, ttl=fields["ttl"], extra={"priority": fields["priority"], "ttl": fields["ttl"]})

    @operation
    def delete_record(self, record: Record) -> Flow[bool]:
        zone = yield from self._find_zone(record.zone.id)
        yield from self._find_record(zone, record.id)
        return (yield from self._post("/v1/dns/delete_record", {"domain": zone.domain, "RECORDID": record.id}))
