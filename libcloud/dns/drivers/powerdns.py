"""PowerDNS authoritative server, through its HTTP API (``/api/v1`` or the 3.x "experimental" API).

PowerDNS stores RRsets, not records, and has no record ids: as upstream,
records have ``id`` ``None`` and are known by name, type and data, so
``get_record`` is not available; zones have ``type`` ``None`` (the PowerDNS
kind is in ``extra["kind"]``).  As upstream, ``create_record`` *replaces* the
RRset of that name and type.  ``delete_record`` and ``update_record`` touch
only the record's own value when its RRset holds others (upstream replaced
the whole RRset); a record whose value is no longer stored names its RRset.
Deleting a missing zone or record returns ``False``, as upstream.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from libcloud._core.flow import Flow, operation
from libcloud.common.rest import RestConnection, RestResponse
from libcloud.common.rest.helpers import listing_items
from libcloud.dns.base import DNSDriver, Record, RecordChange, Zone, ZoneChange
from libcloud.dns.drivers import _rdata
from libcloud.dns.drivers._rest import MISSING, ErrorRule, RestDNSMixin
from libcloud.dns.types import (
    Provider,
    RecordDoesNotExistError,
    RecordType,
    ZoneAlreadyExistsError,
    ZoneDoesNotExistError,
    record_type_map,
)

__all__ = ["PowerDNSResponse", "PowerDNSConnection", "PowerDNSDriver"]

_ZONE_EXTRA = ("kind", "dnssec", "account", "masters", "serial", "notified_serial", "last_check")
#: TTL sent when a record is created without ``extra["ttl"]`` (upstream refused such records).
DEFAULT_RECORD_TTL = 3600
#: Default of ``_to_record``'s ``name``: the owner relative to the zone.
_RELATIVE = object()


class PowerDNSResponse(RestResponse):
    """A PowerDNS HTTP API answer; errors carry the API's ``error`` (or its plain-text body)."""

    ok_statuses = range(200, 205)


class PowerDNSConnection(RestConnection):
    """A connection to the PowerDNS HTTP API (``X-API-Key``)."""
    responseCls = PowerDNSResponse
    auth_header = "X-API-Key"
    auth_template = "{key}"


class PowerDNSDriver(RestDNSMixin, DNSDriver):
    """The PowerDNS authoritative server's HTTP API."""
    type = Provider.POWERDNS
    name = "PowerDNS"
    website = "https://www.powerdns.com/"
    connectionCls = PowerDNSConnection

    # RecordType.AFSDB is "A" (an upstream bug), so it cannot have an entry of its own.
    RECORD_TYPE_MAP = record_type_map(
        RecordType.A, RecordType.AAAA, RecordType.CAA, RecordType.CERT, RecordType.CNAME, RecordType.DNSKEY,
        RecordType.DS, RecordType.HINFO, RecordType.KEY, RecordType.LOC, RecordType.MX, RecordType.NAPTR, RecordType.NS,
        RecordType.NSEC, RecordType.PTR, RecordType.RP, RecordType.RRSIG, RecordType.SOA, RecordType.SPF,
        RecordType.SSHFP, RecordType.SRV, RecordType.TLSA, RecordType.TXT
    )
    # Upstream lists 23 types; PowerDNS serves these too.
    EXTRA_RECORD_TYPE_MAP = record_type_map(RecordType.DNAME, RecordType.OPENPGPKEY)

    def __init__(
        self,
        key: str,
        secret: Optional[str] = None,
        secure: bool = False,
        host: Optional[str] = None,
        port: Optional[int] = None,
        api_version: str = "experimental",
        **kwargs: Any,
    ) -> None:
        # libcloud has no notion of PowerDNS "servers": the API's own is "localhost".
        self.ex_server = "localhost"
        if api_version == "experimental":
            self.api_root = ""  # PowerDNS 3.x
        elif api_version == "v1":
            self.api_root = "/api/v1"  # PowerDNS 4.x and later
        else:
            raise NotImplementedError("Unsupported API version: %s" % (api_version,))
        super().__init__(key=key, secure=secure, host=host, port=port, api_version=api_version, **kwargs)

    # -- helpers ----------------------------------------------------------------------
    def _zones_path(self, zone_id: Optional[str] = None) -> str:
        path = "%s/servers/%s/zones" % (self.api_root, self.ex_server)
        return path if zone_id is None else "%s/%s" % (path, zone_id)

    dns_error_rules = (
        ErrorRule(ZoneAlreadyExistsError, status=409),
        ErrorRule(ZoneAlreadyExistsError, status=422, contains="already exists"),
        ErrorRule(MISSING, status=404),
        ErrorRule(MISSING, status=422, contains="could not find domain"),
    )

    def _patch(self, zone_id: Optional[str], rrsets: List[Dict[str, Any]]) -> Flow[Any]:
        return self._request(self._zones_path(zone_id), zone_id=zone_id, method="PATCH", json={"rrsets": rrsets})

    def _rrsets(self, body: Dict[str, Any]) -> List[Dict[str, Any]]:
        """RRsets of a zone body; the 3.x API lists flat records, regrouped here."""
        if "rrsets" in body:
            return list(body["rrsets"])
        grouped: Dict[Tuple[str, str], Dict[str, Any]] = {}
        for item in body.get("records", []):
            key = (item["name"], item["type"])
            rrset = grouped.setdefault(key, {"name": item["name"], "type": item["type"], "ttl": item.get("ttl"),
                                             "records": []})
            rrset["records"].append({"content": item["content"], "disabled": item.get("disabled", False)})
        return list(grouped.values())

    def _owner(self, name: Optional[str], zone: Zone) -> str:
        owner = _rdata.absolute_owner(name, zone.domain)
        # The 3.x API names owners without the trailing dot.
        return owner if self.api_root else owner.rstrip(".")

    def _content(self, type: str, data: str, extra: Optional[Dict[str, Any]]) -> str:
        if type in _rdata.TEXT_TYPES:
            return _rdata.quote_text(data)
        if type in _rdata.HOSTNAME_TYPES:
            return _rdata.absolute(data)
        if type in (RecordType.MX, RecordType.SRV):
            content = _rdata.join_priority(type, data, extra)
            head, _, target = content.rpartition(" ")
            return "%s %s" % (head, _rdata.absolute(target)) if head else content
        return data

    def _to_zone(self, item: Dict[str, Any]) -> Zone:
        # As upstream, no type: PowerDNS kinds (Native, Master, Slave...) are in extra["kind"].
        extra = {key: item[key] for key in _ZONE_EXTRA if key in item}
        return Zone(id=item["id"], domain=str(item["name"]).rstrip("."), type=None,
                    ttl=None, driver=self, extra=extra)

    def _to_records(self, zone: Zone, rrsets: List[Dict[str, Any]]) -> List[Record]:
        return [self._to_record(zone, rrset, item) for rrset in rrsets for item in rrset.get("records", [])]

    def _to_record(self, zone: Zone, rrset: Dict[str, Any], item: Dict[str, Any],
                   name: Any = _RELATIVE) -> Record:
        """A Record (id ``None``, as upstream) for one value of ``rrset``.

        ``name`` defaults to the owner relative to the zone (``None`` at the
        apex); create/update pass the name their caller gave, as upstream.
        """
        type, content = rrset["type"], item["content"]
        data, priority = _rdata.split_priority(type, content)
        if type in _rdata.TEXT_TYPES:
            data = _rdata.unquote_text(data)
        extra: Dict[str, Any] = {"ttl": rrset.get("ttl"), "disabled": item.get("disabled", False)}
        if priority is not None:
            extra["priority"] = priority
        if name is _RELATIVE:
            name = _rdata.relative_owner(_rdata.absolute(rrset["name"]), zone.domain)
        return Record(id=None, name=name, type=type, data=data, zone=zone, driver=self, ttl=rrset.get("ttl"),
                      extra=extra)

    def _find_rrset(self, rrsets: List[Dict[str, Any]], owner: str, type: str) -> Optional[Dict[str, Any]]:
        for rrset in rrsets:
            if _rdata.absolute(rrset["name"]).lower() == owner.lower() and rrset["type"] == type:
                return rrset
        return None

    def _removal(self, rrset: Dict[str, Any], content: str) -> Dict[str, Any]:
        """The change that removes the value ``content`` from ``rrset``.

        Its siblings stay (REPLACE); when it is the only value, or no longer
        stored at all (the caller's record is stale), the RRset goes (DELETE).
        """
        values = rrset.get("records", [])
        siblings = [r for r in values if r["content"] != content]
        change = {"name": rrset["name"], "type": rrset["type"]}
        if siblings and len(siblings) < len(values) and rrset["type"] != RecordType.SOA:
            change.update(changetype="REPLACE", ttl=rrset.get("ttl") or DEFAULT_RECORD_TTL, records=siblings)
        else:
            change["changetype"] = "DELETE"
        return change

    def _zone_body(self, zone_id: Optional[str]) -> Flow[Dict[str, Any]]:
        response = yield from self._request(self._zones_path(zone_id), zone_id=zone_id)
        return response.object

    # -- zones ------------------------------------------------------------------------
    @operation
    def list_zones(self) -> Flow[List[Zone]]:
        response = yield from self._request(self._zones_path())
        return [self._to_zone(item) for item in listing_items(response.object, "", "PowerDNS", self)]

    @operation
    def get_zone(self, zone_id: str) -> Flow[Zone]:
        body = yield from self._zone_body(zone_id)
        return self._to_zone(body)

    @operation
    def create_zone(
        self, domain: str, type: str = "master", ttl: Optional[int] = None, extra: Optional[Dict[str, Any]] = None
    ) -> Flow[Zone]:
        """Create a zone (``ttl`` is ignored: PowerDNS has per-record TTLs only).

        ``type="slave"`` makes a Slave zone, anything else a Native one;
        ``extra`` is merged into the API payload (``nameservers``, ``masters``,
        ``kind``, ``account``...); ``nameservers`` defaults to none.
        """
        name = domain.rstrip(".") + "." if self.api_root else domain
        payload: Dict[str, Any] = {"name": name, "kind": "Slave" if type == "slave" else "Native", "nameservers": []}
        payload.update(extra or {})
        zone_id = name if name.endswith(".") else name + "."
        response = yield from self._request(self._zones_path(), zone_id=zone_id, method="POST", json=payload)
        if isinstance(response.object, dict) and response.object.get("id"):
            return self._to_zone(response.object)
        return Zone(id=zone_id, domain=domain.rstrip("."), type=None, ttl=None, driver=self,
                    extra={"kind": payload["kind"]})

    def _update_zone(self, change: ZoneChange) -> Flow[Zone]:
        """Change a zone's settings (``extra``: kind, masters, account, soa_edit...).

        PowerDNS cannot rename a zone nor give it a TTL: a new domain raises
        ``NotImplementedError`` (as upstream, whose update_zone did nothing else).
        """
        zone = change.zone
        if change.renames:
            raise NotImplementedError("PowerDNS cannot rename a zone (%s -> %s)" % (zone.domain, change.domain))
        payload: Dict[str, Any] = {}
        if change.type == "slave":
            payload["kind"] = "Slave"
        payload.update(change.extra)
        yield from self._request(self._zones_path(zone.id), zone_id=zone.id, method="PUT", json=payload)
        return (yield from self.get_zone.flow(zone.id or ""))

    @operation
    def delete_zone(self, zone: Zone) -> Flow[bool]:
        """Delete ``zone``; ``False`` when PowerDNS has no such zone (as upstream)."""
        try:
            yield from self._request(self._zones_path(zone.id), zone_id=zone.id, method="DELETE")
        except ZoneDoesNotExistError:
            return False
        return True

    # -- records ------------------------------------------------------------------------
    @operation
    def list_records(self, zone: Zone) -> Flow[List[Record]]:
        body = yield from self._zone_body(zone.id)
        return self._to_records(zone, self._rrsets(body))

    def get_record(self, zone_id: str, record_id: str) -> Record:
        """Not available: PowerDNS records have no ids (as upstream); raises ``NotImplementedError``."""
        raise NotImplementedError("PowerDNS records have no ids: find them with list_records")

    @operation
    def create_record(
        self, name: Optional[str], zone: Zone, type: str, data: str, extra: Optional[Dict[str, Any]] = None
    ) -> Flow[Record]:
        """Create a record, replacing any RRset of the same name and type (PowerDNS semantics).

        ``name`` may be relative (``"www"``), absolute (``"www.example.com."``) or,
        as upstream, the FQDN without the dot.  ``extra``: ``ttl`` (default 3600),
        ``priority`` (MX/SRV), ``disabled``.
        """
        self._validate_record(self._read_name(name, zone), zone, type, data, extra)
        extra = dict(extra or {})
        ttl = int(extra.get("ttl") or DEFAULT_RECORD_TTL)
        content = self._content(type, data, extra)
        rrset: Dict[str, Any] = {"name": self._owner(name, zone), "type": type, "ttl": ttl, "changetype": "REPLACE",
                 "records": [{"content": content, "disabled": bool(extra.get("disabled", False))}]}
        yield from self._patch(zone.id, [rrset])
        return self._to_record(zone, rrset, rrset["records"][0], name=name)

    def _read_name(self, name: Optional[str], zone: Zone) -> Optional[str]:
        """Upstream callers pass ``"www.example.com"``: read it as the absolute name it is."""
        return _fqdn_to_relative(name, zone)

    def _update_record(self, change: RecordChange) -> Flow[Record]:
        """Change one value of an RRset (its siblings stay); a new name or type moves it."""
        record, name, type, data, merged = change.record, change.given_name, change.type, change.data, change.extra
        zone = record.zone
        owner = _rdata.absolute(self._owner(record.name, zone))
        old_content = self._content(record.type, record.data, record.extra)
        body = yield from self._zone_body(zone.id)
        rrsets = self._rrsets(body)
        old = self._find_rrset(rrsets, owner, record.type)
        if old is None:
            raise RecordDoesNotExistError(value="Record %s %s does not exist" % (owner, record.type), driver=self,
                                          record_id=record.id)
        new_owner = self._owner(name, zone)
        content = self._content(type, data, merged)
        ttl = int(merged.get("ttl") or old.get("ttl") or DEFAULT_RECORD_TTL)
        new_value = {"content": content, "disabled": bool(merged.get("disabled", False))}
        if _rdata.absolute(new_owner).lower() == owner.lower() and type == record.type:
            removal = self._removal(old, old_content)
            siblings = removal.get("records", [])
            changes = [{"name": old["name"], "type": type, "ttl": ttl, "changetype": "REPLACE",
                        "records": [r for r in siblings if r["content"] != content] + [new_value]}]
        else:
            target = self._find_rrset(rrsets, _rdata.absolute(new_owner), type)
            kept = [r for r in (target or {}).get("records", []) if r["content"] != content]
            changes = [self._removal(old, old_content), {"name": new_owner, "type": type, "ttl": ttl,
                                                         "changetype": "REPLACE", "records": kept + [new_value]}]
        yield from self._patch(zone.id, changes)
        return self._to_record(zone, {"name": new_owner, "type": type, "ttl": ttl}, new_value, name=name)

    @operation
    def delete_record(self, record: Record) -> Flow[bool]:
        """Delete ``record``'s value (its RRset's other values stay); ``False`` when its
        zone or RRset does not exist (as upstream)."""
        zone = record.zone
        owner = _rdata.absolute(self._owner(record.name, zone))
        try:
            body = yield from self._zone_body(zone.id)
        except ZoneDoesNotExistError:
            return False
        rrset = self._find_rrset(self._rrsets(body), owner, record.type)
        if rrset is None:
            return False
        content = self._content(record.type, record.data, record.extra)
        yield from self._patch(zone.id, [self._removal(rrset, content)])
        return True


def _fqdn_to_relative(name: Optional[str], zone: Zone) -> Optional[str]:
    """Upstream callers pass ``"www.example.com"``: validate it as the absolute name it is."""
    if name and not name.endswith(".") and name != "@":
        domain = zone.domain.rstrip(".").lower()
        if name.lower() == domain or name.lower().endswith("." + domain):
            return name + "."
    return name
