"""A forwarding HTTP proxy on 127.0.0.1 that injects faults in front of Azurite.

``rules`` decide per request: ``fail`` answers an Azure-style error instead of
forwarding, ``cut_after`` forwards but closes the connection after that many
body bytes (a connection cut mid-download).
"""

from __future__ import annotations

import http.client
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, List, Optional, Tuple

__all__ = ["Fault", "FaultyProxy"]


@dataclass
class Fault:
    match: Callable[[str, str], bool]  # (method, path+query) -> applies?
    fail_status: Optional[int] = None
    error_code: str = "InvalidBlobOrBlock"
    cut_after: Optional[int] = None
    corrupt: bool = False  # flip the first byte of the request body, then forward
    times: int = 1_000_000  # how many matching requests to hit
    hits: int = 0


@dataclass
class FaultyProxy:
    upstream_port: int
    faults: List[Fault] = field(default_factory=list)
    seen: List[Tuple[str, str]] = field(default_factory=list)

    def start(self) -> "FaultyProxy":
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                proxy.seen.append((self.command, self.path))
                fault = proxy._fault_for(self.command, self.path)
                if fault is not None and fault.fail_status is not None:
                    payload = ("<?xml version='1.0' encoding='utf-8'?><Error><Code>%s</Code>"
                               "<Message>injected</Message></Error>" % fault.error_code).encode()
                    self.send_response(fault.fail_status)
                    self.send_header("x-ms-error-code", fault.error_code)
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                if fault is not None and fault.corrupt and body:
                    body = bytes([body[0] ^ 0xFF]) + body[1:]
                conn = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
                conn.request(self.command, self.path, body=body or None, headers=headers)
                response = conn.getresponse()
                data = response.read()
                conn.close()
                self.send_response(response.status, response.reason)
                skip = ("connection", "transfer-encoding", "keep-alive")
                if self.command != "HEAD":
                    skip += ("content-length",)
                    self.send_header("Content-Length", str(len(data)))
                for name, value in response.getheaders():
                    if name.lower() not in skip:
                        self.send_header(name, value)
                self.end_headers()
                if self.command == "HEAD":
                    return
                if fault is not None and fault.cut_after is not None:
                    self.wfile.write(data[: fault.cut_after])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                self.wfile.write(data)

            do_GET = do_PUT = do_HEAD = do_DELETE = do_POST = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def _fault_for(self, method: str, path: str) -> Optional[Fault]:
        for fault in self.faults:
            if fault.hits < fault.times and fault.match(method, path):
                fault.hits += 1
                return fault
        return None

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
