"""CloudFlare API v4 plumbing: the two authentication styles and the ``{"success", "errors"}`` envelope."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.common.base import ConnectionKey, ConnectionUserAndKey, JsonResponse
from libcloud.common.exceptions import BaseHTTPError
from libcloud.common.types import InvalidCredsError, LibcloudError

__all__ = [
    "API_HOST",
    "API_BASE",
    "CloudFlareAPIError",
    "CloudFlareDNSResponse",
    "BaseDNSConnection",
    "GlobalAPIKeyDNSConnection",
    "TokenDNSConnection",
    "next_page",
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


class CloudFlareDNSResponse(JsonResponse):
    """A CloudFlare API v4 answer; failures raise with the API's error codes."""
    def _envelope(self) -> Dict[str, Any]:
        try:
            body = self.parse_body()
        except Exception:
            return {}
        return body if isinstance(body, dict) else {}

    def success(self) -> bool:
        # The envelope's "success" decides, whatever the HTTP status (as upstream).
        envelope = self._envelope()
        if "success" in envelope:
            return bool(envelope["success"])
        return 200 <= int(self.status) < 300

    def parse_error(self) -> Any:
        errors = self._envelope().get("errors") or []
        message = describe(errors) or self.body
        codes = {int(e.get("code", 0)) for e in errors if str(e.get("code", "")).isdigit()}
        if self.status in (401, 403) or codes & _AUTH_CODES:
            raise InvalidCredsError(message)
        if self.status == 429:
            return message  # the core raises RateLimitReachedError (and retries)
        raise CloudFlareAPIError(int(self.status), message, self.headers, errors,
                                 driver=getattr(self.connection, "driver", None))


class BaseDNSConnection:
    """What every CloudFlare connection shares: the API host and the response class."""
    host = API_HOST
    secure = True
    responseCls = CloudFlareDNSResponse


class GlobalAPIKeyDNSConnection(BaseDNSConnection, ConnectionUserAndKey):
    """``CloudFlareDNSDriver(email, global_api_key)``."""

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        headers["Content-Type"] = "application/json"
        headers["X-Auth-Email"] = self.user_id
        headers["X-Auth-Key"] = self.key
        return headers


class TokenDNSConnection(BaseDNSConnection, ConnectionKey):
    """``CloudFlareDNSDriver(api_token)``."""

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        headers["Content-Type"] = "application/json"
        headers["Authorization"] = "Bearer %s" % (self.key,)
        return headers


def next_page(body: Dict[str, Any]) -> Optional[int]:
    """The next page number of a paged CloudFlare listing, or ``None`` after the last."""
    info = body.get("result_info") or {}
    page, pages = int(info.get("page") or 1), int(info.get("total_pages") or 1)
    return page + 1 if page < pages else None
