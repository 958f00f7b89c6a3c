"""Linode API plumbing shared by its drivers.

* API v4: Bearer-token connection, JSON errors, paging (on :mod:`libcloud.common.rest`);
* the legacy API ("v3", ``api.linode.com/?api_action=...``): ``api_key``
  query parameter, answers wrapped as ``{"ERRORARRAY", "ACTION", "DATA"}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Set

from libcloud.common.rest import ErrorRule, Page, Paging, RestConnection, RestResponse, dig
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
    "PAGING_V4",
    "LINODE_DISK_FILESYSTEMS",
    "LINODE_DISK_FILESYSTEMS_V4",
    "LinodeNodeResponseV4",
    "LinodeNodeConnectionV4",
    "LinodeDisk",
    "LinodeIPAddress",
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
#: Filesystems a disk can have (legacy API; v4 adds ``initrd``).
LINODE_DISK_FILESYSTEMS = ("ext3", "ext4", "swap", "raw")
LINODE_DISK_FILESYSTEMS_V4 = ("ext3", "ext4", "swap", "raw", "initrd")

_AUTH_FAILED = 4
_RATE_LIMITED = 14


class LinodeException(LibcloudError):
    """An error answer of the legacy API: ``code`` is its ERRORCODE, ``message`` its ERRORMESSAGE."""

    def __init__(self, code: int, message: Any, driver: Any = None) -> None:
        super().__init__(value=message, driver=driver)
        self.code = code
        self.message = message

    @property
    def error_codes(self) -> List[int]:
        """The ERRORCODE, as a list (the shape DNS error tables match on)."""
        return [self.code]

    def __str__(self) -> str:
        return "(%s) %s" % (self.code, self.message)

    def __repr__(self) -> str:
        return "<LinodeException code %s '%s'>" % (self.code, self.message)


class LinodeResponse(RestResponse):
    """A legacy API answer.  It comes with HTTP 200 even on failure: the errors are in ERRORARRAY.

    ``object`` is the whole envelope; ``errors`` the ``LinodeException`` of each ERRORARRAY entry.
    """

    error_rules = (ErrorRule(InvalidCredsError, codes=_AUTH_FAILED),)

    def __init__(self, response: Any, connection: Any) -> None:
        self.errors: List[LinodeException] = []
        super().__init__(response, connection)

    def success(self) -> bool:
        if not super().success():
            return False
        document = self.error_document()
        entries = document.get("ERRORARRAY") if isinstance(document, dict) else None
        driver = getattr(self.connection, "driver", None)
        self.errors = [LinodeException(int(e.get("ERRORCODE", -1)), e.get("ERRORMESSAGE", ""), driver=driver)
                       for e in entries or []]
        return not self.errors

    def error_message(self, document: Any) -> str:
        return str(self.errors[0].message) if self.errors else ""

    def error_codes(self, document: Any) -> Set[Any]:
        return {self.errors[0].code} if self.errors else set()

    def parse_error(self) -> Any:
        message = super().parse_error()  # raises for the codes of error_rules; the message is redacted
        if self.errors and self.errors[0].code != _RATE_LIMITED:
            first = self.errors[0]
            raise LinodeException(first.code, message, driver=first.driver)
        return message


class LinodeConnection(RestConnection):
    """A connection to the legacy API: every call is ``GET /?api_key=...&api_action=...``."""
    host = API_HOST
    responseCls = LinodeResponse
    auth_header = None
    auth_param = "api_key"
    content_type = None

    def add_default_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        params = super().add_default_params(params)
        params["api_responseFormat"] = "json"
        return params


class LinodeExceptionV4(LibcloudError):
    """An error answer of the v4 API that no driver mapped further."""


class LinodeResponseV4(RestResponse):
    """A Linode API v4 answer; failures raise with Linode's error reasons (``field: reason``)."""
    valid_response_codes = [200, 201, 202, 204]
    ok_statuses = valid_response_codes


class LinodeConnectionV4(RestConnection):
    """A connection to Linode API v4 with a personal access token."""
    host = API_HOST
    responseCls = LinodeResponseV4


class LinodeNodeResponseV4(LinodeResponseV4):
    """A v4 answer for the compute driver: failures other than 401/403/429 raise :class:`LinodeExceptionV4`.

    (The DNS driver keeps :class:`LinodeResponseV4`, whose failures it maps to DNS errors itself.)
    """
    default_error = LinodeExceptionV4


class LinodeNodeConnectionV4(LinodeConnectionV4):
    """The v4 connection of the compute driver (:class:`LinodeNodeResponseV4` answers)."""
    responseCls = LinodeNodeResponseV4


@dataclass(eq=False, repr=False)
class LinodeDisk:
    """A disk of a Linode instance (v4: ``/linode/instances/<id>/disks``); ``size`` in MB."""

    id: Any
    state: Any
    name: Optional[str]
    filesystem: Optional[str]
    driver: Any
    size: Optional[int]
    extra: Optional[Dict[str, Any]] = None

    def __post_init__(self) -> None:
        self.id = str(self.id)
        self.extra = self.extra or {}

    def __repr__(self) -> str:
        return "<LinodeDisk: id=%s, name=%s, state=%s, size=%s, filesystem=%s, driver=%s>" % (
            self.id, self.name, self.state, self.size, self.filesystem, getattr(self.driver, "name", None))


@dataclass(eq=False, repr=False)
class LinodeIPAddress:
    """An IP address of the account or of an instance; ``version`` is ``"ipv4"`` or ``"ipv6"``."""

    inet: str
    public: bool
    version: str
    driver: Any
    extra: Optional[Dict[str, Any]] = None

    def __post_init__(self) -> None:
        self.extra = self.extra or {}

    def __repr__(self) -> str:
        return "<LinodeIPAddress: address=%s, public=%s, version=%s, driver=%s>" % (
            self.inet, self.public, self.version, getattr(self.driver, "name", None))


def _has_next(page: Page) -> bool:
    return int(dig(page.body, "page") or 1) < int(dig(page.body, "pages") or 1)


#: How v4 listings page: ``?page=N`` while ``page`` < ``pages``; items under ``data``.
PAGING_V4 = Paging.page_number("data", _has_next)
