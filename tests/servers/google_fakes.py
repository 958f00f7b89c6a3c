"""Scripted Google endpoints on loopback ports: OAuth2 token endpoint, GCE metadata server, JSON APIs.

* :class:`TokenEndpoint` - ``POST /o/oauth2/token``: checks the service
  account's JWT with the public key of a key pair the test made (RS256,
  ``iss``/``aud``/``scope``/``exp``), or a refresh token; issues ``tok-1``...
* :class:`MetadataServer` - ``/computeMetadata/v1/...`` of a GCE instance
  (``Metadata-Flavor: Google`` required), issuing tokens too.
* :class:`ScriptedApi` - a JSON API whose handlers the test registers by
  ``(method, path)``; it checks the bearer token against the issuer and
  answers 401 otherwise.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

from tests.fakes.http_server import LocalServer

__all__ = ["TokenIssuer", "TokenEndpoint", "MetadataServer", "ScriptedApi", "make_service_account_key"]


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def make_service_account_key(email: str = "robot@proj.iam.gserviceaccount.com") -> Tuple[Dict[str, Any], Any]:
    """A service-account JSON key (as a dict) and the matching public key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    key = {"type": "service_account", "client_email": email, "private_key_id": "kid-1", "private_key": pem,
           "client_id": "1234"}
    return key, private.public_key()


class TokenIssuer:
    """Issues numbered tokens; knows which are valid."""

    def __init__(self, expires_in: int = 3600) -> None:
        self.lock = threading.Lock()
        self.issued: List[str] = []
        self.revoked: set = set()
        self.expires_in = expires_in

    def issue(self) -> Dict[str, Any]:
        with self.lock:
            token = "tok-%d" % (len(self.issued) + 1)
            self.issued.append(token)
        return {"access_token": token, "token_type": "Bearer", "expires_in": self.expires_in}

    def valid(self, authorization: Optional[str]) -> bool:
        with self.lock:
            return bool(authorization) and authorization in ("Bearer " + t for t in self.issued
                                                             if t not in self.revoked)


class TokenEndpoint:
    """``accounts.google.com`` for one service account (HTTPS when given a certificate)."""

    def __init__(self, public_key: Any, email: str, issuer: Optional[TokenIssuer] = None,
                 certfile: Optional[str] = None, keyfile: Optional[str] = None) -> None:
        self.public_key = public_key
        self.email = email
        self.issuer = issuer or TokenIssuer()
        self.claims: List[Dict[str, Any]] = []
        self.server = LocalServer(certfile, keyfile)
        self.server.route("/o/oauth2/token", self._token)

    def _verify(self, assertion: str) -> Optional[Dict[str, Any]]:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        try:
            header_b64, claims_b64, signature_b64 = assertion.split(".")
            header = json.loads(_b64decode(header_b64))
            self.public_key.verify(_b64decode(signature_b64), ("%s.%s" % (header_b64, claims_b64)).encode(),
                                   padding.PKCS1v15(), hashes.SHA256())
        except (ValueError, InvalidSignature):
            return None
        claims = json.loads(_b64decode(claims_b64))
        if header.get("alg") != "RS256" or claims.get("iss") != self.email:
            return None
        if not claims.get("scope") or not str(claims.get("aud", "")).endswith("/o/oauth2/token"):
            return None
        if not claims["iat"] <= time.time() + 60 < claims["exp"] + 60:
            return None
        return claims  # type: ignore[no-any-return]

    def _token(self, handler: Any) -> None:
        form = parse_qs(handler.body.decode())
        grant = form.get("grant_type", [""])[0]
        if grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            claims = self._verify(form.get("assertion", [""])[0])
            if claims is None:
                return self._json(handler, 400, {"error": "invalid_grant", "error_description": "Invalid JWT"})
            self.claims.append(claims)
            return self._json(handler, 200, self.issuer.issue())
        return self._json(handler, 400, {"error": "unsupported_grant_type"})

    @staticmethod
    def _json(handler: Any, status: int, payload: Any) -> None:
        handler.reply(status, json.dumps(payload).encode(), {"Content-Type": "application/json"})

    @property
    def requests(self) -> int:
        return sum(1 for r in self.server.requests if r.path.startswith("/o/oauth2/token"))

    def stop(self) -> None:
        self.server.stop()


class MetadataServer:
    """The metadata server of a GCE instance: says it is Google, hands out the instance's tokens."""

    def __init__(self, issuer: Optional[TokenIssuer] = None) -> None:
        self.issuer = issuer or TokenIssuer()
        self.server = LocalServer()
        self.server.route("*", self._handle)

    def _handle(self, handler: Any) -> None:
        if handler.headers.get("Metadata-Flavor") != "Google":
            return handler.reply(403, b"Missing Metadata-Flavor:Google header.")
        path = urlsplit(handler.path).path
        headers = {"Metadata-Flavor": "Google", "Content-Type": "application/json"}
        if path == "/computeMetadata/v1/":
            return handler.reply(200, b"instance/\nproject/\n", headers)
        if path == "/computeMetadata/v1/instance/service-accounts/default/token":
            return handler.reply(200, json.dumps(self.issuer.issue()).encode(), headers)
        handler.reply(404, b"not found", headers)

    @property
    def address(self) -> str:
        return "127.0.0.1:%d" % self.server.port

    @property
    def token_requests(self) -> int:
        return sum(1 for r in self.server.requests if r.path.endswith("/token") or "/token?" in r.path)

    def stop(self) -> None:
        self.server.stop()


Handler = Callable[[Dict[str, Any]], Tuple[int, Any]]


class ScriptedApi:
    """A JSON API: ``api.on("GET", "/compute/v1/projects/p/zones", handler)``; handlers get the request.

    A handler receives ``{"method", "path", "query", "json", "headers"}`` and
    returns ``(status, payload)``.  Requests without a valid bearer token of
    ``issuer`` get 401; unknown routes 404 in Google's error format.
    """

    def __init__(self, issuer: Optional[TokenIssuer]) -> None:
        self.issuer = issuer
        self.routes: Dict[Tuple[str, str], Handler] = {}
        self.calls: List[Tuple[str, str, Dict[str, List[str]]]] = []
        self.server = LocalServer()
        self.server.route("*", self._handle)

    @property
    def url(self) -> str:
        return self.server.url

    def on(self, method: str, path: str, handler: Any) -> None:
        """Answer ``method path`` with ``handler(request)`` or, if it is not callable, with ``(200, handler)``."""
        self.routes[(method, path)] = handler if callable(handler) else (lambda request, value=handler: (200, value))

    def count(self, method: str, path: str) -> int:
        return sum(1 for m, p, _ in self.calls if m == method and p == path)

    def _handle(self, handler: Any) -> None:
        parts = urlsplit(handler.path)
        body = handler.body
        request = {"method": handler.command, "path": parts.path, "query": parse_qs(parts.query),
                   "json": json.loads(body) if body.strip().startswith(b"{") else None,
                   "headers": dict(handler.headers)}
        self.calls.append((handler.command, parts.path, request["query"]))
        if self.issuer is not None and not self.issuer.valid(handler.headers.get("Authorization")):
            return self._reply(handler, 401, {"error": {"code": 401, "message": "Invalid Credentials",
                                                        "errors": [{"reason": "authError"}]}})
        route = self.routes.get((handler.command, parts.path))
        if route is None:
            return self._reply(handler, 404, {"error": {"code": 404, "message": "%s not found" % parts.path,
                                                        "errors": [{"reason": "notFound",
                                                                    "message": "%s not found" % parts.path}]}})
        status, payload = route(request)
        self._reply(handler, status, payload)

    @staticmethod
    def _reply(handler: Any, status: int, payload: Any) -> None:
        data = b"" if payload is None else json.dumps(payload).encode()
        handler.reply(status, data, {"Content-Type": "application/json"})

    def stop(self) -> None:
        self.server.stop()
