"""Plumbing shared by the JSON/REST DNS drivers (CloudFlare, DigitalOcean, Linode, Gandi, PowerDNS).

* :meth:`RestDNSMixin._request` is a sub-flow that sends one request and turns
  the provider's HTTP error into a DNS exception by the driver's table
  :attr:`RestDNSMixin.dns_error_rules` (:class:`libcloud.common.rest.ErrorRule`
  rows whose exception is a DNS error class, or :data:`MISSING` / :data:`EXISTS`
  for "the record if the request was about one, else the zone").  The zone or
  record the request is about is passed as an argument, not stored on the
  shared connection, so one driver can serve many threads (or tasks) at once.
* :class:`PagedDNSMixin` builds ``list_*`` / ``iterate_*`` from page flows
  with :mod:`libcloud._core.paginate` (``@paged``, which the asyncio API pages).
* :class:`ResourceDNSMixin` adds get/delete of zones and get/create/update/delete
  of records for APIs with one URL per zone and per record, from the driver's
  URLs, body builders and parsers.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple, Type

from libcloud._core.flow import Flow, operation
from libcloud._core.paginate import PageFlow, collect_pages, paged
from libcloud.common.exceptions import BaseHTTPError, RateLimitReachedError
from libcloud.common.rest import ErrorRule
from libcloud.common.rest.paging import Sender
from libcloud.common.types import InvalidCredsError
from libcloud.dns.base import Record, RecordChange, Zone
from libcloud.dns.types import (
    RecordAlreadyExistsError,
    RecordDoesNotExistError,
    ZoneAlreadyExistsError,
    ZoneDoesNotExistError,
)

__all__ = ["RestDNSMixin", "PagedDNSMixin", "ResourceDNSMixin", "PageFlow", "ErrorRule", "MISSING", "EXISTS", "http_code",
           "error_text"]

# Typed Any: markers stand where ErrorRule wants an exception class; only _map_error reads these rules.
#: ``ErrorRule`` target: "does not exist" for the record the request was about, else its zone.
MISSING: Any = "missing"
#: ``ErrorRule`` target: "already exists" for the record the request was about, else its zone.
EXISTS: Any = "exists"


def http_code(exc: BaseException) -> Optional[int]:
    """The HTTP status carried by a libcloud exception, if any."""
    code = getattr(exc, "code", None)
    if code is None:
        code = getattr(exc, "http_code", None)
    try:
        return int(code) if code is not None else None
    except (TypeError, ValueError):
        return None


def error_text(exc: BaseException) -> str:
    """The message of a libcloud exception."""
    return str(getattr(exc, "message", None) or getattr(exc, "value", None) or exc)


class RestDNSMixin:
    """Mixed into a DNSDriver whose connection raises ``BaseHTTPError`` on failures."""

    connection: Any
    #: Exception classes :meth:`_map_error` is offered (a family may raise its own).
    _mapped_errors: Tuple[Type[BaseException], ...] = (BaseHTTPError,)

    def _request(
        self, action: str, zone_id: Any = None, record_id: Any = None, **kwargs: Any
    ) -> Flow[Any]:
        """Send one request (``connection.call`` arguments); map failures with :meth:`_map_error`."""
        try:
            response = yield self.connection.call(action, **kwargs)
        except (InvalidCredsError, RateLimitReachedError):
            raise
        except self._mapped_errors as exc:
            mapped = self._map_error(exc, zone_id=zone_id, record_id=record_id)
            if mapped is None or mapped is exc:
                raise
            raise mapped from exc
        return response

    def _sender(self, zone_id: Any = None, record_id: Any = None) -> Sender:
        """Fetches listing pages through :meth:`_request`, so their failures are mapped too."""
        def send(path: str, params: Dict[str, Any]) -> Flow[Any]:
            return (yield from self._request(path, zone_id=zone_id, record_id=record_id, params=params))

        return send

    #: Provider failures -> DNS exceptions, checked in order (see the module docstring).
    dns_error_rules: Sequence[ErrorRule] = ()

    def _map_error(self, exc: Any, zone_id: Any = None, record_id: Any = None) -> Optional[BaseException]:
        """The DNS exception for a failed request by :attr:`dns_error_rules`, or ``None`` to re-raise ``exc``."""
        status, text = http_code(exc) or 0, error_text(exc)
        codes = set(getattr(exc, "error_codes", None) or ())
        for rule in self.dns_error_rules:
            if rule.matches(status, codes, text):
                return self._dns_error(rule.exception, text, zone_id, record_id)
        return None

    def _dns_error(self, target: Any, text: str, zone_id: Any, record_id: Any) -> Optional[BaseException]:
        if target == MISSING:
            return self._missing_error(text, zone_id, record_id)
        if target == EXISTS:
            return self._exists_error(text, zone_id, record_id)
        if target in (RecordDoesNotExistError, RecordAlreadyExistsError):
            return target(value=text, driver=self, record_id=record_id if record_id is not None else "unknown")
        if target in (ZoneDoesNotExistError, ZoneAlreadyExistsError):
            return target(value=text, driver=self, zone_id=zone_id)
        return target(text) if isinstance(target, type) else target(text, self)

    def _missing_error(self, text: str, zone_id: Any = None, record_id: Any = None) -> Optional[BaseException]:
        """"Not found" for the record the request was about, else for its zone (``None`` if neither)."""
        if record_id is not None:
            return RecordDoesNotExistError(value=text, driver=self, record_id=record_id)
        if zone_id is not None:
            return ZoneDoesNotExistError(value=text, driver=self, zone_id=zone_id)
        return None

    def _exists_error(self, text: str, zone_id: Any = None, record_id: Any = None) -> BaseException:
        """"Already exists" for the record the request was about, else for the zone."""
        if record_id is not None:
            return RecordAlreadyExistsError(value=text, driver=self, record_id=record_id)
        return ZoneAlreadyExistsError(value=text, driver=self, zone_id=zone_id)

    _collect = staticmethod(collect_pages)


class PagedDNSMixin(RestDNSMixin):
    """``list_*`` / ``iterate_*`` for zones and records, from the driver's page flows.

    A driver defines ``_zones_page(token)`` and ``_records_page(zone, token)``
    (each returning ``(items, next_token)``); the listings follow from them,
    and the asyncio API pages through them on the event loop.
    """

    def _zones_page(self, token: Any) -> Flow[Tuple[List[Zone], Any]]:
        raise NotImplementedError("_zones_page")

    def _records_page(self, zone: Zone, token: Any) -> Flow[Tuple[List[Record], Any]]:
        raise NotImplementedError("_records_page")

    @operation
    def list_zones(self) -> Flow[List[Zone]]:
        return (yield from collect_pages(self._zones_page))

    @paged
    def iterate_zones(self) -> PageFlow[Zone]:
        """Yield every zone, one API page at a time."""
        return self._zones_page

    @operation
    def list_records(self, zone: Zone) -> Flow[List[Record]]:
        return (yield from collect_pages(lambda token: self._records_page(zone, token)))

    @paged
    def iterate_records(self, zone: Zone) -> PageFlow[Record]:
        """Yield every record of ``zone``, one API page at a time."""
        return lambda token: self._records_page(zone, token)


class ResourceDNSMixin(PagedDNSMixin):
    """Zone and record operations for an API with a URL per zone and per record.

    The driver names the URLs (:meth:`_zone_url`, :meth:`_records_url`; a
    record's URL is the records URL and its id), the key under which an
    answer holds the zone or record (:attr:`_zone_key`, :attr:`_record_key`;
    ``None``: the body itself), builds request bodies (:meth:`_create_body`,
    :meth:`_update_body`) and parses items (``_to_zone``, ``_to_record``).
    Records are changed with PUT.
    """

    _zone_key: Optional[str] = None
    _record_key: Optional[str] = None
    # DNSDriver's helpers (this mixin comes before DNSDriver in a driver's bases).
    _validate_record: Any

    def _zone_url(self, zone_id: Any) -> str:
        raise NotImplementedError("_zone_url")

    def _records_url(self, zone_id: Any) -> str:
        raise NotImplementedError("_records_url")

    def _to_zone(self, item: Dict[str, Any]) -> Zone:
        raise NotImplementedError("_to_zone")

    def _to_record(self, zone: Zone, item: Dict[str, Any]) -> Record:
        raise NotImplementedError("_to_record")

    def _create_body(self, name: Optional[str], zone: Zone, type: str, data: str,
                     extra: Dict[str, Any]) -> Dict[str, Any]:
        raise NotImplementedError("_create_body")

    def _update_body(self, record: Record, name: Optional[str], type: str, data: str,
                     extra: Dict[str, Any]) -> Dict[str, Any]:
        raise NotImplementedError("_update_body")

    def _deleted(self, response: Any, resource_id: Any) -> bool:
        """Whether a DELETE's answer confirms the deletion (a failure has raised already)."""
        return True

    def _record_url(self, zone_id: Any, record_id: Any) -> str:
        return "%s/%s" % (self._records_url(zone_id), record_id)

    @staticmethod
    def _item(response: Any, key: Optional[str]) -> Dict[str, Any]:
        return response.object if key is None else response.object[key]

    @operation
    def get_zone(self, zone_id: str) -> Flow[Zone]:
        """The zone ``zone_id``; raises ``ZoneDoesNotExistError`` if there is none."""
        response = yield from self._request(self._zone_url(zone_id), zone_id=zone_id)
        return self._to_zone(self._item(response, self._zone_key))

    @operation
    def delete_zone(self, zone: Zone) -> Flow[bool]:
        """Delete ``zone`` and all its records."""
        response = yield from self._request(self._zone_url(zone.id), zone_id=zone.id, method="DELETE")
        return self._deleted(response, zone.id)

    @operation
    def get_record(self, zone_id: str, record_id: str) -> Flow[Record]:
        """The record ``record_id`` of zone ``zone_id``."""
        zone = yield from self.get_zone.flow(zone_id)
        response = yield from self._request(self._record_url(zone_id, record_id), record_id=record_id)
        return self._to_record(zone, self._item(response, self._record_key))

    @operation
    def create_record(
        self, name: Optional[str], zone: Zone, type: str, data: str, extra: Optional[Dict[str, Any]] = None
    ) -> Flow[Record]:
        """Create a record in ``zone`` (validated before anything is sent); the driver's docs name its ``extra``."""
        name = self._validate_record(name, zone, type, data, extra)
        body = self._create_body(name, zone, type, data, dict(extra or {}))
        response = yield from self._request(self._records_url(zone.id), zone_id=zone.id, method="POST", json=body)
        return self._to_record(zone, self._item(response, self._record_key))

    def _update_record(self, change: RecordChange) -> Flow[Record]:
        """PUT the changed record to its URL."""
        record = change.record
        body = self._update_body(record, change.name, change.type, change.data, change.extra)
        response = yield from self._request(self._record_url(record.zone.id, record.id), record_id=record.id,
                                            method="PUT", json=body)
        return self._to_record(record.zone, self._item(response, self._record_key))

    @operation
    def delete_record(self, record: Record) -> Flow[bool]:
        """Delete ``record``."""
        response = yield from self._request(self._record_url(record.zone.id, record.id), record_id=record.id,
                                            method="DELETE")
        return self._deleted(response, record.id)
