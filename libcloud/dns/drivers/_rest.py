"""Plumbing shared by the JSON/REST DNS drivers (CloudFlare, DigitalOcean, Linode, Gandi, PowerDNS).

* :meth:`RestDNSMixin._request` is a sub-flow that sends one request and turns
  the provider's HTTP error into a DNS exception.  The zone or record the
  request is about is passed as an argument, not stored on the shared
  connection, so one driver can serve many threads (or tasks) at once.
* :meth:`RestDNSMixin._collect` / :meth:`RestDNSMixin._iterate` page through a
  listing with the shared helpers of :mod:`libcloud._core.paginate`.
"""

from __future__ import annotations

from typing import Any, Iterator, List, Optional, Tuple

from libcloud._core.flow import Flow, operation
from libcloud._core.paginate import PageFlow, collect_pages, iterate_pages
from libcloud.common.exceptions import BaseHTTPError, RateLimitReachedError
from libcloud.common.types import InvalidCredsError
from libcloud.dns.base import Record, Zone
from libcloud.dns.types import (
    RecordAlreadyExistsError,
    RecordDoesNotExistError,
    ZoneAlreadyExistsError,
    ZoneDoesNotExistError,
)

__all__ = ["RestDNSMixin", "PagedDNSMixin", "PageFlow", "http_code", "error_text"]


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
    _mapped_errors: Tuple[type, ...] = (BaseHTTPError,)

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

    def _map_error(self, exc: Any, zone_id: Any = None, record_id: Any = None) -> Optional[BaseException]:
        """The DNS exception for a failed request, or ``None`` to re-raise ``exc`` (override)."""
        return None

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
    _iterate = staticmethod(iterate_pages)


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

    def iterate_zones(self) -> Iterator[Zone]:
        """Yield every zone, one API page at a time."""
        return iterate_pages(self._zones_page)

    @operation
    def list_records(self, zone: Zone) -> Flow[List[Record]]:
        return (yield from collect_pages(lambda token: self._records_page(zone, token)))

    def iterate_records(self, zone: Zone) -> Iterator[Record]:
        """Yield every record of ``zone``, one API page at a time."""
        return iterate_pages(lambda token: self._records_page(zone, token))
