"""Azure Resource Manager (ARM): Azure AD client-credentials tokens, the ARM connection, long-running operations.

* :class:`AzureADTokenSource` logs in with an application's client id and
  secret (OAuth2 client credentials) at the tenant's token endpoint; the
  :class:`~libcloud.common.tokens.TokenCredential` around it caches the
  token, refreshes it before it expires and once after a 401, single-flight
  across threads and asyncio tasks.  The login runs on a connection of its
  own, so the client secret only goes to the login host and the bearer token
  only to Resource Manager.
* :class:`AzureResourceManagementConnection` is the REST connection to
  ``management.azure.com`` (or a sovereign cloud's endpoint); every request
  carries an ``api-version``.
* :func:`poll_operation_flow` waits for an ARM long-running operation
  (``Azure-AsyncOperation`` or ``Location`` header) with a deadline.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, Mapping, Optional
from urllib.parse import parse_qsl, urlsplit

from libcloud._core import debug
from libcloud._core.flow import Flow, Sleep
from libcloud.common.azure import (
    CLOUD_ENVIRONMENTS,
    _LoginConnection,
    _token_expiry,
    _TokenResponse,
    client_credentials_flow,
)
from libcloud.common.base import RawResponse
from libcloud.common.rest import ErrorRule, RestResponse, TokenRestConnection, provider_message
from libcloud.common.tokens import AccessToken, TokenCredential
from libcloud.common.tokens import is_token_rejection
from libcloud.common.types import InvalidCredsError, LibcloudError

__all__ = [
    "RESOURCE_API_VERSION",
    "publicEnvironments",
    "ARM_ENVIRONMENTS",
    "AzureJsonResponse",
    "AzureAuthJsonResponse",
    "AzureADTokenSource",
    "AzureResourceManagementConnection",
    "AzureOperationError",
    "AzureTokenRejectedError",
    "poll_operation_flow",
    "resolve_environment",
]

#: The ``api-version`` of requests that name none.
RESOURCE_API_VERSION = "2016-04-30-preview"

#: Resource Manager endpoints of the public and sovereign clouds (their login endpoints come from
#: :data:`libcloud.common.azure.CLOUD_ENVIRONMENTS`).
_RESOURCE_MANAGERS: Dict[str, Dict[str, str]] = {
    "default": {"resourceManagerEndpointUrl": "https://management.azure.com/"},
    "AzureChinaCloud": {"resourceManagerEndpointUrl": "https://management.chinacloudapi.cn/"},
    "AzureUSGovernment": {"resourceManagerEndpointUrl": "https://management.usgovcloudapi.net/"},
    "AzureGermanCloud": {"resourceManagerEndpointUrl": "https://management.microsoftazure.de/"},
}

#: Every known cloud: login endpoint, token audience, Resource Manager endpoint, storage suffix.
ARM_ENVIRONMENTS: Dict[str, Dict[str, str]] = {
    name: dict(CLOUD_ENVIRONMENTS[name], **managers) for name, managers in _RESOURCE_MANAGERS.items()
}

#: Upstream's name for :data:`ARM_ENVIRONMENTS`.
publicEnvironments = ARM_ENVIRONMENTS

#: How long a long-running operation may take before :func:`poll_operation_flow` gives up (seconds).
DEFAULT_OPERATION_TIMEOUT = 900.0
#: Wait between polls when the service sends no ``Retry-After``.
DEFAULT_POLL_INTERVAL = 5.0


def resolve_environment(cloud_environment: Any) -> Dict[str, str]:
    """The endpoint table of ``cloud_environment``: a known cloud's name (``None``: public Azure) or a dict."""
    if cloud_environment is None:
        cloud_environment = "default"
    if isinstance(cloud_environment, str):
        if cloud_environment not in ARM_ENVIRONMENTS:
            raise ValueError("cloud_environment must be one of %s or a dict" % ", ".join(ARM_ENVIRONMENTS))
        return dict(ARM_ENVIRONMENTS[cloud_environment])
    if not isinstance(cloud_environment, Mapping):
        raise ValueError("cloud_environment must be a cloud's name or a dict")
    merged = dict(ARM_ENVIRONMENTS["default"])
    merged.update({str(k): str(v) for k, v in cloud_environment.items()})
    return merged


class AzureTokenRejectedError(InvalidCredsError):
    """Resource Manager refused the bearer token (401: expired, revoked, wrong audience)."""


class AzureJsonResponse(RestResponse):
    """An ARM answer; errors read ``{"error": {"code", "message"}}`` as ``[Code] message``.

    A 401 raises :class:`AzureTokenRejectedError` (the token is refreshed
    once); a 403 is a missing role, an ``InvalidCredsError`` that a new token
    would not cure.
    """

    error_rules = (ErrorRule(AzureTokenRejectedError, status=401),)

    def error_message(self, document: Any) -> str:
        """``[Code] message`` of an ARM error body (the code is what callers match on, e.g. ``NicInUse``)."""
        error = document.get("error") if isinstance(document, Mapping) else None
        if isinstance(error, Mapping) and error.get("code"):
            return "[%s] %s" % (error.get("code"), error.get("message") or "")
        return provider_message(document)


#: Upstream's name of the login answer's class.
AzureAuthJsonResponse = _TokenResponse


class AzureADTokenSource:
    """Client-credentials login at ``https://<login host>/<tenant>/oauth2/token`` (a token source).

    ``owner`` is the Resource Manager connection: its transport class, proxy
    and timeout are used for the login too, so mocks and proxies apply.
    """

    def __init__(self, owner: "AzureResourceManagementConnection") -> None:
        self.owner = owner
        self._login: Optional[_LoginConnection] = None

    def connection(self) -> _LoginConnection:
        """The login connection, made on first use."""
        owner = self.owner
        if self._login is None:
            login = urlsplit(owner.environment["activeDirectoryEndpointUrl"])
            conn = _LoginConnection(str(owner.user_id), str(owner.secret), secure=login.scheme != "http",
                                    host=login.hostname, port=login.port or (443 if login.scheme != "http" else 80),
                                    timeout=owner.timeout, proxy_url=owner.proxy_url)
            conn.conn_class = owner.conn_class
            conn.driver = owner.driver
            self._login = conn
        return self._login

    def fetch_flow(self, previous: Optional[AccessToken]) -> Flow[AccessToken]:
        """Log in with the client credentials; the new token (client credentials have no refresh token)."""
        owner = self.owner
        answer = yield from client_credentials_flow(self.connection(), owner.tenant_id, owner.user_id, owner.secret,
                                                    owner.login_resource)
        return AccessToken(str(answer["access_token"]), expires_at=_token_expiry(answer),
                           token_type=str(answer.get("token_type") or "Bearer"))


class AzureResourceManagementConnection(TokenRestConnection):
    """Azure Resource Manager, authorised by an Azure AD token of an application (client credentials).

    ``key`` is the application (client) id, ``secret`` its secret; the token
    is fetched before the first request, not in the constructor.
    """

    name = "Azure AD Auth"
    responseCls = AzureJsonResponse
    rawResponseCls = RawResponse
    host = "management.azure.com"

    def __init__(self, key: Optional[str] = None, secret: Optional[str] = None, secure: bool = True,
                 tenant_id: Optional[str] = None,
                 subscription_id: Optional[str] = None, cloud_environment: Any = None, host: Optional[str] = None,
                 port: Optional[int] = None, **kwargs: Any) -> None:
        self.environment = resolve_environment(cloud_environment)
        manager = urlsplit(self.environment["resourceManagerEndpointUrl"])
        super().__init__(key or "", secure=secure, host=host or manager.hostname, port=port or manager.port, **kwargs)
        self.user_id = key
        self.secret = secret
        debug.register_secrets(self, [secret])
        self.tenant_id = tenant_id
        self.subscription_id = subscription_id
        self.login_resource = self.environment["activeDirectoryResourceId"]
        suffix = self.environment["storageEndpointSuffix"]
        #: Suffix of blob endpoints (``.core.windows.net``): ``https://<account>.blob<suffix>/``.
        self.storage_suffix = suffix if suffix.startswith(".") else "." + suffix
        #: Where the tokens come from (the client-credentials login, or the Azure credential chain).
        self.token_source: Any = AzureADTokenSource(self)
        self.credentials_source = "client credentials"
        first: Optional[AccessToken] = None
        if key is None and not secret:
            from libcloud.common.azure_identity import find_azure_token_source

            self.token_source, self.credentials_source, first = find_azure_token_source(
                self.login_resource, authority=self.environment["activeDirectoryEndpointUrl"])
        self.token_credential = TokenCredential(self.token_source, token=first)
        #: Deadline and default wait of long-running operations (seconds).
        self.operation_timeout = DEFAULT_OPERATION_TIMEOUT
        self.poll_interval = DEFAULT_POLL_INTERVAL

    @property
    def access_token(self) -> Optional[str]:
        """The current bearer token (upstream's attribute; ``None`` before the first request)."""
        token = self.token_credential.current if self.token_credential is not None else None
        return token.value if token is not None else None

    def set_http_proxy(self, proxy_url: str) -> None:
        """Send this connection's requests, the Azure AD login included, through ``proxy_url``."""
        super().set_http_proxy(proxy_url)
        source = getattr(self, "token_source", None)  # None while the base constructor runs
        login = getattr(source, "_login", None)  # None before the first login
        if login is not None:
            login.set_http_proxy(proxy_url)

    def is_token_rejected(self, error: BaseException) -> bool:
        """Only a 401 asks for a new token (a 403 means the application lacks a role)."""
        if isinstance(error, InvalidCredsError):
            return isinstance(error, AzureTokenRejectedError)
        return is_token_rejection(error)

    def add_default_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        params = super().add_default_params(params)
        params.setdefault("api-version", RESOURCE_API_VERSION)
        return params

    def get_client_credentials(self) -> None:
        """Fetch a token now (upstream's name; it is otherwise fetched before the first request)."""
        if self.token_credential is not None:
            self.token_credential.invalidate()
            self.token_credential.get_token()

    def split_link(self, url: str) -> tuple[str, Dict[str, str]]:
        """``(path, query)`` of a URL the service sent back; refused when it names another host."""
        parts = urlsplit(url)
        if parts.netloc and (parts.hostname or "").lower() != str(self.host).lower():
            raise LibcloudError("Azure sent a link to another host (%s); not following it, so the token "
                                "stays with %s" % (parts.hostname, self.host), driver=self.driver)
        return parts.path or "/", dict(parse_qsl(parts.query, keep_blank_values=True))


class AzureOperationError(LibcloudError):
    """A long-running operation ended ``Failed`` or ``Canceled``, or did not end before its deadline."""


def _header(headers: Mapping[str, Any], name: str) -> Optional[str]:
    for key, value in (headers or {}).items():
        if str(key).lower() == name.lower():
            return str(value)
    return None


def _retry_after(headers: Mapping[str, Any], default: float) -> float:
    try:
        return max(0.0, float(_header(headers, "retry-after") or default))
    except ValueError:
        return default


def poll_operation_flow(connection: AzureResourceManagementConnection, response: Any,
                        timeout: Optional[float] = None, clock: Callable[[], float] = time.monotonic) -> Flow[Any]:
    """Wait until the long-running operation ``response`` started has ended; its final status document.

    ``Azure-AsyncOperation`` names a status resource (``status``:
    ``InProgress`` until ``Succeeded``, ``Failed`` or ``Canceled``); a
    ``Location`` header names a resource that answers 202 until the
    operation is over.  An answer with neither is already final.  Waits are
    ``Sleep`` effects of ``Retry-After`` (else :attr:`poll_interval`) seconds.
    """
    headers = getattr(response, "headers", None) or {}
    status_url = _header(headers, "azure-asyncoperation")
    location = _header(headers, "location") if status_url is None else None
    if status_url is None and (location is None or int(getattr(response, "status", 200)) != 202):
        return getattr(response, "object", None)
    url = status_url or location or ""
    deadline = clock() + (connection.operation_timeout if timeout is None else timeout)
    wait = _retry_after(headers, connection.poll_interval)
    while True:
        if clock() + wait > deadline:
            raise AzureOperationError("The operation did not finish in time; it may still be running (%s)"
                                      % urlsplit(url).path, driver=connection.driver)
        yield Sleep(wait)
        path, params = connection.split_link(url)
        answer = yield connection.call(path, params=params)
        wait = _retry_after(getattr(answer, "headers", None) or {}, connection.poll_interval)
        body = answer.object if isinstance(answer.object, Mapping) else {}
        if status_url is None:
            if int(answer.status) != 202:
                return answer.object
            continue
        state = str(body.get("status") or "InProgress")
        if state.lower() == "succeeded":
            return body
        if state.lower() in ("failed", "canceled", "cancelled"):
            found = body.get("error")
            error: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
            raise AzureOperationError("The operation ended %s: [%s] %s" % (
                state, error.get("code", "?"), error.get("message", "")), driver=connection.driver)
