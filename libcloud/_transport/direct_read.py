"""Reading a streamed ``requests`` body straight into a caller's buffer.

``iter_content`` hands out a freshly allocated ``bytes`` per chunk; for a
download into a file that is one allocation and one more pass over memory
per chunk, about a tenth of a verified download's CPU time.  When the body
comes unencoded from ``http.client`` under urllib3 (the case for every
download this library makes: it asks for ``Accept-Encoding: identity``),
:func:`direct_reader` reads with ``http.client``'s ``readinto`` instead,
into buffers the caller reuses.

urllib3's own accounting (bytes read, bytes remaining) is kept up to date so
that anything reading after us sees a consistent response; at the end of the
body the connection goes back to the pool, as ``iter_content`` would do.  A
body that ends early raises ``ChunkedEncodingError`` like urllib3 does, and
socket errors become the matching ``requests`` exceptions, so the caller maps
all of them with :func:`libcloud._transport.errors.map_requests_errors`.
Anything unusual (another urllib3 layout, an encoded body, bytes already read
through urllib3) gives ``None``: the caller falls back to ``iter_content``.
"""

from __future__ import annotations

import http.client
import socket
from typing import Any, Callable, Optional

import requests

__all__ = ["direct_reader"]

Reader = Callable[[Any], int]


def _unread_through_urllib3(raw: Any) -> bool:
    """Whether urllib3 has not read (or buffered) any of the body yet."""
    if getattr(raw, "_fp_bytes_read", None) != 0:
        return False
    buffered = getattr(raw, "_decoded_buffer", None)
    return buffered is None or len(buffered) == 0


def direct_reader(response: Any) -> Optional[Reader]:
    """A ``readinto(buffer) -> int`` for ``response``'s body (0 at its end), or None if that is not safe."""
    raw = getattr(response, "raw", None)
    fp = getattr(raw, "_fp", None)
    if raw is None or not isinstance(fp, http.client.HTTPResponse) or not hasattr(raw, "release_conn"):
        return None
    encoding = str(response.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity" or not _unread_through_urllib3(raw):
        return None

    def readinto(buffer: Any) -> int:
        try:
            count = fp.readinto(buffer)
        except (socket.timeout, TimeoutError) as exc:
            raise requests.exceptions.ReadTimeout(exc) from exc
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise requests.exceptions.ChunkedEncodingError(exc) from exc
        if count:
            raw._fp_bytes_read += count
            if getattr(raw, "length_remaining", None) is not None:
                raw.length_remaining -= count
            return int(count)
        remaining = getattr(raw, "length_remaining", None)
        if remaining:  # http.client reports an early end as the end: say what it is
            raise requests.exceptions.ChunkedEncodingError(
                http.client.IncompleteRead(b"", remaining))
        if fp.isclosed():
            raw.release_conn()  # the whole body was read: the connection can serve the next request
        return 0

    return readinto
