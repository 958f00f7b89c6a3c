"""A scripted Azure Resource Manager on a loopback port, with its Azure AD token endpoint.

* ``POST /<tenant>/oauth2/token`` - client credentials: checks ``client_id``
  and ``client_secret`` and issues ``tok-1``, ``tok-2``... (Azure AD's error
  body for bad credentials);
* everything else is ARM: the request must carry a valid bearer token (401
  ``InvalidAuthenticationToken`` otherwise), then the handler the test
  registered for ``(method, path)`` answers; unknown routes get ARM's 404
  ``ResourceNotFound``.

Handlers receive ``{"method", "path", "query", "json", "headers"}`` and
return ``(status, payload)`` or ``(status, payload, headers)``.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, List, Tuple
import json
from urllib.parse import parse_qs, urlsplit

from tests.fakes.http_server import LocalServer

__all__ = ["ArmApi", "TENANT", "CLIENT_ID", "CLIENT_SECRET", "SUBSCRIPTION"]

TENANT = "tenant-1"
CLIENT_ID = "app-1"
CLIENT_SECRET = "s3cr3t-client-secret"
SUBSCRIPTION = "sub-1"


class ArmApi:
    """Resource Manager and Azure AD in one scripted server; ``token_requests`` counts logins."""

    def __init__(self, expires_in: int = 3600) -> None:
        self.lock = threading.Lock()
        self.expires_in = expires_in
        self.issued: List[str] = []
        self.revoked: set = set()
        self.logins: List[Dict[str, List[str]]] = []
        self.login_headers: List[Dict[str, str]] = []
        self.routes: Dict[Tuple[str, str], Callable[[Dict[str, Any]], Any]] = {}
        self.calls: List[Dict[str, Any]] = []
        #: Paths under these prefixes need no bearer token (a storage account's blobs, signed with its key).
        self.keyed_prefixes: List[str] = []
        self.server = LocalServer()
        self.server.route("*", self._serve)

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return self.server.url

    def environment(self) -> Dict[str, str]:
        """A ``cloud_environment`` for the driver that points both endpoints here."""
        return {"activeDirectoryEndpointUrl": self.url + "/", "resourceManagerEndpointUrl": self.url + "/",
                "activeDirectoryResourceId": "https://management.core.windows.net/",
                "storageEndpointSuffix": "core.windows.net"}

    def on(self, method: str, path: str, handler: Any) -> None:
        """Answer ``method path`` with ``handler(request)``, or with ``(200, handler)`` if it is not callable."""
        self.routes[(method, path)] = handler if callable(handler) else (lambda request, value=handler: (200, value))

    def sequence(self, method: str, path: str, *replies: Any) -> None:
        """Answer ``method path`` with each reply in turn, then the last one again."""
        pending = list(replies)

        def handler(request: Dict[str, Any]) -> Any:
            with self.lock:
                return pending.pop(0) if len(pending) > 1 else pending[0]

        self.routes[(method, path)] = handler

    def count(self, method: str, path: str) -> int:
        """How many ``method path`` requests arrived."""
        return sum(1 for call in self.calls if call["method"] == method and call["path"] == path)

    @property
    def token_requests(self) -> int:
        """How many logins arrived."""
        return len(self.logins)

    def revoke_all(self) -> None:
        """Make every token issued so far invalid (the next request with one gets 401)."""
        with self.lock:
            self.revoked.update(self.issued)

    def _serve(self, handler: Any) -> None:
        parts = urlsplit(handler.path)
        raw = handler.body
        try:
            body = json.loads(raw) if raw.strip().startswith((b"{", b"[")) else raw
        except ValueError:
            body = raw
        status, payload, headers = self._handle(handler.command, parts.path, parse_qs(parts.query), body,
                                                dict(handler.headers))
        data = b"" if payload is None else json.dumps(payload).encode("utf-8")
        handler.reply(status, data, dict({"Content-Type": "application/json"}, **headers))

    def _handle(self, method: str, path: str, query: Dict[str, List[str]], body: Any,
                headers: Dict[str, str]) -> Tuple[int, Any, Dict[str, str]]:
        if path == "/%s/oauth2/token" % TENANT and method == "POST":
            return self._login(body, headers)
        request = {"method": method, "path": path, "query": query, "json": body, "headers": headers}
        with self.lock:
            self.calls.append(request)
            valid = headers.get("Authorization") in ["Bearer " + t for t in self.issued if t not in self.revoked]
            if any(path.startswith(prefix) for prefix in self.keyed_prefixes):
                valid = str(headers.get("Authorization", "")).startswith("SharedKey ")
        if not valid:
            return 401, {"error": {"code": "InvalidAuthenticationToken", "message": "The access token is invalid."}}, {}
        route = self.routes.get((method, path))
        if route is None:
            return 404, {"error": {"code": "ResourceNotFound", "message": "%s was not found." % path}}, {}
        reply = route(request)
        return reply if len(reply) == 3 else (reply[0], reply[1], {})

    def _login(self, body: Any, headers: Dict[str, str]) -> Tuple[int, Any, Dict[str, str]]:
        form = parse_qs(body.decode() if isinstance(body, bytes) else str(body or ""))
        with self.lock:
            self.logins.append(form)
            self.login_headers.append(headers)
        if form.get("grant_type") != ["client_credentials"] or form.get("client_id") != [CLIENT_ID] \
                or form.get("client_secret") != [CLIENT_SECRET]:
            return 401, {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret."}, {}
        with self.lock:
            token = "tok-%d" % (len(self.issued) + 1)
            self.issued.append(token)
        return 200, {"token_type": "Bearer", "expires_in": str(self.expires_in), "access_token": token,
                     "resource": form.get("resource", [""])[0]}, {}

    def stop(self) -> None:
        """Stop the server."""
        self.server.stop()
