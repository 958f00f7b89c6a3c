"""The upstream connection contract: ``Connection``, ``Response`` and ``BaseDriver``.

``Connection.request()`` keeps Apache Libcloud's signature and hook order
(``morph_action_hook``, ``add_default_params``, ``add_default_headers``,
``encode_data``, ``pre_connect_hook``), which AWS-style signers rely on.  Inside
it is a flow (:meth:`Connection.request_flow`): the hooks prepare a request
without I/O, then the flow yields ``Send`` effects with retries as ``Sleep``
effects, so the same code serves the sync API and the async runner.
"""

from __future__ import annotations

import collections.abc as _abc
import json as _json
import os
import re
import time
from http.client import HTTPResponse
from typing import Any, Dict, List, Mapping, Optional, Tuple, Type
from urllib.parse import urlparse

import requests

from libcloud import _version
from libcloud._core import debug
from libcloud._core.auth import RequestAuth
from libcloud._core.flow import Call, Flow, Send, Sleep, run_sync
from libcloud._core.request import PreparedRequest, url_with_params
from libcloud._core.retry import DEFAULT_POLICY, RetryPolicy, decide, is_idempotent
from libcloud.common.transient import can_resend, is_transient_error
from libcloud.common.exceptions import (  # the transport errors stay importable from here
    LibcloudConnectionError,  # noqa: F401
    LibcloudTimeoutError,  # noqa: F401
    RateLimitReachedError,
    SSLVerificationError,  # noqa: F401
    _retry_after_seconds,
    exception_from_message,  # noqa: F401  (importable from here, as upstream)
)
from libcloud.common.types import LibcloudError, MalformedResponseError  # noqa: F401
from libcloud.http import HttpLibResponseProxy, LibcloudBaseConnection, LibcloudConnection  # noqa: F401
from libcloud.utils.retry import Retry

__all__ = [
    "RETRY_FAILED_HTTP_REQUESTS",
    "ALLOW_PATH_DOUBLE_SLASHES",
    "LazyObject",
    "HTTPResponse",
    "Response",
    "JsonResponse",
    "XmlResponse",
    "RawResponse",
    "Connection",
    "PollingConnection",
    "ConnectionKey",
    "CertificateConnection",
    "KeyCertificateConnection",
    "transport_settings",
    "ConnectionUserAndKey",
    "BaseDriver",
    "request_call",
]

#: Also retry requests that are not idempotent (upstream's opt-in switch).
#: The environment variable LIBCLOUD_RETRY_FAILED_HTTP_REQUESTS does the same.
RETRY_FAILED_HTTP_REQUESTS = False

#: Keep "//" in request paths instead of collapsing it.
ALLOW_PATH_DOUBLE_SLASHES = False


from libcloud.common.responses import (  # noqa: E402  (re-exported: their upstream home is here)
    JsonResponse,
    LazyObject,
    RawResponse,
    Response,
    XmlResponse,
)


def _env_retry_enabled() -> bool:
    return bool(os.environ.get("LIBCLOUD_RETRY_FAILED_HTTP_REQUESTS", ""))


class Connection:
    """A connection to one provider endpoint, with the upstream hooks."""

    conn_class: Type[Any] = LibcloudConnection
    responseCls: Type[Any] = Response
    rawResponseCls: Type[Any] = RawResponse
    retryCls: Any = Retry  # upstream compat; our retries are decided by ``retry_policy``
    connection: Any = None
    host = "127.0.0.1"
    port = 443
    timeout: Optional[float] = None
    secure = 1
    driver: Any = None
    action: Optional[str] = None
    cache_busting = False
    backoff: Optional[float] = None
    retry_delay: Optional[float] = None
    allow_insecure = True
    #: Overrides the retry behaviour derived from ``retry_delay`` / ``backoff`` / ``timeout``.
    retry_policy: Optional[RetryPolicy] = None
    #: Seconds a streamed body (a download) may take in all, from its response head to its last
    #: byte; ``None``: no limit (``timeout`` still bounds each wait for data).  See docs/security.rst.
    stream_deadline: Optional[float] = None
    #: Class-level fallback when a subclass wants ``json=`` bodies encoded differently.
    json_content_type = "application/json"
    #: Signs every prepared request, last (see :mod:`libcloud._core.auth`); ``None``: unsigned.
    auth: Optional[RequestAuth] = None

    @property
    def serial_transport(self) -> bool:
        """True when ``conn_class`` replaces how requests are sent (a test double such as
        ``libcloud.test.MockHttp``, which swaps requests' transport for each call).

        Transfers then send their parts one at a time: such a class need not be thread-safe.
        """
        cls = self.conn_class
        return any(getattr(cls, name, None) is not getattr(LibcloudConnection, name)
                   for name in ("request", "prepared_request"))

    def __init__(
        self,
        secure: bool = True,
        host: Optional[str] = None,
        port: Optional[int] = None,
        url: Optional[str] = None,
        timeout: Optional[float] = None,
        proxy_url: Optional[str] = None,
        retry_delay: Optional[float] = None,
        backoff: Optional[float] = None,
    ) -> None:
        self.secure = secure and 1 or 0
        self.ua: List[str] = []
        self.context: Dict[str, Any] = {}
        if not self.allow_insecure and not secure:
            raise ValueError("Non https connections are not allowed (use secure=True)")
        self.request_path = ""
        if host:
            self.host = host
        if port is not None:
            self.port = port
        else:
            self.port = 443 if self.secure == 1 else 80
        if url:
            (self.host, self.port, self.secure, self.request_path) = self._tuple_from_url(url)
        self.timeout = timeout or self.timeout
        self.retry_delay = retry_delay if retry_delay is not None else self.retry_delay
        self.backoff = backoff if backoff is not None else self.backoff
        self.proxy_url = proxy_url
        self.method: Optional[str] = None
        self.data: Any = None

    # -- set-up ---------------------------------------------------------------------
    def set_http_proxy(self, proxy_url: str) -> None:
        """Send this connection's requests through ``proxy_url`` (beats the environment)."""
        self.proxy_url = proxy_url
        if self.connection is not None:
            self.connection.set_http_proxy(proxy_url=proxy_url)

    def set_context(self, context: Dict[str, Any]) -> None:
        """Attach a dict of request context, used by the response class when it raises errors."""
        if not isinstance(context, dict):
            raise TypeError("context needs to be a dictionary")
        self.context = context

    def reset_context(self) -> None:
        """Forget the request context set with :meth:`set_context`."""
        self.context = {}

    def _tuple_from_url(self, url: str) -> Tuple[str, int, int, str]:
        secure = 1
        port: Optional[int] = None
        parsed = urlparse(url)
        scheme, netloc, request_path = parsed.scheme, parsed.netloc, parsed.path
        if scheme not in ("http", "https"):
            raise LibcloudError("Invalid scheme: %s in url %s" % (scheme, url))
        if scheme == "http":
            secure = 0
        if ":" in netloc:
            netloc, port_text = netloc.rsplit(":", 1)
            port = int(port_text)
        if not port:
            port = 443 if scheme == "https" else 80
        return (netloc, port, secure, request_path)

    def connect(self, host: Optional[str] = None, port: Optional[int] = None, base_url: Optional[str] = None,
                **kwargs: Any) -> Any:
        """Build the transport (no I/O: requests connects on the first request)."""
        secure = self.secure
        own_base_url = getattr(self, "base_url", None)  # set by some subclasses only
        if own_base_url and base_url is None:
            host, port, secure, request_path = self._tuple_from_url(own_base_url)
        elif base_url is not None:
            host, port, secure, request_path = self._tuple_from_url(base_url)
        else:
            host = host or self.host
            port = port or self.port
        conn_kwargs: Dict[str, Any] = {"host": host, "port": int(port)}
        conn_kwargs["secure"] = bool(secure)
        # Certificate settings exist on the certificate connection classes only.
        for name in ("key_file", "cert_file"):
            if getattr(self, name, None):
                conn_kwargs[name] = getattr(self, name)
        ca_cert = getattr(self, "ca_cert", None)
        if ca_cert is not None:
            conn_kwargs["ca_cert"] = ca_cert
        if self.timeout:
            conn_kwargs["timeout"] = self.timeout
        if self.proxy_url:
            conn_kwargs["proxy_url"] = self.proxy_url
        conn_kwargs.update(kwargs)
        connection = self.conn_class(**conn_kwargs)
        self.connection = connection
        return connection

    def _user_agent(self) -> str:
        user_agent_suffix = " ".join(["(%s)" % x for x in self.ua])
        user_agent = "libcloud/%s" % _version.__version__
        if self.driver is not None:
            user_agent += " (%s)" % (getattr(self.driver, "name", None) or type(self.driver).__name__)
        if user_agent_suffix:
            user_agent += " " + user_agent_suffix
        return user_agent

    def user_agent_append(self, token: str) -> None:
        """Add ``token`` to the User-Agent header of every request."""
        self.ua.append(token)

    # -- hooks (override in subclasses; called in this order) ----------------------------
    def morph_action_hook(self, action: str) -> str:
        """Hook: turn an action into the request path (``request_path`` prefix; full URLs pass through)."""
        if action.startswith("http://") or action.startswith("https://"):
            return action
        prefix = self.request_path or ""
        if not action.startswith("/") and not prefix.endswith("/"):
            action = "/" + action
        # Plain concatenation: with ALLOW_PATH_DOUBLE_SLASHES the action's own "//" survive.
        url = prefix + action
        if not url.startswith("/"):
            url = "/" + url
        if not ALLOW_PATH_DOUBLE_SLASHES:
            url = re.sub("/{2,}", "/", url)
        return url

    def add_default_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        """Hook: add query parameters every request carries; returns the params."""
        return params

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        """Hook: add headers every request carries (authentication, content type); returns the headers."""
        return headers

    def pre_connect_hook(self, params: Dict[str, Any], headers: Dict[str, Any]) -> Tuple[Dict[str, Any], Dict[str, Any]]:
        """Hook, last before sending: sign the request; returns ``(params, headers)``."""
        return params, headers

    def encode_data(self, data: Any) -> Any:
        """Hook: encode a request body (e.g. to JSON or XML); returns the encoded body."""
        return data

    def _add_cache_busting_to_params(self, params: Any) -> Any:
        value = os.urandom(8).hex()
        if isinstance(params, dict):
            params["cache-busting"] = value
        else:
            params.append(("cache-busting", value))
        return params

    # -- requests ---------------------------------------------------------------------
    def prepare_request(
        self,
        action: str,
        params: Any = None,
        data: Any = None,
        headers: Optional[Mapping[str, Any]] = None,
        method: str = "GET",
        raw: bool = False,
        stream: Optional[bool] = None,
        json: Any = None,
    ) -> PreparedRequest:
        """Run the hook chain in upstream order and return the request to send (no I/O)."""
        params = dict(params) if isinstance(params, _abc.Mapping) else (list(params) if params else {})
        headers = dict(headers or {})
        if json is not None and data is None:
            data = _json.dumps(json)
            headers.setdefault("Content-Type", self.json_content_type)
        action = self.morph_action_hook(action)
        # Upstream exposes the last request on the connection; kept for compatibility only.
        self.action, self.method, self.data = action, method, data
        context = self.context
        if isinstance(params, dict):
            params = self.add_default_params(params)
        if self.cache_busting and method == "GET":
            params = self._add_cache_busting_to_params(params)
        headers = self.add_default_headers(headers)
        headers.update({"User-Agent": self._user_agent()})
        headers.setdefault("Accept-Encoding", "gzip,deflate")
        port = int(self.port) if self.port else None
        headers.update({"Host": self.host if port in (80, 443, None) else "%s:%d" % (self.host, port)})
        if data:
            data = self.encode_data(data)
        params, headers = self.pre_connect_hook(params, headers)
        request = PreparedRequest(
            method=method, url=self.url_with_params(action, params), headers=headers, body=data, raw=raw,
            stream=_streams(raw, stream), action=action,
            params=params if isinstance(params, dict) else dict(params), context=context,
        )
        return self.sign_request(request)

    @staticmethod
    def url_with_params(action: str, params: Any) -> str:
        """``action`` with ``params`` as its query string (the URL a prepared request carries)."""
        return url_with_params(action, params)

    def sign_request(self, request: PreparedRequest) -> PreparedRequest:
        """Last step of :meth:`prepare_request`: hand the whole request to :attr:`auth` to be signed.

        Subclasses whose signer depends on the request (AWS picks one per
        method) override this; the request they get is final, body encoded.
        """
        auth = self.auth
        return auth.sign(request) if auth is not None else request

    def _make_retry_policy(self) -> RetryPolicy:
        if self.retry_policy is not None:
            return self.retry_policy
        kwargs: Dict[str, Any] = {}
        if self.retry_delay is not None:
            kwargs["base_delay"] = float(self.retry_delay)
        if self.backoff is not None and self.backoff > 1:
            kwargs["multiplier"] = float(self.backoff)
        # The default policy is shared: a new one seeds a new random.Random from the OS (about 25 us a request).
        return RetryPolicy(**kwargs) if kwargs else DEFAULT_POLICY

    def _may_retry(self, request: PreparedRequest, retry_failed: Optional[bool], idempotent: Optional[bool]) -> bool:
        """Whether this request may be repeated at all (its body is checked per attempt by ``_can_resend``)."""
        if retry_failed is False:
            return False
        if retry_failed or RETRY_FAILED_HTTP_REQUESTS or _env_retry_enabled():
            return True
        if idempotent is not None:
            return idempotent
        return is_idempotent(request.method)

    def call(
        self,
        action: str,
        params: Any = None,
        data: Any = None,
        headers: Optional[Mapping[str, Any]] = None,
        method: str = "GET",
        raw: bool = False,
        stream: Optional[bool] = None,
        json: Any = None,
        retry_failed: Optional[bool] = None,
        idempotent: Optional[bool] = None,
    ) -> Call:
        """The effect a driver flow yields: ``response = yield self.connection.call(...)``.

        When ``request`` is overridden (by a subclass, or patched on the instance
        as tests do) the call goes through that ``request`` instead, synchronously.
        """
        description = "%s %s" % (method, action)
        if _request_is_overridden(self):
            kwargs = _request_kwargs(params=params, data=data, headers=headers, method=method, raw=raw,
                                     stream=stream, json=json, retry_failed=retry_failed)
            return Call(_sync_call_flow(self.request, action, kwargs), description=description)
        return Call(
            self.request_flow(action, params, data, headers, method, raw, stream, json, retry_failed, idempotent),
            description=description,
        )

    def request_flow(
        self,
        action: str,
        params: Any = None,
        data: Any = None,
        headers: Optional[Mapping[str, Any]] = None,
        method: str = "GET",
        raw: bool = False,
        stream: Optional[bool] = None,
        json: Any = None,
        retry_failed: Optional[bool] = None,
        idempotent: Optional[bool] = None,
    ) -> Flow[Any]:
        """The flow behind :meth:`request`: prepare, send with retries, parse."""
        try:
            request = self.prepare_request(action, params, data, headers, method, raw, stream, json)
        finally:
            self.reset_context()
        if self.connection is None:
            self.connect()
        may_retry = self._may_retry(request, retry_failed, idempotent)
        policy = self._make_retry_policy()
        started = policy.clock()
        attempt = 0
        while True:
            attempt += 1
            try:
                http_response = yield Send(self, request)
            except Exception as exc:
                if not (may_retry and can_resend(request.body)) or not is_transient_error(exc):
                    raise
                if isinstance(exc, RateLimitReachedError):
                    delay = decide(policy, attempt, policy.clock() - started, status=429,
                                   retry_after=exc.retry_after or None)
                else:
                    delay = decide(policy, attempt, policy.clock() - started, transient_error=True)
                if delay is None:
                    raise
                yield Sleep(delay)
                continue
            status = http_response.status_code
            if may_retry and status in policy.statuses and can_resend(request.body):
                delay = decide(
                    policy, attempt, policy.clock() - started, status=status,
                    retry_after=_retry_after_seconds(http_response.headers),
                )
                if delay is not None:
                    http_response.close()
                    yield Sleep(delay)
                    continue
            try:
                return self._build_response(request, http_response)
            except RateLimitReachedError as exc:
                if not (may_retry and can_resend(request.body)):
                    raise
                delay = decide(policy, attempt, policy.clock() - started, status=429,
                               retry_after=exc.retry_after or None)
                if delay is None:
                    raise
                yield Sleep(delay)

    def _build_response(self, request: PreparedRequest, http_response: Any) -> Any:
        # The request's context is back on the connection while the response class parses
        # (it may read ``connection.context`` to raise a precise error), then it is cleared.
        previous = self.context
        self.context = getattr(request, "context", None) or {}
        try:
            if request.raw:
                return self.rawResponseCls(connection=self, response=http_response)
            return self.responseCls(response=http_response, connection=self)
        finally:
            self.context = previous

    def send_sync(self, request: PreparedRequest) -> Any:
        """Send ``request`` on the sync transport (the ``Send`` effect of the sync runner)."""
        conn = self.connection if self.connection is not None else self.connect()
        if _uses_upstream_request_api(conn):
            # A third-party transport that only implements upstream's request()/getresponse().
            sender = conn.prepared_request if request.raw else conn.request
            # An empty body goes as None, as upstream's drivers send it (mocks echo it back as text).
            body = None if isinstance(request.body, (bytes, bytearray, str)) and not request.body else request.body
            result = sender(method=request.method, url=request.url, body=body,
                            headers=request.headers, stream=request.stream)
            return result if result is not None else conn.getresponse()
        return conn.send(request.method, request.url, body=request.body, headers=request.headers,
                         stream=request.stream)

    async def send_async(self, request: PreparedRequest) -> Any:
        """Send ``request`` on the async transport (the ``Send`` effect of the async runner).

        Transports that only exist in sync form (``MockHttp``, third-party
        connection classes) are driven in a worker thread instead.
        """
        import asyncio

        conn = self.connection if self.connection is not None else self.connect()
        if (_uses_upstream_request_api(conn) or not getattr(conn, "supports_async_transport", False)
                or _requests_is_mocked()):
            return await asyncio.to_thread(self.send_sync, request)
        transport = self.__dict__.get("_async_transport")
        if transport is None or transport.sync is not conn:
            from libcloud._transport.aiohttp_transport import AiohttpTransport

            transport = AiohttpTransport(conn)
            self.__dict__["_async_transport"] = transport
        return await transport.send(request.method, request.url, body=request.body, headers=request.headers,
                                    stream=request.stream)

    async def aclose(self) -> None:
        """Close the async transport's sessions (the sync session stays usable)."""
        transport = self.__dict__.pop("_async_transport", None)
        if transport is not None:
            await transport.aclose()

    async def arequest(
        self,
        action: str,
        params: Any = None,
        data: Any = None,
        headers: Optional[Mapping[str, Any]] = None,
        method: str = "GET",
        raw: bool = False,
        stream: Optional[bool] = None,
        json: Any = None,
        retry_failed: Optional[bool] = None,
    ) -> Any:
        """The async twin of :meth:`request`."""
        from libcloud._core.async_runner import run_async

        return await run_async(self.request_flow(action, params, data, headers, method, raw, stream, json,
                                                 retry_failed))

    def request(
        self,
        action: str,
        params: Any = None,
        data: Any = None,
        headers: Optional[Mapping[str, Any]] = None,
        method: str = "GET",
        raw: bool = False,
        stream: Optional[bool] = None,
        json: Any = None,
        retry_failed: Optional[bool] = None,
    ) -> Any:
        """Send a request and return the parsed ``Response`` (raises on failure)."""
        return run_sync(self.request_flow(action, params, data, headers, method, raw, stream, json, retry_failed))

    def _retryable_request(self, url: str, data: Any, headers: Mapping[str, Any], method: str, raw: bool,
                           stream: bool) -> Any:
        request = PreparedRequest(method=method, url=url, headers=dict(headers), body=data, raw=raw,
                                  stream=_streams(raw, stream))
        return self._build_response(request, self.send_sync(request))


_ORIGINAL_SESSION_SEND = requests.Session.send

def _requests_is_mocked() -> bool:
    """True while requests-mock (or similar) patches requests: then tests expect requests to carry the call."""
    return requests.Session.send is not _ORIGINAL_SESSION_SEND


def _streams(raw: bool, stream: Optional[bool]) -> bool:
    """Whether the response body is streamed: as asked, else for every raw request (downloads)."""
    return bool(raw) if stream is None else bool(stream)


def _request_is_overridden(connection: Any) -> bool:
    """True when ``request`` is not :meth:`Connection.request` (a subclass override or a patch)."""
    if "request" in vars(connection):
        return True
    # Against the function defined here, so a patch of Connection.request itself counts too.
    return getattr(type(connection), "request", None) is not _CONNECTION_REQUEST


def _request_kwargs(**kwargs: Any) -> Dict[str, Any]:
    """The keyword arguments that differ from ``request()``'s defaults (older overrides lack the newer ones)."""
    return {name: value for name, value in kwargs.items()
            if name == "method" or (value is not None and value is not False)}


def _sync_call_flow(request: Any, action: str, kwargs: Dict[str, Any]) -> Flow[Any]:
    """A one-step flow that calls a synchronous ``request`` (an override, or anything with that API)."""
    return request(action, **kwargs)
    yield  # pragma: no cover - makes this a generator


def request_call(connection: Any, action: str, **kwargs: Any) -> Call:
    """The effect that sends ``action`` on ``connection``, for driver flows.

    A :class:`Connection` (or any class with a ``call`` method) builds it with
    ``call``; any other object with upstream's ``request()`` API (a stand-in a
    test put in place, a third-party connection) is called synchronously.
    """
    if isinstance(connection, Connection) or callable(getattr(type(connection), "call", None)):
        return connection.call(action, **kwargs)
    kwargs.pop("idempotent", None)
    return Call(_sync_call_flow(connection.request, action, kwargs), description="%s %s" % (
        kwargs.get("method", "GET"), action))


def _uses_upstream_request_api(conn: Any) -> bool:
    send = getattr(type(conn), "send", None)
    if send is None:
        return True
    if send is not LibcloudConnection.send:
        return False
    klass = type(conn)
    return klass.request is not LibcloudConnection.request or klass.prepared_request is not LibcloudConnection.prepared_request


_CONNECTION_REQUEST = Connection.request


class PollingConnection(Connection):
    """A connection whose operations finish later: start one, then poll until it is done."""

    poll_interval = 0.5
    timeout: Optional[float] = 200
    #: Seconds a job may take; ``None``: ``timeout`` (which is also the socket timeout).
    poll_timeout: Optional[float] = None
    request_method = "request"

    def async_request(self, action: str, params: Any = None, data: Any = None, headers: Any = None,
                      method: str = "GET", context: Any = None) -> Any:
        """Start an operation and poll until ``has_completed`` (upstream name: it blocks)."""
        return run_sync(self.async_request_flow(action, params, data, headers, method, context))

    def async_request_flow(self, action: str, params: Any = None, data: Any = None, headers: Any = None,
                           method: str = "GET", context: Any = None) -> Flow[Any]:
        """Send a request, then poll until :meth:`has_completed` says the job finished; returns the last response."""
        request_kwargs = self.get_request_kwargs(action=action, params=params, data=data, headers=headers,
                                                 method=method, context=context)
        response = yield self._polling_call(request_kwargs)
        poll_kwargs = self.get_poll_request_kwargs(response=response, context=context,
                                                   request_kwargs=request_kwargs)
        started = time.monotonic()
        waited = 0.0  # counts the sleeps too, so the bound holds whatever the clock does
        while True:
            response = yield self._polling_call(poll_kwargs)
            if self.has_completed(response):
                break
            elapsed = max(waited, time.monotonic() - started)
            limit = self.poll_timeout if self.poll_timeout is not None else self.timeout
            if elapsed + self.poll_interval > float(limit or 0):
                raise LibcloudError("Job did not complete in %s seconds" % (limit,), driver=self.driver)
            yield Sleep(self.poll_interval)
            waited += self.poll_interval
        return response

    def _polling_call(self, kwargs: Dict[str, Any]) -> Any:
        if self.request_method == "request":
            return self.call(**kwargs)
        # A subclass names its own (sync) request method: run it as a one-step flow.
        sender = getattr(self, self.request_method)

        def flow() -> Flow[Any]:
            return sender(**kwargs)
            yield  # pragma: no cover - makes this a generator

        return Call(flow())

    def get_request_kwargs(self, action: str, params: Any = None, data: Any = None, headers: Any = None,
                           method: str = "GET", context: Any = None) -> Dict[str, Any]:
        """The keyword arguments of the initial request (subclasses may change them)."""
        return {"action": action, "params": params, "data": data, "headers": headers, "method": method}

    def get_poll_request_kwargs(self, response: Any, context: Any, request_kwargs: Dict[str, Any]) -> Dict[str, Any]:
        """The keyword arguments of the status request that polls the job ``response`` started."""
        raise NotImplementedError("get_poll_request_kwargs not implemented")

    def has_completed(self, response: Any) -> bool:
        """Whether the poll ``response`` says the job is done."""
        raise NotImplementedError("has_completed not implemented")


class ConnectionKey(Connection):
    """A connection authenticated by one key."""

    def __init__(self, key: str, secure: bool = True, host: Optional[str] = None, port: Optional[int] = None,
                 url: Optional[str] = None, timeout: Optional[float] = None, proxy_url: Optional[str] = None,
                 backoff: Optional[float] = None, retry_delay: Optional[float] = None) -> None:
        super().__init__(secure=secure, host=host, port=port, url=url, timeout=timeout, proxy_url=proxy_url,
                         backoff=backoff, retry_delay=retry_delay)
        self.key = key
        debug.register_secrets(self, [key])


class CertificateConnection(Connection):
    """A connection authenticated by a client certificate."""

    def __init__(self, cert_file: Optional[str], secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None,
                 url: Optional[str] = None, proxy_url: Optional[str] = None, timeout: Optional[float] = None,
                 backoff: Optional[float] = None, retry_delay: Optional[float] = None) -> None:
        super().__init__(secure=secure, host=host, port=port, url=url, timeout=timeout, backoff=backoff,
                         retry_delay=retry_delay, proxy_url=proxy_url)
        self.cert_file = cert_file


class KeyCertificateConnection(CertificateConnection):
    """A connection authenticated by a client key and certificate."""

    def __init__(self, key_file: Optional[str], cert_file: Optional[str], secure: bool = True,
                 host: Optional[str] = None,
                 port: Optional[int] = None, url: Optional[str] = None, proxy_url: Optional[str] = None,
                 timeout: Optional[float] = None, backoff: Optional[float] = None,
                 retry_delay: Optional[float] = None, ca_cert: Optional[str] = None) -> None:
        super().__init__(cert_file, secure=secure, host=host, port=port, url=url, timeout=timeout,
                         backoff=backoff, retry_delay=retry_delay, proxy_url=proxy_url)
        self.key_file = key_file
        self.ca_cert = ca_cert


def transport_settings(kwargs: Mapping[str, Any]) -> Dict[str, Any]:
    """The transport settings a driver passes on to its connection: ``url``, ``proxy_url``,
    ``timeout``, ``backoff`` and ``retry_delay`` from ``kwargs`` (``None`` where not given)."""
    return {name: kwargs.get(name) for name in ("url", "proxy_url", "timeout", "backoff", "retry_delay")}


class ConnectionUserAndKey(ConnectionKey):
    """A connection authenticated by a user id and a key."""

    user_id: Any = None

    def __init__(self, user_id: Optional[str], key: str, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, url: Optional[str] = None, timeout: Optional[float] = None,
                 proxy_url: Optional[str] = None, backoff: Optional[float] = None,
                 retry_delay: Optional[float] = None) -> None:
        super().__init__(key, secure=secure, host=host, port=port, url=url, timeout=timeout,
                         backoff=backoff, retry_delay=retry_delay, proxy_url=proxy_url)
        self.user_id = user_id


_CONNECTION_KWARGS = ("timeout", "retry_delay", "backoff", "proxy_url")


class BaseDriver:
    """The base of every driver: holds credentials and builds ``connectionCls``."""

    connectionCls: Type[Connection] = ConnectionKey
    # Optional: the API bases (NodeDriver, DNSDriver) leave them None, as upstream.
    name: Optional[str] = ""
    website: Optional[str] = ""
    type: Any = None
    api_name: Optional[str] = None
    #: Pass ``host`` and ``port`` to ``connectionCls`` by keyword: for connection classes whose
    #: fourth positional argument is something else (upstream's Google connections: ``auth_type``).
    connection_address_by_keyword: bool = False

    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, api_version: Optional[str] = None, region: Optional[str] = None,
                 **kwargs: Any) -> None:
        self.key = key
        self.secret = secret
        self.secure = secure
        self.api_version = api_version
        self.region = region
        conn_kwargs = dict(self._ex_connection_class_kwargs() or {})
        for name in _CONNECTION_KWARGS:
            # Always passed (None when unset), as upstream; the constructor argument wins.
            if name in kwargs:
                conn_kwargs[name] = kwargs.pop(name)
            else:
                conn_kwargs.setdefault(name, None)
        args: List[Any] = [self.key]
        if self.secret is not None:
            args.append(self.secret)
        args.append(secure)
        host = conn_kwargs.pop("host", None) or host
        address = {"host": host, "port": port}
        if self.connection_address_by_keyword:
            conn_kwargs.update({k: v for k, v in address.items() if v is not None})
        else:
            args.extend(v for v in (host, port) if v is not None)
        self.connection = self.connectionCls(*args, **conn_kwargs)
        self.connection.driver = self
        debug.register_secrets(self.connection, [key, secret])
        self.connection.connect()

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        """Extra keyword arguments for ``connectionCls`` (override in drivers)."""
        return {}

    def list_regions(self) -> List[str]:
        """The region names this driver accepts in its ``region`` argument."""
        raise NotImplementedError("list_regions not implemented for this driver")
