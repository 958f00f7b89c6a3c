"""Routes and replies for :class:`tests.fakes.http_server.LocalServer`."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, Optional

__all__ = ["json_reply", "json_route", "status_route"]

Route = Callable[[Any], None]


def json_reply(handler: Any, status: int, body: Any, headers: Optional[Dict[str, str]] = None) -> None:
    """Answer ``handler``'s request with ``body`` encoded as JSON."""
    handler.reply(status, json.dumps(body).encode("utf-8"),
                  dict({"Content-Type": "application/json"}, **(headers or {})))


def json_route(status: int = 200, body: Any = b'{"ok": true}', headers: Optional[Dict[str, str]] = None) -> Route:
    """A route that always answers ``status`` with a JSON ``body`` (bytes as they are, else encoded)."""
    payload = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")

    def route(handler: Any) -> None:
        handler.reply(status, payload, dict({"Content-Type": "application/json"}, **(headers or {})))

    return route


def status_route(status: int) -> Route:
    """A route that answers ``status`` with an empty body (204 for deletes, 404...)."""

    def route(handler: Any) -> None:
        handler.reply(status)

    return route
