"""Vultr API plumbing shared by the compute and DNS drivers, on :mod:`libcloud.common.rest`.

* API v2 (``api.vultr.com/v2``, the default): ``Authorization: Bearer <key>``,
  JSON bodies, errors as ``{"error": "...", "status": N}``, listings paged by
  a cursor (``meta.links.next`` sent back as ``?cursor=``).
* API v1 (``api.vultr.com/v1``, kept for code written against it): the key in
  an ``API-Key`` header (only on the calls that need it), form-encoded POST
  bodies, plain-text errors, HTTP 503 for "rate limit reached".

Both connections derive from :class:`VultrConnectionBase`, the class the
driver factories name, so a transport set there reaches either version.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple, Type
from urllib.parse import urlencode

from libcloud._core.request import PreparedRequest
from libcloud.common.rest import ErrorRule, Paging, RestConnection, RestResponse
from libcloud.common.types import InvalidCredsError, ProviderError, ServiceUnavailableError

__all__ = [
    "API_HOST",
    "DEFAULT_API_VERSION",
    "SUPPORTED_API_VERSIONS",
    "VultrException",
    "VultrInvalidCredsError",
    "VultrResponse",
    "VultrResponseV2",
    "VultrConnectionBase",
    "VultrConnection",
    "VultrConnectionV2",
    "PER_PAGE",
    "cursor_paging",
    "check_api_version",
    "VultrVersionedDriver",
]

API_HOST = "api.vultr.com"
DEFAULT_API_VERSION = "2"
SUPPORTED_API_VERSIONS = ("1", "2")
#: Items asked for per page of a v2 listing (Vultr allows up to 500).
PER_PAGE = 100


def check_api_version(api_version: Any) -> str:
    """``api_version`` as ``"1"`` or ``"2"`` (``None`` is the default); ``NotImplementedError`` otherwise."""
    version = DEFAULT_API_VERSION if api_version is None else str(api_version).lstrip("v")
    if version not in SUPPORTED_API_VERSIONS:
        raise NotImplementedError("No Vultr driver for API version %s (supported: %s)"
                                  % (api_version, ", ".join(SUPPORTED_API_VERSIONS)))
    return version


class VultrVersionedDriver:
    """Mixin of the classes users name (``VultrNodeDriver``, ``VultrDNSDriver``): they build the
    driver of the API version asked for.

    The named class holds a ``_versions`` table; each subclass that sets
    ``vultr_api_version`` registers itself there, so the factory imports none
    of them.
    """

    #: The API version a subclass implements (``"1"``, ``"2"``).
    vultr_api_version: Optional[str] = None
    _versions: Dict[str, Any] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        version = cls.__dict__.get("vultr_api_version")
        if version:
            cls._versions[version] = cls

    def __new__(cls, key: Any = None, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                port: Optional[int] = None, api_version: Optional[str] = None, *args: Any, **kwargs: Any) -> Any:
        if "_versions" in cls.__dict__:  # the class users name: pick the version's class
            cls = cls._versions[check_api_version(api_version)]
        return super().__new__(cls)


class VultrException(ProviderError):
    """A failed Vultr API call: ``code`` is the HTTP status, ``message`` Vultr's error text."""

    def __init__(self, code: int, message: Any, driver: Any = None) -> None:
        ProviderError.__init__(self, message, http_code=int(code), driver=driver)
        self.code = int(code)
        self.message = message

    @classmethod
    def from_response(cls, message: str, response: Any) -> "VultrException":
        """The exception for a failed answer (used by the response's error table)."""
        return cls(int(response.status), message, driver=getattr(response.connection, "driver", None))

    def __str__(self) -> str:
        return "%s %s" % (self.code, self.message)

    def __repr__(self) -> str:
        return "<VultrException in %s: %s>" % (self.code, self.message)


class VultrInvalidCredsError(VultrException, InvalidCredsError):
    """Vultr refused the API key: both a :class:`VultrException` (as upstream) and an ``InvalidCredsError``."""


_AUTH_RULE = ErrorRule(VultrInvalidCredsError, status=(401, 403))


def _unavailable(message: str, response: Any) -> ServiceUnavailableError:
    """v1 answers 503 when the rate limit is reached (after the connection's retries)."""
    return ServiceUnavailableError(message, driver=getattr(response.connection, "driver", None))


class VultrResponseV2(RestResponse):
    """An API v2 answer: failures raise :class:`VultrException` (401/403 :class:`VultrInvalidCredsError`).

    A 429 is left to the connection, which retries it after ``Retry-After``.
    """

    valid_response_codes = [200, 201, 202, 204]
    ok_statuses = valid_response_codes
    error_rules = (_AUTH_RULE,)
    default_error = VultrException

    def parse_body(self) -> Any:
        # 204 answers (actions, deletes) carry no body.
        if not self.body:
            return {}
        return super().parse_body()


class VultrResponse(RestResponse):
    """An API v1 answer: plain-text errors; 503 is Vultr's "rate limit reached" (``ServiceUnavailableError``)."""

    valid_response_codes = [200]
    ok_statuses = valid_response_codes
    error_rules = (_AUTH_RULE, ErrorRule(_unavailable, status=503))
    default_error = VultrException

    def parse_body(self) -> Any:
        if not self.body or not self.body.strip():
            return {}
        return super().parse_body()


class VultrConnectionBase(RestConnection):
    """What both API versions share: the host; the driver factories name this class."""

    host = API_HOST
    responseCls: Type[RestResponse] = VultrResponseV2


class VultrConnectionV2(VultrConnectionBase):
    """A connection to Vultr API v2 with a bearer API key."""

    responseCls = VultrResponseV2


class VultrConnection(VultrConnectionBase):
    """A connection to Vultr API v1: ``API-Key`` header on private calls, form-encoded bodies."""

    responseCls = VultrResponse
    auth_header = None
    content_type = "application/x-www-form-urlencoded"
    #: v1 calls that answer without a key (the public catalogue).
    PUBLIC_ACTIONS: Tuple[str, ...] = ("/v1/regions/list", "/v1/os/list", "/v1/plans/list",
                                      "/v1/regions/availability", "/v1/app/list")

    def require_api_key(self, action: Optional[str] = None) -> bool:
        """Whether ``action`` (by default the last request's) needs the API key."""
        path = str(action if action is not None else getattr(self, "action", "") or "").split("?")[0]
        return path not in self.PUBLIC_ACTIONS

    def auth_headers(self) -> Dict[str, str]:
        # Added per request in sign_request, which sees the request's own path (the shared
        # connection's last action may belong to another thread's request).
        return {}

    def sign_request(self, request: PreparedRequest) -> PreparedRequest:
        # The key only goes where it is needed (upstream's behaviour, and one less copy on the wire).
        if self.require_api_key(request.action):
            request.headers["API-Key"] = str(self.key)
        return super().sign_request(request)

    def encode_data(self, data: Any) -> Any:
        if isinstance(data, dict):
            return urlencode({k: v for k, v in data.items() if v is not None}, doseq=True)
        return data


def cursor_paging(items: str, per_page: int = PER_PAGE) -> Paging:
    """How a v2 listing pages: items under ``items``; ``meta.links.next`` sent back as ``?cursor=``."""
    return Paging.marker(items, "meta.links.next", param="cursor", size_param="per_page", size=per_page)
