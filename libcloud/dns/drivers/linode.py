"""Linode DNS through API v4 (``api.linode.com/v4/domains``).

``LinodeDNSDriver(key, api_version="4.0")`` builds a :class:`LinodeDNSDriverV4`
and ``"3.0"`` a :class:`LinodeDNSDriverV3` (the legacy API, in
:mod:`libcloud.dns.drivers._linode_legacy`), as upstream's factory does.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple, cast

from libcloud._core.flow import Flow, operation
from libcloud.common.linode import API_ROOT_V4 as API_ROOT
from libcloud.common.linode import DEFAULT_API_VERSION, PAGING_V4, LinodeConnectionV4
from libcloud.common.rest import rest_pages
from libcloud.dns.base import Record, Zone, ZoneChange
from libcloud.dns.drivers import _rdata
from libcloud.dns.drivers._linode_base import LinodeDNSDriver
from libcloud.dns.drivers._linode_legacy import LinodeDNSDriverV3
from libcloud.dns.drivers._rest import EXISTS, MISSING, ErrorRule, ResourceDNSMixin
from libcloud.dns.types import RecordType, record_type_map

__all__ = ["LinodeDNSDriver", "LinodeDNSDriverV3", "LinodeDNSDriverV4"]

_ZONE_EXTRA = ("soa_email", "status", "description", "tags", "retry_sec", "master_ips", "axfr_ips", "expire_sec",
               "refresh_sec", "group", "created", "updated")
_ZONE_SETTABLE = ("soa_email", "status", "description", "tags", "retry_sec", "master_ips", "axfr_ips", "expire_sec",
                  "refresh_sec", "group")
_RECORD_EXTRA = ("priority", "weight", "port", "service", "protocol", "tag", "created", "updated")


class LinodeDNSDriverV4(ResourceDNSMixin, LinodeDNSDriver):
    """Linode DNS (domains and records, API v4).

    Record names ``None`` or ``""`` are the apex; ``create_record``'s ``extra``
    takes ``ttl`` and ``priority`` (MX, SRV); SRV names are
    ``"_service._protocol[.host]"`` and data ``"weight port target"``.  A
    record's type cannot change.
    """
    connectionCls = LinodeConnectionV4

    RECORD_TYPE_MAP = record_type_map(
        RecordType.A, RecordType.AAAA, RecordType.CAA, RecordType.CNAME, RecordType.MX, RecordType.NS, RecordType.PTR,
        RecordType.SOA, RecordType.SRV, RecordType.TXT
    )

    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, api_version: str = DEFAULT_API_VERSION, region: Optional[str] = None,
                 **kwargs: Any) -> None:
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, api_version=api_version,
                         region=region, **kwargs)

    # -- errors and models ------------------------------------------------------------
    dns_error_rules = (ErrorRule(MISSING, status=404), ErrorRule(EXISTS, status=400, contains="already"))

    def _zone_url(self, zone_id: Any) -> str:
        return "%s/domains/%s" % (API_ROOT, zone_id)

    def _records_url(self, zone_id: Any) -> str:
        return "%s/domains/%s/records" % (API_ROOT, zone_id)

    def _to_zone(self, item: Dict[str, Any]) -> Zone:
        extra = {key: item[key] for key in _ZONE_EXTRA if key in item}
        return Zone(id=item["id"], domain=item["domain"], type=item.get("type", "master"), ttl=item.get("ttl_sec"),
                    driver=self, extra=extra)

    def _to_record(self, zone: Zone, item: Dict[str, Any]) -> Record:
        # JSON boundary: Linode always sends a record's target.
        type, data = item["type"], cast(str, item.get("target"))
        extra = {key: item[key] for key in _RECORD_EXTRA if key in item}
        extra["ttl"] = item.get("ttl_sec")
        name = _rdata.relative_owner(item.get("name") or zone.domain, zone.domain)
        if type == RecordType.SRV:
            data = "%s %s %s" % (item.get("weight"), item.get("port"), data)
            name = _rdata.relative_owner(str(item.get("name") or ""), zone.domain) or None
        elif type == RecordType.CAA:
            data = '0 %s "%s"' % (item.get("tag"), data)
        return Record(id=item["id"], name=name, type=type, data=data, zone=zone, driver=self,
                      ttl=item.get("ttl_sec"), extra=extra)

    def _update_body(self, record: Record, name: Optional[str], type: str, data: str,
                     extra: Dict[str, Any]) -> Dict[str, Any]:
        if type != record.type:
            raise ValueError("Linode cannot change a record's type (%s -> %s)" % (record.type, type))
        body = self._create_body(name, record.zone, type, data, extra)
        del body["type"]
        return body

    def _create_body(self, name: Optional[str], zone: Zone, type: str, data: str,
                     extra: Dict[str, Any]) -> Dict[str, Any]:
        body: Dict[str, Any] = {"type": type, "name": name or "", "target": data}
        if type == RecordType.MX:
            body["target"], priority = _rdata.split_priority(type, data)
            given = extra.get("priority", priority)
            if given is None:
                raise TypeError("An MX record needs a priority")  # what int(None) raised before
            body["priority"] = int(given)
        elif type == RecordType.SRV:
            priority, weight, port, target = _rdata.parse_srv(data, extra)
            labels = (name or "").split(".")
            if len(labels) < 2 or not all(label.startswith("_") for label in labels[:2]):
                raise ValueError("Linode SRV names look like '_service._protocol[.host]', got %r" % (name,))
            body.update(service=labels[0][1:], protocol=labels[1][1:], weight=weight, port=port,
                        target=target.rstrip("."), priority=priority)
            body["name"] = ".".join(labels[2:])
        elif type == RecordType.CAA:
            _, tag, value = _rdata.parse_caa(data)
            body.update(tag=extra.get("tag", tag), target=value)
        for key in ("weight", "port", "service", "protocol"):
            if extra.get(key) is not None:
                body.setdefault(key, extra[key])
        if extra.get("ttl") is not None:
            body["ttl_sec"] = int(extra["ttl"])
        return body

    # -- zones --------------------------------------------------------------------------
    def _zones_page(self, page: Any) -> Flow[Tuple[List[Zone], Any]]:
        return (yield from rest_pages(self._sender(), API_ROOT + "/domains", PAGING_V4, self._to_zone)(page))
    @operation
    def create_zone(
        self, domain: str, type: str = "master", ttl: Optional[int] = None, extra: Optional[Dict[str, Any]] = None
    ) -> Flow[Zone]:
        """Create a domain; master zones need ``extra["soa_email"]``, slave zones ``extra["master_ips"]``."""
        extra = dict(extra or {})
        if type == "master" and not extra.get("soa_email"):
            raise ValueError("Linode needs extra['soa_email'] to create a master zone")
        if type == "slave" and not extra.get("master_ips"):
            raise ValueError("Linode needs extra['master_ips'] to create a slave zone")
        body: Dict[str, Any] = {"domain": domain, "type": type}
        if ttl is not None:
            body["ttl_sec"] = int(ttl)
        body.update({key: extra[key] for key in _ZONE_SETTABLE if key in extra})
        response = yield from self._request(API_ROOT + "/domains", zone_id=domain, method="POST", json=body)
        return self._to_zone(response.object)

    def _update_zone(self, change: ZoneChange) -> Flow[Zone]:
        """PUT the domain, type, TTL and settable ``extra`` keys given."""
        body: Dict[str, Any] = {}
        if change.domain:
            body["domain"] = change.domain
        if change.type:
            body["type"] = change.type
        if change.ttl is not None:
            body["ttl_sec"] = int(change.ttl)
        body.update({key: value for key, value in change.extra.items() if key in _ZONE_SETTABLE})
        zone_id = change.zone.id
        response = yield from self._request(self._zone_url(zone_id), zone_id=zone_id, method="PUT", json=body)
        return self._to_zone(response.object)

    # -- records ------------------------------------------------------------------------
    def _records_page(self, zone: Zone, page: Any) -> Flow[Tuple[List[Record], Any]]:
        pages = rest_pages(self._sender(zone_id=zone.id), self._records_url(zone.id), PAGING_V4,
                           lambda item: self._to_record(zone, item))
        return (yield from pages(page))
