"""The Keystone connection shared by every Identity API version: token state, cache, single-flight login.

A login is a flow (``_login_flow`` of each version), so the sync runner and
the async runner drive the same code.  Logins go through a
:class:`~libcloud.common.tokens.TokenCredential`: when several threads or
tasks find the token missing or about to expire at once, one login runs and
all of them use its token.  The upstream attributes (``auth_token``,
``auth_token_expires``, ``urls``, ``auth_user_info``) stay the source of
truth, because callers (and upstream's tests) read and reset them directly.
"""

from __future__ import annotations

import calendar
import datetime
import inspect
import json
from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, run_sync
from libcloud.common.base import ConnectionUserAndKey, Response
from libcloud.common.openstack_identity.models import (
    OpenStackAuthenticationCacheKey,
    OpenStackAuthenticationContext,
    OpenStackIdentityTokenScope,
)
from libcloud.common.tokens import AccessToken, TokenCredential
from libcloud.common.types import InvalidCredsError, MalformedResponseError
from libcloud.utils.iso8601 import parse_date

__all__ = [
    "AUTH_API_VERSION",
    "AUTH_TOKEN_EXPIRES_GRACE_SECONDS",
    "AUTH_VERSIONS_WITH_EXPIRES",
    "OpenStackAuthResponse",
    "OpenStackIdentityConnection",
    "maybe_flow",
]

#: The Identity API version a driver logs in with unless told otherwise.
AUTH_API_VERSION = "1.1"

#: A token this close to its expiry counts as expired (a request must not race the expiry).
AUTH_TOKEN_EXPIRES_GRACE_SECONDS = 5

#: The versions whose login answer says when the token expires.
AUTH_VERSIONS_WITH_EXPIRES = [
    "1.1",
    "2.0",
    "2.0_apikey",
    "2.0_password",
    "2.0_voms",
    "3.0",
    "3.x_password",
    "3.x_appcred",
    "3.x_oidc_access_token",
]

# Statuses a login answers with that the login code interprets itself (a 401 becomes
# InvalidCredsError, other failures MalformedResponseError) instead of the generic error.
_AUTH_STATUSES = (300, 401, 500)


def maybe_flow(result: Any) -> Flow[Any]:
    """Run ``result`` if it is a flow, else return it: lets tests and subclasses swap in plain callables."""
    if inspect.isgenerator(result):
        return (yield from result)
    return result


def to_epoch(moment: Optional[datetime.datetime]) -> Optional[float]:
    """Seconds since the epoch; a naive datetime counts as UTC (as Keystone's expiries are)."""
    if moment is None:
        return None
    return float(calendar.timegm(moment.utctimetuple()))


def parse_expiry(value: Any) -> Optional[datetime.datetime]:
    """A token expiry from a login answer (ISO 8601), or ``None``."""
    if not value:
        return None
    return parse_date(value)


class OpenStackAuthResponse(Response):
    """A Keystone answer: JSON when it says so; 401/500 are left to the login code to interpret."""

    def success(self) -> bool:
        """2xx, and the statuses the login code maps itself."""
        return 200 <= self.status < 300 or self.status in _AUTH_STATUSES

    def parse_body(self) -> Any:
        """The JSON body as an object (other bodies as text)."""
        if not self.body:
            return None
        content_type = self.headers.get("content-type", "application/json")
        if "json" not in content_type:
            return self.body
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise MalformedResponseError("Failed to parse JSON", body=self.body,
                                         driver=getattr(self.connection, "driver", None)) from exc

    def parse_error(self) -> Any:
        """The body of a failed answer."""
        return self.parse_body()


class OpenStackIdentityConnection(ConnectionUserAndKey):
    """Base of the Keystone connections: holds the token and the catalog a login returned."""

    responseCls = OpenStackAuthResponse
    name = "OpenStack Identity API"
    timeout: Optional[float] = None
    #: The version this class logs in with (``1.0``, ``2.0``, ``3.x``).
    auth_version: Optional[str] = None

    def __init__(self, auth_url: Optional[str], user_id: Optional[str], key: str, tenant_name: Optional[str] = None,
                 tenant_domain_id: str = "default", domain_name: Optional[str] = "Default",
                 token_scope: str = OpenStackIdentityTokenScope.PROJECT, timeout: Optional[float] = None,
                 proxy_url: Optional[str] = None, parent_conn: Any = None, auth_cache: Any = None) -> None:
        super().__init__(user_id=user_id, key=key, url=auth_url, timeout=timeout, proxy_url=proxy_url)
        self.parent_conn = parent_conn
        # A connection made for a driver talks through the driver's transport class.
        if parent_conn is not None:
            self.conn_class = parent_conn.conn_class
            self.driver = parent_conn.driver
        else:
            self.driver = None
        self.auth_url = auth_url
        self.tenant_name = tenant_name
        self.tenant_domain_id = tenant_domain_id
        self.domain_name = domain_name
        self.token_scope = token_scope
        self.timeout = timeout
        self.proxy_url = proxy_url
        self.auth_cache = auth_cache
        self.urls: Any = {}
        self.auth_token: Optional[str] = None
        self.auth_token_expires: Optional[datetime.datetime] = None
        self.auth_user_info: Optional[Dict[str, Any]] = None
        self.auth_user_roles: Optional[List[Any]] = None
        self._authenticating = False
        self._auth_kwargs: Dict[str, Any] = {}
        self._force_login = False
        self._credential = TokenCredential(self._fetch_token_flow, refresh_margin=AUTH_TOKEN_EXPIRES_GRACE_SECONDS)

    # -- token state ---------------------------------------------------------------------
    def is_token_valid(self) -> bool:
        """Whether a token is held that will not expire within the grace period."""
        if not self.auth_token or not self.auth_token_expires:
            return False
        expires = to_epoch(self.auth_token_expires - datetime.timedelta(seconds=AUTH_TOKEN_EXPIRES_GRACE_SECONDS))
        now = to_epoch(datetime.datetime.utcnow())
        return bool(expires is not None and now is not None and now < expires)

    def _access_token(self) -> Optional[AccessToken]:
        """The credential's view of the upstream attributes: the held token when it is still good."""
        if not self.is_token_valid():
            return None
        current = self._credential.current
        if current is not None and current.value == self.auth_token:
            return current
        return AccessToken(self.auth_token or "", expires_at=to_epoch(self.auth_token_expires),
                           token_type="X-Auth-Token")

    @property
    def token_credential(self) -> TokenCredential:
        """The single-flight credential behind :meth:`authenticate`."""
        return self._credential

    def authenticate(self, force: bool = False, **kwargs: Any) -> "OpenStackIdentityConnection":
        """Log in unless a good token is held (``force``: always); returns this connection."""
        return run_sync(self.authenticate_flow(force=force, **kwargs))

    def authenticate_flow(self, force: bool = False, **kwargs: Any) -> Flow["OpenStackIdentityConnection"]:
        """The flow behind :meth:`authenticate`: one login for all concurrent callers."""
        self._auth_kwargs = kwargs
        self._force_login = force
        self._credential.current = None if force else self._access_token()
        yield from self._credential.token_flow()
        return self

    def _fetch_token_flow(self, previous: Optional[AccessToken]) -> Flow[AccessToken]:
        force = self._force_login
        loaded = False
        if self.auth_cache is not None and not force:
            loaded = yield from self._load_from_cache_flow()
        if not loaded:
            if force:
                self.clear_cached_auth_context()
            self._authenticating = True
            try:
                yield from maybe_flow(self._login_flow(**self._auth_kwargs))
            finally:
                self._authenticating = False
            self._cache_auth_context()
        return AccessToken(self.auth_token or "", expires_at=to_epoch(self.auth_token_expires),
                           token_type="X-Auth-Token")

    def _login_flow(self, **kwargs: Any) -> Flow[None]:
        """Log in and set the token attributes (each Identity API version implements it)."""
        raise NotImplementedError("%s cannot log in" % type(self).__name__)
        yield  # pragma: no cover

    # -- the authentication cache --------------------------------------------------------
    def _get_auth_cache_key(self) -> OpenStackAuthenticationCacheKey:
        return OpenStackAuthenticationCacheKey(self.auth_url, self.user_id, self.token_scope, self.tenant_name,
                                               self.domain_name, self.tenant_domain_id)

    def _context(self) -> OpenStackAuthenticationContext:
        """What this version keeps in the cache after a login."""
        return OpenStackAuthenticationContext(self.auth_token or "", expiration=self.auth_token_expires,
                                              user=self.auth_user_info, roles=self.auth_user_roles,
                                              urls=self.urls)

    def _cache_auth_context(self) -> None:
        if self.auth_cache is not None and self.auth_token and self.auth_token_expires:
            self.auth_cache.put(self._get_auth_cache_key(), self._context())

    def _load_from_cache_flow(self) -> Flow[bool]:
        """Take the token from the cache when a good one is there; whether it was."""
        context = self.auth_cache.get(self._get_auth_cache_key())
        if context is None:
            return False
        self.auth_token, self.auth_token_expires = context.token, context.expiration
        self.auth_user_info, self.auth_user_roles, self.urls = context.user, context.roles, context.urls
        if self.is_token_valid():
            return True
        self.clear_cached_auth_context()
        return False
        yield  # pragma: no cover

    def clear_cached_auth_context(self) -> None:
        """Forget this login's entry in the authentication cache (after the token was refused)."""
        if self.auth_cache is not None:
            self.auth_cache.clear(self._get_auth_cache_key())

    # -- requests ------------------------------------------------------------------------
    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        """JSON both ways, and the token on every call except the login itself."""
        headers.setdefault("Accept", "application/json")
        headers.setdefault("Content-Type", "application/json; charset=UTF-8")
        if self.auth_token and not self._authenticating and "X-Auth-Token" not in headers:
            headers["X-Auth-Token"] = self.auth_token
        return headers

    def request_flow(self, action: str, params: Any = None, data: Any = None, headers: Any = None,
                     method: str = "GET", raw: bool = False, stream: Optional[bool] = None, json: Any = None,
                     retry_failed: Optional[bool] = None, idempotent: Optional[bool] = None) -> Flow[Any]:
        """The base request flow; a 401 also evicts this login from the authentication cache."""
        response = yield from super().request_flow(action, params, data, headers, method, raw, stream, json,
                                                   retry_failed, idempotent)
        if getattr(response, "status", None) == 401:
            self.clear_cached_auth_context()
        return response

    def _auth_call(self, action: str, data: Any = None, headers: Optional[Dict[str, Any]] = None,
                   method: str = "GET", positional: bool = False) -> Flow[Any]:
        """Send a login-time request; a ``request`` replaced on the instance (a test's wrapper) is honoured."""
        if "request" in vars(self):
            if positional:
                return self.request(action, data=data, headers=headers, method=method)
            return self.request(action=action, params=None, data=data, headers=headers, method=method, raw=False)
        return (yield self.call(action, data=data, headers=headers, method=method))

    def _json(self, action: str, method: str = "GET", data: Any = None) -> Any:
        """A management call (sync, as upstream's): the parsed body; failures raise."""
        response = self.request(action, data=json.dumps(data) if data is not None else None, method=method)
        if response.status == 401:
            raise InvalidCredsError(response.body)
        if not 200 <= response.status < 300:
            raise MalformedResponseError("Unexpected status %s" % response.status, body=response.body,
                                         driver=self.driver)
        return response.object

    def _status_ok(self, action: str, method: str) -> bool:
        """A management call whose answer is just a status: whether it succeeded."""
        response = self.request(action, method=method)
        return response.status in (200, 201, 202, 204)

    def _check_login_response(self, response: Any) -> Any:
        """The body of a login answer; 401 -> InvalidCredsError, other failures -> MalformedResponseError."""
        if response.status == 401:
            raise InvalidCredsError()
        if not 200 <= response.status < 300:
            raise MalformedResponseError("Malformed response", body="code: %s body: %s" % (response.status,
                                         response.body), driver=self.driver)
        return response.object

    def _malformed(self, error: Exception) -> MalformedResponseError:
        return MalformedResponseError("Auth JSON response is missing required elements", body=repr(error),
                                      driver=self.driver)
