"""Google API errors and the JSON response that raises them.

Google answers errors as ``{"error": {"code": 404, "message": ..., "errors":
[{"reason": "notFound", ...}]}}``; the first ``reason`` picks the exception
class from :data:`REASON_ERRORS`, the message is kept.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple, Type

from libcloud.common.base import JsonResponse
from libcloud.common.types import InvalidCredsError, LibcloudError, ProviderError

__all__ = [
    "GoogleAuthError",
    "GoogleBaseError",
    "InvalidRequestError",
    "JsonParseError",
    "ResourceNotFoundError",
    "QuotaExceededError",
    "ResourceExistsError",
    "ResourceInUseError",
    "GoogleResponse",
    "REASON_ERRORS",
]


class GoogleAuthError(LibcloudError):
    """Authentication with Google failed (bad credentials, unusable key, missing extra)."""

    def __init__(self, value: Any) -> None:
        super().__init__(value)

    def __repr__(self) -> str:
        return repr(self.value)


class GoogleBaseError(ProviderError):
    """An error a Google API reported: ``code`` is Google's reason, ``http_code`` the status."""

    def __init__(self, value: Any, http_code: int, code: Any, driver: Any = None) -> None:
        self.code = code
        super().__init__(value, http_code, driver)


class InvalidRequestError(GoogleBaseError):
    """The request was malformed or refused as invalid."""


class JsonParseError(GoogleBaseError):
    """The answer was not the JSON it should have been."""


class ResourceNotFoundError(GoogleBaseError):
    """The resource does not exist."""


class QuotaExceededError(GoogleBaseError):
    """A quota or rate limit of the project was hit."""


class ResourceExistsError(GoogleBaseError):
    """A resource with that name already exists."""


class ResourceInUseError(GoogleBaseError):
    """The resource is used by another resource and cannot be changed or deleted."""


#: Google's error ``reason`` -> the exception raised for it.
REASON_ERRORS: Dict[str, Type[GoogleBaseError]] = {
    "alreadyExists": ResourceExistsError,
    "resourceInUseByAnotherResource": ResourceInUseError,
    "notFound": ResourceNotFoundError,
    "resourceNotFound": ResourceNotFoundError,
    "quotaExceeded": QuotaExceededError,
    "rateLimitExceeded": QuotaExceededError,
    "userRateLimitExceeded": QuotaExceededError,
    "invalid": InvalidRequestError,
    "badRequest": InvalidRequestError,
    "required": InvalidRequestError,
    "invalidParameter": InvalidRequestError,
    # Compute Engine operations report their errors with these codes.
    "RESOURCE_ALREADY_EXISTS": ResourceExistsError,
    "RESOURCE_NOT_FOUND": ResourceNotFoundError,
    "RESOURCE_IN_USE_BY_ANOTHER_RESOURCE": ResourceInUseError,
    "QUOTA_EXCEEDED": QuotaExceededError,
    # Google's canonical status names (the ``status`` of an error body, Kubernetes Engine's operations).
    "ALREADY_EXISTS": ResourceExistsError,
    "NOT_FOUND": ResourceNotFoundError,
    "RESOURCE_EXHAUSTED": QuotaExceededError,
    "INVALID_ARGUMENT": InvalidRequestError,
}


def error_details(body: Any) -> Tuple[Any, Any]:
    """``(reason code, message)`` of a Google error body (or of an operation's ``error``)."""
    if not isinstance(body, dict):
        return None, body
    error = body.get("error", body)
    if not isinstance(error, dict):
        return None, error
    errors = error.get("errors") or []
    first: Dict[str, Any] = errors[0] if errors and isinstance(errors[0], dict) else {}
    code = first.get("reason") or first.get("code") or error.get("status") or error.get("code")
    message = first.get("message") or error.get("message") or error
    return code, message


def error_for(body: Any, http_code: int, driver: Any = None) -> GoogleBaseError:
    """The exception for a Google error body."""
    code, message = error_details(body)
    cls: Type[GoogleBaseError] = REASON_ERRORS.get(str(code), GoogleBaseError)
    if http_code == 404 and cls is GoogleBaseError:
        cls = ResourceNotFoundError
    return cls(message, http_code, code, driver)


class GoogleResponse(JsonResponse):
    """A Google JSON API answer; errors become the exceptions of :data:`REASON_ERRORS`."""

    def success(self) -> bool:
        return 200 <= int(self.status) < 300 or int(self.status) == 304

    def parse_body(self) -> Any:
        if not self.body:
            return {}
        try:
            return super().parse_body()
        except Exception as exc:
            if self.success():
                raise JsonParseError(self.body, self.status, None) from exc
            return self.body

    def parse_error(self) -> Any:
        try:
            body: Optional[Any] = self.parse_body()
        except Exception:
            body = self.body
        if int(self.status) == 401:
            _, message = error_details(body)
            raise InvalidCredsError(message)
        raise error_for(body, int(self.status), getattr(self.connection, "driver", None))
