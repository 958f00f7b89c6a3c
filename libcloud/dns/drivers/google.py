"""Google Cloud DNS (``dns.googleapis.com``, API v1): managed zones and resource record sets.

A zone's id is its name (``example-com``); a record's id is ``TYPE:NAME``
(``A:www.example.com.``), since Cloud DNS keys record sets by name and type.
A record's ``data`` is the record set as Cloud DNS has it: ``{"ttl": ...,
"rrdatas": [...]}`` (a plain string is accepted on create and means one rrdata).
Changes are submitted as Cloud DNS ``changes`` (additions and deletions).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from libcloud._core.flow import Flow, operation
from libcloud.common.google import GoogleBaseError, GoogleProjectConnection
from libcloud.common.google.driver import GoogleBaseDriver
from libcloud.dns.base import DNSDriver, Record, Zone
from libcloud.dns.drivers._rest import PagedDNSMixin, error_text, http_code
from libcloud.dns.types import Provider, RecordType, record_type_map

__all__ = ["GoogleDNSDriver", "GoogleDNSConnection", "API_VERSION"]

API_VERSION = "v1"


class GoogleDNSConnection(GoogleProjectConnection):
    """The Cloud DNS connection: paths under ``/dns/v1/projects/<project>``."""

    host = "www.googleapis.com"
    project_path = "/dns/" + API_VERSION + "/projects/%s"


class GoogleDNSDriver(PagedDNSMixin, GoogleBaseDriver, DNSDriver):
    """Google Cloud DNS."""

    type = Provider.GOOGLE
    name = "Google DNS"
    website = "https://cloud.google.com/"
    connectionCls = GoogleDNSConnection
    default_scopes = ["https://www.googleapis.com/auth/ndev.clouddns.readwrite"]
    _mapped_errors = (GoogleBaseError,)

    RECORD_TYPE_MAP = record_type_map(
        RecordType.A, RecordType.AAAA, RecordType.CAA, RecordType.CNAME, RecordType.MX, RecordType.NAPTR, RecordType.NS,
        RecordType.PTR, RecordType.SOA, RecordType.SPF, RecordType.SRV, RecordType.TXT
    )

    def __init__(self, user_id: Optional[str] = None, key: Any = None, project: Optional[str] = None,
                 auth_type: Optional[str] = None, scopes: Optional[List[str]] = None, **kwargs: Any) -> None:
        super().__init__(user_id, key, project=project, auth_type=auth_type, scopes=scopes, **kwargs)

    # -- errors -----------------------------------------------------------------------------------
    def _map_error(self, exc: Any, zone_id: Any = None, record_id: Any = None) -> Optional[BaseException]:
        code, text = http_code(exc), error_text(exc)
        if code == 404 or getattr(exc, "code", None) == "notFound":
            return self._missing_error(text, zone_id, record_id if zone_id is None else None)
        if getattr(exc, "code", None) == "alreadyExists" or code == 409:
            return self._exists_error(text, zone_id, record_id)
        return None

    # -- models -----------------------------------------------------------------------------------
    def _to_zone(self, item: Dict[str, Any]) -> Zone:
        extra = {k: v for k, v in item.items() if k not in ("name", "dnsName")}
        return Zone(id=item["name"], domain=item["dnsName"], type="master", ttl=None, driver=self, extra=extra)

    def _to_record(self, item: Dict[str, Any], zone: Zone) -> Record:
        record_id = "%s:%s" % (item["type"], item["name"])
        # The ignore below: upstream: a record's data is its JSON.
        return Record(id=record_id, name=item["name"], type=item["type"], data=item,  # type: ignore[arg-type]
                      zone=zone, driver=self,
                      ttl=item.get("ttl"), extra={})

    def _rrset(self, name: str, type: str, data: Any, extra: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if isinstance(data, dict):
            rrset = {"ttl": data.get("ttl", (extra or {}).get("ttl", 300)), "rrdatas": list(data["rrdatas"])}
        else:
            values = data if isinstance(data, (list, tuple)) else [data]
            rrset = {"ttl": (extra or {}).get("ttl", 300), "rrdatas": [str(v) for v in values]}
        rrset.update(name=name, type=type, kind="dns#resourceRecordSet")
        return rrset

    # -- paging -----------------------------------------------------------------------------------
    def _page(self, action: str, key: str, token: Any, zone_id: Any = None,
              params: Optional[Dict[str, Any]] = None) -> Flow[Tuple[List[Dict[str, Any]], Any]]:
        query = dict(params or {})
        if token:
            query["pageToken"] = token
        response = yield from self._request(action, zone_id=zone_id, params=query)
        body = response.object or {}
        return list(body.get(key) or []), body.get("nextPageToken") or None

    def _zones_page(self, token: Any) -> Flow[Tuple[List[Zone], Any]]:
        items, following = yield from self._page("/managedZones", "managedZones", token)
        return [self._to_zone(item) for item in items], following

    def _records_page(self, zone: Zone, token: Any) -> Flow[Tuple[List[Record], Any]]:
        items, following = yield from self._page("/managedZones/%s/rrsets" % (zone.id,), "rrsets", token,
                                                 zone_id=zone.id)
        return [self._to_record(item, zone) for item in items], following

    # -- zones ------------------------------------------------------------------------------------
    @operation
    def get_zone(self, zone_id: str) -> Flow[Zone]:
        response = yield from self._request("/managedZones/%s" % (zone_id,), zone_id=zone_id)
        return self._to_zone(response.object)

    @operation
    def create_zone(self, domain: str, type: str = "master", ttl: Optional[int] = None,
                    extra: Optional[Dict[str, Any]] = None) -> Flow[Zone]:
        """Create a managed zone; ``extra`` may give its ``name`` and ``description``."""
        extra = dict(extra or {})
        name = extra.get("name") or domain.rstrip(".").replace(".", "-")
        body = {"name": name, "dnsName": domain if domain.endswith(".") else domain + ".",
                "description": extra.get("description", "")}
        response = yield from self._request("/managedZones", zone_id=name, method="POST", data=body)
        return self._to_zone(response.object)

    @operation
    def delete_zone(self, zone: Zone) -> Flow[bool]:
        yield from self._request("/managedZones/%s" % (zone.id,), zone_id=zone.id, method="DELETE")
        return True

    # -- records ----------------------------------------------------------------------------------
    @operation
    def get_record(self, zone_id: str, record_id: str) -> Flow[Record]:
        """The record set ``TYPE:NAME`` of the zone."""
        from libcloud.dns.types import RecordDoesNotExistError

        type, _, name = record_id.partition(":")
        zone = yield from self.get_zone.flow(zone_id)
        response = yield from self._request("/managedZones/%s/rrsets" % (zone_id,), zone_id=zone_id,
                                            params={"name": name, "type": type})
        items = (response.object or {}).get("rrsets") or []
        if not items:
            raise RecordDoesNotExistError(value="", driver=self, record_id=record_id)
        return self._to_record(items[0], zone)

    @operation
    def create_record(self, name: str, zone: Zone, type: str, data: Any,  # type: ignore[override]  # upstream's signature
                      extra: Optional[Dict[str, Any]] = None) -> Flow[Record]:
        """Add a record set; ``data`` is ``{"ttl": ..., "rrdatas": [...]}`` (or one value)."""
        rrset = self._rrset(name, type, data, extra)
        yield from self._change(zone, additions=[rrset])
        return self._to_record(rrset, zone)

    @operation
    def delete_record(self, record: Record) -> Flow[bool]:
        data = record.data if isinstance(record.data, dict) else {"ttl": record.ttl, "rrdatas": [record.data]}
        rrset = self._rrset(record.name or "", record.type, data, None)
        yield from self._change(record.zone, deletions=[rrset])
        return True

    def _change(self, zone: Zone, additions: Optional[List[Dict[str, Any]]] = None,
                deletions: Optional[List[Dict[str, Any]]] = None) -> Flow[Dict[str, Any]]:
        body = {"kind": "dns#change", "additions": additions or [], "deletions": deletions or []}
        response = yield from self._request("/managedZones/%s/changes" % (zone.id,), zone_id=zone.id,
                                            method="POST", data=body)
        return dict(response.object or {})

    @operation
    def ex_bulk_record_changes(self, zone: Zone, records: Dict[str, Any]) -> Flow[Dict[str, List[Record]]]:
        """Submit one change: ``records`` has ``additions`` and ``deletions`` lists of record sets.

        Returns the change's additions and deletions as records.
        """
        change = yield from self._change(zone, records.get("additions"), records.get("deletions"))
        return {"additions": [self._to_record(r, zone) for r in change.get("additions") or []],
                "deletions": [self._to_record(r, zone) for r in change.get("deletions") or []]}
