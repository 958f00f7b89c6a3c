"""One table from AWS error codes to libcloud exceptions, shared by EC2, S3 and Route53."""

from __future__ import annotations

from typing import Any, Callable, Dict, Mapping, Optional

from libcloud.common.exceptions import BaseHTTPError, RateLimitReachedError
from libcloud.common.types import InvalidCredsError, LibcloudError, ServiceUnavailableError

__all__ = ["AWSAPIError", "ERROR_TABLE", "AUTH_CODES", "THROTTLING_CODES", "exception_for"]

#: The credentials are wrong, expired or not allowed to sign at all.
AUTH_CODES = frozenset({
    "AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException",
    "InvalidAccessKeyId", "IncompleteSignature", "MissingAuthenticationToken", "InvalidToken",
    "ExpiredToken", "ExpiredTokenException", "RequestExpired", "OptInRequired", "InvalidSecurity",
})

#: The request was refused because of its rate; it was not executed and can be sent again.
THROTTLING_CODES = frozenset({
    "RequestLimitExceeded", "Throttling", "ThrottlingException", "ThrottledException", "SlowDown",
    "TooManyRequestsException", "RequestThrottled", "RequestThrottledException",
    "ProvisionedThroughputExceededException", "EC2ThrottledException", "PriorRequestNotComplete",
    "BandwidthLimitExceeded",
})

_UNAVAILABLE_CODES = frozenset({"ServiceUnavailable", "Unavailable", "ServiceUnavailableException"})


class AWSAPIError(BaseHTTPError):
    """An AWS error no more specific libcloud exception covers.

    A ``BaseHTTPError`` (``code`` is the HTTP status, as upstream) that also
    carries the AWS ``error_code``, its ``error_message`` and the ``request_id``.
    """

    def __init__(self, code: int, error_code: str, error_message: str, headers: Optional[Dict[str, str]] = None,
                 request_id: Optional[str] = None) -> None:
        super().__init__(code, "%s: %s" % (error_code, error_message), headers)
        self.error_code = error_code
        self.error_message = error_message
        self.request_id = request_id


def _auth(status: int, code: str, message: str, driver: Any, headers: Any) -> Exception:
    return InvalidCredsError("%s: %s" % (code, message), driver=driver)


def _throttled(status: int, code: str, message: str, driver: Any, headers: Any) -> Exception:
    error = RateLimitReachedError(headers=dict(headers or {}))
    error.message = "%s: %s" % (code, message)
    return error


def _unavailable(status: int, code: str, message: str, driver: Any, headers: Any) -> Exception:
    return ServiceUnavailableError("%s: %s" % (code, message), driver=driver)


ExceptionFactory = Callable[[int, str, str, Any, Any], Exception]

ERROR_TABLE: Dict[str, ExceptionFactory] = {}
ERROR_TABLE.update({code: _auth for code in AUTH_CODES})
ERROR_TABLE.update({code: _throttled for code in THROTTLING_CODES})
ERROR_TABLE.update({code: _unavailable for code in _UNAVAILABLE_CODES})


def exception_for(status: int, code: Optional[str], message: Optional[str], driver: Any = None,
                  headers: Optional[Mapping[str, str]] = None, request_id: Optional[str] = None,
                  extra: Optional[Mapping[str, ExceptionFactory]] = None) -> Exception:
    """The exception for one AWS error; ``extra`` (service-specific codes) wins over the table."""
    code = code or ""
    message = message or ""
    factory = (extra or {}).get(code) or ERROR_TABLE.get(code)
    if factory is not None:
        return factory(status, code, message, driver, headers)
    if not code:
        if status in (401, 403):
            return InvalidCredsError(message or "HTTP %d" % status, driver=driver)
        if status == 429:
            return _throttled(status, "TooManyRequests", message, driver, headers)
    if status < 400:
        return LibcloudError("%s: %s" % (code, message), driver=driver)
    return AWSAPIError(status, code or "HTTP%d" % status, message, dict(headers or {}), request_id)
