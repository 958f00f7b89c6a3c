"""Upstream's response classes: ``Response`` parses (and raises) on construction.

Re-exported by :mod:`libcloud.common.base`, their upstream home.
"""

from __future__ import annotations

import json as _json
import socket
import time
import xml.etree.ElementTree as ET
from typing import Any, Callable, Dict, Iterable, Iterator, Mapping, Optional, Tuple

from libcloud.common.exceptions import exception_from_message
from libcloud.common.types import MalformedResponseError, malformed_response_from
from libcloud.http import HttpLibResponseProxy

__all__ = ["LazyObject", "Response", "JsonResponse", "XmlResponse", "RawResponse"]


class LazyObject:
    """A class whose ``lazy()`` classmethod builds one shared instance on first use."""

    @classmethod
    def _proxy(cls, *lazy_init_args: Any, **lazy_init_kwargs: Any) -> Any:
        class Proxy(cls):  # type: ignore[misc, valid-type]  # a base known at run time only
            _lazy_obj = None

            def __init__(self) -> None:
                pass

            def __getattribute__(self, attr: str) -> Any:
                lazy_obj = object.__getattribute__(self, "_get_lazy_obj")()
                return getattr(lazy_obj, attr)

            def __setattr__(self, attr: str, value: Any) -> None:
                lazy_obj = object.__getattribute__(self, "_get_lazy_obj")()
                setattr(lazy_obj, attr, value)

            def _get_lazy_obj(self) -> Any:
                lazy_obj = object.__getattribute__(self, "_lazy_obj")
                if lazy_obj is None:
                    lazy_obj = cls(*lazy_init_args, **lazy_init_kwargs)
                    object.__setattr__(self, "_lazy_obj", lazy_obj)
                return lazy_obj

        return Proxy()

    @classmethod
    def lazy(cls, *lazy_init_args: Any, **lazy_init_kwargs: Any) -> Any:
        """A proxy that builds the instance from these arguments on first attribute access."""
        return cls._proxy(*lazy_init_args, **lazy_init_kwargs)


def _lowercase_keys(headers: Mapping[str, Any]) -> Dict[str, Any]:
    return {str(k).lower(): v for k, v in headers.items()}


def _response_text(response: Any) -> str:
    """The body as text, without requests' slow charset sniffing on large bodies."""
    if getattr(response, "encoding", "unset") is None:
        content = response.content
        if not content:
            return ""
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            return content.decode("latin-1")
    text = response.text
    return text if text is not None else ""


class Response:
    """A parsed response.  Building one raises when ``success()`` is false."""

    status = 200
    headers: Dict[str, Any] = {}
    error: Any = None
    connection: Any = None
    parse_zero_length_body = False

    def __init__(self, response: Any, connection: Any) -> None:
        self.connection = connection
        self.headers = _lowercase_keys(dict(response.headers))
        self.error = response.reason
        self.status = response.status_code
        self.request = response.request
        self.iter_content = response.iter_content
        text = _response_text(response)
        self.body = text.strip() if hasattr(text, "strip") else ""
        if not self.success():
            raise exception_from_message(code=self.status, message=self.parse_error(), headers=self.headers)
        self.object = self.parse_body()

    def parse_body(self) -> Any:
        """Turn the body into the object drivers use (override in subclasses)."""
        return self.body if self.body is not None else ""

    def parse_error(self) -> Any:
        """Turn an error body into a message, or raise a better exception (override)."""
        return self.body

    def parse_failure(self, error: BaseException) -> BaseException:
        """The libcloud error for a parser that failed on this body (see ``flow.advance``)."""
        return malformed_response_from(error, driver=getattr(self.connection, "driver", None))

    def success(self) -> bool:
        """Whether the request succeeded (2xx by default); a false value makes the response raise."""
        return self.status in (200, 201, 202)

    def _decompress_response(self, body: Any, headers: Any) -> Any:  # upstream compat: requests decompresses
        return body


class JsonResponse(Response):
    """A response whose body is JSON."""

    def parse_body(self) -> Any:
        if len(self.body) == 0 and not self.parse_zero_length_body:
            return self.body
        try:
            return _json.loads(self.body)
        except ValueError as exc:
            raise MalformedResponseError(
                "Failed to parse JSON", body=self.body, driver=getattr(self.connection, "driver", None)
            ) from exc

    parse_error = parse_body


class XmlResponse(Response):
    """A response whose body is XML (an ``ElementTree`` element)."""

    def parse_body(self) -> Any:
        if len(self.body) == 0 and not self.parse_zero_length_body:
            return self.body
        try:
            try:
                return ET.XML(self.body)
            except ValueError:
                # Documents with an encoding declaration must be parsed from bytes.
                return ET.XML(self.body.encode("utf-8"))
        except ET.ParseError as exc:
            raise MalformedResponseError(
                "Failed to parse XML", body=self.body, driver=getattr(self.connection, "driver", None)
            ) from exc

    parse_error = parse_body


def _copy_into(buffer: Any, data: bytes) -> int:
    count = len(data)
    buffer[:count] = data
    return count


def _socket_of(http_response: Any) -> Any:
    """The socket under a ``requests`` response of the sync transport (``None`` when there is none)."""
    raw = getattr(http_response, "raw", None)
    sock = getattr(getattr(raw, "_connection", None), "sock", None)
    if sock is None:
        sock = getattr(getattr(getattr(getattr(raw, "_fp", None), "fp", None), "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


class _BodyDeadline:
    """The overall deadline of one streamed body (``Connection.stream_deadline``).

    Checked before each read; and on the sync transport a watchdog shuts the
    socket down at the deadline, so a read blocked on a dripping body (each
    wait shorter than the per-read ``timeout``) ends then too.  Disarmed once
    the body is read or closed, before the connection goes back to the pool.
    """

    def __init__(self, limit: float, connection: Any, http_response: Any) -> None:
        self.limit = float(limit)
        self.connection = connection
        self.ends = time.monotonic() + self.limit
        self.alarm: Any = None
        sock = _socket_of(http_response)
        if sock is not None:
            from libcloud._transport.deadline import WATCHDOG

            # socket.shutdown on the plain socket (an SSL socket's own would unwrap it under the reader)
            self.alarm = WATCHDOG.arm(self.limit, lambda: socket.socket.shutdown(sock, socket.SHUT_RDWR))

    def error(self) -> Exception:
        """The read timeout this deadline raises."""
        from libcloud.common.exceptions import LibcloudReadTimeoutError

        host = getattr(self.connection, "host", None)
        return LibcloudReadTimeoutError(
            "The response body from %s took longer than stream_deadline=%g s in all (the server sends it "
            "too slowly). Raise connection.stream_deadline for large downloads, or set it to None."
            % (host, self.limit), driver=getattr(self.connection, "driver", None))

    def expired(self) -> bool:
        """Whether the deadline has passed (or the watchdog ended a read)."""
        return bool(self.alarm is not None and self.alarm.fired) or time.monotonic() > self.ends

    def check(self) -> None:
        """Raise the read timeout once the deadline has passed."""
        if self.expired():
            self.disarm()
            raise self.error()

    def disarm(self) -> None:
        """Cancel the watchdog (the body is done with)."""
        if self.alarm is not None:
            from libcloud._transport.deadline import WATCHDOG

            WATCHDOG.cancel(self.alarm)

    def read(self, read: Callable[[], Any]) -> Any:
        """``read()``, its failure turned into the read timeout when the deadline ended it."""
        self.check()
        try:
            result = read()
        except Exception as exc:
            if self.expired():
                self.disarm()
                raise self.error() from exc
            raise
        if not result:
            self.disarm()
        return result

    def watch(self, chunks: Iterable[Any]) -> Iterator[Any]:
        """``chunks``, each one read under the deadline."""
        iterator = iter(chunks)
        while True:
            chunk = self.read(lambda: next(iterator, None))
            if chunk is None:
                return
            yield chunk


class RawResponse(Response):
    """A streamed response: the body is not read until asked for."""

    def __init__(self, connection: Any, response: Any = None) -> None:
        self._status: Optional[int] = None
        self._response: Any = None
        self._http_response = response
        self._pending = b""  # bytes a transport handed out beyond the size asked for
        self._headers: Dict[str, Any] = {}
        self._error: Any = None
        self._reason: Any = None
        self._reader: Optional[Tuple[int, Iterator[bytes]]] = None
        self._direct: Any = None  # readinto function, False once the body is read another way
        self.connection = connection
        limit = getattr(connection, "stream_deadline", None)
        self._deadline = _BodyDeadline(limit, connection, response) if limit and response is not None else None
        if response is not None:
            self.headers = _lowercase_keys(dict(response.headers))
            self.error = response.reason
            self.status = response.status_code
            self.request = response.request
            self.iter_content = self._mapped_iter_content
        if not self.success():
            self.parse_error()

    def _mapped_iter_content(self, chunk_size: int = 1, decode_unicode: bool = False) -> Iterator[bytes]:
        conn = getattr(self.connection, "connection", None)
        if conn is not None and hasattr(conn, "iter_body") and not decode_unicode:
            chunks = conn.iter_body(self._http_response, chunk_size)
        else:
            chunks = self._http_response.iter_content(chunk_size, decode_unicode)
        return self._deadline.watch(chunks) if self._deadline else chunks

    def readinto_sync(self, buffer: Any) -> int:
        """Read the next bytes of the body into ``buffer``; how many (0 at the end); used by ``ReadInto``.

        Straight from the socket into ``buffer`` when the transport allows it,
        else through :meth:`read_sync` (one copy more).
        """
        if self._direct is None:
            conn = getattr(self.connection, "connection", None)
            reader = getattr(conn, "body_reader", None)
            direct = reader(self._http_response) if reader is not None and self._reader is None else None
            self._direct = direct or False
        if self._direct:
            if self._deadline:
                return int(self._deadline.read(lambda: self._direct(buffer)))
            return self._direct(buffer)
        return _copy_into(buffer, self.read_sync(len(buffer)))

    async def readinto_async(self, buffer: Any) -> int:
        """The async twin of :meth:`readinto_sync` (the async transport hands out bytes: one copy)."""
        return _copy_into(buffer, await self.read_async(len(buffer)))

    def read_sync(self, size: int) -> bytes:
        """Up to ``size`` bytes of the body (``b""`` at the end); used by the ``Read`` effect."""
        if self._direct:
            raise ValueError("the body is being read with readinto_sync")
        self._direct = False
        if self._pending:
            chunk, self._pending = self._pending, b""
        else:
            if self._reader is None or self._reader[0] != size:
                self._reader = (size, iter(self._mapped_iter_content(size)))
            chunk = next(self._reader[1], b"")
            if isinstance(chunk, str):  # a transport (or a test's mock) that yields text
                chunk = chunk.encode("utf-8")
        if len(chunk) > size:  # a transport that ignores chunk_size: keep the rest for the next read
            chunk, self._pending = chunk[:size], chunk[size:]
        return bytes(chunk)

    async def read_async(self, size: int) -> bytes:
        """Up to ``size`` bytes of the body, for the async runner."""
        reader = getattr(self._http_response, "read_async", None)
        if reader is not None:
            if self._deadline:
                self._deadline.check()
            return await reader(size)
        import asyncio

        # A body from the sync transport (mocks, custom transports): read it off the loop.
        return await asyncio.to_thread(self.read_sync, size)

    def close(self) -> None:
        """Release the HTTP connection of an unread or partly read body."""
        if self._deadline:
            self._deadline.disarm()
        if self._http_response is not None:
            self._http_response.close()

    @property
    def response(self) -> Any:
        """The HTTP response, wrapped with the httplib-style accessors."""
        if not self._response:
            if self._http_response is None:
                self._http_response = self.connection.connection.getresponse()
            self._response = HttpLibResponseProxy(self._http_response)
        return self._response

    @property
    def body(self) -> Any:  # type: ignore[override]  # read on access
        # Reading the body of a raw response means reading it whole.
        """The whole body, read into memory."""
        return self.response.body

    @property
    def reason(self) -> Any:
        """The HTTP reason phrase."""
        if not self._reason:
            self._reason = self.response.reason
        return self._reason
