"""B2's error answers: ``{"status", "code", "message"}`` mapped to libcloud exceptions by a table.

401s (``bad_auth_token``, ``expired_auth_token``) raise ``InvalidCredsError``,
which makes the token layer authorise again once; every other failure raises
:class:`BackblazeB2Error` carrying B2's ``code``, which the driver turns into
the storage exceptions that name the container or object.
"""

from __future__ import annotations

from typing import Any, Optional

from libcloud.common.rest import ErrorRule, RestResponse
from libcloud.common.types import InvalidCredsError, ProviderError

__all__ = ["BackblazeB2Error", "BackblazeB2Response", "error_code", "UPLOAD_URL_RETRY_CODES"]

#: Answers after which an upload URL must not be used again (B2's "get a new upload URL" cases).
UPLOAD_URL_RETRY_CODES = frozenset({"bad_auth_token", "expired_auth_token", "service_unavailable",
                                    "internal_error", "request_timeout"})


class BackblazeB2Error(ProviderError):
    """An error B2 answered with; ``code`` is B2's error code (``not_found``, ``duplicate_bucket_name``...)."""

    def __init__(self, value: Any, http_code: int, driver: Any = None, code: Optional[str] = None) -> None:
        super().__init__(value, http_code, driver=driver)
        self.code = code

    @classmethod
    def from_response(cls, message: str, response: RestResponse) -> "BackblazeB2Error":
        """Build the error from a failed answer (keeps B2's code)."""
        codes = response.error_codes(response.error_document())
        code = next((c for c in codes if isinstance(c, str)), None)
        return cls(message, int(response.status), driver=getattr(response.connection, "driver", None), code=code)


def error_code(error: BaseException) -> Optional[str]:
    """B2's error code of ``error`` (``None`` for errors that did not come from B2)."""
    return getattr(error, "code", None) if isinstance(error, BackblazeB2Error) else None


class BackblazeB2Response(RestResponse):
    """A B2 JSON answer; failures are mapped by :attr:`error_rules`."""

    # B2 answers 401 for a bad or expired token and 403 for a capability the key lacks.
    error_rules = (ErrorRule(InvalidCredsError, status=401),)
    auth_statuses = (401,)
    default_error = BackblazeB2Error
