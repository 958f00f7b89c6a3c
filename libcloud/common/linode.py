"""Linode API v4 plumbing shared by its drivers: Bearer-token connection, JSON errors, paging."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.common.base import ConnectionKey, JsonResponse
from libcloud.common.types import InvalidCredsError, LibcloudError

__all__ = [
    "API_HOST",
    "API_ROOT",
    "DEFAULT_API_VERSION",
    "LinodeExceptionV4",
    "LinodeResponseV4",
    "LinodeConnectionV4",
    "next_page",
]

API_HOST = "api.linode.com"
API_ROOT = "/v4"
DEFAULT_API_VERSION = "4.0"


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
