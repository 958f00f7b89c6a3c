"""Request authentication: one interface that receives the whole prepared request.

Every way a provider authenticates - AWS SigV4 and SigV2, Azure Shared Key,
a bearer token, a static API-key header - is a :class:`RequestAuth`: its
``sign(request)`` gets the :class:`~libcloud._core.request.PreparedRequest`
exactly as it will be sent (method, URL with query, headers, encoded body)
and returns it signed.  ``Connection.prepare_request`` calls it last, after
every upstream hook, so nothing changes the request after it was signed and
the body is encoded once: a signer hashes the very bytes that go out.

Signers keep no per-request state of their own (no thread-local stash): one
connection signs requests from many threads and tasks at once.
"""

from __future__ import annotations

import hashlib
from typing import Callable, Dict, Mapping, Optional, Protocol, runtime_checkable

from libcloud._core.request import PreparedRequest

__all__ = [
    "RequestAuth",
    "HeaderAuth",
    "BearerTokenAuth",
    "UNSIGNED_PAYLOAD",
    "body_bytes",
    "body_sha256",
]

#: What AWS-style signers put in place of the hash of a body that cannot be hashed up front (a stream).
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"


@runtime_checkable
class RequestAuth(Protocol):
    """Signs a prepared request: adds headers or query parameters, returns the request to send."""

    def sign(self, request: PreparedRequest) -> PreparedRequest:
        """Return ``request`` signed (the same object, changed in place, or a new one)."""
        ...


def body_bytes(body: object) -> Optional[bytes]:
    """The bytes of an in-memory body (``b""`` for none); ``None`` for a stream, which hashing would consume."""
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    return None


def body_sha256(request: PreparedRequest) -> str:
    """The hex SHA-256 of the request's body, or :data:`UNSIGNED_PAYLOAD` for a stream.

    A hash the caller computed already (an ``x-amz-content-sha256`` header, set
    while a file was read for upload) wins, so a body is never read twice.
    """
    for name, value in request.headers.items():
        if name.lower() == "x-amz-content-sha256":
            return str(value)
    data = body_bytes(request.body)
    return UNSIGNED_PAYLOAD if data is None else hashlib.sha256(data).hexdigest()


class HeaderAuth:
    """Static headers (an API key, a fixed token): the simplest :class:`RequestAuth`."""

    def __init__(self, headers: Mapping[str, str]) -> None:
        self.headers: Dict[str, str] = dict(headers)

    def sign(self, request: PreparedRequest) -> PreparedRequest:
        """Add the headers to ``request``."""
        request.headers.update(self.headers)
        return request

    def __repr__(self) -> str:
        # The values are secrets: only the names are shown.
        return "HeaderAuth(%s)" % ", ".join(sorted(self.headers))


class BearerTokenAuth:
    """``Authorization: <scheme> <token>`` from a callable that returns the current token (or ``None``).

    The callable reads a cache (a ``TokenCredential``'s current token): the
    refresh itself is a flow that ran before the request was prepared, so
    signing never does I/O.
    """

    def __init__(self, current_token: Callable[[], Optional[str]], scheme: str = "Bearer") -> None:
        self.current_token = current_token
        self.scheme = scheme

    def sign(self, request: PreparedRequest) -> PreparedRequest:
        """Add the ``Authorization`` header when a token is held."""
        token = self.current_token()
        if token:
            request.headers["Authorization"] = "%s %s" % (self.scheme, token) if self.scheme else token
        return request
