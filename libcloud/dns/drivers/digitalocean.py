"""DigitalOcean DNS (``api.digitalocean.com/v2/domains``): zones are domains, named by their domain."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple, cast

from libcloud._core.flow import Flow, operation
from libcloud.common.digitalocean import DigitalOcean_v2_BaseDriver, DigitalOcean_v2_Connection
from libcloud.common.digitalocean import DigitalOcean_v2_Response as DigitalOceanDNSResponse
from libcloud.common.rest.paging import Sender
from libcloud.dns.base import DNSDriver, Record, Zone
from libcloud.dns.drivers import _rdata
from libcloud.dns.drivers._rest import EXISTS, MISSING, ErrorRule, ResourceDNSMixin
from libcloud.dns.types import (
    Provider,
    RecordType,
    record_type_map,
)

__all__ = ["DigitalOceanDNSDriver", "DigitalOceanDNSResponse", "DigitalOceanDNSConnection"]

_RECORD_FIELDS = ("priority", "port", "weight", "flags", "tag")


class DigitalOceanDNSConnection(DigitalOcean_v2_Connection):
    """The DigitalOcean API v2 connection used for DNS."""
    responseCls = DigitalOceanDNSResponse


class DigitalOceanDNSDriver(ResourceDNSMixin, DigitalOcean_v2_BaseDriver, DNSDriver):
    """DigitalOcean DNS (domains and domain records, API v2).

    Record names ``"@"`` or ``None`` are the apex; ``create_record``'s ``extra``
    takes ``ttl``, ``priority`` (MX, SRV), ``weight``/``port`` (SRV, also
    accepted inside ``data`` as ``"weight port target"``).
    """
    connectionCls = DigitalOceanDNSConnection
    type = Provider.DIGITAL_OCEAN
    name = "DigitalOcean"
    website = "https://www.digitalocean.com"

    RECORD_TYPE_MAP = record_type_map(
        RecordType.A, RecordType.AAAA, RecordType.CAA, RecordType.CNAME, RecordType.MX, RecordType.NS, RecordType.SRV,
        RecordType.TXT
    )

    dns_error_rules = (ErrorRule(MISSING, status=404), ErrorRule(EXISTS, status=422, contains="already"))
    _zone_key = "domain"
    _record_key = "domain_record"

    def _zone_url(self, zone_id: Any) -> str:
        return "/v2/domains/%s" % (zone_id,)

    def _records_url(self, zone_id: Any) -> str:
        return "/v2/domains/%s/records" % (zone_id,)

    def _sender(self, zone_id: Any = None, record_id: Any = None, **context: Any) -> Sender:
        """Listing pages go through the DNS error mapping (both bases define this hook)."""
        return ResourceDNSMixin._sender(self, zone_id=zone_id, record_id=record_id)

    # -- models ----------------------------------------------------------------------------
    def _to_zone(self, item: Dict[str, Any]) -> Zone:
        extra = {"zone_file": item.get("zone_file")}
        return Zone(id=item["name"], domain=item["name"], type="master", ttl=item.get("ttl"), driver=self, extra=extra)

    def _to_record(self, zone: Zone, item: Dict[str, Any]) -> Record:
        # JSON boundary: DigitalOcean always sends a record's data.
        type, data = item["type"], cast(str, item.get("data"))
        extra: Dict[str, Any] = {key: item.get(key) for key in _RECORD_FIELDS if key in item}
        extra["ttl"] = item.get("ttl")
        if type == RecordType.SRV:
            data = "%s %s %s" % (item.get("weight"), item.get("port"), _rdata.absolute(str(data)))
        elif type == RecordType.CAA:
            data = '%s %s "%s"' % (item.get("flags") or 0, item.get("tag"), data)
        return Record(id=item["id"], name=item.get("name"), type=type, data=data, zone=zone, driver=self,
                      ttl=item.get("ttl"), extra=extra)

    def _update_body(self, record: Record, name: Optional[str], type: str, data: str,
                     extra: Dict[str, Any]) -> Dict[str, Any]:
        return self._create_body(name, record.zone, type, data, extra)

    def _create_body(self, name: Optional[str], zone: Zone, type: str, data: str,
                     extra: Dict[str, Any]) -> Dict[str, Any]:
        body: Dict[str, Any] = {"type": type, "name": name or "@", "data": data}
        if type == RecordType.MX:
            body["data"], priority = _rdata.split_priority(type, data)
            body["priority"] = extra.get("priority", priority)
        elif type == RecordType.SRV:
            priority, weight, port, target = _rdata.parse_srv(data, extra)
            body.update(weight=weight, port=port, data=target, priority=priority)
        elif type == RecordType.CAA:
            flags, tag, value = _rdata.parse_caa(data)
            body.update(flags=flags, tag=tag, data=value)
        if body["type"] in (RecordType.CNAME, RecordType.NS, RecordType.MX, RecordType.SRV):
            body["data"] = _rdata.absolute(body["data"])
        for key in ("ttl", "port", "weight", "flags", "tag"):
            if key in extra and extra[key] is not None and key not in body:
                body[key] = extra[key]
        return body

    # -- zones -----------------------------------------------------------------------------
    def _zones_page(self, page: Any) -> Flow[Tuple[List[Zone], Any]]:
        return (yield from self._pages("/v2/domains", "domains", self._to_zone)(page))
    @operation
    def create_zone(
        self, domain: str, type: str = "master", ttl: Optional[int] = None, extra: Optional[Dict[str, Any]] = None
    ) -> Flow[Zone]:
        """Create a domain (``type`` and ``ttl`` are not settable on DigitalOcean).

        ``extra={"ip_address": "192.0.2.1"}`` also creates an apex A record.
        """
        body: Dict[str, Any] = {"name": domain}
        if extra and extra.get("ip_address"):
            body["ip_address"] = extra["ip_address"]
        response = yield from self._request("/v2/domains", zone_id=domain, method="POST", json=body)
        item = dict(response.object.get("domain") or {}, name=domain)
        return self._to_zone(item)

    # -- records ---------------------------------------------------------------------------
    def _records_page(self, zone: Zone, page: Any) -> Flow[Tuple[List[Record], Any]]:
        pages = self._pages(self._records_url(zone.id), "domain_records", lambda item: self._to_record(zone, item),
                            zone_id=zone.id)
        return (yield from pages(page))
