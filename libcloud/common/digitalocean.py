"""DigitalOcean API v2 plumbing shared by its drivers: Bearer-token connection, JSON errors, paging."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from libcloud._core.flow import Flow, operation
from libcloud.common.base import BaseDriver, ConnectionKey, JsonResponse
from libcloud.common.types import InvalidCredsError

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


class DigitalOcean_v2_Response(JsonResponse):
    """A DigitalOcean API v2 answer; 401/403 raise ``InvalidCredsError``."""
    valid_response_codes = [200, 201, 202, 204]

    def success(self) -> bool:
        return self.status in self.valid_response_codes

    def parse_error(self) -> Any:
        if self.status in (401, 403):
            raise InvalidCredsError(self._message() or "Invalid DigitalOcean token")
        return self._message() or self.body

    def _message(self) -> Optional[str]:
        try:
            body = self.parse_body()
        except Exception:
            return None
        if isinstance(body, dict):
            return body.get("message")
        return None


class DigitalOcean_v2_Connection(ConnectionKey):
    """A connection to DigitalOcean API v2 with a bearer token."""
    host = "api.digitalocean.com"
    responseCls = DigitalOcean_v2_Response

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        headers["Authorization"] = "Bearer %s" % (self.key,)
        headers["Content-Type"] = "application/json"
        return headers


DigitalOceanConnection = DigitalOcean_v2_Connection


def next_page(body: Dict[str, Any], page: int) -> Optional[int]:
    """The next page number from a v2 listing's ``links.pages.next``, or ``None`` at the end."""
    pages = (body.get("links") or {}).get("pages") or {}
    return page + 1 if pages.get("next") else None


class DigitalOcean_v2_BaseDriver(BaseDriver):
    """Holds ``ex_per_page`` and the paging and account helpers of the v2 API."""

    connectionCls = DigitalOcean_v2_Connection

    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, api_version: Optional[str] = None, region: Optional[str] = None,
                 ex_per_page: int = 200, **kwargs: Any) -> None:
        self.ex_per_page = ex_per_page
        super().__init__(key, secret=secret, secure=secure, host=host, port=port, api_version=api_version,
                         region=region, **kwargs)

    def _page_flow(self, url: str, obj: str, page: Optional[int], **request: Any) -> Flow[Tuple[List[Any], Any]]:
        """One page of ``url`` (items under ``obj``) and the next page number."""
        page = page or 1
        params = dict(request.pop("params", None) or {}, page=page, per_page=self.ex_per_page)
        call = getattr(self, "_request", None)
        if call is not None:
            response = yield from call(url, params=params, **request)
        else:
            response = yield self.connection.call(url, params=params)
        return list(response.object.get(obj, [])), next_page(response.object, page)

    def _paginated_request_flow(self, url: str, obj: str) -> Flow[List[Any]]:
        items: List[Any] = []
        page: Any = None
        while True:
            chunk, page = yield from self._page_flow(url, obj, page)
            items.extend(chunk)
            if page is None:
                return items

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
