"""A real local HTTP server for pricing download tests, and pricing file builders.

``running_pricing_server()`` starts a threading ``http.server`` bound to
127.0.0.1 on a free port (test modules wrap it in a ``pricing_server`` fixture).  Tests register routes describing what to send
(status, body, headers) and how to misbehave (cut the body short, stall).
It also answers proxy-style requests (absolute URLs), so tests can point
``proxy_url`` / ``http_proxy`` at it.
"""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterator, List, Optional

__all__ = ["Route", "PricingServer", "running_pricing_server", "pricing_bytes", "BUNDLED_UPDATED"]

# The bundled data/pricing.json is stamped 2025-03-02; a downloaded file must
# not be older than the data it replaces, so test files are newer.
BUNDLED_UPDATED = 1740936978
_STALL_LIMIT = 30.0  # seconds a stalled handler waits at most (released at teardown)


def pricing_bytes(updated: int = BUNDLED_UPDATED + 1000, compute: Optional[Dict[str, Any]] = None,
                  storage: Optional[Dict[str, Any]] = None) -> bytes:
    """A small pricing file in the real format."""
    if compute is None:
        compute = {
            "vps_net": {"1": 0.75},
            "osc_inc_eu_west_1": {"tinav1.c1r1": "0.045"},
            "ec2_linux": {"t3.small": {"us-east-1": 0.5, "eu-west-1": 0.55}},
        }
    return json.dumps({"updated": updated, "compute": compute, "storage": storage or {}}).encode("utf-8")


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: Dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    content_length: Optional[int] = None  # declared length; None = len(body)
    send_length: bool = True  # False: no Content-Length, body ends when the connection closes
    cut_after: Optional[int] = None  # send only this many body bytes, then close the connection
    stall_before_headers: bool = False
    stall_after: Optional[int] = None  # send this many body bytes, then stall


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that time out hang up on purpose; no tracebacks in test output


class PricingServer:
    def __init__(self) -> None:
        self.routes: Dict[str, Route] = {}
        self.requests: List[Dict[str, Any]] = []
        self.release = threading.Event()
        self._httpd = _QuietServer(("127.0.0.1", 0), _make_handler(self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="pricing-server", daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str) -> str:
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def add(self, path: str, body: bytes = b"", **kwargs: Any) -> str:
        """Serve ``body`` at ``path`` (see :class:`Route` for misbehaviours); returns its URL."""
        self.routes[path] = Route(body=body, **kwargs)
        return self.url(path)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.release.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def _make_handler(server: PricingServer) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # http.server dispatches on this name
            server.requests.append({"path": self.path, "headers": dict(self.headers)})
            route = server.routes.get(self.path)
            if route is None:
                self._send(404, b'{"error": "not found"}', {"Content-Type": "application/json"})
                return
            if route.stall_before_headers:
                server.release.wait(_STALL_LIMIT)
                self.close_connection = True
                return
            body = route.body
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.send_length:
                length = route.content_length if route.content_length is not None else len(body)
                self.send_header("Content-Length", str(length))
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            if route.stall_after is not None:
                self.wfile.write(body[: route.stall_after])
                self.wfile.flush()
                server.release.wait(_STALL_LIMIT)
            elif route.cut_after is not None:
                self.wfile.write(body[: route.cut_after])
            else:
                self.wfile.write(body)
            self.wfile.flush()
            if route.cut_after is not None or not route.send_length or route.stall_after is not None:
                self.close_connection = True

        def _send(self, status: int, body: bytes, headers: Dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

    return Handler


@contextlib.contextmanager
def running_pricing_server() -> Iterator[PricingServer]:
    server = PricingServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
