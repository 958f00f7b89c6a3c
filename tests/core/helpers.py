"""A minimal driver for exercising the connection layer against local servers."""

from __future__ import annotations

from typing import Any

from libcloud.common.base import BaseDriver, ConnectionKey, JsonResponse
from tests.fakes.routes import json_route  # noqa: F401  (re-exported: the tests here import it from helpers)


class EchoConnection(ConnectionKey):
    responseCls = JsonResponse

    def add_default_headers(self, headers: dict) -> dict:
        headers["X-Api-Key"] = self.key
        return headers


class EchoDriver(BaseDriver):
    connectionCls = EchoConnection
    name = "Echo"


def driver_for(server: Any, **kwargs: Any) -> EchoDriver:
    return EchoDriver("s3cr3t-api-key", host="127.0.0.1", port=server.port, secure=server.scheme == "https",
                      **kwargs)


def slow_body_route(release: Any, length: int = 2000000, first: int = 1000) -> Any:
    """A route that promises ``length`` bytes, sends ``first`` of them, then stalls until ``release`` is set."""
    def slow_body(handler: Any) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(length))
        handler.end_headers()
        handler.wfile.write(b"x" * first)
        handler.wfile.flush()
        release.wait(5)

    return slow_body
