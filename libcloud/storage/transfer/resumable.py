"""Resumable (session) uploads with bounded memory, for any provider that reports a persisted offset.

A session upload sends an object as consecutive chunks to one session; the
server says after each chunk how many bytes it has persisted, and after a
failure it can be asked.  :func:`resumable_upload_flow` drives that for a
driver that supplies two flows:

* ``put_chunk(offset, data, total)`` sends ``data`` at ``offset``; ``total``
  is the object's size on the last request (``None`` before it is known);
* ``query(total)`` asks the session how far it got.

Both return a :class:`SessionState`.  Memory stays at one chunk plus one
source read: bytes are kept only until the server has acknowledged them,
and a chunk the server persisted only in part is continued from where it
stopped.  After a transient failure (a dropped connection, 408, 429, 5xx)
the flow sleeps (a ``Sleep`` effect), asks the session for its offset and
goes on from there: nothing is sent twice that the server already has, and
no byte is read twice from the source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

from libcloud._core.flow import Flow, Sleep
from libcloud.common.transient import is_transient_error
from libcloud.common.types import LibcloudError

__all__ = ["SessionState", "resumable_upload_flow", "is_retryable", "RETRY_STATUSES", "SESSION_GRANULARITY"]

#: Every chunk but the last must be a multiple of this (Cloud Storage's rule; others are laxer).
SESSION_GRANULARITY = 256 * 1024

#: HTTP statuses after which a session is asked for its offset and the upload goes on.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass
class SessionState:
    """What the server reported: ``persisted`` bytes so far, or ``done`` with the final ``result``."""

    persisted: int = 0
    done: bool = False
    result: Any = None


def is_retryable(exc: BaseException) -> bool:
    """Whether a failed session request is worth resuming: a transport failure or a retryable status."""
    if is_transient_error(exc):
        return True
    return getattr(exc, "http_code", None) in RETRY_STATUSES


def _delay(failure: int, base: float, cap: float = 30.0) -> float:
    return float(min(cap, base * (2 ** (failure - 1))))


def resumable_upload_flow(
    chunks: Iterable[bytes],
    chunk_size: int,
    put_chunk: Callable[[int, bytes, Optional[int]], Flow[SessionState]],
    query: Callable[[Optional[int]], Flow[SessionState]],
    *,
    max_failures: int = 5,
    backoff: float = 1.0,
    driver: Any = None,
) -> Flow[Any]:
    """Send ``chunks`` through a session in requests of ``chunk_size`` bytes; returns the final ``result``.

    ``max_failures`` consecutive failures without progress end the upload
    with the last error; any acknowledged progress resets the count.
    """
    if chunk_size <= 0 or chunk_size % SESSION_GRANULARITY:
        raise ValueError("chunk_size must be a positive multiple of %d bytes" % SESSION_GRANULARITY)
    source = iter(chunks)
    pending = bytearray()  # bytes from ``offset`` on that the server has not acknowledged yet
    offset = 0
    eof = False
    failures = 0
    while True:
        while not eof and len(pending) <= chunk_size:  # one byte more than a chunk tells whether it is the last
            piece = next(source, None)
            if piece is None:
                eof = True
            else:
                pending += piece
                del piece
        last = eof and len(pending) <= chunk_size
        data = bytes(pending) if last else bytes(pending[:chunk_size])
        total = offset + len(data) if last else None
        try:
            state = yield from put_chunk(offset, data, total)
        except GeneratorExit:
            raise
        except Exception as exc:
            if not is_retryable(exc):
                raise
            failures += 1
            if failures >= max_failures:
                raise
            state = yield from _query_flow(query, total, failures, max_failures, backoff)
        del data
        if state.done:
            return state.result
        sent_end = offset + len(pending) if last else offset + min(chunk_size, len(pending))
        if state.persisted < offset or state.persisted > sent_end:
            raise LibcloudError("The upload session reports %d bytes stored, but %d were sent and %d acknowledged "
                                "before: it cannot be resumed" % (state.persisted, sent_end, offset), driver=driver)
        if state.persisted > offset:
            failures = 0
            del pending[:state.persisted - offset]
            offset = state.persisted
        else:  # nothing taken: the same bytes go again, but not forever
            failures += 1
            if failures >= max_failures:
                raise LibcloudError("The upload session stopped at %d bytes" % (offset,), driver=driver)


def _query_flow(query: Callable[[Optional[int]], Flow[SessionState]], total: Optional[int], failures: int,
                max_failures: int, backoff: float) -> Flow[SessionState]:
    """Wait, then ask the session for its offset (itself retried while the failures last)."""
    while True:
        yield Sleep(_delay(failures, backoff))
        try:
            return (yield from query(total))
        except GeneratorExit:
            raise
        except Exception as exc:
            failures += 1
            if not is_retryable(exc) or failures >= max_failures:
                raise
