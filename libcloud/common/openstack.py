"""The connection and driver plumbing every OpenStack service driver shares (Nova, Swift, Cinder...).

:class:`OpenStackBaseConnection` logs in lazily through Keystone (the identity
class chosen by ``ex_force_auth_version``), picks the service's endpoint from
the catalog (or ``ex_force_base_url``) and sends ``X-Auth-Token`` with every
request.  The token lives in a :class:`~libcloud.common.tokens.TokenCredential`:
a login runs once for all threads and tasks that need it, shortly before the
token expires, and once more when a service refuses the token (401).
"""

from __future__ import annotations

from typing import Any, Dict, Optional

import json
from typing import List
from xml.etree import ElementTree

from libcloud._core.flow import Call, Flow, run_sync
from libcloud.common.base import ConnectionUserAndKey, Response
from libcloud.common.openstack_identity import (
    AUTH_API_VERSION,
    AUTH_TOKEN_EXPIRES_GRACE_SECONDS,
    OpenStackIdentityConnection,
    OpenStackIdentityTokenScope,
    OpenStackServiceCatalog,
    get_class_for_auth_version,
)
from libcloud.common.openstack_identity.base import maybe_flow, to_epoch
from libcloud.common.tokens import AccessToken, TokenAuthMixin, TokenCredential
from libcloud.common.types import LibcloudError

__all__ = [
    "AUTH_API_VERSION",
    "OpenStackBaseConnection",
    "OpenStackJsonConnection",
    "OpenStackDriverMixin",
    "OpenStackResponse",
]

_XML_TYPES = ("application/xml", "text/xml")
_JSON_TYPES = ("application/json",)

# The driver keyword arguments the connection takes, as upstream names them.
_DRIVER_KWARGS = (
    "ex_force_base_url",
    "ex_force_auth_url",
    "ex_force_auth_version",
    "ex_force_auth_token",
    "ex_token_scope",
    "ex_domain_name",
    "ex_tenant_name",
    "ex_tenant_domain_id",
    "ex_force_service_type",
    "ex_force_service_name",
    "ex_force_service_region",
    "ex_force_microversion",
    "ex_auth_cache",
)


class OpenStackResponse(Response):
    """An OpenStack service answer: JSON or XML by content type; errors name the service's faults."""

    node_driver: Any = None

    def success(self) -> bool:
        """Any 2xx."""
        return 200 <= int(self.status) <= 299

    def has_content_type(self, content_type: str) -> bool:
        """Whether the answer's media type is ``content_type``."""
        value = self.headers.get("content-type", "")
        return value.split(";")[0].strip().lower() == content_type

    def parse_body(self) -> Any:
        """``None`` for 204, an XML element or a JSON object by content type, else the text."""
        if self.status == 204:
            return None
        if not self.body:
            return self.body
        if any(self.has_content_type(t) for t in _XML_TYPES):
            try:
                return ElementTree.XML(self.body)
            except ElementTree.ParseError as exc:
                from libcloud.common.types import MalformedResponseError

                raise MalformedResponseError("Failed to parse XML", body=self.body,
                                             driver=self.node_driver) from exc
        if any(self.has_content_type(t) for t in _JSON_TYPES):
            try:
                return json.loads(self.body)
            except ValueError as exc:
                from libcloud.common.types import MalformedResponseError

                raise MalformedResponseError("Failed to parse JSON", body=self.body,
                                             driver=self.node_driver) from exc
        return self.body

    def parse_error(self) -> Any:
        """``"<status> <reason> <fault messages>"``; a 404 on a named key pair raises KeyPairDoesNotExistError."""
        try:
            body = self.parse_body()
        except Exception:
            body = self.body
        text: Any = body
        if isinstance(body, ElementTree.Element):
            text = "; ".join(element.text.strip() for element in body.iter()
                             if element.text and element.text.strip())
        elif isinstance(body, dict):
            faults: List[Any] = [value for value in body.values() if isinstance(value, dict)]
            context = getattr(self.connection, "context", None) or {}
            key_pair_name = context.get("key_pair_name")
            if faults and faults[0].get("code") == 404 and key_pair_name:
                from libcloud.compute.types import KeyPairDoesNotExistError

                raise KeyPairDoesNotExistError(name=key_pair_name, driver=getattr(self.connection, "driver", None))
            messages = [fault["message"] for fault in faults if "message" in fault]
            if messages:
                text = ";".join(messages)
        return "%s %s %s" % (self.status, self.error, text)


class OpenStackBaseConnection(TokenAuthMixin, ConnectionUserAndKey):
    """A connection to one OpenStack service, logged in through Keystone.

    Subclasses set ``service_type`` / ``service_name`` / ``service_region``
    (which catalog endpoint to use) and ``v1_service_name`` (the service's
    key in a 1.x catalog).
    """

    auth_url: Optional[str] = None
    auth_token: Optional[str] = None
    auth_token_expires: Any = None
    auth_user_info: Any = None
    service_catalog: Any = None
    service_type: Optional[str] = None
    service_name: Optional[str] = None
    service_region: Optional[str] = None
    v1_service_name: Optional[str] = None
    accept_format: Optional[str] = None
    default_content_type: Optional[str] = None
    _auth_version: Optional[str] = None

    def __init__(self, user_id: str, key: str, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, timeout: Optional[float] = None, proxy_url: Optional[str] = None,
                 ex_force_base_url: Optional[str] = None, ex_force_auth_url: Optional[str] = None,
                 ex_force_auth_version: Optional[str] = None, ex_force_auth_token: Optional[str] = None,
                 ex_token_scope: str = OpenStackIdentityTokenScope.PROJECT, ex_domain_name: str = "Default",
                 ex_tenant_name: Optional[str] = None, ex_tenant_domain_id: str = "default",
                 ex_force_service_type: Optional[str] = None, ex_force_service_name: Optional[str] = None,
                 ex_force_service_region: Optional[str] = None, ex_force_microversion: Optional[str] = None,
                 ex_auth_cache: Any = None, retry_delay: Optional[float] = None,
                 backoff: Optional[float] = None) -> None:
        super().__init__(user_id, key, secure=secure, host=host, port=port, timeout=timeout,
                         proxy_url=proxy_url, retry_delay=retry_delay, backoff=backoff)
        if ex_force_auth_token and not ex_force_base_url:
            raise LibcloudError("Must also provide ex_force_base_url when specifying ex_force_auth_token.")
        self._ex_force_base_url = ex_force_base_url
        self._ex_force_auth_url = ex_force_auth_url
        self._auth_version = ex_force_auth_version or self._auth_version or AUTH_API_VERSION
        self._ex_force_auth_token = ex_force_auth_token
        self._ex_token_scope = ex_token_scope
        self._ex_domain_name = ex_domain_name
        self._ex_tenant_name = ex_tenant_name
        self._ex_tenant_domain_id = ex_tenant_domain_id
        self._ex_force_service_type = ex_force_service_type
        self._ex_force_service_name = ex_force_service_name
        self._ex_force_service_region = ex_force_service_region
        self._ex_force_microversion = ex_force_microversion
        self._ex_auth_cache = ex_auth_cache
        # Fail early on an unknown auth version.
        get_class_for_auth_version(self._auth_version)
        if ex_force_auth_token:
            self.auth_token = ex_force_auth_token
        self._osa: Optional[OpenStackIdentityConnection] = None
        self._token_credential = TokenCredential(self._fetch_token_flow,
                                                 refresh_margin=AUTH_TOKEN_EXPIRES_GRACE_SECONDS)
        self._endpoint_ready = False
        self._endpoint_url: Optional[str] = None

    # -- Keystone ------------------------------------------------------------------------
    def get_auth_class(self) -> OpenStackIdentityConnection:
        """The identity connection this connection logs in with (made once)."""
        if self._osa is None:
            auth_url = self._ex_force_auth_url if self._ex_force_auth_url is not None else self.auth_url
            cls = get_class_for_auth_version(self._auth_version or AUTH_API_VERSION)
            self._osa = cls(auth_url=auth_url, user_id=self.user_id, key=self.key,
                            tenant_name=self._ex_tenant_name, tenant_domain_id=self._ex_tenant_domain_id,
                            domain_name=self._ex_domain_name, token_scope=self._ex_token_scope,
                            timeout=self.timeout, proxy_url=self.proxy_url, parent_conn=self,
                            auth_cache=self._ex_auth_cache)
        return self._osa

    def get_service_catalog(self) -> OpenStackServiceCatalog:
        """The service catalog of the current token (logs in first when needed)."""
        if self.service_catalog is None:
            self._populate_hosts_and_request_paths()
        return self.service_catalog

    def get_service_name(self) -> Optional[str]:
        """The catalog service name this connection uses: ``ex_force_service_name``, the class's
        ``service_name``, else the name of the catalog entry the endpoint was taken from."""
        name = self._ex_force_service_name or self.service_name
        if name or self.service_catalog is None or not self._endpoint_ready:
            return name
        for entry in self.service_catalog.get_entries():
            if any(endpoint.url and self._endpoint_url == endpoint.url for endpoint in entry.endpoints):
                return entry.service_name
        return None

    def get_endpoint(self) -> str:
        """The URL of this connection's service, from the catalog."""
        catalog = self.service_catalog
        service_type = self._ex_force_service_type or self.service_type
        service_name = self.get_service_name()
        region = self._ex_force_service_region or self.service_region
        if (self._auth_version or "").startswith("1.") and self.v1_service_name and not self._ex_force_service_type:
            # A 1.x catalog is keyed by service name and has no types.
            service_type, service_name = self.v1_service_name, None
        endpoint = catalog.get_endpoint(service_type=service_type, name=service_name, region=region)
        if not endpoint.url:
            raise LibcloudError("Could not find specified endpoint")
        return endpoint.url

    def _populate_hosts_and_request_paths(self) -> None:
        """Log in unless a good token is held, then point the connection at the service endpoint."""
        run_sync(self._populate_flow())

    def _populate_flow(self) -> Flow[None]:
        osa = self.get_auth_class()
        if self._ex_force_auth_token:
            # A caller-supplied token: never log in, always the caller's URL.
            # __init__ insists on ex_force_base_url along with a forced token.
            self._set_up_connection_info(url=self._ex_force_base_url or "")
            self._endpoint_ready = True
            return
        if not osa.is_token_valid():
            kwargs: Dict[str, Any] = {}
            if self._auth_version == "2.0_apikey":
                kwargs["auth_type"] = "api_key"
            elif self._auth_version == "2.0_password":
                kwargs["auth_type"] = "password"
            if "authenticate" in vars(osa):
                # Replaced on the instance (tests, custom logins): call it as it is.
                osa = yield from maybe_flow(osa.authenticate(**kwargs))
            else:
                osa = yield from osa.authenticate_flow(**kwargs)
            self._adopt_login(osa)
        elif self.service_catalog is None or self.auth_token != osa.auth_token:
            # The identity connection is shared by the driver's service connections: another
            # one logged in already.
            self._adopt_login(osa)
        url = self._ex_force_base_url or self.get_endpoint()
        self._set_up_connection_info(url=url)
        self._endpoint_url = url
        self._endpoint_ready = True

    def _adopt_login(self, osa: Any) -> None:
        """Take the token, user and catalog of the identity connection's login."""
        self.auth_token = osa.auth_token
        self.auth_token_expires = osa.auth_token_expires
        self.auth_user_info = osa.auth_user_info
        self.service_catalog = OpenStackServiceCatalog(service_catalog=osa.urls,
                                                       auth_version=self._auth_version or AUTH_API_VERSION)

    def share_identity(self, other: "OpenStackBaseConnection") -> None:
        """Log in through ``other``'s identity connection: one login serves both (same credentials)."""
        self._osa = other.get_auth_class()

    def _set_up_connection_info(self, url: str) -> None:
        """Point the connection at ``url``; a new transport only when scheme, host or port change."""
        previous = (self.host, self.port, self.secure)
        self.host, self.port, self.secure, self.request_path = self._tuple_from_url(url)
        if (self.host, self.port, self.secure) != previous:
            self.connect()

    # -- the token -----------------------------------------------------------------------
    @property
    def token_credential(self) -> TokenCredential:  # type: ignore[override]  # a property over the base's attribute
        """The single-flight credential: its token mirrors the upstream attributes before each request."""
        credential = self._token_credential
        credential.current = self._current_access_token()
        return credential

    def _current_access_token(self) -> Optional[AccessToken]:
        if self._ex_force_auth_token:
            if not self._endpoint_ready:
                return None
            return self._keep_or_new(self._ex_force_auth_token, None)
        osa = self._osa
        if not self._endpoint_ready or osa is None or not self.auth_token or not osa.is_token_valid():
            return None
        return self._keep_or_new(self.auth_token, osa.auth_token_expires)

    def _keep_or_new(self, value: str, expires: Any) -> AccessToken:
        # The same token object while the token is unchanged, so a rejection is recognised.
        current = self._token_credential.current
        if current is not None and current.value == value:
            return current
        return AccessToken(value, expires_at=to_epoch(expires), token_type="X-Auth-Token")

    def _fetch_token_flow(self, previous: Optional[AccessToken]) -> Flow[AccessToken]:
        yield from self._populate_flow()
        token = self._current_access_token()
        if token is None:
            if not self.auth_token:
                raise LibcloudError("Could not obtain a usable token")
            # A token Keystone just issued is used even when its expiry looks past (clock skew);
            # the next request checks it again.
            token = AccessToken(self.auth_token, token_type="X-Auth-Token")
        return token

    def is_token_rejected(self, error: BaseException) -> bool:
        """A 401: the token was refused - forget it (and its cache entry) so the refresh logs in again."""
        if not super().is_token_rejected(error) or self._ex_force_auth_token:
            return False
        osa = self._osa
        if osa is not None:
            osa.clear_cached_auth_context()
            osa.auth_token = None
            osa.auth_token_expires = None
        self.auth_token = None
        return True

    def token_refresh_failed(self, rejection: BaseException, error: BaseException) -> BaseException:
        """When the login after a 401 fails too, the service's 401 is what upstream's callers expect."""
        return rejection

    # -- requests ------------------------------------------------------------------------
    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        """The token, the accepted format and the microversion this service should speak."""
        if self.auth_token:
            headers["X-Auth-Token"] = self.auth_token
        if self.accept_format:
            headers["Accept"] = self.accept_format
        microversion = self._microversion_header()
        if microversion:
            headers["OpenStack-API-Version"] = microversion
        return headers

    def _microversion_header(self) -> Optional[str]:
        value = self._ex_force_microversion
        if not value:
            return None
        parts = str(value).strip().split(" ")
        if len(parts) == 1:
            # A bare version applies to this connection's service.
            return "%s %s" % (self.service_type, parts[0])
        if len(parts) == 2 and parts[0].lower() == (self.service_type or "").lower():
            return "%s %s" % (parts[0], parts[1])
        return None

    def _with_content_type(self, headers: Any, method: str) -> Dict[str, Any]:
        headers = dict(headers or {})
        if method.upper() in ("POST", "PUT") and self.default_content_type:
            headers.setdefault("Content-Type", self.default_content_type)
        return headers

    def request(self, action: str, params: Any = None, data: Any = "", headers: Any = None,
                method: str = "GET", raw: bool = False, stream: Optional[bool] = None, json: Any = None,
                retry_failed: Optional[bool] = None) -> Any:
        """Send a request (the default content type on POST/PUT); returns the parsed response."""
        return super().request(action=action, params=params or {}, data=data, method=method,
                               headers=self._with_content_type(headers, method), raw=raw)

    def call(self, action: str, params: Any = None, data: Any = None, headers: Any = None,
             method: str = "GET", raw: bool = False, stream: Optional[bool] = None, json: Any = None,
             retry_failed: Optional[bool] = None, idempotent: Optional[bool] = None) -> Call:
        """The effect driver flows yield; :meth:`request` is only a content-type default, so the flow
        runs directly (async too) unless ``request`` was replaced on the instance."""
        if "request" in vars(self):
            return super().call(action, params, data, headers, method, raw, stream, json, retry_failed, idempotent)
        return Call(self.request_flow(action, params or {}, data, self._with_content_type(headers, method),
                                      method, raw, stream, json, retry_failed, idempotent),
                    description="%s %s" % (method, action))


class OpenStackJsonConnection(OpenStackBaseConnection):
    """A JSON service: ``data`` given as a dict or list is sent as JSON (strings and bytes as they are)."""

    accept_format = "application/json"

    def encode_data(self, data: Any) -> Any:
        """Dicts and lists go as JSON; strings and bytes as they are."""
        if isinstance(data, (dict, list)):
            return json.dumps(data)
        return data


class OpenStackDriverMixin:
    """Driver side of the plumbing: keeps upstream's ``ex_*`` keyword arguments for the connection."""

    # The ones the drivers read themselves (all of _DRIVER_KWARGS are set by __init__).
    _ex_force_auth_token: Optional[str]
    _ex_force_service_region: Optional[str]

    def __init__(self, ex_force_base_url: Optional[str] = None, ex_force_auth_url: Optional[str] = None,
                 ex_force_auth_version: Optional[str] = None, ex_force_auth_token: Optional[str] = None,
                 ex_token_scope: str = OpenStackIdentityTokenScope.PROJECT, ex_domain_name: str = "Default",
                 ex_tenant_name: Optional[str] = None, ex_tenant_domain_id: str = "default",
                 ex_force_service_type: Optional[str] = None, ex_force_service_name: Optional[str] = None,
                 ex_force_service_region: Optional[str] = None, ex_force_microversion: Optional[str] = None,
                 ex_auth_cache: Any = None, *args: Any, **kwargs: Any) -> None:
        # Each argument is kept as ``_<name>`` (upstream's attributes), read back by openstack_connection_kwargs.
        given = locals()
        for name in _DRIVER_KWARGS:
            setattr(self, "_" + name, given[name])

    def openstack_connection_kwargs(self) -> Dict[str, Any]:
        """The ``ex_*`` values the driver was given, as connection keyword arguments."""
        # Every value, None included: an explicit None (e.g. no domain name) must reach the connection.
        return {name: getattr(self, "_" + name, None) for name in _DRIVER_KWARGS}
