"""``LibcloudConnection``: one persistent ``requests.Session`` under every driver.

Every request carries a timeout (streaming ones too), an explicit proxy
(``proxy_url`` / ``set_http_proxy``) beats the ``http(s)_proxy`` environment,
``no_proxy`` is honoured for environment proxies, and ``secure`` decides the
scheme whatever the port.  Errors leave through
:func:`libcloud._transport.errors.map_requests_errors`.
"""

from __future__ import annotations

import os
import threading
import warnings
from typing import Any, Callable, Dict, Mapping, Optional, Tuple, Union
from urllib.parse import urlparse, urlsplit

import requests
import requests.auth
import requests.utils

import libcloud.security
from libcloud._core import debug
from libcloud._transport.deadline import HeadDeadlineAdapter
from libcloud._transport.errors import map_requests_errors
from libcloud._transport.redirects import RedirectPolicySession
from libcloud._transport.whole_body import read_whole_body

__all__ = [
    "ALLOW_REDIRECTS",
    "DEFAULT_REQUEST_TIMEOUT",
    "HTTP_POOL_SIZE",
    "SignedHTTPSAdapter",
    "LibcloudBaseConnection",
    "LibcloudConnection",
    "HttpLibResponseProxy",
]

#: ``requests.Session.send`` as requests defines it (a test double such as requests-mock replaces it).
_REAL_SESSION_SEND = requests.Session.send

#: Follow redirects (read at request time, so it can be switched at run time).
ALLOW_REDIRECTS = 1

#: Seconds a request may wait to connect or for the next bytes, streaming included.
DEFAULT_REQUEST_TIMEOUT = 60

#: Connections kept per host: enough for the default transfer concurrency.
HTTP_POOL_SIZE = 32


class SignedHTTPSAdapter(HeadDeadlineAdapter):
    """An adapter that presents a client certificate."""

    def __init__(self, cert_file: str, key_file: Optional[str]) -> None:
        self.cert_file = cert_file
        self.key_file = key_file
        super().__init__(pool_connections=4, pool_maxsize=HTTP_POOL_SIZE)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["cert_file"] = self.cert_file
        kwargs["key_file"] = self.key_file
        super().init_poolmanager(*args, **kwargs)


#: The environment variables requests reads for proxies and CA bundles on every request.
_ENVIRONMENT_SETTINGS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                         "ALL_PROXY", "NO_PROXY", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
_SETTINGS_CACHE_SIZE = 256


def _frozen(value: Any) -> Any:
    # The common values first: the ABC check below costs about a microsecond a call.
    if value is None or value.__class__ in (str, bool):
        return value
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), str(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(value)
    return value


class _NoAuth(requests.auth.AuthBase):
    """An ``auth`` that leaves the request as it is (see :meth:`_Session.prepare_request`)."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        return request


_NO_AUTH = _NoAuth()
_MISSING = object()


class _Session(RedirectPolicySession):
    """A session that works out the environment's proxy and CA settings once per origin.

    ``requests`` re-reads them on every request (``merge_environment_settings``:
    about 0.25 ms, a large part of a small call's cost).  The answer depends
    only on the origin, the arguments and the environment variables it reads,
    so it is cached under exactly those: a changed ``https_proxy`` or
    ``no_proxy`` is seen at the next request, as before.
    """

    def __init__(self) -> None:
        super().__init__()
        self._settings_cache: Dict[Any, Dict[str, Any]] = {}
        self._netrc_cache: Dict[Any, Any] = {}

    def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
        """As requests', with its ``~/.netrc`` look-up done once per host and ``NETRC``/``HOME`` values.

        requests looks for a netrc file (two ``stat`` calls and a path expansion) on every request
        that has no ``auth``; the answer is kept here, and a request the file has nothing for gets
        an explicit no-op ``auth`` so that requests does not look again.
        """
        if self.trust_env and not request.auth and not self.auth:
            environ = os.environ
            key = (urlsplit(str(request.url)).netloc, environ.get("NETRC"), environ.get("HOME"))
            found = self._netrc_cache.get(key, _MISSING)
            if found is _MISSING:
                found = requests.utils.get_netrc_auth(str(request.url))
                if len(self._netrc_cache) >= _SETTINGS_CACHE_SIZE:
                    self._netrc_cache.clear()
                self._netrc_cache[key] = found
            request.auth = found if found else _NO_AUTH
        return super().prepare_request(request)

    def __setstate__(self, state: Dict[str, Any]) -> None:
        """Unpickle (requests pickles only its own attributes): the copy starts with an empty cache."""
        super().__setstate__(state)
        self._settings_cache = {}
        self._netrc_cache = {}

    def merge_environment_settings(self, url: Any, proxies: Any, stream: Any, verify: Any,
                                   cert: Any) -> Dict[str, Any]:
        if not self.trust_env:
            return dict(super().merge_environment_settings(url, proxies, stream, verify, cert))
        parts = urlsplit(str(url))
        environ = os.environ
        key = (parts.scheme, parts.netloc, tuple(environ.get(name) for name in _ENVIRONMENT_SETTINGS),
               _frozen(proxies), stream, _frozen(verify), _frozen(cert), _frozen(self.proxies), self.stream,
               _frozen(self.verify), _frozen(self.cert))
        try:
            cached = self._settings_cache.get(key)
        except TypeError:  # an unhashable argument: no caching for this call
            return dict(super().merge_environment_settings(url, proxies, stream, verify, cert))
        if cached is None:
            cached = dict(super().merge_environment_settings(url, proxies, stream, verify, cert))
            if len(self._settings_cache) >= _SETTINGS_CACHE_SIZE:
                self._settings_cache.clear()
            self._settings_cache[key] = cached
        settings = dict(cached)
        settings["proxies"] = dict(cached.get("proxies") or {})
        return settings


def _new_session() -> _Session:
    # Credentials never follow a redirect to another origin (see _transport.redirects).
    session = _Session()
    adapter = HeadDeadlineAdapter(pool_connections=4, pool_maxsize=HTTP_POOL_SIZE)
    session.mount("https://", adapter)
    session.mount("http://", HeadDeadlineAdapter(pool_connections=4, pool_maxsize=HTTP_POOL_SIZE))
    return session


class LibcloudBaseConnection:
    """Proxy and TLS set-up shared by the connection classes."""

    @property
    def allow_redirects(self) -> bool:
        """Whether redirects are followed: the module's ``ALLOW_REDIRECTS``, read at each request."""
        return bool(ALLOW_REDIRECTS)

    http_proxy_used = False

    def __init__(self) -> None:
        self.session = _new_session()
        self.proxy_scheme: Optional[str] = None
        self.proxy_host: Optional[str] = None
        self.proxy_port: Optional[int] = None
        self.proxy_username: Optional[str] = None
        self.proxy_password: Optional[str] = None
        self._proxies: Optional[Dict[str, str]] = None
        self.ca_cert: Any = None

    def set_http_proxy(self, proxy_url: str) -> None:
        """Send every request of this connection through ``proxy_url`` (beats the environment)."""
        scheme, host, port, username, password = self._parse_proxy_url(proxy_url)
        self.proxy_scheme, self.proxy_host, self.proxy_port = scheme, host, port
        self.proxy_username, self.proxy_password = username, password
        self._proxies = {"http": proxy_url, "https": proxy_url}
        self.session.proxies = dict(self._proxies)
        self.http_proxy_used = True
        debug.register_secrets(self, [password])

    def _parse_proxy_url(self, proxy_url: str) -> Tuple[str, str, int, Optional[str], Optional[str]]:
        parsed = urlparse(proxy_url)
        if parsed.scheme not in ("http", "https"):
            raise ValueError("Only http and https proxies are supported, got %r" % (parsed.scheme or proxy_url))
        if not parsed.hostname or not parsed.port:
            raise ValueError(
                "proxy_url must be in the following format: <scheme>://<proxy host>:<proxy port>, got %r"
                % debug.redact_text(proxy_url)
            )
        username = password = None
        if "@" in parsed.netloc:
            userinfo = parsed.netloc.rsplit("@", 1)[0]
            if ":" not in userinfo:
                raise ValueError("URL is in an invalid format: proxy credentials must be user:password")
            username, password = parsed.username, parsed.password
        return parsed.scheme, parsed.hostname, parsed.port, username, password

    def _setup_verify(self) -> None:
        self.verify = libcloud.security.VERIFY_SSL_CERT

    def _setup_ca_cert(self, **kwargs: Any) -> None:
        """Pick the CA bundle to trust: ``ca_cert=`` or ``libcloud.security``'s; None while not verifying."""
        if not getattr(self, "verify", True):
            self.ca_cert = None
            return
        explicit = kwargs.get("ca_cert")
        if explicit is False:
            # Upstream API: ca_cert=False from a driver turns verification off for this connection.
            self.ca_cert = False
            self.warn_if_insecure(str(getattr(self, "host", None) or "https://"))
        elif explicit:
            self.ca_cert = libcloud.security.first_ca_path(explicit)
        else:
            self.ca_cert = libcloud.security.default_ca_path()

    def warn_if_insecure(self, url: str) -> None:
        """Warn once per connection (:class:`InsecureTLSWarning`) when ``url`` is HTTPS and not verified."""
        if self.verification is not False or not str(url).lower().startswith("https"):
            return
        # Once per connection: a warning per request would drown the one that matters.
        if self.__dict__.get("_insecure_tls_warned"):
            return
        self.__dict__["_insecure_tls_warned"] = True
        host = urlparse(str(url)).netloc or str(url)
        warnings.warn(libcloud.security.insecure_tls_message(host), libcloud.security.InsecureTLSWarning,
                      stacklevel=3)

    @property
    def verification(self) -> Union[bool, str]:
        """What requests verifies against: False, or a CA bundle path (True = requests' default)."""
        if not getattr(self, "verify", True) or self.ca_cert is False:
            return False
        return self.ca_cert or True

    def _setup_signing(self, cert_file: Optional[str] = None, key_file: Optional[str] = None) -> None:
        if cert_file:
            # Upstream API: the client certificate lives in the HTTPS adapter; ``session.cert``
            # says the same for requests' per-request path and for the async transport.
            self.session.mount("https://", SignedHTTPSAdapter(cert_file, key_file))
            self.session.cert = (cert_file, key_file) if key_file else cert_file


class LibcloudConnection(LibcloudBaseConnection):
    """An HTTP(S) connection to one host, with an httplib-like upstream API."""

    timeout: Optional[float] = None
    host: Optional[str] = None
    #: The async runner may send this connection's requests with aiohttp (mocks say no).
    supports_async_transport = True

    def __init__(self, host: str, port: int, secure: Optional[Any] = None, **kwargs: Any) -> None:
        super().__init__()
        port_number: Optional[int] = int(port) if port else None
        if secure is None:
            scheme = "https" if port_number == 443 else "http"
        else:
            scheme = "https" if secure else "http"
        if "://" in str(host):
            parsed = urlparse(str(host))
            scheme, host = parsed.scheme or scheme, parsed.hostname or host
            port_number = parsed.port or port_number
        self.scheme = scheme
        self.secure = scheme == "https"
        self.hostname = host
        self.port = port_number
        default_port = 443 if scheme == "https" else 80
        netloc = host if port_number in (None, default_port) else "%s:%s" % (host, port_number)
        self.host = "%s://%s" % (scheme, netloc)
        self._setup_verify()
        self._setup_ca_cert(**kwargs)
        timeout = kwargs.pop("timeout", None)
        # requests' Session has no timeout of its own: upstream keeps one on it, read by _request_timeout.
        session: Any = self.session
        session.timeout = timeout or DEFAULT_REQUEST_TIMEOUT
        self.timeout = session.timeout
        proxy_url = kwargs.pop("proxy_url", None)
        if proxy_url:
            self.set_http_proxy(proxy_url=proxy_url)
        self._setup_signing(kwargs.get("cert_file"), kwargs.get("key_file"))

    # -- the last response ---------------------------------------------------------
    @property
    def response(self) -> Optional[requests.Response]:
        """The last response ``request()`` got in this thread (upstream API; flows run requests in parallel)."""
        return getattr(self._thread_state(), "response", None)

    @response.setter
    def response(self, value: Optional[requests.Response]) -> None:
        self._thread_state().response = value

    def _thread_state(self) -> threading.local:
        # Created on first use: subclasses (test mocks) may skip __init__.
        state = self.__dict__.get("_thread_local")
        if state is None:
            state = self.__dict__.setdefault("_thread_local", threading.local())
        return state

    # -- settings -----------------------------------------------------------------
    def _request_timeout(self) -> float:
        return float(getattr(self.session, "timeout", None) or DEFAULT_REQUEST_TIMEOUT)

    def _full_url(self, url: str) -> str:
        if url.startswith("http://") or url.startswith("https://"):
            return url
        if not url.startswith("/"):
            url = "/" + url
        return "%s%s" % (self.host, url)

    # -- sending ------------------------------------------------------------------
    @staticmethod
    def _normalize_headers(headers: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
        """Header names as ``str`` and numeric values as text (requests refuses ints).

        Upstream API: test mocks call it before handing headers to their handlers.
        """
        normalized: Dict[str, Any] = {}
        for key, value in (headers or {}).items():
            if isinstance(value, (int, float)):
                value = str(value)
            normalized[str(key)] = value
        return normalized

    def send(
        self,
        method: str,
        url: str,
        body: Any = None,
        headers: Optional[Mapping[str, Any]] = None,
        stream: bool = False,
        hooks: Any = None,
    ) -> requests.Response:
        """Send one request and return the response; nothing is stored on ``self`` (thread-safe)."""
        headers = self._normalize_headers(headers)
        full_url = self._full_url(url)
        timeout = self._request_timeout()
        self.warn_if_insecure(full_url)
        if debug.enabled():
            debug.log_request(method, full_url, headers, body)
        # Over real HTTP the body is streamed at the requests level and then read whole in one call
        # (not in requests' 10 KiB chunks).  Under a test double (requests-mock replaces
        # ``Session.send``) the request keeps the stream flag the caller asked for, which such tests read.
        whole_read = not stream and requests.Session.send is _REAL_SESSION_SEND
        with map_requests_errors(self.host or full_url, timeout, "request"):
            response = self.session.request(
                method=method,
                url=full_url,
                data=body,
                headers=headers,
                allow_redirects=bool(ALLOW_REDIRECTS),
                verify=self.verification,
                timeout=timeout,
                stream=stream or whole_read,
                hooks=hooks,
                proxies=self._proxies,
            )
            if whole_read:
                read_whole_body(response)  # read now, so read errors map here
            elif not stream:
                response.content  # read now, so read errors map here  # noqa: B018
        if debug.enabled():
            debug.log_response(
                response.status_code, response.reason, response.headers,
                None if stream else response.content, streamed=stream,
            )
        return response

    def request(
        self,
        method: str,
        url: str,
        body: Any = None,
        headers: Optional[Mapping[str, Any]] = None,
        raw: bool = False,
        stream: bool = False,
        hooks: Any = None,
    ) -> requests.Response:
        """Upstream API: send and keep the response in ``self.response``."""
        self.response = self.send(method, url, body=body, headers=headers, stream=stream or raw, hooks=hooks)
        return self.response

    def prepared_request(
        self,
        method: str,
        url: str,
        body: Any = None,
        headers: Optional[Mapping[str, Any]] = None,
        raw: bool = False,
        stream: bool = False,
    ) -> requests.Response:
        """Upstream API for raw requests (body streamed when ``stream``); unlike upstream, it has a timeout too."""
        self.response = self.send(method, url, body=body, headers=headers, stream=stream)
        return self.response

    def iter_body(self, response: requests.Response, chunk_size: int) -> Any:
        """Iterate a streamed body with transport errors mapped (a stall raises a timeout)."""
        timeout = self._request_timeout()
        iterator = response.iter_content(chunk_size)
        while True:
            with map_requests_errors(self.host or "", timeout, "download"):
                try:
                    chunk = next(iterator)
                except StopIteration:
                    return
            yield chunk

    def body_reader(self, response: requests.Response) -> Optional[Callable[[Any], int]]:
        """``readinto(buffer) -> int`` for a streamed body, errors mapped; None where only ``iter_body`` works."""
        from libcloud._transport.direct_read import direct_reader  # streamed bodies only (import time)

        reader = direct_reader(response)
        if reader is None:
            return None
        timeout = self._request_timeout()
        host = self.host or ""

        def readinto(buffer: Any) -> int:
            with map_requests_errors(host, timeout, "download"):
                return reader(buffer)

        return readinto

    # -- httplib-style accessors ---------------------------------------------------
    def getresponse(self) -> Optional[requests.Response]:
        """The last response (httplib-style accessor)."""
        return self.response

    def getheaders(self) -> Dict[str, str]:
        """The last response's headers (without ``Content-Encoding``: the body is already decoded)."""
        if self.response is None:
            return {}
        headers = dict(self.response.headers)
        headers.pop("content-encoding", None)
        headers.pop("Content-Encoding", None)
        return headers

    @property
    def status(self) -> Optional[int]:
        """The last response's status code."""
        return self.response.status_code if self.response is not None else None

    @property
    def reason(self) -> Optional[str]:
        """As upstream: the last response's body text, or None when its status is above 400."""
        if self.response is None:
            return None
        return None if self.response.status_code > 400 else self.response.text

    def connect(self) -> None:  # requests connects lazily
        """Does nothing: ``requests`` connects when the first request is sent."""
        pass

    def read(self) -> bytes:
        """The last response's body as bytes."""
        return self.response.content if self.response is not None else b""

    def close(self) -> None:
        """Close the session and its pooled connections."""
        self.session.close()

    def __repr__(self) -> str:
        return "<%s host=%s>" % (type(self).__name__, self.host)


class HttpLibResponseProxy:
    """An httplib-style view of a ``requests.Response``."""

    def __init__(self, response: requests.Response) -> None:
        self._response = response

    def read(self, amt: Optional[int] = None) -> str:
        """The whole body as text (``amt`` is ignored, as upstream)."""
        return self._response.text

    def getheader(self, name: str, default: Optional[str] = None) -> Optional[str]:
        """The header ``name``, or ``default``."""
        return self._response.headers.get(name, default)

    def getheaders(self) -> list:
        """The response headers."""
        return list(self._response.headers.items())

    @property
    def status(self) -> int:
        """The status code."""
        return self._response.status_code

    @property
    def reason(self) -> str:
        """The reason phrase."""
        return self._response.reason

    @property
    def version(self) -> str:
        """The HTTP version as httplib reports it ("11")."""
        return "11"

    @property
    def body(self) -> bytes:
        """The whole body as bytes."""
        return self._response.content
