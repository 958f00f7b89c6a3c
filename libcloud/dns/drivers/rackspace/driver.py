"""Rackspace Cloud DNS: domains (zones) and their records; every change is a polled job."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

from libcloud._core.flow import Flow, operation
from libcloud.common.openstack import OpenStackDriverMixin
from libcloud.common.rackspace import RackspaceRegionalDriver
from libcloud.common.rest import Paging, rest_pages
from libcloud.common.types import LibcloudError
from libcloud.dns.base import DNSDriver, Record, Zone
from libcloud.dns.drivers._rest import PagedDNSMixin, error_text, http_code
from libcloud.dns.drivers.rackspace.connection import RackspaceDNSConnection, RackspaceDNSError
from libcloud.dns.drivers.rackspace.ptr import RackspacePTRMixin
from libcloud.dns.types import Provider, RecordAlreadyExistsError, RecordType, ZoneAlreadyExistsError, record_type_map

__all__ = ["RackspaceDNSDriver", "VALID_ZONE_EXTRA_PARAMS", "VALID_RECORD_EXTRA_PARAMS", "REGIONS"]

#: ``extra`` keys a zone takes (``email`` is required to create one).
VALID_ZONE_EXTRA_PARAMS = ["email", "comment", "ns1"]
#: ``extra`` keys a record takes or shows.
VALID_RECORD_EXTRA_PARAMS = ["ttl", "comment", "priority", "created", "updated"]
#: The accounts a driver can talk to.
REGIONS = ("us", "uk")

#: Items per listing page (Cloud DNS allows up to 100).
PAGE_SIZE = 100

_ZONES = Paging.offset("domains", size=PAGE_SIZE, total_key="totalEntries")
_RECORDS = Paging.offset("recordsList.records", size=PAGE_SIZE, total_key="recordsList.totalEntries")

# Cloud DNS domain fields -> zone extra keys.
_ZONE_EXTRA = {"emailAddress": "email", "comment": "comment", "created": "created", "updated": "updated"}
# Record fields shown in a record's extra.
_RECORD_EXTRA = ("ttl", "comment", "priority", "created", "updated")


class RackspaceDNSDriver(RackspaceRegionalDriver, RackspacePTRMixin, PagedDNSMixin, DNSDriver, OpenStackDriverMixin):
    """Rackspace Cloud DNS (``region``: ``us`` or ``uk``), logged in through Rackspace's identity service."""

    name = "Rackspace DNS"
    website = "http://www.rackspace.com/"
    type = Provider.RACKSPACE
    connectionCls = RackspaceDNSConnection
    _service_regions = REGIONS  # the Rackspace accounts Cloud DNS serves

    RECORD_TYPE_MAP = record_type_map(
        RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.MX, RecordType.NS, RecordType.PTR, RecordType.SRV,
        RecordType.TXT
    )

    _mapped_errors = (RackspaceDNSError,)

    def _map_error(self, exc: Any, zone_id: Any = None, record_id: Any = None) -> Optional[BaseException]:
        """404: the record the request was about, else its zone, does not exist; 409: it exists already."""
        status, text = http_code(exc), error_text(exc)
        if status == 404:
            return self._missing_error(text, zone_id, record_id)
        if status == 409:
            return self._exists_error(text, zone_id, record_id)
        return None

    def __init__(self, key: str, secret: Optional[str] = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, region: str = "us", **kwargs: Any) -> None:
        kwargs = self._driver_kwargs(region, kwargs)
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, region=region, **kwargs)

    # -- jobs ------------------------------------------------------------------------------
    def _job(self, action: str, method: str, body: Any = None, params: Optional[Dict[str, Any]] = None,
             zone_id: Any = None, record_id: Any = None) -> Flow[Dict[str, Any]]:
        """Start a change and poll its job to the end; returns the finished job (errors mapped)."""
        data = json.dumps(body) if body is not None else None
        try:
            response = yield from self.connection.async_request_flow(action=action, params=params, data=data,
                                                                     method=method)
            job = response.object or {}
            error = self.connection.job_error(job)
            if error is not None:
                raise error
        except RackspaceDNSError as exc:
            mapped = self._map_error(exc, zone_id=zone_id, record_id=record_id)
            if mapped is None or mapped is exc:
                raise
            raise mapped from exc
        return job

    # -- names -----------------------------------------------------------------------------
    def _to_full_record_name(self, domain: str, name: Optional[str]) -> str:
        """The fully qualified name of ``name`` in ``domain`` (the domain itself for no name)."""
        return "%s.%s" % (name, domain) if name else domain

    def _to_partial_record_name(self, domain: str, name: str) -> Optional[str]:
        """``name`` relative to ``domain`` (``None`` for the domain itself)."""
        if name == domain:
            return None
        suffix = "." + domain
        return name[: -len(suffix)] if name.endswith(suffix) else name

    # -- models ----------------------------------------------------------------------------
    def _to_zone(self, item: Dict[str, Any]) -> Zone:
        extra = {key: item[field] for field, key in _ZONE_EXTRA.items() if field in item}
        ttl = int(item["ttl"]) if item.get("ttl") is not None else None
        return Zone(id=str(item["id"]), domain=item["name"], type="master", ttl=ttl, driver=self, extra=extra)

    def _to_record(self, zone: Zone, item: Dict[str, Any]) -> Record:
        extra: Dict[str, Any] = {key: item[key] for key in _RECORD_EXTRA if key in item}
        if "ttl" in extra:
            extra["ttl"] = int(extra["ttl"])
        extra["fqdn"] = item["name"]
        return Record(id=str(item["id"]), name=self._to_partial_record_name(zone.domain, item["name"]),
                      type=item["type"], data=item["data"], zone=zone, driver=self, ttl=extra.get("ttl"),
                      extra=extra)

    @staticmethod
    def _record_fields(extra: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        return {key: extra[key] for key in ("ttl", "comment", "priority") if extra and extra.get(key) is not None}

    # -- zones -----------------------------------------------------------------------------
    def _zones_page(self, token: Any) -> Flow[Tuple[List[Zone], Any]]:
        return (yield from rest_pages(self._sender(), "/domains", _ZONES, self._to_zone)(token))

    def _get_zone_flow(self, zone_id: str) -> Flow[Zone]:
        params = {"showRecords": "false", "showSubdomains": "false"}
        response = yield from self._request("/domains/%s" % (zone_id,), zone_id=zone_id, params=params)
        return self._to_zone(response.object)

    @operation
    def get_zone(self, zone_id: str) -> Flow[Zone]:
        return (yield from self._get_zone_flow(zone_id))

    @operation
    def create_zone(self, domain: str, type: str = "master", ttl: Optional[int] = None,
                    extra: Optional[Dict[str, Any]] = None) -> Flow[Zone]:
        """Create a domain; ``extra["email"]`` (the zone's contact) is required, ``extra["comment"]`` optional."""
        extra = dict(extra or {})
        if not extra.get("email"):
            raise LibcloudError("Cloud DNS needs the zone's contact: extra={'email': ...}", driver=self)
        item: Dict[str, Any] = {"name": domain, "emailAddress": extra["email"], "recordsList": {"records": []}}
        if ttl is not None:
            item["ttl"] = int(ttl)
        if extra.get("comment"):
            item["comment"] = extra["comment"]
        job = yield from self._job("/domains", "POST", {"domains": [item]}, zone_id=domain)
        return self._to_zone(job["response"]["domains"][0])

    @operation
    def update_zone(self, zone: Zone, domain: Optional[str] = None, type: Optional[str] = None,
                    ttl: Optional[int] = None, extra: Optional[Dict[str, Any]] = None) -> Flow[Zone]:
        """Change a zone's ``ttl`` and ``extra`` (``email``, ``comment``); the domain name cannot change."""
        if domain and domain != zone.domain:
            raise LibcloudError("Domain cannot be changed", driver=self)
        extra = dict(extra or {})
        body: Dict[str, Any] = {}
        if ttl is not None:
            body["ttl"] = int(ttl)
        if extra.get("email"):
            body["emailAddress"] = extra["email"]
        if "comment" in extra:
            body["comment"] = extra["comment"]
        yield from self._job("/domains/%s" % (zone.id,), "PUT", body, zone_id=zone.id)
        merged = dict(zone.extra or {}, **extra)
        return Zone(id=zone.id, domain=zone.domain, type=zone.type, ttl=ttl if ttl is not None else zone.ttl,
                    driver=self, extra=merged)

    @operation
    def delete_zone(self, zone: Zone) -> Flow[bool]:
        yield from self._job("/domains/%s" % (zone.id,), "DELETE", zone_id=zone.id)
        return True

    # -- records ---------------------------------------------------------------------------
    def _records_page(self, zone: Zone, token: Any) -> Flow[Tuple[List[Record], Any]]:
        params = {"showRecords": "true", "showSubdomains": "false"}
        pages = rest_pages(self._sender(zone_id=zone.id), "/domains/%s" % (zone.id,), _RECORDS,
                           lambda item: self._to_record(zone, item), params=params)
        return (yield from pages(token))

    @operation
    def get_record(self, zone_id: str, record_id: str) -> Flow[Record]:
        zone = yield from self._get_zone_flow(zone_id)
        response = yield from self._request("/domains/%s/records/%s" % (zone_id, record_id), zone_id=zone_id,
                                            record_id=record_id)
        return self._to_record(zone, response.object)

    @operation
    def create_record(self, name: Optional[str], zone: Zone, type: str, data: str,
                      extra: Optional[Dict[str, Any]] = None) -> Flow[Record]:
        """Create a record; ``extra``: ``ttl``, ``comment``, ``priority`` (MX, SRV)."""
        name = self._validate_record(name, zone, type, data, extra)
        item = dict(self._record_fields(extra), name=self._to_full_record_name(zone.domain, name), type=type,
                    data=data)
        try:
            job = yield from self._job("/domains/%s/records" % (zone.id,), "POST", {"records": [item]},
                                       zone_id=zone.id)
        except ZoneAlreadyExistsError as exc:
            # A 409 here is about the record (an identical one exists), not the zone.
            raise RecordAlreadyExistsError(value=exc.value, driver=self, record_id=None) from exc
        return self._to_record(zone, job["response"]["records"][0])

    @operation
    def update_record(self, record: Record, name: Optional[str] = None, type: Optional[str] = None,
                      data: Optional[str] = None, extra: Optional[Dict[str, Any]] = None) -> Flow[Record]:
        """Change a record's name, data or ``extra`` (``ttl``, ``comment``, ``priority``); not its type."""
        resolved_name, resolved_type, resolved_data, resolved_extra = self._validate_record_update(
            record, name, type, data, extra)
        if resolved_type != record.type:
            raise LibcloudError("Cloud DNS cannot change the type of a record", driver=self)
        zone = record.zone
        name, data, extra = resolved_name, resolved_data, resolved_extra
        body = dict(self._record_fields(extra), name=self._to_full_record_name(zone.domain, name), data=data)
        yield from self._job("/domains/%s/records/%s" % (zone.id, record.id), "PUT", body, zone_id=zone.id,
                             record_id=record.id)
        merged = dict(record.extra or {}, **(extra or {}))
        merged["fqdn"] = body["name"]
        return Record(id=record.id, name=name, type=record.type, data=data, zone=zone, driver=self,
                      ttl=merged.get("ttl"), extra=merged)

    @operation
    def delete_record(self, record: Record) -> Flow[bool]:
        yield from self._job("/domains/%s/records/%s" % (record.zone.id, record.id), "DELETE",
                             zone_id=record.zone.id, record_id=record.id)
        return True
