"""Linode API plumbing shared by its drivers.

* API v4: Bearer-token connection, JSON errors, paging;
* the legacy API ("v3", ``api.linode.com/?api_action=...``): ``api_key``
  query parameter, answers wrapped as ``{"ERRORARRAY", "ACTION", "DATA"}``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.common.base import ConnectionKey, JsonResponse
from libcloud.common.types import InvalidCredsError, LibcloudError

__all__ = [
    "API_HOST",
    "API_ROOT",
    "API_ROOT_V4",
    "DEFAULT_API_VERSION",
    "LINODE_ERROR_CODES",
    "LinodeException",
    "LinodeResponse",
    "LinodeConnection",
    "LinodeExceptionV4",
    "LinodeResponseV4",
    "LinodeConnectionV4",
    "next_page",
]

API_HOST = "api.linode.com"
#: The legacy API answers on the root path (upstream's constant); v4 lives under /v4.
API_ROOT = "/"
API_ROOT_V4 = "/v4"
DEFAULT_API_VERSION = "4.0"

#: The legacy API's ERRORCODE values (from Linode's API documentation).
LINODE_ERROR_CODES = {
    0: "ok",
    1: "Bad request",
    2: "No action was requested",
    3: "The requested class does not exist",
    4: "Authentication failed",
    5: "Object not found",
    6: "A required property is missing for this action",
    7: "Property is invalid",
    8: "A data validation error has occurred",
    9: "Method Not Implemented",
    10: "Too many batched requests",
    11: "RequestArray isn't valid JSON or WDDX",
    12: "Batch approaching timeout. Stopping here.",
    13: "Permission denied",
    14: "API rate limit exceeded",
    30: "Charging the credit card failed",
    31: "Credit card is expired",
    40: "Limit of Linodes added per hour reached",
    41: "Linode must have no disks before delete",
}
_AUTH_FAILED = 4
_RATE_LIMITED = 14


class LinodeException(LibcloudError):
    """An error answer of the legacy API: ``code`` is its ERRORCODE, ``message`` its ERRORMESSAGE."""

    def __init__(self, code: int, message: Any, driver: Any = None) -> None:
        super().__init__(value=message, driver=driver)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return "(%s) %s" % (self.code, self.message)

    def __repr__(self) -> str:
        return "<LinodeException code %s '%s'>" % (self.code, self.message)


class LinodeResponse(JsonResponse):
    """A legacy API answer.  It comes with HTTP 200 even on failure: the errors are in ERRORARRAY.

    ``object`` is the whole envelope; ``errors`` the ``LinodeException`` of each ERRORARRAY entry.
    """

    def __init__(self, response: Any, connection: Any) -> None:
        self.errors: List[LinodeException] = []
        super().__init__(response, connection)

    def _envelope(self) -> Dict[str, Any]:
        try:
            body = JsonResponse.parse_body(self)
        except Exception:
            return {}
        return body if isinstance(body, dict) else {}

    def success(self) -> bool:
        if not 200 <= int(self.status) < 300:
            return False
        driver = getattr(self.connection, "driver", None)
        self.errors = [LinodeException(int(e.get("ERRORCODE", -1)), e.get("ERRORMESSAGE", ""), driver=driver)
                       for e in self._envelope().get("ERRORARRAY") or []]
        return not self.errors

    def parse_error(self) -> Any:
        if not self.errors:
            return self.body  # an HTTP failure: the core raises it
        first = self.errors[0]
        if first.code == _AUTH_FAILED:
            raise InvalidCredsError(first.message)
        if first.code == _RATE_LIMITED:
            return first.message
        raise first


class LinodeConnection(ConnectionKey):
    """A connection to the legacy API: every call is ``GET /?api_key=...&api_action=...``."""
    host = API_HOST
    responseCls = LinodeResponse

    def add_default_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        params["api_key"] = self.key
        params["api_responseFormat"] = "json"
        return params


class LinodeExceptionV4(LibcloudError):
    """An error answer of the v4 API that no driver mapped further."""


def error_reasons(body: Any) -> List[str]:
    """``"field: reason"`` strings of a v4 error body ``{"errors": [{"field", "reason"}]}``."""
    reasons = []
    for error in (body or {}).get("errors", []) if isinstance(body, dict) else []:
        field = error.get("field")
        reason = error.get("reason", "")
        reasons.append("%s: %s" % (field, reason) if field else reason)
    return reasons


class LinodeResponseV4(JsonResponse):
    """A Linode API v4 answer; failures raise with Linode's error reasons."""
    valid_response_codes = [200, 201, 202, 204]

    def success(self) -> bool:
        return self.status in self.valid_response_codes

    def parse_error(self) -> Any:
        try:
            body = self.parse_body()
        except Exception:
            body = None
        message = "; ".join(error_reasons(body)) or self.body
        if self.status in (401, 403):
            raise InvalidCredsError(message)
        return message


class LinodeConnectionV4(ConnectionKey):
    """A connection to Linode API v4 with a personal access token."""
    host = API_HOST
    responseCls = LinodeResponseV4

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        headers["Authorization"] = "Bearer %s" % (self.key,)
        headers["Content-Type"] = "application/json"
        return headers


def next_page(body: Dict[str, Any]) -> Optional[int]:
    """The next page number of a v4 listing (``page`` of ``pages``), or ``None`` at the end."""
    page, pages = int(body.get("page") or 1), int(body.get("pages") or 1)
    return page + 1 if page < pages else None
