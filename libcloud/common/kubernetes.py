"""Connections to a Kubernetes API server, shared by the container (and future compute) drivers.

Three ways to authenticate, chosen by the driver's arguments as upstream does:
a client certificate (``key_file`` + ``cert_file``, optionally ``ca_cert``), a
bearer token (``ex_token_bearer_auth=True`` with the token as ``key``), or
HTTP Basic (``key``/``secret``).
"""

from __future__ import annotations

import base64
from typing import Any, Dict, Optional, Type, Union

from libcloud.common.base import (
    transport_settings,
    Connection,
    ConnectionKey,
    ConnectionUserAndKey,
    JsonResponse,
    KeyCertificateConnection,
)
from libcloud.common.client_cert import ClientCertDriverMixin, strip_scheme
from libcloud.common.types import CodeMessageError, InvalidCredsError

__all__ = [
    "KubernetesException",
    "KubernetesResponse",
    "KubernetesTLSAuthConnection",
    "KubernetesTokenAuthConnection",
    "KubernetesBasicAuthConnection",
    "KubernetesDriverMixin",
    "VALID_RESPONSE_CODES",
]

VALID_RESPONSE_CODES = (200, 201, 202, 204)


class KubernetesException(CodeMessageError):
    """The API server refused a request (``code`` is the HTTP status)."""


class KubernetesResponse(JsonResponse):
    """A JSON answer; a ``Status`` object's ``message`` becomes the error text."""

    valid_response_codes = VALID_RESPONSE_CODES

    def success(self) -> bool:
        return self.status in self.valid_response_codes

    def parse_error(self) -> Any:
        if self.status == 401:
            raise InvalidCredsError("Invalid credentials", driver=getattr(self.connection, "driver", None))
        body = self.body
        try:
            parsed = self.parse_body()
        except Exception:
            parsed = None
        if isinstance(parsed, dict) and parsed.get("message"):
            body = parsed["message"]
        raise KubernetesException(self.status, str(body))


def _json_headers(headers: Dict[str, Any]) -> Dict[str, Any]:
    if "Content-Type" not in headers:
        headers["Content-Type"] = "application/json"
    return headers


class KubernetesTLSAuthConnection(KeyCertificateConnection):
    """Client-certificate authentication; ``ca_cert`` is the cluster's CA bundle."""

    responseCls = KubernetesResponse
    timeout = 60

    def __init__(self, key: Any = None, secure: bool = True, host: str = "localhost", port: Union[int, str] = "6443",
                 key_file: Optional[str] = None, cert_file: Optional[str] = None, ca_cert: Optional[str] = None,
                 **kwargs: Any) -> None:
        super().__init__(key_file=key_file, cert_file=cert_file, secure=secure, host=host, port=int(port),
                         ca_cert=ca_cert, **transport_settings(kwargs))
        self.key = key

    def connect(self, *args: Any, **kwargs: Any) -> Any:
        if self.ca_cert:
            kwargs.setdefault("ca_cert", self.ca_cert)
        connection = super().connect(*args, **kwargs)
        if not self.ca_cert:
            # Upstream's marker for "no cluster CA given". Unlike upstream this does not turn
            # verification off: the system CA bundle still checks the server certificate.
            connection.ca_cert = False
        return connection

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        return _json_headers(headers)


class KubernetesTokenAuthConnection(ConnectionKey):
    """Bearer-token authentication (``key`` is the token)."""

    responseCls = KubernetesResponse
    timeout = 60

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        _json_headers(headers)
        if self.key:
            headers["Authorization"] = "Bearer %s" % (self.key,)
        else:
            raise ValueError("Please provide a valid token in the key param")
        return headers


class KubernetesBasicAuthConnection(ConnectionUserAndKey):
    """HTTP Basic authentication (``user_id``/``key``); no header without credentials."""

    responseCls = KubernetesResponse
    timeout = 60

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        _json_headers(headers)
        if self.user_id and self.key:
            token = base64.b64encode(("%s:%s" % (self.user_id, self.key)).encode("utf-8")).decode("utf-8")
            headers["Authorization"] = "Basic %s" % (token,)
        return headers


class KubernetesDriverMixin(ClientCertDriverMixin):
    """Picks the connection class from the arguments and builds it; mix in before the driver base."""

    connectionCls: Type[Connection]

    def __init__(self, key: Any = None, secret: Any = None, secure: bool = False, host: str = "localhost",
                 port: int = 4243, key_file: Optional[str] = None, cert_file: Optional[str] = None,
                 ca_cert: Optional[str] = None, ex_token_bearer_auth: bool = False, **kwargs: Any) -> None:
        if self._use_client_cert(key_file, cert_file, ca_cert, KubernetesTLSAuthConnection):
            secure = True
        elif ex_token_bearer_auth:
            self.connectionCls = KubernetesTokenAuthConnection
            if not key:
                raise ValueError("The token must be a string provided via 'key' argument")
            secure = True
        else:
            self.connectionCls = KubernetesBasicAuthConnection
        host, scheme_secure = strip_scheme(str(host or "localhost"))
        if scheme_secure is not None:
            secure = scheme_secure
        if self.connectionCls is KubernetesBasicAuthConnection and secret is None:
            secret = ""  # the base driver drops a None secret from the connection's positional arguments
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port,
                         **kwargs)
        self.connection.secure = secure
        self.connection.host = host
        self.connection.port = port

