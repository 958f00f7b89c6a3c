"""Vultr DNS through API v2 (``/v2/domains``): zones are domains, named by their domain.

Listings follow Vultr's cursor with the shared paging; failures come back as
DNS exceptions by the table :attr:`VultrDNSDriverV2.dns_error_rules`.  The
apex record is named ``""``, as Vultr names it; MX and SRV carry their
priority in ``extra["priority"]`` (``"10 mail.example.com"`` is accepted too).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple, cast

from libcloud._core.flow import Flow, operation
from libcloud.common.rest import compact, rest_pages
from libcloud.common.types import LibcloudError
from libcloud.common.vultr import PER_PAGE, VultrConnectionV2, VultrException, cursor_paging
from libcloud.dns.base import Record, Zone
from libcloud.dns.drivers import _rdata
from libcloud.dns.drivers._rest import EXISTS, MISSING, ErrorRule, PagedDNSMixin
from libcloud.dns.drivers.vultr.factory import VultrDNSDriver
from libcloud.dns.types import RecordType

__all__ = ["VultrDNSDriverV2"]


def record_body(name: Optional[str], type: str, data: str, extra: Dict[str, Any]) -> Dict[str, Any]:
    """The JSON Vultr takes for a record (``priority`` apart from the data for MX and SRV)."""
    priority = extra.get("priority")
    in_data: Optional[int] = None
    if type == RecordType.MX:
        data, in_data = _rdata.split_priority(type, data)
    elif type == RecordType.SRV and len(data.split()) == 4:  # "priority weight port target"
        head, data = data.split(None, 1)
        in_data = int(head) if head.isdigit() else None
    elif type == RecordType.TXT:
        data = _rdata.quote_text(data)
    priority = priority if priority is not None else in_data
    return compact(name=("" if name in (None, "@") else name), type=type, data=data, ttl=extra.get("ttl"),
                   priority=int(priority) if priority is not None else None)


class VultrDNSDriverV2(PagedDNSMixin, VultrDNSDriver):
    """Vultr DNS, API v2 (``VultrDNSDriver(api_key)``)."""

    connectionCls = VultrConnectionV2
    vultr_api_version = "2"
    #: Items asked for per page of a listing (Vultr allows up to 500).
    per_page = PER_PAGE
    _mapped_errors = (VultrException,)
    # MISSING/EXISTS are the DNS mixin's targets ("the record, else the zone"), not exception classes.
    dns_error_rules = (
        ErrorRule(cast(Any, MISSING), status=404),
        ErrorRule(cast(Any, EXISTS), status=(400, 409, 422), contains="already exist"),
        ErrorRule(cast(Any, EXISTS), status=(400, 409, 422), contains="duplicate"),
    )

    # -- models -------------------------------------------------------------------------
    def _to_zone(self, item: Dict[str, Any]) -> Zone:
        extra = {k: v for k, v in item.items() if k != "domain"}
        return Zone(id=item["domain"], domain=item["domain"], type="master", ttl=None, driver=self, extra=extra)

    def _to_record(self, zone: Zone, item: Dict[str, Any]) -> Record:
        extra = {"priority": item.get("priority"), "ttl": item.get("ttl")}
        return Record(id=str(item["id"]), name=item.get("name", ""), type=item["type"], data=item.get("data", ""),
                      zone=zone, driver=self, ttl=item.get("ttl"), extra=extra)

    # -- zones --------------------------------------------------------------------------
    def _zones_page(self, token: Any) -> Flow[Tuple[List[Zone], Any]]:
        pages = rest_pages(self._sender(), "/v2/domains", cursor_paging("domains", self.per_page), self._to_zone,
                           connection=self.connection)
        return (yield from pages(token))

    @operation
    def get_zone(self, zone_id: str) -> Flow[Zone]:
        return (yield from self._zone(zone_id))

    def _zone(self, zone_id: str) -> Flow[Zone]:
        response = yield from self._request("/v2/domains/%s" % (zone_id,), zone_id=zone_id)
        return self._to_zone(response.object["domain"])

    @operation
    def create_zone(self, domain: str, type: str = "master", ttl: Optional[int] = None,
                    extra: Optional[Dict[str, Any]] = None) -> Flow[Zone]:
        """Create a domain (``type`` and ``ttl`` are not settable on Vultr).

        ``extra``: ``ip`` (an apex A record Vultr creates with its default
        records), ``dns_sec`` (``"enabled"``/``"disabled"``).
        """
        body = compact({k: v for k, v in (extra or {}).items() if k in ("ip", "dns_sec")}, domain=domain)
        response = yield from self._request("/v2/domains", zone_id=domain, method="POST", json=body)
        return self._to_zone(dict(response.object.get("domain") or {}, domain=domain))

    @operation
    def delete_zone(self, zone: Zone) -> Flow[bool]:
        yield from self._request("/v2/domains/%s" % (zone.id,), zone_id=zone.id, method="DELETE")
        return True

    # -- records ------------------------------------------------------------------------
    def _records_page(self, zone: Zone, token: Any) -> Flow[Tuple[List[Record], Any]]:
        pages = rest_pages(self._sender(zone_id=zone.id), "/v2/domains/%s/records" % (zone.id,),
                           cursor_paging("records", self.per_page), lambda item: self._to_record(zone, item),
                           connection=self.connection)
        return (yield from pages(token))

    @operation
    def get_record(self, zone_id: str, record_id: str) -> Flow[Record]:
        zone = yield from self._zone(zone_id)
        response = yield from self._request("/v2/domains/%s/records/%s" % (zone_id, record_id),
                                            zone_id=zone_id, record_id=record_id)
        return self._to_record(zone, response.object["record"])

    @operation
    def create_record(self, name: Optional[str], zone: Zone, type: str, data: str,
                      extra: Optional[Dict[str, Any]] = None) -> Flow[Record]:
        """Create a record; ``extra``: ``ttl``, ``priority`` (MX, SRV)."""
        name = self._validate_record(name, zone, type, data, extra)
        body = record_body(name, type, data, dict(extra or {}))
        response = yield from self._request("/v2/domains/%s/records" % (zone.id,), zone_id=zone.id,
                                            method="POST", json=body)
        return self._to_record(zone, response.object["record"])

    @operation
    def update_record(self, record: Record, name: Optional[str] = None, type: Optional[str] = None,
                      data: Optional[str] = None, extra: Optional[Dict[str, Any]] = None) -> Flow[Record]:
        """Change a record's name, data, ``ttl`` or ``priority`` (Vultr cannot change its type)."""
        name, type, data, merged = self._validate_record_update(record, name, type, data, extra)
        if type != record.type:
            raise LibcloudError("Vultr cannot change the type of a record (%s to %s); create a new one"
                                % (record.type, type), driver=self)
        body = record_body(name, type, data, merged)
        body.pop("type")
        url = "/v2/domains/%s/records/%s" % (record.zone.id, record.id)
        yield from self._request(url, zone_id=record.zone.id, record_id=record.id, method="PATCH", json=body)
        # The API answers 204: the record is what was sent.
        item = dict(body, id=record.id, type=type, ttl=body.get("ttl", record.ttl),
                    priority=body.get("priority", merged.get("priority")))
        return self._to_record(record.zone, item)

    @operation
    def delete_record(self, record: Record) -> Flow[bool]:
        url = "/v2/domains/%s/records/%s" % (record.zone.id, record.id)
        yield from self._request(url, zone_id=record.zone.id, record_id=record.id, method="DELETE")
        return True
