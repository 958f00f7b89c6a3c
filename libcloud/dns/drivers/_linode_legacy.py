"""``LinodeDNSDriverV3``: Linode DNS through the legacy API (``LinodeDNSDriver(key, api_version="3.0")``).

Every call is ``GET https://api.linode.com/?api_action=<action>&...`` and the
answer is ``{"ERRORARRAY": [...], "ACTION": ..., "DATA": ...}`` (see
:mod:`libcloud.common.linode`).  Zones are "domains", records "resources".
Linode has since moved its customers to API v4; this driver is kept so code
written for upstream's ``api_version="3.0"`` still runs.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, cast

from libcloud._core.flow import Flow, operation
from libcloud.common.linode import API_ROOT, LinodeConnection, LinodeException
from libcloud.dns.base import Record, Zone
from libcloud.dns.drivers._linode_base import LinodeDNSDriver
from libcloud.dns.drivers._rest import MISSING, ErrorRule, RestDNSMixin
from libcloud.dns.types import RecordDoesNotExistError, RecordType, ZoneDoesNotExistError, record_type_map

__all__ = ["LinodeDNSDriverV3"]

_OBJECT_NOT_FOUND = 5

#: Domain fields of domain.list -> Zone.extra keys (upstream's names).
_ZONE_FIELDS = {
    "DESCRIPTION": "description",
    "SOA_EMAIL": "SOA_Email",
    "STATUS": "status",
    "REFRESH_SEC": "refresh_sec",
    "RETRY_SEC": "retry_sec",
    "EXPIRE_SEC": "expire_sec",
    "MASTER_IPS": "master_ips",
    "AXFR_IPS": "axfr_ips",
    "LPM_DISPLAYGROUP": "lpm_displayGroup",
}
#: Zone.extra keys -> domain.create / domain.update parameters.
_ZONE_PARAMS = {
    "description": "Description",
    "SOA_Email": "SOA_Email",
    "status": "status",
    "refresh_sec": "Refresh_sec",
    "retry_sec": "Retry_sec",
    "expire_sec": "Expire_sec",
    "master_ips": "master_ips",
    "axfr_ips": "axfr_ips",
    "lpm_displayGroup": "lpm_displayGroup",
}
#: Resource fields of domain.resource.list -> Record.extra keys.
_RECORD_FIELDS = {"PROTOCOL": "protocol", "TTL_SEC": "ttl_sec", "PORT": "port", "WEIGHT": "weight",
                  "PRIORITY": "priority"}
#: Record.extra keys -> domain.resource.create / update parameters.
_RECORD_PARAMS = {"protocol": "Protocol", "ttl_sec": "TTL_sec", "port": "Port", "weight": "Weight",
                  "priority": "Priority"}


def _params(table: Dict[str, str], extra: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The API parameters for the ``extra`` keys ``table`` knows (others are not the API's)."""
    return {table[key]: value for key, value in (extra or {}).items() if key in table and value is not None}


class LinodeDNSDriverV3(RestDNSMixin, LinodeDNSDriver):
    """Linode DNS, legacy API (``api_version="3.0"``)."""

    connectionCls = LinodeConnection
    _mapped_errors = (LinodeException,)

    RECORD_TYPE_MAP = record_type_map(
        RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.MX, RecordType.NS, RecordType.SRV, RecordType.TXT
    )

    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, api_version: str = "3.0", region: Optional[str] = None,
                 **kwargs: Any) -> None:
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, api_version=api_version,
                         region=region, **kwargs)

    # -- plumbing -----------------------------------------------------------------------
    dns_error_rules = (ErrorRule(MISSING, codes=_OBJECT_NOT_FOUND),)

    def _call(self, action: str, zone_id: Any = None, record_id: Any = None, **params: Any) -> Flow[Any]:
        """One API action; returns the answer's ``DATA``."""
        params["api_action"] = action
        response = yield from self._request(API_ROOT, zone_id=zone_id, record_id=record_id, params=params)
        return response.object.get("DATA")

    # -- models -------------------------------------------------------------------------
    def _to_zone(self, item: Dict[str, Any]) -> Zone:
        extra = {key: item.get(field) for field, key in _ZONE_FIELDS.items()}
        return Zone(id=item["DOMAINID"], domain=item["DOMAIN"], type=item.get("TYPE") or "master",
                    ttl=item.get("TTL_SEC") or None, driver=self, extra=extra)

    def _to_record(self, zone: Zone, item: Dict[str, Any]) -> Record:
        extra = {key: item.get(field) for field, key in _RECORD_FIELDS.items()}
        return Record(id=item["RESOURCEID"], name=item.get("NAME"), type=str(item["TYPE"]).upper(),
                      data=cast(str, item.get("TARGET")), zone=zone, driver=self, ttl=item.get("TTL_SEC") or None,
                      extra=extra)

    # -- zones --------------------------------------------------------------------------
    @operation
    def list_zones(self) -> Flow[List[Zone]]:
        items = yield from self._call("domain.list")
        return [self._to_zone(item) for item in items or []]

    @operation
    def get_zone(self, zone_id: str) -> Flow[Zone]:
        items = yield from self._call("domain.list", zone_id=zone_id, DomainID=zone_id)
        if not items:
            raise ZoneDoesNotExistError(value="Zone %s does not exist" % (zone_id,), driver=self, zone_id=zone_id)
        return self._to_zone(items[0])

    @operation
    def create_zone(self, domain: str, type: str = "master", ttl: Optional[int] = None,
                    extra: Optional[Dict[str, Any]] = None) -> Flow[Zone]:
        """Create a domain; ``extra`` keys as in ``Zone.extra`` (``SOA_Email`` is needed for master zones)."""
        params = dict(_params(_ZONE_PARAMS, extra), Domain=domain, Type=type)
        if ttl:
            params["TTL_sec"] = ttl
        data = yield from self._call("domain.create", zone_id=domain, **params)
        return Zone(id=data["DomainID"], domain=domain, type=type, ttl=ttl, driver=self, extra=dict(extra or {}))

    @operation
    def update_zone(self, zone: Zone, domain: Optional[str], type: Optional[str] = "master",
                    ttl: Optional[int] = None, extra: Optional[Dict[str, Any]] = None) -> Flow[Zone]:
        """Change a domain's name, type, TTL or ``extra`` settings; returns the zone as changed."""
        params = dict(_params(_ZONE_PARAMS, extra), DomainID=zone.id)
        if domain:
            params["Domain"] = domain
        if type:
            params["Type"] = type
        if ttl:
            params["TTL_sec"] = ttl
        yield from self._call("domain.update", zone_id=zone.id, **params)
        merged = dict(zone.extra)
        merged.update(extra or {})
        return Zone(id=zone.id, domain=domain or zone.domain, type=type or zone.type, ttl=ttl or zone.ttl,
                    driver=self, extra=merged)

    @operation
    def delete_zone(self, zone: Zone) -> Flow[bool]:
        yield from self._call("domain.delete", zone_id=zone.id, DomainID=zone.id)
        return True

    # -- records ------------------------------------------------------------------------
    @operation
    def list_records(self, zone: Zone) -> Flow[List[Record]]:
        items = yield from self._call("domain.resource.list", zone_id=zone.id, DomainID=zone.id)
        return [self._to_record(zone, item) for item in items or []]

    @operation
    def get_record(self, zone_id: str, record_id: str) -> Flow[Record]:
        zone = yield from self.get_zone.flow(zone_id)
        items = yield from self._call("domain.resource.list", record_id=record_id, DomainID=zone_id,
                                      ResourceID=record_id)
        if not items:
            raise RecordDoesNotExistError(value="Record %s does not exist" % (record_id,), driver=self,
                                          record_id=record_id)
        return self._to_record(zone, items[0])

    @operation
    def create_record(self, name: Optional[str], zone: Zone, type: str, data: str,
                      extra: Optional[Dict[str, Any]] = None) -> Flow[Record]:
        """Create a resource; ``extra``: ``priority``, ``weight``, ``port``, ``protocol``, ``ttl_sec``."""
        name = self._validate_record(name, zone, type, data, extra)
        params = dict(_params(_RECORD_PARAMS, extra), DomainID=zone.id, Name=name or "", Type=type, Target=data)
        created = yield from self._call("domain.resource.create", zone_id=zone.id, **params)
        return Record(id=created["ResourceID"], name=name, type=type, data=data, zone=zone, driver=self,
                      ttl=(extra or {}).get("ttl_sec"), extra=dict(extra or {}))

    @operation
    def update_record(self, record: Record, name: Optional[str] = None, type: Optional[str] = None,
                      data: Optional[str] = None, extra: Optional[Dict[str, Any]] = None) -> Flow[Record]:
        """Change a resource; ``None`` keeps the current name/type/data, ``extra`` is merged."""
        name, type, data, merged = self._validate_record_update(record, name, type, data, extra)
        params = dict(_params(_RECORD_PARAMS, extra), DomainID=record.zone.id, ResourceID=record.id,
                      Name=name or "", Type=type, Target=data)
        yield from self._call("domain.resource.update", record_id=record.id, **params)
        return Record(id=record.id, name=name, type=type, data=data, zone=record.zone, driver=self,
                      ttl=merged.get("ttl_sec") or None, extra=merged)

    @operation
    def delete_record(self, record: Record) -> Flow[bool]:
        yield from self._call("domain.resource.delete", record_id=record.id, DomainID=record.zone.id,
                              ResourceID=record.id)
        return True
