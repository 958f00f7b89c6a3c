"""Gandi LiveDNS API v5 plumbing: ``X-Api-Key`` connection and typed errors."""

from __future__ import annotations

import json
from typing import Any, Dict

from libcloud.common.base import BaseDriver, ConnectionKey, JsonResponse
from libcloud.common.types import InvalidCredsError, ProviderError

__all__ = [
    "API_HOST",
    "API_BASE",
    "GandiLiveBaseError",
    "JsonParseError",
    "ResourceNotFoundError",
    "ResourceConflictError",
    "InvalidRequestError",
    "GandiLiveResponse",
    "GandiLiveConnection",
    "BaseGandiLiveDriver",
]

API_HOST = "dns.api.gandi.net"
API_BASE = "/api/v5"


class GandiLiveBaseError(ProviderError):
    """An error answer of the LiveDNS API."""


class JsonParseError(GandiLiveBaseError):
    """Gandi LiveDNS answered with a body that is not the JSON it should be."""


class ResourceNotFoundError(GandiLiveBaseError):
    """Gandi LiveDNS answered 404 for the resource."""
    pass


class ResourceConflictError(GandiLiveBaseError):
    """Gandi LiveDNS answered 409: the resource already exists."""
    pass


class InvalidRequestError(GandiLiveBaseError):
    """Gandi LiveDNS refused the request as invalid (400)."""
    pass


def _error_details(body: Any) -> str:
    """The per-field reasons of a LiveDNS error (``errors[].description``), joined."""
    if not isinstance(body, dict):
        return ""
    parts = []
    for error in body.get("errors") or []:
        if isinstance(error, dict) and error.get("description"):
            where = ".".join(str(error[k]) for k in ("location", "name") if error.get(k))
            parts.append("%s: %s" % (where, error["description"]) if where else str(error["description"]))
    return "; ".join(parts)


_ERRORS = {400: InvalidRequestError, 404: ResourceNotFoundError, 409: ResourceConflictError}


class GandiLiveResponse(JsonResponse):
    """A Gandi LiveDNS answer; errors raise the Gandi error classes."""
    def success(self) -> bool:
        return 200 <= int(self.status) <= 204

    def parse_body(self) -> Any:
        # Zone exports come back as text/plain.
        if "json" not in str(self.headers.get("content-type", "application/json")):
            return self.body
        if not self.body:
            return self.body
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise JsonParseError(str(exc), int(self.status), driver=getattr(self.connection, "driver", None)) from exc

    def parse_error(self) -> Any:
        try:
            body = self.parse_body()
        except Exception:
            body = None
        message = body.get("message") if isinstance(body, dict) else None
        message = message or self.body
        details = _error_details(body)
        if details:
            message = "%s: %s" % (message, details)
        if self.status in (401, 403):
            raise InvalidCredsError(message)
        if self.status == 429:
            return message  # the core raises RateLimitReachedError (and retries)
        cls = _ERRORS.get(int(self.status), GandiLiveBaseError)
        raise cls(message, int(self.status), driver=getattr(self.connection, "driver", None))


class GandiLiveConnection(ConnectionKey):
    """A connection to the Gandi LiveDNS API with an API key."""
    host = API_HOST
    responseCls = GandiLiveResponse

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        headers["X-Api-Key"] = self.key
        headers.setdefault("Content-Type", "application/json")
        return headers


class BaseGandiLiveDriver(BaseDriver):
    """The base of Gandi LiveDNS drivers."""
    connectionCls = GandiLiveConnection
    name = "GandiLive"
