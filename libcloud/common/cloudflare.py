"""CloudFlare API v4 plumbing: the two authentication styles and the ``{"success", "errors"}`` envelope."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.common.base import ConnectionUserAndKey
from libcloud.common.exceptions import BaseHTTPError
from libcloud.common.rest import ErrorRule, Page, Paging, RestConnection, RestResponse, dig
from libcloud.common.types import InvalidCredsError, LibcloudError

__all__ = [
    "API_HOST",
    "API_BASE",
    "CloudFlareAPIError",
    "CloudFlareDNSResponse",
    "BaseDNSConnection",
    "GlobalAPIKeyDNSConnection",
    "TokenDNSConnection",
    "paging",
]

API_HOST = "api.cloudflare.com"
API_BASE = "/client/v4"

#: Error codes meaning the credentials are wrong or lack the permission.
_AUTH_CODES = {9103, 9106, 9109, 10000, 10001}


class CloudFlareAPIError(BaseHTTPError, LibcloudError):
    """A CloudFlare error answer; ``errors`` holds its ``[{"code", "message", "error_chain"}]``.

    Both a ``BaseHTTPError`` (``code``, ``message``) and, as upstream, a ``LibcloudError``.
    """

    def __init__(self, code: int, message: Any, headers: Optional[Dict[str, str]] = None,
                 errors: Optional[List[Dict[str, Any]]] = None, driver: Any = None) -> None:
        # Not BaseHTTPError.__init__: its super() call would land in LibcloudError's.
        Exception.__init__(self, code, message, headers)
        self.code, self.message, self.headers = code, message, headers
        self.value = message
        self.driver = driver
        self.errors = list(errors or [])

    @classmethod
    def from_response(cls, message: str, response: Any) -> "CloudFlareAPIError":
        """The error of a failed answer, with the envelope's ``errors``."""
        return cls(int(response.status), message, response.headers, response.envelope().get("errors") or [],
                   driver=getattr(response.connection, "driver", None))

    def __str__(self) -> str:
        return str(self.message)

    def __repr__(self) -> str:
        return "<CloudFlareAPIError code=%s %r>" % (self.code, self.message)

    @property
    def error_codes(self) -> List[int]:
        """The numeric CloudFlare error codes of the response."""
        return [int(e["code"]) for e in self.errors if str(e.get("code", "")).isdigit()]


def describe(errors: List[Dict[str, Any]]) -> str:
    """A readable message from CloudFlare's ``errors`` list (codes, messages, error chains)."""
    parts = []
    for error in errors:
        chain = ", ".join("%s: %s" % (c.get("code", "unknown"), c.get("message", ""))
                          for c in error.get("error_chain", []))
        text = "%s: %s" % (error.get("code"), error.get("message", ""))
        parts.append(text + (" (error chain: %s)" % chain if chain else ""))
    return "; ".join(parts)


class CloudFlareDNSResponse(RestResponse):
    """A CloudFlare API v4 answer; failures raise with the API's error codes."""

    error_rules = (ErrorRule(InvalidCredsError, codes=_AUTH_CODES),)
    default_error = CloudFlareAPIError

    def envelope(self) -> Dict[str, Any]:
        """The ``{"success", "errors", "result"}`` envelope (``{}`` if the body is not one)."""
        body = self.error_document()
        return body if isinstance(body, dict) else {}

    def success(self) -> bool:
        # The envelope's "success" decides, whatever the HTTP status (as upstream).
        envelope = self.envelope()
        if "success" in envelope:
            return bool(envelope["success"])
        return 200 <= int(self.status) < 300

    def error_message(self, document: Any) -> str:
        errors = document.get("errors") if isinstance(document, dict) else None
        return describe(errors or [])


class BaseDNSConnection(RestConnection):
    """What every CloudFlare connection shares: the API host and the response class."""
    host = API_HOST
    secure = True
    responseCls = CloudFlareDNSResponse


class GlobalAPIKeyDNSConnection(BaseDNSConnection, ConnectionUserAndKey):
    """``CloudFlareDNSDriver(email, global_api_key)``."""

    def auth_headers(self) -> Dict[str, str]:
        return {"X-Auth-Email": self.user_id, "X-Auth-Key": self.key}


class TokenDNSConnection(BaseDNSConnection):
    """``CloudFlareDNSDriver(api_token)``: a bearer token."""


def _has_next(page: Page) -> bool:
    info = dig(page.body, "result_info") or {}
    return int(info.get("page") or 1) < int(info.get("total_pages") or 1)


def paging(page_size: int) -> Paging:
    """How CloudFlare listings page: ``?page=N&per_page=M`` while ``result_info`` has more; items in ``result``."""
    return Paging.page_number("result", _has_next, size_param="per_page", size=page_size)
