"""Upstream's retry decorators, for third-party code that wraps calls with them.

``Retry(...)(func)`` returns a wrapper that calls ``func`` again on transient
errors until ``timeout`` seconds have passed since the first attempt.  These
classes sleep with ``time.sleep``: libcloud-ng's own drivers retry through the
request flow (``libcloud._core.retry``) instead, which never blocks an event
loop.  The connection's ``retryCls`` is still honoured for compatibility.
"""

from __future__ import annotations

import functools
import http.client
import logging
import socket
import ssl
import time
from typing import Any, Callable, Optional, Sequence, Tuple, Type, TypeVar

from libcloud.common.exceptions import RateLimitReachedError

__all__ = [
    "MinimalRetry",
    "Retry",
    "RetryForeverOnRateLimitError",
    "TransientSSLError",
    "TRANSIENT_SSL_ERROR",
    "DEFAULT_TIMEOUT",
    "DEFAULT_DELAY",
    "DEFAULT_BACKOFF",
    "RETRY_EXCEPTIONS",
]

_logger = logging.getLogger(__name__)
T = TypeVar("T")

#: Text of the ``ssl.SSLError`` raised when a TLS read times out; such errors are retryable.
TRANSIENT_SSL_ERROR = "The read operation timed out"


class TransientSSLError(ssl.SSLError):
    """An ``ssl.SSLError`` that is worth retrying (a read timeout)."""


DEFAULT_TIMEOUT = 30  # seconds from the first attempt after which no retry starts
DEFAULT_DELAY = 1  # seconds before the first retry
DEFAULT_BACKOFF = 1  # multiplier applied to the delay after each retry
# ``socket.error`` is ``OSError``, which covers requests' exceptions and
# libcloud-ng's transport errors too.
RETRY_EXCEPTIONS: Tuple[Type[BaseException], ...] = (
    RateLimitReachedError,
    socket.error,
    socket.gaierror,
    http.client.NotConnected,
    http.client.ImproperConnectionState,
    TransientSSLError,
)


def _now() -> float:
    return time.monotonic()


def _sleep(seconds: float) -> None:
    # Looked up at call time, so code that patches ``time.sleep`` still works.
    time.sleep(seconds)


def _call_translating_ssl(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return func(*args, **kwargs)
    except ssl.SSLError as exc:
        if TRANSIENT_SSL_ERROR in str(exc) and not isinstance(exc, TransientSSLError):
            raise TransientSSLError(*exc.args) from exc
        raise


class MinimalRetry:
    """Retry only rate-limit errors (HTTP 429), honouring their ``retry_after``.

    ``MinimalRetry(timeout=10)(connection.request)(...)`` calls ``request``
    until it succeeds, a non-retryable error is raised, or the next wait would
    end after the deadline (then the last error is raised).
    """

    def __init__(
        self,
        retry_delay: Optional[float] = DEFAULT_DELAY,
        timeout: Optional[float] = DEFAULT_TIMEOUT,
        backoff: Optional[float] = DEFAULT_BACKOFF,
    ) -> None:
        self.retry_delay = DEFAULT_DELAY if retry_delay is None else retry_delay
        self.timeout = max(DEFAULT_TIMEOUT if timeout is None else timeout, 0)
        self.backoff = DEFAULT_BACKOFF if backoff is None else backoff

    #: Whether a rate limit is retried without end, restarting the deadline (the legacy behaviour).
    _rate_limits_restart_deadline = False

    def should_retry(self, exception: BaseException) -> bool:
        """Whether ``exception`` (other than a rate limit) is worth another attempt."""
        return False

    def _wait_before_retry(self, exc: Exception, delay: float) -> Optional[float]:
        """Seconds to sleep before retrying after ``exc``, or None to give up."""
        if isinstance(exc, RateLimitReachedError):
            # retry_after is 0 when the server sent none: do not busy-loop.
            return exc.retry_after or 2
        if self.should_retry(exc):
            return delay
        return None

    def __call__(self, func: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(func)
        def retry_loop(*args: Any, **kwargs: Any) -> T:
            delay = float(self.retry_delay)
            deadline = _now() + self.timeout
            while True:
                try:
                    return _call_translating_ssl(func, *args, **kwargs)
                except Exception as exc:
                    wait = self._wait_before_retry(exc, delay)
                    if wait is None:
                        raise
                    rate_limited = isinstance(exc, RateLimitReachedError)
                    endless = rate_limited and self._rate_limits_restart_deadline
                    # A wait that ends past the deadline could only be followed
                    # by giving up, so give up now instead of sleeping first.
                    if not endless and _now() + wait >= deadline:
                        raise
                    _logger.debug("Retrying %s in %s seconds after: %r", getattr(func, "__name__", func), wait, exc)
                    _sleep(wait)
                    if rate_limited:
                        delay = float(self.retry_delay)  # the server set the pace: start over
                        if endless:
                            deadline = _now() + self.timeout
                    else:
                        delay *= self.backoff

        return retry_loop


class Retry(MinimalRetry):
    """Retry rate limits and any exception that is an instance of ``retry_exceptions``."""

    def __init__(
        self,
        retry_exceptions: Optional[Sequence[Type[BaseException]]] = RETRY_EXCEPTIONS,
        retry_delay: Optional[float] = DEFAULT_DELAY,
        timeout: Optional[float] = DEFAULT_TIMEOUT,
        backoff: Optional[float] = DEFAULT_BACKOFF,
    ) -> None:
        super().__init__(retry_delay=retry_delay, timeout=timeout, backoff=backoff)
        self.retry_exceptions = tuple(RETRY_EXCEPTIONS if retry_exceptions is None else retry_exceptions)

    def should_retry(self, exception: BaseException) -> bool:
        return isinstance(exception, self.retry_exceptions)


class RetryForeverOnRateLimitError(Retry):
    """Legacy behaviour: rate-limit errors are retried without end, each one restarting the deadline.

    Other retryable errors still stop at the deadline.  This can hang forever
    against an API that keeps answering 429; prefer :class:`Retry`.
    """

    _rate_limits_restart_deadline = True
