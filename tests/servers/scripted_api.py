"""Serve a scripted (stateful, in-memory) REST API on 127.0.0.1 or on a Unix socket, for driver tests.

A test gives a *handler*: ``handle(method, path, query, body) -> (status, body, headers)``
with ``query`` a dict of lists and ``body`` the decoded JSON (or None).  The
server records ``(method, path + query)`` of every request.  Start it with
``ScriptedServer(handler)`` (TCP; ``certfile``/``keyfile``/``client_ca`` for TLS
with client certificates) or ``ScriptedServer(handler, unix_socket=path)``;
stop it with ``.stop()`` or a ``with`` block.
"""

from __future__ import annotations

import http.server
import json
import os
import socketserver
import ssl
import threading
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

__all__ = ["ScriptedServer", "Reply"]

Reply = Tuple[int, Any, Dict[str, str]]
Handler = Callable[[str, str, Dict[str, List[str]], Any], Reply]


class _RequestHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def address_string(self) -> str:  # a Unix socket peer has no (host, port)
        return "local"

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw
        parts = urlsplit(self.path)
        owner: ScriptedServer = self.server.owner  # type: ignore[attr-defined]
        with owner.lock:
            owner.requests.append((self.command, self.path, dict(self.headers)))
        try:
            status, payload, headers = owner.handler(self.command, parts.path, parse_qs(parts.query), body)
        except KeyError as exc:
            status, payload, headers = 404, {"message": "not found: %s" % (exc,)}, {}
        if isinstance(payload, (dict, list)):
            data = json.dumps(payload).encode("utf-8")
            headers = dict({"Content-Type": "application/json"}, **headers)
        elif isinstance(payload, str):
            data = payload.encode("utf-8")
        else:
            data = payload or b""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _dispatch


class _TCPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class _UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class ScriptedServer:
    """A running scripted API; ``url`` (TCP) or ``socket_path`` (Unix) says where."""

    def __init__(self, handler: Handler, unix_socket: Optional[str] = None, certfile: Optional[str] = None,
                 keyfile: Optional[str] = None, client_ca: Optional[str] = None) -> None:
        self.handler = handler
        self.lock = threading.Lock()
        self.requests: List[Tuple[str, str, Dict[str, str]]] = []
        self.socket_path = unix_socket
        if unix_socket:
            self._server: Any = _UnixServer(unix_socket, _RequestHandler)
            self.url = "unix://" + unix_socket
            self.port = 0
        else:
            self._server = _TCPServer(("127.0.0.1", 0), _RequestHandler)
            if certfile:
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain(certfile, keyfile)
                if client_ca:  # require a client certificate signed by this CA (dockerd --tlsverify)
                    context.verify_mode = ssl.CERT_REQUIRED
                    context.load_verify_locations(client_ca)
                self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
            self.port = int(self._server.server_address[1])
            self.url = "%s://127.0.0.1:%d" % ("https" if certfile else "http", self.port)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    def paths(self) -> List[str]:
        """``"METHOD /path?query"`` of every request so far."""
        with self.lock:
            return ["%s %s" % (method, path) for method, path, _ in self.requests]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        if self.socket_path and os.path.exists(self.socket_path):
            os.unlink(self.socket_path)

    def __enter__(self) -> "ScriptedServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
