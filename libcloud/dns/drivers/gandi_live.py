"""Gandi LiveDNS (``dns.api.gandi.net/api/v5``).

Zones are domains, named by their FQDN.  LiveDNS stores RRsets: a record is
one value of an RRset and its id is ``"<TYPE>:<name>"`` (shared by the values
of one RRset, as upstream).  Deleting a domain is not part of the API, so
``delete_zone`` is not available; ``ex_delete_gandi_zone`` deletes a zone
object by UUID.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from libcloud._core.flow import Flow, operation
from libcloud.common.gandi_live import (
    API_BASE,
    BaseGandiLiveDriver,
    GandiLiveBaseError,
    GandiLiveConnection,
    ResourceNotFoundError,
)
from libcloud.common.exceptions import BaseHTTPError
from libcloud.common.rest.helpers import listing_items
from libcloud.dns.base import DNSDriver, Record, RecordChange, Zone
from libcloud.dns.drivers import _rdata
from libcloud.dns.drivers._rest import EXISTS, MISSING, ErrorRule, RestDNSMixin
from libcloud.dns.types import (
    Provider,
    RecordDoesNotExistError,
    RecordType,
    record_type_map,
)
from libcloud.dns.validation import RecordValidationError

__all__ = ["GandiLiveDNSDriver"]

#: LiveDNS's TTL bounds (300 s to 30 days) and its default; record values are at most 1024 characters.
TTL_MIN = 300
TTL_MAX = 30 * 24 * 60 * 60
DEFAULT_TTL = 10800
MAX_DATA_LENGTH = 1024


def _split_priority(type: str, value: str) -> Tuple[str, Optional[str]]:
    """``("mail", "10")`` from MX value ``"10 mail"`` (SRV likewise); the priority stays text."""
    data, priority = _rdata.split_priority(type, value)
    return data, None if priority is None else str(priority)


class GandiLiveDNSDriver(RestDNSMixin, BaseGandiLiveDriver, DNSDriver):
    """Gandi LiveDNS."""
    type = Provider.GANDI  # upstream quirk: "gandi", not "gandi_live"
    name = "Gandi LiveDNS"
    website = "http://www.gandi.net/domain"
    connectionCls = GandiLiveConnection
    _mapped_errors = (BaseHTTPError, GandiLiveBaseError)

    RECORD_TYPE_MAP = record_type_map(
        RecordType.A, RecordType.AAAA, RecordType.ALIAS, RecordType.CNAME, RecordType.DNAME, RecordType.DS,
        RecordType.KEY, RecordType.LOC, RecordType.MX, RecordType.NS, RecordType.PTR, RecordType.SPF, RecordType.SRV,
        RecordType.SSHFP, RecordType.TLSA, RecordType.TXT, RecordType.WKS, RecordType.CAA
    )

    dns_error_rules = (ErrorRule(MISSING, status=404), ErrorRule(EXISTS, status=409))

    # -- models ------------------------------------------------------------------------
    def _to_zone(self, item: Dict[str, Any]) -> Zone:
        extra = {key: value for key, value in item.items() if key != "fqdn"}
        return Zone(id=item["fqdn"], domain=item["fqdn"], type="master", ttl=0, driver=self, extra=extra)

    def _to_records(self, zone: Zone, rrset: Dict[str, Any]) -> List[Record]:
        """One Record per value; as upstream, MX/SRV priorities stay the strings LiveDNS
        wrote, and each value of a multi-value RRset lists the others in ``_other_records``."""
        type, name, ttl = rrset["rrset_type"], rrset["rrset_name"], rrset.get("rrset_ttl")
        parsed = []
        for value in rrset.get("rrset_values", []):
            data, priority = _split_priority(type, value)
            if type in _rdata.TEXT_TYPES:
                data = _rdata.unquote_text(data)
            extra: Dict[str, Any] = {"ttl": ttl}
            if priority is not None:
                extra["priority"] = priority
            parsed.append((data, extra))
        records = []
        for index, (data, extra) in enumerate(parsed):
            if len(parsed) > 1:
                extra["_other_records"] = [{"name": name, "data": other, "type": type, "extra": dict(other_extra)}
                                           for other_index, (other, other_extra) in enumerate(parsed)
                                           if other_index != index]
            records.append(Record(id="%s:%s" % (type, name), name=name, type=type, data=data, zone=zone,
                                  driver=self, ttl=ttl, extra=extra))
        return records

    def _value(self, type: str, data: str, extra: Optional[Dict[str, Any]]) -> str:
        if len(str(data)) > MAX_DATA_LENGTH:
            raise RecordValidationError("Record data must be %d characters or less" % (MAX_DATA_LENGTH,), self)
        if type in _rdata.TEXT_TYPES:
            return _rdata.quote_text(data)
        return _rdata.join_priority(type, data, extra)

    def _ttl(self, extra: Optional[Dict[str, Any]], default: int = DEFAULT_TTL) -> int:
        """The TTL to send; LiveDNS's bounds are checked here, before anything is sent."""
        given = (extra or {}).get("ttl")
        ttl = int(given) if given is not None else int(default)
        if ttl < TTL_MIN:
            raise RecordValidationError("TTL must be at least %d seconds" % (TTL_MIN,), self)
        if ttl > TTL_MAX:
            raise RecordValidationError("TTL must not exceed %d seconds" % (TTL_MAX,), self)
        return ttl

    @staticmethod
    def _split_id(record_id: Optional[str]) -> Tuple[str, str]:
        type, _, name = str(record_id).partition(":")
        return type, name

    def _records_url(self, zone_id: Optional[str], name: Optional[str] = None, type: Optional[str] = None) -> str:
        url = "%s/domains/%s/records" % (API_BASE, zone_id)
        return url if name is None else "%s/%s/%s" % (url, name, type)

    # -- zones ---------------------------------------------------------------------------
    @operation
    def list_zones(self) -> Flow[List[Zone]]:
        response = yield from self._request(API_BASE + "/domains")
        return [self._to_zone(item) for item in listing_items(response.object, "", "Gandi LiveDNS", self)]

    @operation
    def get_zone(self, zone_id: str) -> Flow[Zone]:
        response = yield from self._request("%s/domains/%s" % (API_BASE, zone_id), zone_id=zone_id)
        return self._to_zone(response.object)

    @operation
    def create_zone(
        self, domain: str, type: str = "master", ttl: Optional[int] = None, extra: Optional[Dict[str, Any]] = None
    ) -> Flow[Zone]:
        """Create a zone object and attach ``domain`` to it (``extra["name"]`` names the zone object)."""
        body = {"name": (extra or {}).get("name", domain)}
        created = yield from self._request(API_BASE + "/zones", zone_id=domain, method="POST", json=body)
        location = created.headers.get("location", "")
        zone_uuid = location.rstrip("/").rsplit("/", 1)[-1] or (created.object or {}).get("uuid")
        # Attach the domain to the new zone object with PATCH (as upstream); a domain
        # LiveDNS does not know yet (404) is added to it instead.
        try:
            yield self.connection.call("%s/domains/%s" % (API_BASE, domain), method="PATCH",
                                       json={"zone_uuid": zone_uuid})
        except ResourceNotFoundError:
            yield from self._request(API_BASE + "/domains", zone_id=domain, method="POST",
                                     json={"fqdn": domain, "zone_uuid": zone_uuid})
        return Zone(id=domain, domain=domain, type="master", ttl=0, driver=self, extra={"zone_uuid": zone_uuid})

    # -- records -------------------------------------------------------------------------
    @operation
    def list_records(self, zone: Zone) -> Flow[List[Record]]:
        response = yield from self._request(self._records_url(zone.id), zone_id=zone.id)
        rrsets = listing_items(response.object, "", "Gandi LiveDNS", self)
        return [record for rrset in rrsets for record in self._to_records(zone, rrset)]

    @operation
    def get_record(self, zone_id: str, record_id: str) -> Flow[Record]:
        zone = yield from self.get_zone.flow(zone_id)
        type, name = self._split_id(record_id)
        response = yield from self._request(self._records_url(zone_id, name, type), record_id=record_id)
        records = self._to_records(zone, response.object)
        if not records:
            raise RecordDoesNotExistError(value="Record %s has no value" % (record_id,), driver=self,
                                          record_id=record_id)
        return records[0]

    @operation
    def create_record(
        self, name: Optional[str], zone: Zone, type: str, data: str, extra: Optional[Dict[str, Any]] = None
    ) -> Flow[Record]:
        """Create an RRset with one value; ``extra``: ``ttl`` (300 or more), ``priority`` (MX, SRV)."""
        records = yield from self._create_rrset(name, zone, type, [data], extra)
        return records[0]

    @operation
    def ex_create_multi_value_record(
        self, name: Optional[str], zone: Zone, type: str, data: List[str], extra: Optional[Dict[str, Any]] = None
    ) -> Flow[List[Record]]:
        """Create an RRset holding every value of ``data``; one Record per value."""
        return (yield from self._create_rrset(name, zone, type, list(data), extra))

    def _create_rrset(self, name: Optional[str], zone: Zone, type: str, values: List[str],
                      extra: Optional[Dict[str, Any]]) -> Flow[List[Record]]:
        for value in values:
            name = self._validate_record(name, zone, type, value, extra)
        owner = name or "@"
        rrset = {"rrset_name": owner, "rrset_type": type, "rrset_ttl": self._ttl(extra),
                 "rrset_values": [self._value(type, value, extra) for value in values]}
        yield from self._request(self._records_url(zone.id), zone_id=zone.id,
                                 record_id="%s:%s" % (type, owner), method="POST", json=rrset)
        return self._to_records(zone, rrset)

    def _update_record(self, change: RecordChange) -> Flow[Record]:
        """Replace this value of the record's RRset with ``data``; the RRset's other values
        (``extra["_other_records"]``) stay.  A new name or type moves the RRset."""
        record, name, type, data, merged = change.record, change.name, change.type, change.data, change.extra
        others = [dict(other) for other in (record.extra or {}).get("_other_records") or []]
        merged.pop("_other_records", None)
        owner = name or "@"
        old_type, old_name = self._split_id(record.id)
        values = [self._value(type, data, merged)]
        values += [self._value(type, other["data"], other.get("extra")) for other in others]
        rrset = {"rrset_name": owner, "rrset_type": type, "rrset_ttl": self._ttl(merged, record.ttl or DEFAULT_TTL),
                 "rrset_values": values}
        zone_id = record.zone.id
        if (owner, type) == (old_name, old_type):
            body = {"rrset_ttl": rrset["rrset_ttl"], "rrset_values": rrset["rrset_values"]}
            yield from self._request(self._records_url(zone_id, owner, type), record_id=record.id,
                                     method="PUT", json=body)
        else:
            yield from self._request(self._records_url(zone_id), zone_id=zone_id,
                                     record_id="%s:%s" % (type, owner), method="POST", json=rrset)
            yield from self._request(self._records_url(zone_id, old_name, old_type),
                                     record_id=record.id, method="DELETE")
        return self._to_records(record.zone, rrset)[0]

    @operation
    def delete_record(self, record: Record) -> Flow[bool]:
        type, name = self._split_id(record.id)
        yield from self._request(self._records_url(record.zone.id, name, type),
                                 record_id=record.id, method="DELETE")
        return True

    @operation
    def export_zone_to_bind_format(self, zone: Zone) -> Flow[bytes]:  # type: ignore[override]  # upstream returns bytes
        """The zone file as LiveDNS renders it (``Accept: text/plain``), as bytes like upstream."""
        response = yield from self._request(self._records_url(zone.id), zone_id=zone.id,
                                            headers={"Accept": "text/plain"})
        return str(response.body).encode("utf-8")

    def export_zone_to_bind_zone_file(self, zone: Zone, file_path: str) -> None:
        """Write the zone file LiveDNS renders to ``file_path``."""
        with open(file_path, "wb") as handle:
            handle.write(self.export_zone_to_bind_format(zone))

    # -- extensions ----------------------------------------------------------------------
    @operation
    def ex_switch_domain_gandi_zone(self, domain: str, zone_uuid: str) -> Flow[bool]:
        """Attach ``domain`` to the zone object ``zone_uuid``."""
        yield from self._request("%s/domains/%s" % (API_BASE, domain), zone_id=domain, method="PATCH",
                                 json={"zone_uuid": zone_uuid})
        return True

    @operation
    def ex_update_gandi_zone_name(self, zone_uuid: str, name: str) -> Flow[bool]:
        yield from self._request("%s/zones/%s" % (API_BASE, zone_uuid), zone_id=zone_uuid, method="PATCH",
                                 json={"name": name})
        return True

    @operation
    def ex_delete_gandi_zone(self, zone_uuid: str) -> Flow[bool]:
        yield from self._request("%s/zones/%s" % (API_BASE, zone_uuid), zone_id=zone_uuid, method="DELETE")
        return True
