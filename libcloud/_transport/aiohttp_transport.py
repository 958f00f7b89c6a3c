"""The async transport: one pooled ``aiohttp.ClientSession`` per connection and event loop.

It applies the same settings as the sync transport (timeouts on every request,
streaming included; explicit proxy beats the environment; ``no_proxy``; TLS
verification and CA bundle; redirects) and maps aiohttp's errors to the same
libcloud exceptions.  Responses are returned as ``requests.Response`` objects,
so every ``Response`` class written for the sync API parses them unchanged.
"""

from __future__ import annotations

import asyncio
import io
import ssl
from typing import Any, AsyncIterator, Dict, Iterable, Optional, Union, cast
from urllib.parse import urlsplit
from urllib.request import getproxies_environment
from urllib.request import proxy_bypass_environment  # type: ignore[attr-defined]  # public since 3.3, not in typeshed

import requests
from requests.structures import CaseInsensitiveDict

from libcloud._core import debug
from libcloud._transport import redirects
from libcloud.common.exceptions import (
    LibcloudConnectionError,
    LibcloudTimeoutError,
    ProxyConnectionError,
    SSLVerificationError,
)

__all__ = ["AiohttpTransport", "AsyncStreamedResponse", "aiohttp_available"]

_POOL_LIMIT = 64


def aiohttp_available() -> bool:
    """Whether the ``async`` extra (aiohttp) is installed."""
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return False
    return True


def _require_aiohttp() -> Any:
    try:
        import aiohttp
    except ImportError as exc:
        raise ImportError(
            "The asyncio API needs aiohttp: pip install 'libcloud-ng[async]'"
        ) from exc
    return aiohttp


def _environment_proxy(url: str, proxies: Dict[str, str]) -> Optional[str]:
    """The proxy ``proxies`` (read from the environment) give for ``url``, unless ``no_proxy`` excludes it."""
    parts = urlsplit(url)
    proxy = proxies.get(parts.scheme)
    if not proxy or proxy_bypass_environment(parts.netloc, proxies):
        return None
    return proxy


class AsyncStreamedResponse(requests.Response):
    """A ``requests.Response`` whose body is still on the wire (read with ``read_async``)."""

    def __init__(self) -> None:
        super().__init__()
        self._aio_response: Any = None
        self._host = ""
        self._timeout: Optional[float] = None

    async def read_async(self, size: int) -> bytes:
        """Up to ``size`` bytes of the body (b"" at the end, which releases the connection)."""
        content = self._aio_response.content
        if content.at_eof():  # a small body came whole with the head: no await, no error mapping
            self._aio_response.release()
            return b""
        with map_aiohttp_errors(self._host, self._timeout, "download"):
            data: bytes = await content.read(size)
        if not data:
            self._aio_response.release()
        return data

    def close(self) -> None:
        if self._aio_response is not None:
            self._aio_response.close()


def _to_requests_response(aio_response: Any, body: Optional[bytes], method: str) -> requests.Response:
    response: requests.Response = AsyncStreamedResponse() if body is None else requests.Response()
    response.status_code = aio_response.status
    response.reason = aio_response.reason or ""
    response.headers = CaseInsensitiveDict(aio_response.headers)
    response.url = str(aio_response.url)
    response.encoding = aio_response.charset
    # A bare PreparedRequest: Request.prepare() re-parses the URL and builds a cookie jar.
    request = requests.PreparedRequest()
    request.method = method
    request.url = str(aio_response.request_info.url)
    request.headers = CaseInsensitiveDict(aio_response.request_info.headers)
    response.request = request
    if body is not None:
        response._content = body
        response._content_consumed = True
    return response


class map_aiohttp_errors:  # noqa: N801 - used like the function it was: ``with map_aiohttp_errors(...)``
    """Translate aiohttp/asyncio errors raised in the block into libcloud exceptions.

    A class rather than a ``@contextmanager`` generator: it wraps every request
    and every streamed read, and a generator-based one costs a generator per use.
    """

    __slots__ = ("host", "timeout", "phase")

    def __init__(self, host: str, timeout: Any, phase: str = "request") -> None:
        self.host = host
        self.timeout = timeout
        self.phase = phase

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: Any, traceback: Any) -> None:
        # Anything not mapped (CancelledError included) propagates unchanged.
        if exc is not None and not isinstance(exc, asyncio.CancelledError):
            _raise_mapped(exc, self.host, self.timeout, self.phase)


def _raise_mapped(exc: BaseException, host: str, timeout: Any, phase: str) -> None:
    """Raise the libcloud exception for an aiohttp/asyncio error ``exc`` (return for anything else)."""
    aiohttp = _require_aiohttp()
    if isinstance(exc, (aiohttp.ClientConnectorCertificateError, aiohttp.ClientSSLError)):
        from libcloud.security import SSL_VERIFICATION_FAILED_MSG

        raise SSLVerificationError(SSL_VERIFICATION_FAILED_MSG % {"host": host, "reason": str(exc)[:200]}) from exc
    if isinstance(exc, aiohttp.ClientProxyConnectionError):
        raise ProxyConnectionError(
            "Could not reach %s through the configured HTTP proxy: %s. Check proxy_url / set_http_proxy() or "
            "the http_proxy/https_proxy environment variables." % (host, exc)
        ) from exc
    if isinstance(exc, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
        raise LibcloudTimeoutError(
            "Timed out after %s seconds waiting for %s during the %s. Raise the driver's timeout= argument if "
            "the provider is slow, or check connectivity." % (timeout, host, phase)
        ) from exc
    if isinstance(exc, (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError)):
        if phase == "request":
            message = "Could not connect to %s: %s. Check the host, port and network." % (host, exc)
        else:
            message = "The connection to %s broke during the %s: %s." % (host, phase, exc)
        raise LibcloudConnectionError(message) from exc


async def _iterate_sync(iterable: Iterable[Any]) -> AsyncIterator[bytes]:
    for chunk in iterable:
        yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk


_SLICE = 64 * 1024


async def _iterate_slices(data: Any) -> AsyncIterator[Any]:
    """A large in-memory body in slices, so the loop serves other tasks between writes."""
    view = memoryview(data)
    for start in range(0, len(view), _SLICE):
        yield view[start:start + _SLICE]


def _aio_body(body: Any, headers: Dict[str, str]) -> Any:
    """aiohttp takes bytes, str, form dicts, files and *async* iterables; adapt the rest.

    ``headers`` may gain a Content-Length (a sliced body must not go chunked).
    """
    if isinstance(body, (bytes, bytearray, memoryview)) and len(body) > _SLICE:
        # Written in one go, a large body would hold the loop for the whole copy.
        if not any(k.lower() == "content-length" for k in headers):
            headers["Content-Length"] = str(len(body))
        return _iterate_slices(body)
    if body is None or isinstance(body, (bytes, bytearray, str, dict, io.IOBase)):
        return body
    if hasattr(body, "__aiter__"):
        return body
    if hasattr(body, "__iter__"):
        return _iterate_sync(body)
    if hasattr(body, "read"):  # a file-like object aiohttp does not recognise
        return _iterate_sync(iter(lambda: body.read(1024 * 1024), b""))
    return body


#: In-memory bodies up to this size are sent within the head's deadline (larger ones take their time).
_HEAD_DEADLINE_BODY_LIMIT = 1024 * 1024


def _bounded_head(body: Any) -> bool:
    """Whether the whole exchange up to the response head is bounded by the timeout."""
    return body is None or (isinstance(body, (bytes, bytearray, str)) and len(body) <= _HEAD_DEADLINE_BODY_LIMIT)


class AiohttpTransport:
    """Sends a prepared request with aiohttp, configured like the sync ``LibcloudConnection``."""

    def __init__(self, sync_connection: Any) -> None:
        self.sync = sync_connection
        self._sessions: Dict[int, Any] = {}
        self._env_proxies: Optional[Dict[str, str]] = None

    def _ssl(self) -> Union[bool, ssl.SSLContext]:
        verify = getattr(self.sync, "verification", True)
        if verify is False:
            return False
        context = ssl.create_default_context(cafile=verify if isinstance(verify, str) else None)
        cert = getattr(self.sync.session, "cert", None)
        if cert:
            certfile, keyfile = cert if isinstance(cert, tuple) else (cert, None)
            context.load_cert_chain(certfile, keyfile)
        return context

    async def _session(self) -> Any:
        """This loop's session, created once even when many requests start together."""
        loop = asyncio.get_running_loop()
        pending = self._sessions.get(id(loop))
        if pending is None or (pending.done() and not pending.cancelled() and pending.result().closed):
            pending = loop.create_task(self._new_session())
            self._sessions[id(loop)] = pending
        return await asyncio.shield(pending)

    async def _new_session(self) -> Any:
        aiohttp = _require_aiohttp()
        # Loading a CA bundle takes tens of milliseconds: keep it off the event loop.
        ssl_setting = await asyncio.to_thread(self._ssl)
        connector = aiohttp.TCPConnector(limit=_POOL_LIMIT, ssl=ssl_setting)
        # trust_env would also read ~/.netrc (in a thread, per request) and add Basic
        # auth to signed requests; environment proxies are applied in send() instead.
        return aiohttp.ClientSession(connector=connector, trust_env=False, auto_decompress=True)

    async def send(self, method: str, url: str, body: Any = None, headers: Optional[Dict[str, Any]] = None,
                   stream: bool = False) -> requests.Response:
        """Send one request with aiohttp and return it as a ``requests.Response``."""
        aiohttp = _require_aiohttp()

        headers = {str(k): str(v) for k, v in (headers or {}).items()}
        # aiohttp computes these itself; a stale Host/Content-Length would break the request.
        headers.pop("Host", None)
        full_url = self.sync._full_url(url)
        timeout_s = self.sync._request_timeout()
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=timeout_s, sock_read=timeout_s)
        warn_if_insecure = getattr(self.sync, "warn_if_insecure", None)
        if warn_if_insecure is not None:
            warn_if_insecure(full_url)
        if debug.enabled():
            debug.log_request(method, full_url, headers, body)
        host = self.sync.host or full_url
        with map_aiohttp_errors(host, timeout_s, "request"):
            aio_response = await self._send_following(method, full_url, body, headers, timeout, timeout_s)
            if stream:
                # Without a body the response is an AsyncStreamedResponse.
                streamed = cast(AsyncStreamedResponse, _to_requests_response(aio_response, None, method))
                streamed._aio_response = aio_response
                streamed._host = host
                streamed._timeout = timeout_s
                response: requests.Response = streamed
            else:
                try:
                    content = await aio_response.read()
                finally:
                    aio_response.release()
                response = _to_requests_response(aio_response, content, method)
        if debug.enabled():
            debug.log_response(response.status_code, response.reason, response.headers,
                               None if stream else response.content, streamed=stream)
        return response

    def _proxy_for(self, url: str) -> Optional[str]:
        proxies: Optional[Dict[str, str]] = getattr(self.sync, "_proxies", None)
        if proxies:
            return proxies.get("https" if url.startswith("https") else "http")
        if self._env_proxies is None:
            # Reading the environment costs ~0.5 ms; once per transport is enough.
            self._env_proxies = getproxies_environment()
        return _environment_proxy(url, self._env_proxies)

    async def _send_following(self, method: str, url: str, body: Any, headers: Dict[str, str],
                              timeout: Any, timeout_s: float) -> Any:
        """Send, following redirects ourselves so that the shared redirect policy applies to each hop.

        ``sock_read`` bounds each read only: a server dripping header bytes
        could hold the call forever.  Without a streamed upload to wait for,
        ``timeout_s`` bounds the whole head of each hop.
        """
        session = await self._session()
        follow = bool(getattr(self.sync, "allow_redirects", True))
        https_only = bool(getattr(getattr(self.sync, "session", None), "https_only", False))
        for _hop in range(redirects.MAX_REDIRECTS + 1):
            pending = session.request(
                method, url, data=_aio_body(body, headers), headers=headers, proxy=self._proxy_for(url),
                timeout=timeout, allow_redirects=False,
                skip_auto_headers=("Content-Type",) if "Content-Type" not in headers else (),
            )
            aio_response = await (asyncio.wait_for(pending, timeout_s) if _bounded_head(body) else pending)
            location = aio_response.headers.get("Location")
            if not follow or aio_response.status not in redirects.REDIRECT_STATUSES or not location:
                return aio_response
            aio_response.release()
            target = redirects.redirect_target(url, location, https_only=https_only)
            headers = dict(headers)
            redirects.strip_credentials(url, target, headers)
            new_method = redirects.redirect_method(aio_response.status, method)
            if new_method != method and new_method == "GET":
                body = None
                for name in [n for n in headers if n.lower() in ("content-type", "content-length")]:
                    del headers[name]
            method, url = new_method, target
        raise LibcloudConnectionError("Exceeded %d redirects." % redirects.MAX_REDIRECTS)

    async def aclose(self) -> None:
        """Close every aiohttp session this transport opened."""
        sessions, self._sessions = self._sessions, {}
        for pending in sessions.values():
            try:
                session = await pending
            except Exception:  # it never opened
                continue
            if not session.closed:
                await session.close()

    @property
    def has_open_sessions(self) -> bool:
        """Whether an aiohttp session is still open."""
        return any(p.done() and not p.cancelled() and p.exception() is None and not p.result().closed
                   for p in self._sessions.values())
