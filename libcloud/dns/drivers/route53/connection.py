"""The Route53 REST connection (SigV4, service "route53", region us-east-1) and its errors.

Upstream signed Route53 with the legacy AWS3-HTTPS scheme; this rewrite signs
with SigV4 through :mod:`libcloud.common.aws`.  The API version in the request
paths is upstream's 2012-02-29 (AWS still serves it), held in
:attr:`Route53Connection.api_version` so a caller can choose another one
(``Route53DNSDriver(..., api_version="2013-04-01")``).
"""

from __future__ import annotations

from typing import Any, Optional

from libcloud.common.aws import AWSAPIError, AWSBaseResponse, V4SignedAWSConnection
from libcloud.common.types import InvalidCredsError, LibcloudError
from libcloud.utils.xml_stream import DeferredListingMixin
from libcloud.dns.types import (
    RecordAlreadyExistsError,
    RecordDoesNotExistError,
    ZoneAlreadyExistsError,
    ZoneDoesNotExistError,
)

__all__ = [
    "API_VERSION",
    "API_HOST",
    "API_ROOT",
    "NAMESPACE",
    "SIGNING_REGION",
    "InvalidChangeBatch",
    "Route53DNSResponse",
    "Route53Connection",
    "dns_error_for",
]

API_VERSION = "2012-02-29"
API_HOST = "route53.amazonaws.com"
API_ROOT = "/%s/" % (API_VERSION,)
NAMESPACE = "https://route53.amazonaws.com/doc/%s/" % (API_VERSION,)
_NAMESPACE_FORMAT = "https://route53.amazonaws.com/doc/%s/"
#: Route53 is a global service; AWS wants its requests signed for us-east-1.
SIGNING_REGION = "us-east-1"

_ZONE_MISSING = {"NoSuchHostedZone"}
_ZONE_EXISTS = {"HostedZoneAlreadyExists", "ConflictingDomainExists"}
# InvalidChangeBatch wording (AWS and moto): "Tried to delete resource record set
# [...] but it was not found", "Tried to create resource record set [...] but it
# already exists".
_NOT_FOUND_WORDS = ("not found", "does not exist")
_EXISTS_WORDS = ("already exists",)


class InvalidChangeBatch(LibcloudError):
    """Route53 refused a change batch for a reason no DNS exception names."""


class Route53DNSResponse(DeferredListingMixin, AWSBaseResponse):
    """A Route53 answer: XML parsed with namespaces dropped; errors through the AWS error table.

    Record set listings are parsed incrementally by the driver (no tree on arrival).
    """

    namespace = NAMESPACE
    deferred_roots = ("ListResourceRecordSets",)

    def success(self) -> bool:
        return 200 <= int(self.status) <= 299

    def parse_error(self) -> Any:
        try:
            return super().parse_error()
        except AWSAPIError as exc:
            # Route53 answers 403 for keys without permission too (AccessDenied); upstream
            # reported every 403 as bad credentials.
            if exc.code == 403:
                raise InvalidCredsError(str(exc.message), driver=getattr(self.connection, "driver", None)) from exc
            raise


class Route53Connection(V4SignedAWSConnection):
    """Route53's REST API, SigV4-signed for service "route53" in us-east-1."""

    host = API_HOST
    responseCls = Route53DNSResponse
    service_name = "route53"
    region_name = SIGNING_REGION
    #: The API version in every request path (and the namespace of request bodies).
    api_version = API_VERSION

    @property
    def api_root(self) -> str:
        """The path prefix of every request: ``/<api_version>/``."""
        return "/%s/" % (self.api_version,)

    @property
    def namespace(self) -> str:
        """The XML namespace of request bodies for :attr:`api_version`."""
        return _NAMESPACE_FORMAT % (self.api_version,)


def dns_error_for(exc: BaseException, driver: Any, zone_id: Any = None,
                  record_id: Any = None) -> Optional[BaseException]:
    """The DNS exception for a failed Route53 request, or ``None`` to keep ``exc``."""
    if not isinstance(exc, AWSAPIError):
        return None
    code, message = exc.error_code, exc.error_message or exc.error_code
    if code in _ZONE_MISSING:
        return ZoneDoesNotExistError(value=message, driver=driver, zone_id=zone_id)
    if code in _ZONE_EXISTS:
        return ZoneAlreadyExistsError(value=message, driver=driver, zone_id=zone_id)
    if code == "InvalidChangeBatch":
        lowered = message.lower()
        if any(word in lowered for word in _EXISTS_WORDS):
            return RecordAlreadyExistsError(value=message, driver=driver, record_id=record_id)
        if any(word in lowered for word in _NOT_FOUND_WORDS):
            return RecordDoesNotExistError(value=message, driver=driver, record_id=record_id)
        return InvalidChangeBatch(value=message, driver=driver)
    return None
