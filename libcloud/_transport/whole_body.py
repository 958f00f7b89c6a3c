"""Reading a whole (non-streamed) ``requests`` body in one call.

``Response.content`` assembles the body from ``iter_content`` chunks of
10 KiB: for a 300 KiB listing page that is thirty trips through urllib3's
generator, decoder and ``http.client`` layers, about half the CPU time of
receiving the page.  :func:`read_whole_body` asks urllib3 for the rest of
the body at once (it still decodes gzip/deflate and de-chunks) and stores it
where ``Response.content`` keeps it, so everything after sees a normal,
consumed response.

urllib3's exceptions are turned into the ones ``Response.content`` would
raise, so callers map them with
:func:`libcloud._transport.errors.map_requests_errors` as before.  A
response of another shape (a test double, a body already being read) is left
to ``Response.content``.
"""

from __future__ import annotations

from typing import Any

import requests

__all__ = ["read_whole_body"]


def _urllib3_errors() -> Any:
    from urllib3 import exceptions as u3

    return u3


def read_whole_body(response: requests.Response) -> bytes:
    """The body of ``response`` (requested with ``stream=True``), read in one urllib3 call."""
    raw = response.raw
    read = getattr(raw, "read", None)
    # Only a fresh urllib3 response: anything else goes the ordinary way.
    if (response._content is not False or response._content_consumed or read is None
            or getattr(raw, "_fp_bytes_read", None) != 0 or not hasattr(raw, "release_conn")):
        return response.content
    u3 = _urllib3_errors()
    try:
        data = read(decode_content=True)
    except u3.ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    except u3.DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except u3.ReadTimeoutError as exc:
        raise requests.exceptions.ConnectionError(exc) from exc
    except u3.SSLError as exc:
        raise requests.exceptions.SSLError(exc) from exc
    response._content = data or b""
    response._content_consumed = True
    # As after ``Response.content``: the connection goes back to the pool.
    raw.release_conn()
    return response._content
