"""DigitalOcean API v2 plumbing shared by its drivers, on :mod:`libcloud.common.rest`: bearer token, errors, paging."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional
from urllib.parse import parse_qs, urlsplit

from libcloud._core.flow import Flow, operation
from libcloud._core.paginate import PageFlow, collect_pages
from libcloud.common.base import BaseDriver
from libcloud.common.rest import Page, Paging, RestConnection, RestResponse, connection_sender, dig, rest_pages
from libcloud.common.rest.paging import Sender

__all__ = [
    "DigitalOcean_v1_Error",
    "DigitalOcean_v2_Response",
    "DigitalOcean_v2_Connection",
    "DigitalOceanConnection",
    "DigitalOcean_v2_BaseDriver",
    "DigitalOceanBaseDriver",
]


class DigitalOcean_v1_Error(Exception):
    """Raised when the retired v1 API (client id + API key) is asked for."""

    def __init__(self, value: str = "Driver no longer supported: Version 1 of the DigitalOcean API reached end of "
                 "life on November 9, 2015. Use the v2 driver.") -> None:
        super().__init__(value)
        self.value = value


class DigitalOcean_v2_Response(RestResponse):
    """A DigitalOcean API v2 answer; 401/403 raise ``InvalidCredsError`` with the API's ``message``."""
    valid_response_codes = [200, 201, 202, 204]
    ok_statuses = valid_response_codes

    def error_message(self, document: Any) -> str:
        # As upstream: the API's message followed by the HTTP status.
        message = super().error_message(document) or self.body
        return "%s (code: %s)" % (message, int(self.status))


class DigitalOcean_v2_Connection(RestConnection):
    """A connection to DigitalOcean API v2 with a bearer token."""
    host = "api.digitalocean.com"
    responseCls = DigitalOcean_v2_Response


DigitalOceanConnection = DigitalOcean_v2_Connection


def _page_of(url: Any) -> Optional[int]:
    values = parse_qs(urlsplit(str(url)).query).get("page") if url else None
    return int(values[0]) if values and values[0].isdigit() else None


def paging(obj: str, per_page: int) -> Paging:
    """How a v2 listing pages: ``?page=N&per_page=M`` up to the page ``links.pages.last`` names.

    Without a ``last`` link, the ``next`` link's page number decides; items are under ``obj``.
    """
    def has_next(page: Page) -> bool:
        links = dig(page.body, "links.pages") or {}
        last = _page_of(links.get("last")) or _page_of(links.get("next"))
        return last is not None and int(page.token or 1) < last

    return Paging.page_number(obj, has_next, size_param="per_page", size=per_page)


class DigitalOcean_v2_BaseDriver(BaseDriver):
    """Holds ``ex_per_page`` and the paging and account helpers of the v2 API."""

    connectionCls = DigitalOcean_v2_Connection

    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, api_version: Optional[str] = None, region: Optional[str] = None,
                 ex_per_page: int = 200, **kwargs: Any) -> None:
        self.ex_per_page = ex_per_page
        super().__init__(key, secret=secret, secure=secure, host=host, port=port, api_version=api_version,
                         region=region, **kwargs)

    def _pages(self, url: str, obj: str, parse: Callable[[Any], Any] = lambda item: item,
               **request: Any) -> PageFlow[Any]:
        """The page flow of the listing ``url`` (items under ``obj``, each through ``parse``)."""
        return rest_pages(self._sender(**request), url, paging(obj, self.ex_per_page), parse,
                          connection=self.connection)

    def _sender(self, **context: Any) -> Sender:
        """How listing pages are fetched (a driver with its own error mapping overrides this)."""
        return connection_sender(self.connection)

    def _paginated_request_flow(self, url: str, obj: str) -> Flow[List[Any]]:
        return (yield from collect_pages(self._pages(url, obj)))

    @operation
    def _paginated_request(self, url: str, obj: str) -> Flow[List[Any]]:
        """Every item under ``obj`` of every page of ``url``."""
        return (yield from self._paginated_request_flow(url, obj))

    @operation
    def ex_account_info(self) -> Flow[Dict[str, Any]]:
        response = yield self.connection.call("/v2/account")
        return response.object["account"]

    @operation
    def ex_list_events(self) -> Flow[List[Dict[str, Any]]]:
        return (yield from self._paginated_request_flow("/v2/actions", "actions"))

    @operation
    def ex_get_event(self, event_id: str) -> Flow[Dict[str, Any]]:
        response = yield self.connection.call("/v2/actions/%s" % (event_id,))
        return response.object["action"]


DigitalOceanBaseDriver = DigitalOcean_v2_BaseDriver
