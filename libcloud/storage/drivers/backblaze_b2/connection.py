"""B2's connections: account authorisation as a token source, and the API connection that uses it.

``b2_authorize_account`` (HTTP Basic with the key id and application key)
answers with an account token plus the URLs the account must use from then
on: ``apiUrl`` for API calls and ``downloadUrl`` for downloads.  The answer
is an :class:`~libcloud.common.tokens.AccessToken` whose ``extras`` keep
those URLs, held by a :class:`~libcloud.common.tokens.TokenCredential`: it is
fetched once for all threads and tasks, renewed before its 24 hours run out
and once after a 401 (``expired_auth_token``).
"""

from __future__ import annotations

import base64
import threading
import time
from typing import Any, Callable, Dict, Mapping, Optional, Tuple
from urllib.parse import urlsplit

from libcloud._core import debug
from libcloud._core.flow import Flow
from libcloud._core.pickling import RebuiltOnUnpickle
from libcloud._core.request import PreparedRequest
from libcloud.common.base import Connection, ConnectionUserAndKey
from libcloud.common.tokens import AccessToken, TokenAuthMixin, TokenCredential
from libcloud.storage.drivers.backblaze_b2.errors import BackblazeB2Response

__all__ = ["API_PATH", "AUTH_HOST", "TOKEN_LIFETIME", "BackblazeB2AuthConnection", "BackblazeB2Connection"]

#: Where accounts are authorised.
AUTH_HOST = "api.backblazeb2.com"
#: The API version upstream speaks: every call is ``/b2api/v1/<name>``.
API_PATH = "/b2api/v1/"
#: B2 account tokens are valid for (at most) 24 hours.
TOKEN_LIFETIME = 24 * 3600.0


class BackblazeB2AuthConnection(ConnectionUserAndKey):
    """Authorises the account (``b2_authorize_account``); a :class:`~libcloud.common.tokens.TokenSource`."""

    host = AUTH_HOST
    responseCls = BackblazeB2Response

    def __init__(self, user_id: str, key: str, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, **kwargs: Any) -> None:
        super().__init__(user_id, key, secure=secure, host=host, port=port, **kwargs)
        self._basic = base64.b64encode(("%s:%s" % (user_id, key)).encode("utf-8")).decode("ascii")
        debug.register_secrets(self, [key, self._basic])
        #: Seconds since the epoch; the token's expiry is counted from it (tests give the credential's).
        self.clock: Callable[[], float] = time.time

    def fetch_flow(self, previous: Optional[AccessToken]) -> Flow[AccessToken]:
        """Authorise the account; the token's ``extras`` hold ``apiUrl``, ``downloadUrl`` and ``accountId``."""
        started = self.clock()
        response = yield self.call(API_PATH + "b2_authorize_account", method="GET",
                                   headers={"Authorization": "Basic %s" % self._basic})
        body: Dict[str, Any] = response.object or {}
        extras = {name: body.get(name) for name in ("accountId", "apiUrl", "downloadUrl", "recommendedPartSize",
                                                    "absoluteMinimumPartSize", "allowed")}
        return AccessToken(str(body.get("authorizationToken", "")), expires_at=started + TOKEN_LIFETIME,
                           token_type="", extras=extras)


class BackblazeB2Connection(RebuiltOnUnpickle, TokenAuthMixin, ConnectionUserAndKey):
    """B2's API connection, signed with the account token.

    It talks to the account's ``apiUrl`` once authorised; :meth:`origin`
    gives connections to the other hosts B2 names (``downloadUrl``, upload
    URLs), sharing the same token.  Requests that carry their own
    ``Authorization`` (uploads, with the token of their upload URL) are sent
    as they are: no account token, no refresh.
    """

    authCls = BackblazeB2AuthConnection
    responseCls = BackblazeB2Response
    host = AUTH_HOST
    # Connections to the other hosts are made again on demand in a copy, under a lock of its own.
    _rebuilt_on_unpickle = {"_lock": threading.Lock, "_origins": dict}

    def __init__(self, user_id: str, key: str, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, **kwargs: Any) -> None:
        super().__init__(user_id, key, secure=secure, host=host, port=port, **kwargs)
        self._kwargs = dict(kwargs)
        self.auth_connection = self.authCls(user_id, key, secure=secure, host=host, port=port, **kwargs)
        self.token_credential = TokenCredential(self.auth_connection)
        #: Whether this connection moves to the account's ``apiUrl`` (origin connections stay where they are).
        self.follows_api_url = True
        self._origins: Dict[Tuple[str, str], "BackblazeB2Connection"] = {}
        self._lock = threading.Lock()

    # -- the account's token and URLs -------------------------------------------------------------
    def _extra(self, name: str) -> Any:
        credential = self.token_credential
        token = credential.current if credential is not None else None
        return token.extras.get(name) if token is not None else None

    @property
    def account_id(self) -> Optional[str]:
        """The account id authorisation answered with (``None`` before the first request)."""
        value = self._extra("accountId")
        return None if value is None else str(value)

    @property
    def api_url(self) -> str:
        """The base URL of API calls for this account."""
        return str(self._extra("apiUrl") or "").rstrip("/")

    @property
    def download_url(self) -> str:
        """The base URL of downloads for this account."""
        return str(self._extra("downloadUrl") or "").rstrip("/")

    def account_flow(self) -> Flow[AccessToken]:
        """A flow returning the account token (authorising first when needed)."""
        credential = self.token_credential
        assert credential is not None
        return (yield from credential.token_flow())

    # -- hosts ----------------------------------------------------------------------------------------
    def _move_to(self, base_url: str) -> None:
        host, port, secure, _ = self._tuple_from_url(base_url)
        if (host, port, secure) != (self.host, self.port, self.secure):
            self.host, self.port, self.secure = host, port, secure
            self.connection = None  # the next send connects to the new host

    def origin(self, url: str) -> "BackblazeB2Connection":
        """A connection to the host of ``url`` (a download or upload URL), sharing this one's token."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc)
        with self._lock:
            connection = self._origins.get(key)
            if connection is None:
                connection = type(self)(self.user_id, self.key, **self._kwargs)
                connection.follows_api_url = False
                connection._move_to("%s://%s" % key)
                connection.token_credential = self.token_credential
                connection.auth_connection = self.auth_connection
                connection.driver = self.driver
                self._origins[key] = connection
        return connection

    async def aclose(self) -> None:
        """Close the async sessions of this connection, of its origin connections and of authorisation."""
        with self._lock:
            others = list(self._origins.values())
        for connection in others + [self.auth_connection]:
            await connection.aclose()
        await super().aclose()

    # -- the hooks ----------------------------------------------------------------------------------
    def authorization_headers(self) -> Dict[str, str]:
        """B2 takes the bare token (no ``Bearer``)."""
        credential = self.token_credential
        token = credential.current if credential is not None else None
        return {"Authorization": token.value} if token is not None else {}

    def sign_request(self, request: PreparedRequest) -> PreparedRequest:
        """The account token, unless the request carries its own (an upload URL's)."""
        if "Authorization" in request.headers:
            return Connection.sign_request(self, request)
        return super().sign_request(request)

    def request_flow(self, action: str, params: Any = None, data: Any = None,
                     headers: Optional[Mapping[str, Any]] = None, method: str = "GET", raw: bool = False,
                     stream: Any = False, json: Any = None, retry_failed: Optional[bool] = None,
                     idempotent: Optional[bool] = None) -> Flow[Any]:
        """Authorise first (the answer says which host to use); own ``Authorization``: sent as is."""
        if headers and "Authorization" in headers:
            return (yield from Connection.request_flow(self, action, params, data, headers, method, raw, stream,
                                                       json, retry_failed, idempotent))
        yield from self.account_flow()
        if self.follows_api_url and self.api_url:
            self._move_to(self.api_url)
        return (yield from super().request_flow(action, params, data, headers, method, raw, stream, json,
                                                retry_failed, idempotent))
