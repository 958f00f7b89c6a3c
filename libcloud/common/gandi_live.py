"""Gandi LiveDNS API v5 plumbing on :mod:`libcloud.common.rest`: ``X-Api-Key`` connection and typed errors."""

from __future__ import annotations

import json
from typing import Any

from libcloud.common.base import BaseDriver
from libcloud.common.rest import ErrorRule, RestConnection, RestResponse
from libcloud.common.types import ProviderError

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


class GandiLiveResponse(RestResponse):
    """A Gandi LiveDNS answer; errors raise the Gandi error classes."""

    ok_statuses = range(200, 205)
    error_rules = (
        ErrorRule(InvalidRequestError, status=400),
        ErrorRule(ResourceNotFoundError, status=404),
        ErrorRule(ResourceConflictError, status=409),
    )
    default_error = GandiLiveBaseError

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


class GandiLiveConnection(RestConnection):
    """A connection to the Gandi LiveDNS API with an API key."""
    host = API_HOST
    responseCls = GandiLiveResponse
    auth_header = "X-Api-Key"
    auth_template = "{key}"


class BaseGandiLiveDriver(BaseDriver):
    """The base of Gandi LiveDNS drivers."""
    connectionCls = GandiLiveConnection
    name = "GandiLive"
