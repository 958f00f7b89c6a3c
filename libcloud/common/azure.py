"""Azure Storage connections: Shared Key signing, Azure AD tokens, responses.

The Shared Key signer is a set of pure functions (:func:`string_to_sign`,
:func:`sign_string`, :func:`shared_key_authorization`) following Microsoft's
"Authorize with Shared Key" rules for the Blob service (version 2009-09-19 and
later).  :class:`AzureConnection` signs each request *after* the upstream hook
chain has prepared it, from the request object itself, so one connection can
sign concurrent requests from many threads.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union
from urllib.parse import unquote, urlencode, urlsplit, quote

from libcloud._core.flow import Flow
from libcloud._core.request import PreparedRequest
from libcloud.common.base import BaseDriver, ConnectionUserAndKey, JsonResponse, RawResponse, XmlResponse
from libcloud.common.types import InvalidCredsError, LibcloudError, MalformedResponseError

__all__ = [
    "AZURE_TIME_FORMAT",
    "AzureRedirectException",
    "AzureResponse",
    "AzureRawResponse",
    "AzureBaseDriver",
    "AzureConnection",
    "AzureActiveDirectoryConnection",
    "CLOUD_ENVIRONMENTS",
    "canonicalized_headers",
    "canonicalized_resource",
    "special_header_values",
    "string_to_sign",
    "sign_string",
    "shared_key_authorization",
]

#: The format of the ``x-ms-date`` header.
AZURE_TIME_FORMAT = "%a, %d %b %Y %H:%M:%S GMT"

#: Standard headers that take a fixed line each in the string to sign, in order.
_SIGNED_STANDARD_HEADERS = (
    "content-encoding",
    "content-language",
    "content-length",
    "content-md5",
    "content-type",
    "date",
    "if-modified-since",
    "if-match",
    "if-none-match",
    "if-unmodified-since",
    "range",
)

#: Public Azure clouds: where to log in (Azure AD) and the blob endpoint suffix.
CLOUD_ENVIRONMENTS: Dict[str, Dict[str, str]] = {
    "default": {
        "activeDirectoryEndpointUrl": "https://login.microsoftonline.com/",
        "activeDirectoryResourceId": "https://management.core.windows.net/",
        "storageEndpointSuffix": "core.windows.net",
    },
    "AzureChinaCloud": {
        "activeDirectoryEndpointUrl": "https://login.chinacloudapi.cn/",
        "activeDirectoryResourceId": "https://management.core.chinacloudapi.cn/",
        "storageEndpointSuffix": "core.chinacloudapi.cn",
    },
    "AzureUSGovernment": {
        "activeDirectoryEndpointUrl": "https://login.microsoftonline.us/",
        "activeDirectoryResourceId": "https://management.core.usgovcloudapi.net/",
        "storageEndpointSuffix": "core.usgovcloudapi.net",
    },
    "AzureGermanCloud": {
        "activeDirectoryEndpointUrl": "https://login.microsoftonline.de/",
        "activeDirectoryResourceId": "https://management.core.cloudapi.de/",
        "storageEndpointSuffix": "core.cloudapi.de",
    },
}

_WHITESPACE = re.compile(r"\s+")


# -- the pure Shared Key signer -----------------------------------------------------
def canonicalized_headers(headers: Mapping[str, Any]) -> str:
    """The ``x-ms-*`` headers: lower-case names, sorted, folded values, one ``name:value\\n`` each."""
    items = []
    for name, value in headers.items():
        lower = str(name).strip().lower()
        if lower.startswith("x-ms-"):
            items.append((lower, _WHITESPACE.sub(" ", str(value)).strip()))
    items.sort()
    return "".join("%s:%s\n" % item for item in items)


def canonicalized_resource(account: str, path: str, query: Iterable[Tuple[str, str]] = ()) -> str:
    """``/account/path`` then one ``\\nname:value[,value...]`` line per query parameter.

    ``path`` is the encoded path exactly as sent; query names and values are
    given decoded.  Names are lower-cased and sorted; repeated names list
    their values sorted and comma-separated.
    """
    resource = "/%s%s" % (account, path if path.startswith("/") else "/" + path)
    grouped: Dict[str, List[str]] = {}
    for name, value in query:
        grouped.setdefault(str(name).lower(), []).append(str(value))
    for name in sorted(grouped):
        resource += "\n%s:%s" % (name, ",".join(sorted(grouped[name])))
    return resource


def _header_lookup(headers: Mapping[str, Any]) -> Dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items() if v is not None}


#: From this service version on, a Content-Length of 0 is signed as an empty line.
_EMPTY_ZERO_LENGTH_SINCE = "2015-02-21"

#: Methods that, before that version, sign a missing Content-Length as "0".
_WRITE_METHODS = ("PUT", "POST", "DELETE", "MERGE")


def special_header_values(headers: Mapping[str, Any], method: str, api_version: Optional[str] = None) -> List[str]:
    """The eleven standard-header lines of the string to sign, in Microsoft's order.

    ``api_version`` is the ``x-ms-version`` the request carries (read from
    ``headers`` when not given).  Since 2015-02-21 a zero or absent
    Content-Length is an empty line; before, a write without one is ``0``.
    Date is empty when ``x-ms-date`` is present.
    """
    lookup = _header_lookup(headers)
    version = api_version or lookup.get("x-ms-version") or _EMPTY_ZERO_LENGTH_SINCE
    modern = version >= _EMPTY_ZERO_LENGTH_SINCE  # ISO dates compare as strings
    values = []
    for name in _SIGNED_STANDARD_HEADERS:
        value = lookup.get(name, "")
        if name == "content-length":
            if modern and value.strip() == "0":
                value = ""
            elif not modern and name not in lookup and method.upper() in _WRITE_METHODS:
                value = "0"
        if name == "date" and "x-ms-date" in lookup:
            value = ""
        values.append(value)
    return values


def string_to_sign(
    method: str,
    account: str,
    path: str,
    query: Iterable[Tuple[str, str]],
    headers: Mapping[str, Any],
    api_version: Optional[str] = None,
) -> str:
    """The Shared Key string to sign for the Blob service (see :func:`special_header_values`)."""
    lines = [method.upper()] + special_header_values(headers, method, api_version)
    return "\n".join(lines) + "\n" + canonicalized_headers(headers) + canonicalized_resource(account, path, query)


def sign_string(key: bytes, text: str) -> str:
    """Base64 of HMAC-SHA256(``key``, UTF-8 ``text``); ``key`` is the *decoded* account key."""
    return base64.b64encode(hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()).decode("ascii")


def shared_key_authorization(
    account: str,
    key: bytes,
    method: str,
    path: str,
    query: Iterable[Tuple[str, str]],
    headers: Mapping[str, Any],
) -> str:
    """The ``Authorization`` header value: ``SharedKey account:signature``."""
    signature = sign_string(key, string_to_sign(method, account, path, query, headers))
    return "SharedKey %s:%s" % (account, signature)


def split_url(url: str) -> Tuple[str, List[Tuple[str, str]]]:
    """``(encoded path, decoded query pairs)`` of a request URL (``+`` stays a plus sign)."""
    parts = urlsplit(url)
    pairs = []
    for item in parts.query.split("&") if parts.query else []:
        name, _, value = item.partition("=")
        pairs.append((unquote(name), unquote(value)))
    return parts.path or "/", pairs


def _key_bytes(key: Union[str, bytes]) -> bytes:
    return key if isinstance(key, bytes) else str(key).encode("utf-8")


# -- responses ----------------------------------------------------------------------
class AzureRedirectException(Exception):
    """Azure answered 307 and the driver wants to follow it."""

    def __init__(self, response: Any) -> None:
        super().__init__(response.headers.get("location"))
        self.location = response.headers.get("location")


def _error_message(response: Any) -> str:
    """``Code: Message`` from an Azure error body or the ``x-ms-error-code`` header."""
    code = response.headers.get("x-ms-error-code")
    message = None
    body = getattr(response, "_parsed_error_body", None)
    if body is None:
        try:
            body = XmlResponse.parse_body(response)
        except MalformedResponseError:
            body = None
    if body is not None and hasattr(body, "findtext"):
        code = body.findtext("Code") or code
        message = (body.findtext("Message") or "").split("\n")[0] or None
    if code and message:
        return "%s: %s" % (code, message)
    return code or message or "Unknown error"


def _raise_for_status(response: Any, msg: Optional[str] = None) -> None:
    error_msg = _error_message(response)
    if msg:
        error_msg = "%s - %s" % (msg, error_msg)
    driver = getattr(response.connection, "driver", None)
    if response.status in (401, 403):
        raise InvalidCredsError(error_msg, driver=driver)
    raise LibcloudError("%s Status code: %d." % (error_msg, response.status), driver=driver)


class AzureResponse(XmlResponse):
    """An Azure XML response.

    As upstream, 400, 404, 409, 307 and 206 count as "success" so that drivers
    can map them to precise exceptions; 401/403 raise ``InvalidCredsError``.
    """

    valid_response_codes = [404, 409, 400, 307, 206]

    def success(self) -> bool:
        status = int(self.status)
        return 200 <= status <= 299 or status in self.valid_response_codes

    def parse_body(self) -> Any:
        if int(self.status) == 307 and getattr(getattr(self.connection, "driver", None), "follow_redirects", False):
            raise AzureRedirectException(self)
        return super().parse_body()

    def parse_error(self, msg: Optional[str] = None) -> Any:
        _raise_for_status(self, msg)


class AzureRawResponse(RawResponse):
    """A streamed Azure response; failures are read and raised like :class:`AzureResponse`."""

    valid_response_codes = AzureResponse.valid_response_codes

    def success(self) -> bool:
        status = int(self.status)
        return 200 <= status <= 299 or status in self.valid_response_codes

    def parse_error(self, msg: Optional[str] = None) -> Any:
        body = self.body
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")
        holder = _BodyHolder(text.strip(), self.status, self.headers, self.connection)
        _raise_for_status(holder, msg)


class _BodyHolder:
    """Just enough of a response for :func:`_error_message` (a raw body read whole)."""

    parse_zero_length_body = False

    def __init__(self, body: str, status: int, headers: Mapping[str, Any], connection: Any) -> None:
        self.body, self.status, self.headers, self.connection = body, status, headers, connection


class AzureBaseDriver(BaseDriver):
    """The base of Azure drivers (holds the account name and key)."""
    name = "Microsoft Azure Service Management API"


# -- connections ----------------------------------------------------------------------
class _AzureSigningMixin:
    """Adds ``x-ms-date``/``x-ms-version`` and signs the prepared request."""

    API_VERSION = "2012-02-12"

    def _azure_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        headers["x-ms-date"] = time.strftime(AZURE_TIME_FORMAT, time.gmtime())
        headers["x-ms-version"] = self.API_VERSION
        return headers

    @classmethod
    def _finish(cls, request: PreparedRequest) -> PreparedRequest:
        """The request in the form it is sent, before it is signed."""
        request.headers.pop("Host", None)  # requests sets it; a copy here would only risk a mismatch
        cls._requote(request)
        cls._fill_content_length(request)
        return request

    @staticmethod
    def _requote(request: Any) -> None:
        # The query is rebuilt with %20 for spaces (never "+"), so that what the
        # service decodes is exactly what was signed.
        if request.params and not request.url.startswith("http"):
            joiner = "&" if "?" in request.action else "?"
            request.url = request.action + joiner + urlencode(request.params, doseq=True, quote_via=quote)

    @staticmethod
    def _fill_content_length(request: Any) -> None:
        names = {str(k).lower() for k in request.headers}
        if "content-length" in names:
            return
        body = request.body
        if isinstance(body, str):
            body = body.encode("utf-8")
            request.body = body
        if isinstance(body, (bytes, bytearray, memoryview)):
            request.headers["Content-Length"] = str(len(body))
        elif body is None and request.method.upper() in ("PUT", "POST", "DELETE", "MERGE"):
            request.headers["Content-Length"] = "0"


class AzureConnection(_AzureSigningMixin, ConnectionUserAndKey):
    """A connection signed with the storage account's Shared Key.

    ``user_id`` is the account name, ``key`` the *decoded* account key (bytes).
    """

    responseCls = AzureResponse
    rawResponseCls = AzureRawResponse

    API_VERSION = "2012-02-12"

    def add_default_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        return params

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        return self._azure_headers(headers)

    def sign_request(self, request: PreparedRequest) -> PreparedRequest:
        """Sign the final request (URL, headers, Content-Length as sent) with the Shared Key."""
        request = self._finish(super().sign_request(request))
        path, query = split_url(request.url)
        request.headers["Authorization"] = self._get_azure_auth_signature(
            method=request.method, headers=request.headers, params=query, account=self.user_id,
            secret_key=self.key, path=path,
        )
        return request

    def _format_special_header_values(self, headers: Mapping[str, Any], method: str) -> List[str]:
        """The standard-header lines of the string to sign (upstream name), for this ``API_VERSION``."""
        return special_header_values(headers, method, self.API_VERSION)

    def _get_azure_auth_signature(self, method: str, headers: Mapping[str, Any], params: Any, account: str,
                                  secret_key: Union[str, bytes], path: str = "/") -> str:
        """The ``Authorization`` value (upstream name); ``params`` is a dict or ``(name, value)`` pairs."""
        pairs: Sequence[Tuple[str, str]] = list(params.items()) if isinstance(params, Mapping) else list(params or [])
        return shared_key_authorization(account, _key_bytes(secret_key), method, path, pairs, headers)


class _TokenResponse(JsonResponse):
    def success(self) -> bool:
        return self.status == 200

    def parse_error(self) -> Any:
        driver = getattr(self.connection, "driver", None)
        try:
            body = JsonResponse.parse_body(self)
        except MalformedResponseError:
            body = {}
        message = body.get("error_description") or body.get("error") if isinstance(body, dict) else None
        if self.status in (400, 401, 403):
            raise InvalidCredsError(message or self.body, driver=driver)
        raise LibcloudError("Azure AD login failed (%s): %s" % (self.status, message or self.body), driver=driver)


def _token_expiry(token: Mapping[str, Any]) -> float:
    """When a token answer expires, on our clock.

    ``expires_in`` (seconds from now) is preferred: it does not depend on
    the login server's clock agreeing with ours, as ``expires_on`` does.
    """
    for name, base in (("expires_in", time.time()), ("expires_on", 0.0)):
        try:
            return base + float(token[name])
        except (KeyError, TypeError, ValueError):
            continue
    return time.time() + 3600.0


class _LoginConnection(ConnectionUserAndKey):
    responseCls = _TokenResponse


def client_credentials_flow(login: Any, tenant_id: Optional[str], client_id: Optional[str], client_secret: Any,
                            resource: str) -> Flow[Dict[str, Any]]:
    """Azure AD's client-credentials grant at ``/<tenant>/oauth2/token`` on ``login``; the token answer.

    ``login`` is a connection to the login host only (the secret goes there
    and nowhere else).  The answer holds ``access_token`` and its expiry.
    """
    body = urlencode({
        "grant_type": "client_credentials",
        "client_id": client_id,
        "client_secret": client_secret,
        "resource": resource,
    })
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    response = yield login.call("/%s/oauth2/token" % (tenant_id,), data=body, headers=headers, method="POST")
    token = response.object
    if not isinstance(token, dict) or "access_token" not in token:
        raise MalformedResponseError("Azure AD answered without an access token", body=response.body,
                                     driver=getattr(login, "driver", None))
    return token


class AzureActiveDirectoryConnection(_AzureSigningMixin, ConnectionUserAndKey):
    """A connection authorised by an Azure AD bearer token (client credentials).

    ``identity`` is the application (client) id, ``secret`` its secret.  Unlike
    upstream, the token is fetched before the first request rather than in the
    constructor, and refreshed five minutes before it expires.
    """

    responseCls = AzureResponse
    rawResponseCls = AzureRawResponse
    name = "Azure AD Auth"
    login_resource = "https://storage.azure.com/"
    #: The transport class of the login requests (``None``: the same as ``conn_class``).
    login_conn_class: Any = None

    API_VERSION = "2017-11-09"

    def __init__(self, key: str, secret: Optional[str] = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, tenant_id: Optional[str] = None, identity: Optional[str] = None,
                 cloud_environment: Any = "default", **kwargs: Any) -> None:
        super().__init__(identity, secret if secret is not None else "", secure=secure, host=host, port=port, **kwargs)
        if isinstance(cloud_environment, str):
            if cloud_environment not in CLOUD_ENVIRONMENTS:
                raise ValueError("cloud_environment must be one of %s or a dict" % ", ".join(CLOUD_ENVIRONMENTS))
            cloud_environment = CLOUD_ENVIRONMENTS[cloud_environment]
        if not isinstance(cloud_environment, dict) or "activeDirectoryEndpointUrl" not in cloud_environment:
            raise ValueError("cloud_environment needs an 'activeDirectoryEndpointUrl' entry")
        #: The Azure AD login address of this cloud (``https://login.microsoftonline.com/``).
        self.login_authority = str(cloud_environment["activeDirectoryEndpointUrl"])
        login_url = urlsplit(cloud_environment["activeDirectoryEndpointUrl"])
        self.login_host = login_url.hostname
        self.login_port = login_url.port or 443
        self.identity = identity
        self.tenant_id = tenant_id
        self.storage_account_id = key
        self.access_token: Optional[str] = None
        self.expires_on: float = 0.0
        self._login: Optional[_LoginConnection] = None
        #: Where the token comes from: "client credentials", or a source of the Azure credential chain.
        self.credentials_source = "client credentials"
        #: A token source of the Azure credential chain (:mod:`libcloud.common.azure_identity`), set by the
        #: driver when it was given no application: it replaces the client-credentials login.
        self._chain_source: Any = None

    def use_token_source(self, source: Any, described: str, first: Any = None) -> None:
        """Take tokens from ``source`` (a token source with ``fetch_flow``) instead of the client credentials."""
        self._chain_source, self.credentials_source = source, described
        if first is not None:
            self.access_token, self.expires_on = first.value, float(first.expires_at or 0.0)

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        headers = self._azure_headers(headers)
        headers["Authorization"] = "Bearer %s" % (self.access_token,)
        return headers

    def sign_request(self, request: PreparedRequest) -> PreparedRequest:
        """The bearer token went in with the default headers; the request gets its final form."""
        return self._finish(super().sign_request(request))

    def _token_expired(self) -> bool:
        return self.access_token is None or time.time() + 300 >= float(self.expires_on)

    def set_http_proxy(self, proxy_url: str) -> None:
        """Send this connection's requests, the Azure AD login included, through ``proxy_url``."""
        super().set_http_proxy(proxy_url)
        login = getattr(self, "_login", None)  # None while the base constructor runs
        if login is not None:
            login.set_http_proxy(proxy_url)

    def _login_connection(self) -> _LoginConnection:
        # A connection of its own: the client secret only ever goes to the
        # login host, and the bearer token never does.  It is built from this
        # connection's transport class and proxy, so mocks and proxies apply.
        if self._login is None:
            conn = _LoginConnection(self.user_id, self.key, secure=True, host=self.login_host, port=self.login_port,
                                    timeout=self.timeout, proxy_url=self.proxy_url)
            conn.conn_class = self.login_conn_class or self.conn_class
            conn.driver = self.driver
            self._login = conn
        return self._login

    def get_client_credentials_flow(self) -> Flow[None]:
        """Log in with the client credentials (or the chain's source) and keep the bearer token."""
        if self._chain_source is not None:
            fresh = yield from self._chain_source.fetch_flow(None)
            self.access_token, self.expires_on = fresh.value, float(fresh.expires_at or 0.0)
            return
        token = yield from client_credentials_flow(self._login_connection(), self.tenant_id, self.user_id, self.key,
                                                   self.login_resource)
        self.access_token = token["access_token"]
        self.expires_on = _token_expiry(token)

    def get_client_credentials(self) -> None:
        """Fetch an Azure AD access token now (it is otherwise fetched before the first request)."""
        from libcloud._core.flow import run_sync

        run_sync(self.get_client_credentials_flow())

    def request_flow(self, action: str, params: Any = None, data: Any = None,
                     headers: Optional[Mapping[str, Any]] = None, method: str = "GET", raw: bool = False,
                     stream: Optional[bool] = False, json: Any = None, retry_failed: Optional[bool] = None,
                     idempotent: Optional[bool] = None) -> Flow[Any]:
        if self._token_expired():
            yield from self.get_client_credentials_flow()
        return (yield from super().request_flow(action, params, data, headers, method, raw, stream, json,
                                                retry_failed, idempotent))
