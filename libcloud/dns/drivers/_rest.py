"""Plumbing shared by the JSON/REST DNS drivers (CloudFlare, DigitalOcean, Linode, Gandi, PowerDNS).

* :meth:`RestDNSMixin._request` is a sub-flow that sends one request and turns
  the provider's HTTP error into a DNS exception.  The zone or record the
  request is about is passed as an argument, not stored on the shared
  connection, so one driver can serve many threads (or tasks) at once.
* :meth:`RestDNSMixin._collect` / :meth:`RestDNSMixin._iterate` page through a
  listing with the shared helpers of :mod:`libcloud._core.paginate`.
"""

from __future__ import annotations

from typing import Any, Optional, Tuple

from libcloud._core.flow import Flow
from libcloud._core.paginate import PageFlow, collect_pages, iterate_pages
from libcloud.common.exceptions import BaseHTTPError, RateLimitReachedError
from libcloud.common.types import InvalidCredsError

__all__ = ["RestDNSMixin", "PageFlow", "http_code", "error_text"]


def http_code(exc: BaseException) -> Optional[int]:
    code = getattr(exc, "code", None)
    if code is None:
        code = getattr(exc, "http_code", None)
    try:
        return int(code) if code is not None else None
    except (TypeError, ValueError):
        return None


def error_text(exc: BaseException) -> str:
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

    _collect = staticmethod(collect_pages)
    _iterate = staticmethod(iterate_pages)
