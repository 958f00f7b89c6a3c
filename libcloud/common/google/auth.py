"""The OAuth2 token exchanges: service account (JWT), installed application (code), GCE metadata.

Each connection offers ``get_new_token()`` and ``refresh_token(token_info)``
(upstream's names, synchronous) and their flows ``get_new_token_flow()`` /
``refresh_token_flow(token_info)``, which :class:`~libcloud.common.google.
credential.GoogleOAuth2Credential` runs single-flight under either runner.
A token is Google's JSON answer plus ``expire_time`` (a UTC timestamp).
"""

from __future__ import annotations

import datetime
import time
from typing import Any, Dict, List, Mapping, Optional, Union
from urllib.parse import urlencode

from libcloud._core import debug
from libcloud._core.flow import Flow, run_sync
from libcloud.common.base import ConnectionUserAndKey, JsonResponse
from libcloud.common.google import clock
from libcloud.common.google.auth_type import metadata_address
from libcloud.common.google.errors import GoogleAuthError
from libcloud.common.google.jwt import load_service_account_key, signed_jwt
from libcloud.common.google.loopback import new_state, receive_code

__all__ = [
    "DEFAULT_SCOPES",
    "GoogleAuthResponse",
    "GoogleBaseAuthConnection",
    "GoogleServiceAcctAuthConnection",
    "GoogleInstalledAppAuthConnection",
    "GoogleGCEServiceAcctAuthConnection",
]

DEFAULT_SCOPES: List[str] = ["https://www.googleapis.com/auth/cloud-platform"]
TOKEN_URL = "https://accounts.google.com/o/oauth2/token"

#: Keyword arguments the auth connections pass on to ``Connection``.
CONNECTION_KWARGS = ("secure", "host", "port", "url", "timeout", "proxy_url", "backoff", "retry_delay")


class GoogleAuthResponse(JsonResponse):
    """The token endpoint's answer; an OAuth2 error becomes :class:`GoogleAuthError`."""

    def success(self) -> bool:
        return 200 <= int(self.status) < 300

    def parse_error(self) -> Any:
        try:
            body = self.parse_body()
        except Exception:
            body = None
        if isinstance(body, dict):
            detail = body.get("error_description") or body.get("error") or body
            raise GoogleAuthError("Token request refused (%s): %s" % (self.status, detail))
        raise GoogleAuthError("Token request refused (%s)" % (self.status,))


class GoogleBaseAuthConnection(ConnectionUserAndKey):
    """The connection to Google's OAuth2 endpoints (``accounts.google.com``)."""

    name = "Google Auth"
    host = "accounts.google.com"
    responseCls = GoogleAuthResponse
    auth_path = "/o/oauth2/auth"
    token_path = "/o/oauth2/token"
    content_type = "application/x-www-form-urlencoded"

    def __init__(self, user_id: str, key: Any = None, scopes: Optional[List[str]] = None,
                 redirect_uri: str = "http://127.0.0.1", login_hint: Optional[str] = None, **kwargs: Any) -> None:
        self.scopes = " ".join(scopes or DEFAULT_SCOPES)
        self.redirect_uri = redirect_uri
        self.login_hint = login_hint
        conn_kwargs = {k: v for k, v in kwargs.items() if k in CONNECTION_KWARGS and v is not None}
        super().__init__(user_id, key, **conn_kwargs)
        debug.register_secrets(self, [key] if isinstance(key, str) else [])

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        """The form content type and the ``Host`` of the token endpoint."""
        headers["Content-Type"] = self.content_type
        headers["Host"] = self.host
        return headers

    def _token_request_flow(self, request_body: Mapping[str, Any]) -> Flow[Dict[str, Any]]:
        response = yield self.call(self.token_path, data=urlencode(dict(request_body)), method="POST",
                                   retry_failed=True)
        return _with_expiry(response.object)

    def _token_request(self, request_body: Mapping[str, Any]) -> Dict[str, Any]:
        """POST ``request_body`` to the token endpoint; the token with its ``expire_time``."""
        return run_sync(self._token_request_flow(request_body))

    def get_new_token_flow(self) -> Flow[Dict[str, Any]]:
        """A flow returning a brand-new token (subclasses implement it)."""
        raise NotImplementedError("get_new_token_flow is implemented by each auth connection")
        yield  # pragma: no cover

    def refresh_token_flow(self, token_info: Mapping[str, Any]) -> Flow[Dict[str, Any]]:
        """A flow returning a token that replaces ``token_info`` (default: a new one)."""
        return (yield from self.get_new_token_flow())

    def get_new_token(self) -> Dict[str, Any]:
        """A brand-new token (blocking)."""
        return run_sync(self.get_new_token_flow())

    def refresh_token(self, token_info: Mapping[str, Any]) -> Dict[str, Any]:
        """A token replacing ``token_info`` (blocking)."""
        return run_sync(self.refresh_token_flow(token_info))


def _with_expiry(body: Any) -> Dict[str, Any]:
    if not isinstance(body, dict) or "access_token" not in body:
        raise GoogleAuthError("The token endpoint answered without an access token")
    token = dict(body)
    expires_in = int(token.get("expires_in") or 3600)
    token["expire_time"] = clock.utc_timestamp(clock.now() + datetime.timedelta(seconds=expires_in))
    return token


class GoogleInstalledAppAuthConnection(GoogleBaseAuthConnection):
    """An installed application: the user signs in once in a browser; refresh tokens do the rest."""

    redirect_uri_port = 8087

    def __init__(self, user_id: str, key: Any = None, scopes: Optional[List[str]] = None,
                 redirect_uri: str = "http://127.0.0.1", login_hint: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(user_id, key, scopes=scopes, redirect_uri=redirect_uri, login_hint=login_hint, **kwargs)
        self._state = new_state()

    @property
    def _redirect_uri_with_port(self) -> str:
        return "%s:%d" % (self.redirect_uri, int(self.redirect_uri_port))

    def authorization_url(self) -> str:
        """The consent page the user opens to sign in."""
        params = {"response_type": "code", "client_id": self.user_id, "redirect_uri": self._redirect_uri_with_port,
                  "scope": self.scopes, "state": self._state}
        if self.login_hint:
            params["login_hint"] = self.login_hint
        return "https://%s%s?%s" % (self.host, self.auth_path, urlencode(params))

    def get_code(self) -> Optional[str]:
        """Ask the user to sign in, and receive the authorization code on the loopback port."""
        print("Please sign in to Google with this address:\n\n    %s\n" % self.authorization_url())
        return receive_code(int(self.redirect_uri_port), self._state)

    def get_new_token_flow(self) -> Flow[Dict[str, Any]]:
        """Sign in (interactively) and exchange the code for a token."""
        code = self.get_code()
        if code is None:
            raise GoogleAuthError("No authorization code was received from the sign-in")
        body = {"code": code, "client_id": self.user_id, "client_secret": self.key,
                "redirect_uri": self._redirect_uri_with_port, "grant_type": "authorization_code"}
        return (yield from self._token_request_flow(body))

    def refresh_token_flow(self, token_info: Mapping[str, Any]) -> Flow[Dict[str, Any]]:
        """Use the refresh token if there is one, else sign in again; the refresh token is kept."""
        refresh = token_info.get("refresh_token") if token_info else None
        if not refresh:
            return (yield from self.get_new_token_flow())
        body = {"refresh_token": refresh, "client_id": self.user_id, "client_secret": self.key,
                "grant_type": "refresh_token"}
        token = yield from self._token_request_flow(body)
        token.setdefault("refresh_token", refresh)
        return token


class GoogleServiceAcctAuthConnection(GoogleBaseAuthConnection):
    """A service account: a JWT signed with its private key buys a token."""

    def __init__(self, user_id: str, key: Union[str, Mapping[str, Any]], *args: Any, **kwargs: Any) -> None:
        self._private_key, fields = load_service_account_key(key)
        self.sub = kwargs.pop("sub", None)
        super().__init__(user_id, None, *args, **kwargs)
        self.key_id = fields.get("private_key_id")
        if isinstance(key, str) and "PRIVATE KEY" in key:
            debug.register_secrets(self, [key])

    def get_new_token_flow(self) -> Flow[Dict[str, Any]]:
        """Sign a fresh assertion and exchange it for a token."""
        issued = int(time.time())
        claims: Dict[str, Any] = {"iss": self.user_id, "scope": self.scopes, "aud": TOKEN_URL,
                                  "iat": issued, "exp": issued + 3600}
        if self.sub:
            claims["sub"] = self.sub
        body = {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion": signed_jwt(self._private_key, claims, self.key_id)}
        return (yield from self._token_request_flow(body))


class GoogleGCEServiceAcctAuthConnection(GoogleBaseAuthConnection):
    """A GCE instance's own service account: the metadata server hands out tokens."""

    token_path = "/computeMetadata/v1/instance/service-accounts/default/token"

    def __init__(self, user_id: str, key: Any = None, *args: Any, **kwargs: Any) -> None:
        host, port = metadata_address()
        kwargs.setdefault("secure", False)
        kwargs.setdefault("host", host)
        kwargs.setdefault("port", port)
        super().__init__(user_id, key, *args, **kwargs)

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        """The header the metadata server insists on."""
        headers["Metadata-Flavor"] = "Google"
        return headers

    def get_new_token_flow(self) -> Flow[Dict[str, Any]]:
        """Ask the metadata server for the instance's token."""
        response = yield self.call(self.token_path, params={"scopes": self.scopes.replace(" ", ",")})
        return _with_expiry(response.object)
