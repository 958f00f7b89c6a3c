"""In-memory models of provider DNS REST APIs, served through requests_mock.

Each fake answers like the provider's recorded payloads (see tests/dns/fixtures/<provider>/README.md),
keeps zones and records in dicts, and counts the requests it receives so the conformance suite can
check that invalid input is refused before anything is sent.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Dict, List, Optional, Pattern, Tuple
from urllib.parse import parse_qs, urlsplit

import requests
import requests_mock

__all__ = ["FakeAPI", "Reply"]

#: (status, JSON-able body or None, extra headers)
Reply = Tuple[int, Any, Dict[str, str]]
Handler = Callable[..., Reply]


class FakeAPI:
    """Routes ``(method, path regex)`` to handlers ``handler(request, query, body, *groups) -> Reply``."""

    base_url = ""
    #: When set, every request must carry these headers (else the fake answers 401).
    auth_headers: Dict[str, str] = {}

    def __init__(self) -> None:
        self.routes: List[Tuple[str, Pattern[str], Handler]] = []
        self.requests: List[Any] = []
        self.fail_next: List[Reply] = []

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self.routes.append((method, re.compile("^" + pattern + "$"), handler))

    def install(self, mocker: requests_mock.Mocker) -> "FakeAPI":
        mocker.add_matcher(self._match)
        return self

    def count(self) -> int:
        return len(self.requests)

    def unauthorized(self) -> Reply:
        return 401, {"message": "unauthorized"}, {}

    def _match(self, request: Any) -> Optional[requests.Response]:
        if not request.url.startswith(self.base_url):
            return None
        self.requests.append(request)
        parts = urlsplit(request.url)
        path = parts.path[len(urlsplit(self.base_url).path):]
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        body = json.loads(request.body) if request.body else None
        if any(request.headers.get(k) != v for k, v in self.auth_headers.items()):
            reply = self.unauthorized()
        elif self.fail_next:
            reply = self.fail_next.pop(0)
        else:
            reply = self._dispatch(request.method, path, request, query, body)
        return _response(request, *reply)

    def _dispatch(self, method: str, path: str, request: Any, query: Dict[str, str], body: Any) -> Reply:
        for verb, pattern, handler in self.routes:
            match = pattern.match(path)
            if verb == method and match:
                return handler(request, query, body, *match.groups())
        return 404, {"message": "no route for %s %s" % (method, path)}, {}


def _response(request: Any, status: int, body: Any, headers: Dict[str, str]) -> requests.Response:
    if isinstance(body, str):
        text, content_type = body, "text/plain"
    else:
        text, content_type = ("" if body is None else json.dumps(body)), "application/json"
    return requests_mock.create_response(request, status_code=status, text=text,
                                         headers=dict({"Content-Type": content_type}, **headers))
