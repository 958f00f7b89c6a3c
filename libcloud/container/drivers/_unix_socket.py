"""HTTP over a Unix domain socket (the Docker daemon's ``/var/run/docker.sock``).

:class:`UnixSocketConnection` is a :class:`libcloud.http.LibcloudConnection`
whose requests session sends every ``http://`` request through the socket, so
the driver code is the same as over TCP.  The async runner drives it in a
worker thread (aiohttp is not involved).
"""

from __future__ import annotations

import socket
from typing import Any, Optional

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection
from urllib3.connectionpool import HTTPConnectionPool

from libcloud.http import LibcloudConnection

__all__ = ["UnixSocketConnection", "UnixSocketAdapter", "socket_path_of"]

_UNIX_PREFIX = "unix://"


def socket_path_of(host: str) -> Optional[str]:
    """The socket path named by ``unix:///path`` (or a bare absolute path); None for a TCP host."""
    if host.startswith(_UNIX_PREFIX):
        return host[len(_UNIX_PREFIX):]
    if host.startswith("/"):
        return host
    return None


class _UnixHTTPConnection(HTTPConnection):
    def __init__(self, socket_path: str, timeout: Any = None) -> None:
        super().__init__("localhost", timeout=timeout if isinstance(timeout, (int, float)) else 60)
        self.socket_path = socket_path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout if isinstance(self.timeout, (int, float)) else 60)
        sock.connect(self.socket_path)
        self.sock = sock


class _UnixConnectionPool(HTTPConnectionPool):
    def __init__(self, socket_path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.socket_path = socket_path
        self._socket_timeout = timeout

    def _new_conn(self) -> _UnixHTTPConnection:
        return _UnixHTTPConnection(self.socket_path, self._socket_timeout)


class UnixSocketAdapter(HTTPAdapter):
    """A requests adapter whose one connection pool talks to ``socket_path``."""

    def __init__(self, socket_path: str, timeout: float = 60) -> None:
        super().__init__()
        self.socket_path = socket_path
        self._pool = _UnixConnectionPool(socket_path, timeout)

    def get_connection_with_tls_context(self, request: Any, verify: Any, proxies: Any = None,
                                        cert: Any = None) -> Any:
        return self._pool

    def get_connection(self, url: Any, proxies: Any = None) -> Any:
        return self._pool

    def request_url(self, request: Any, proxies: Any) -> str:
        return request.path_url

    def close(self) -> None:
        self._pool.close()
        super().close()


class UnixSocketConnection(LibcloudConnection):
    """A connection whose HTTP requests go to the Unix socket ``socket_path``."""

    supports_async_transport = False

    def __init__(self, host: str, port: Any = None, secure: Any = None, socket_path: Optional[str] = None,
                 **kwargs: Any) -> None:
        path = socket_path or socket_path_of(str(host)) or str(host)
        kwargs.pop("key_file", None)
        kwargs.pop("cert_file", None)
        super().__init__("localhost", 80, secure=False, **kwargs)
        self.socket_path = path
        self.session.mount("http://", UnixSocketAdapter(path, self._request_timeout()))
