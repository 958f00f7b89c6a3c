"""Which failures of one attempt are worth another, and whether its body can go again.

Used by the request flow: an error qualifies when it is a network hiccup (our
transport errors, or what a transport with upstream's ``request()`` API raises:
``socket`` errors, a TLS read timeout, a rate limit), never a failed
certificate check; a body qualifies when it is replayable or nothing was read
from it yet.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from typing import Any, Tuple, Type

import requests

from libcloud._core.request import body_is_replayable
from libcloud.common.exceptions import (
    LibcloudConnectionError,
    LibcloudTimeoutError,
    RateLimitReachedError,
    SSLVerificationError,
)
from libcloud.utils.retry import TRANSIENT_SSL_ERROR

__all__ = ["is_transient_error", "can_resend"]

#: Errors a transport using upstream's ``request()`` API may raise that are worth a retry.
_TRANSIENT_BUILTIN_ERRORS: Tuple[Type[BaseException], ...] = (
    socket.gaierror,
    ConnectionError,
    TimeoutError,
    http.client.NotConnected,
    http.client.ImproperConnectionState,
    requests.exceptions.ConnectionError,
    requests.exceptions.Timeout,
)


def is_transient_error(exc: BaseException) -> bool:
    """Whether a failed send is worth repeating (never a failed certificate check)."""
    if isinstance(exc, SSLVerificationError):
        return False
    if isinstance(exc, (LibcloudConnectionError, LibcloudTimeoutError, RateLimitReachedError)):
        return True
    if isinstance(exc, ssl.SSLError):
        return TRANSIENT_SSL_ERROR in str(exc)
    return isinstance(exc, _TRANSIENT_BUILTIN_ERRORS)


def can_resend(body: Any) -> bool:
    """Whether ``body`` can be sent again: replayable, or a stream nothing was read from yet."""
    return body_is_replayable(body) or getattr(body, "bytes_read", None) == 0
