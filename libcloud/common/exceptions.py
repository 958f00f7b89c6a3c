"""HTTP-level errors (upstream's ``BaseHTTPError`` family) and transport errors.

``BaseHTTPError`` and ``RateLimitReachedError`` keep upstream's place outside
``LibcloudError``.  The transport errors are new: each is a ``LibcloudError``
*and* the ``requests`` / builtin exception code written for Apache Libcloud
used to catch, so existing ``except`` clauses keep working.
"""

from __future__ import annotations

import email.utils
import ssl
import time
from typing import Any, MutableMapping, Optional

import requests

from libcloud.common.types import LibcloudError, PartialFailureError

__all__ = [
    "invalid_region_error",
    "BaseHTTPError",
    "RateLimitReachedError",
    "exception_from_message",
    "PartialFailureError",
    "LibcloudConnectionError",
    "LibcloudTimeoutError",
    "LibcloudReadTimeoutError",
    "LibcloudConnectTimeoutError",
    "SSLVerificationError",
    "ProxyConnectionError",
]


class BaseHTTPError(Exception):
    """A provider answered with an HTTP error that no driver mapped further."""

    def __init__(self, code: int, message: Any, headers: Optional[MutableMapping[str, str]] = None) -> None:
        self.code = code
        self.message = message
        self.headers = headers
        super().__init__(code, message, headers)

    def __str__(self) -> str:
        return str(self.message)


class RateLimitReachedError(BaseHTTPError):
    """HTTP 429: the provider asks us to slow down (``retry_after`` seconds)."""

    code = 429
    message = "%s Rate limit exceeded" % code

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        headers = kwargs.pop("headers", None)
        self.retry_after = float(_retry_after_seconds(headers) or 0)
        super().__init__(self.code, self.message, headers)


_EXCEPTIONS_BY_CODE = {RateLimitReachedError.code: RateLimitReachedError}


def _retry_after_seconds(headers: Optional[MutableMapping[str, str]]) -> Optional[float]:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not headers:
        return None
    value = None
    for name in ("retry-after", "Retry-After"):
        if name in headers:
            value = headers[name]
            break
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        pass
    try:
        when = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def exception_from_message(code: int, message: Any, headers: Optional[MutableMapping[str, str]] = None) -> BaseHTTPError:
    """Build the exception upstream raises for an unsuccessful default response."""
    if headers and "retry-after" in headers:
        seconds = _retry_after_seconds(headers)
        if seconds is not None:
            headers["retry-after"] = str(int(seconds))
    if isinstance(message, str):
        # The message is usually the error body: keep echoed tokens, signatures and keys out of it.
        from libcloud._core.debug import redact_text

        message = redact_text(message)
    cls = _EXCEPTIONS_BY_CODE.get(code, BaseHTTPError)
    if cls is BaseHTTPError:
        return BaseHTTPError(code, message, headers)
    return cls(code=code, message=message, headers=headers)


class _TransportError(LibcloudError, requests.exceptions.RequestException):
    """A transport failure that is a :class:`LibcloudError` and one of ``requests``' exceptions too."""

    def __init__(self, value: Any, driver: Any = None) -> None:
        requests.exceptions.RequestException.__init__(self, value)
        self.value = value
        self.driver = driver

    def __str__(self) -> str:
        return str(self.value)

    __repr__ = LibcloudError.__repr__


class LibcloudConnectionError(_TransportError, requests.exceptions.ConnectionError):
    """The connection to the provider failed (refused, reset, DNS, cut mid-transfer)."""


class LibcloudTimeoutError(_TransportError, requests.exceptions.Timeout, TimeoutError):
    """A request took longer than its timeout (connecting, or waiting for data)."""


class LibcloudReadTimeoutError(LibcloudTimeoutError, requests.exceptions.ReadTimeout):
    """No data arrived from the provider within the timeout (also ``requests``' ``ReadTimeout``)."""


class LibcloudConnectTimeoutError(LibcloudTimeoutError, requests.exceptions.ConnectTimeout):
    """Connecting to the provider took longer than the timeout (also ``requests``' ``ConnectTimeout``)."""


class SSLVerificationError(_TransportError, requests.exceptions.SSLError, ssl.SSLError):
    """The provider's TLS certificate could not be verified."""


class ProxyConnectionError(LibcloudConnectionError, requests.exceptions.ProxyError):
    """The configured HTTP proxy could not be reached or refused the request."""


def invalid_region_error(region: Any, known: Any, prefix: str = "Invalid region") -> ValueError:
    """The ``ValueError`` for an unknown ``region``: upstream's wording, then the regions to choose from."""
    names = sorted(str(name) for name in known)
    shown = ", ".join(names[:40]) + (", ..." if len(names) > 40 else "")
    return ValueError("%s: %s. Pass region= with one of: %s." % (prefix, region, shown or "(none known)"))
