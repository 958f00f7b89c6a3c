"""AWS responses and connections (the upstream ``libcloud.common.aws`` classes).

Every request is signed with SigV4 in ``sign_request``, after every hook (the hook order of
``Connection.request`` is the contract that makes this possible).  The
signature itself is computed by the pure functions of :mod:`.sigv4`.
"""

from __future__ import annotations

import datetime as _dt
import re
import xml.etree.ElementTree as ET
from typing import Any, Dict, List, Mapping, Optional, Tuple

from libcloud._core.lazy import LazyPattern  # patterns compiled on first use (import time)
from libcloud._core import debug
from libcloud._core.request import PreparedRequest
from libcloud.common.aws import sigv4
from libcloud.common.aws.signers import (
    AWSRequestSigner,
    AWSRequestSignerAlgorithmV2,
    AWSRequestSignerAlgorithmV4,
    check_simple_params,
)
from libcloud.common.aws.errors import exception_for
from libcloud.common.aws.xml import local_name, strip_namespaces, text_local
from libcloud.common.base import ConnectionUserAndKey, JsonResponse, XmlResponse
from libcloud.common.tokens import TokenAuthMixin
from libcloud.common.types import MalformedResponseError

__all__ = [
    "DEFAULT_SIGNATURE_VERSION",
    "UNSIGNED_PAYLOAD",
    "AWSBaseResponse",
    "AWSGenericResponse",
    "AWSJsonResponse",
    "AWSTokenConnection",
    "AWSRequestSigner",
    "AWSRequestSignerAlgorithmV2",
    "AWSRequestSignerAlgorithmV4",
    "SignedAWSConnection",
    "V4SignedAWSConnection",
]

#: SignedAWSConnection's default; the EC2 driver passes its region's version (SigV2 in old regions).
DEFAULT_SIGNATURE_VERSION = "4"
UNSIGNED_PAYLOAD = sigv4.UNSIGNED_PAYLOAD
_SUPPORTED_SIGNATURE_VERSIONS = ("2", "4")
#: A default namespace declaration.  The pattern starts with a literal, so the regex engine skips
#: ahead with a fast search instead of trying every position of a large body; the whitespace the
#: attribute must follow is checked by :func:`_drop_default_xmlns`.
_DEFAULT_XMLNS = LazyPattern(r'xmlns="[^"]*"')


def _drop_default_xmlns(body: str) -> str:
    """``body`` without its default namespace declarations (``xmlns="..."`` after whitespace)."""
    if 'xmlns="' not in body:
        return body

    def drop(match: "re.Match[str]") -> str:
        start = match.start()
        return "" if start > 0 and body[start - 1].isspace() else match.group(0)

    return _DEFAULT_XMLNS.sub(drop, body)


def _error_elements(root: Any) -> List[Any]:
    """The <Error> elements of an AWS error document, whatever its wrapper."""
    if local_name(root.tag) == "Error":
        return [root]
    return [el for el in root.iter() if local_name(el.tag) == "Error"]


class AWSBaseResponse(XmlResponse):
    """An AWS XML response; namespaces are stripped so parsers use plain paths."""

    namespace: Optional[str] = None

    def parse_body(self) -> Any:
        if len(self.body) == 0 and not self.parse_zero_length_body:
            return self.body
        # Default namespace declarations are dropped before parsing (cheaper than
        # renaming a million elements afterwards); moto and AWS disagree on them.
        text = _drop_default_xmlns(self.body)
        try:
            try:
                root = ET.XML(text)
            except ValueError:  # an encoding declaration needs bytes
                root = ET.XML(text.encode("utf-8"))
        except ET.ParseError as exc:
            raise MalformedResponseError("Failed to parse XML", body=self.body,
                                         driver=getattr(self.connection, "driver", None)) from exc
        if isinstance(root.tag, str) and root.tag[:1] == "{":  # a prefixed root: rename every element
            strip_namespaces(root)
        return root

    def _parse_error_details(self, element: Any) -> Tuple[Optional[str], Optional[str]]:
        """``(code, message)`` of one <Error> element."""
        return text_local(element, "Code"), text_local(element, "Message")

    #: Service-specific codes that win over the shared table (code -> factory).
    error_factories: Mapping[str, Any] = {}

    def parse_error(self) -> Any:
        driver = getattr(self.connection, "driver", None)
        try:
            root = self.parse_body()
        except MalformedResponseError as exc:
            if self.status >= 500 or self.status in (401, 403, 429):
                raise exception_for(self.status, None, self.body, driver, self.headers) from exc
            raise
        if not hasattr(root, "iter"):
            raise exception_for(self.status, None, self.body or self.error, driver, self.headers)
        errors = _error_elements(root)
        request_id = text_local(root, "RequestID") or text_local(root, "RequestId")
        if not errors:
            raise exception_for(self.status, None, self.body, driver, self.headers, request_id)
        code, message = self._parse_error_details(errors[0])
        raise exception_for(self.status, code, message, driver, self.headers, request_id, self.error_factories)


class AWSGenericResponse(AWSBaseResponse):
    """Upstream's configurable response: ``exceptions`` maps error codes to exception classes."""

    xpath: Optional[str] = None
    exceptions: Dict[str, Any] = {}

    def success(self) -> bool:
        return self.status in (200, 201, 202, 204)

    def parse_error(self) -> Any:
        if self.exceptions:
            factories = {code: _factory_for(cls) for code, cls in self.exceptions.items()}
            self.error_factories = dict(self.error_factories, **factories)
        return super().parse_error()


def _factory_for(cls: Any) -> Any:
    """An error factory (the signature of the error table's) that raises ``cls`` with the message."""
    return lambda status, code, message, driver, headers: cls(value=message, driver=driver)


class AWSJsonResponse(JsonResponse):
    """A JSON AWS response; errors carry ``__type``/``code`` and ``message``."""

    def parse_error(self) -> Any:
        driver = getattr(self.connection, "driver", None)
        try:
            body = super().parse_body()
        except MalformedResponseError:
            body = None
        code = message = None
        if isinstance(body, dict):
            code = str(body.get("__type") or body.get("code") or body.get("Code") or "").rpartition("#")[2] or None
            message = body.get("message") or body.get("Message")
        raise exception_for(self.status, code, message or self.body, driver, self.headers)


class AWSTokenConnection(TokenAuthMixin, ConnectionUserAndKey):
    """A connection with an optional STS session ``token``.

    When the driver's credentials came from the chain and are temporary,
    :attr:`token_credential` holds them: each request makes sure they are
    fresh first (and refreshes once after an auth error), and signing uses the
    current ones (see :mod:`libcloud.common.aws.credential_chain`).
    """

    def __init__(self, user_id: str, key: str, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, url: Optional[str] = None, timeout: Optional[float] = None,
                 proxy_url: Optional[str] = None, token: Optional[str] = None, retry_delay: Optional[float] = None,
                 backoff: Optional[float] = None) -> None:
        self.token = token
        super().__init__(user_id, key, secure=secure, host=host, port=port, url=url, timeout=timeout,
                         retry_delay=retry_delay, backoff=backoff, proxy_url=proxy_url)
        # An error body that echoes the session token must not show it in logs or exception text.
        debug.register_secrets(self, [token])

    def authorization_headers(self) -> Dict[str, str]:
        """AWS sends no bearer header: the current temporary credentials go to the signer instead."""
        self.use_current_credentials()
        return {}

    def use_current_credentials(self) -> None:
        """Sign with the refreshed credentials, if this connection has refreshing ones."""
        credential = self.token_credential
        token = credential.current if credential is not None else None
        if token is None:
            return
        extras = token.extras
        self.user_id, self.key, self.token = extras["access_key"], extras["secret_key"], extras.get("session_token")
        signer = getattr(self, "signer", None)
        if signer is not None:
            signer.access_key, signer.access_secret = self.user_id, self.key


class SignedAWSConnection(AWSTokenConnection):
    """A signed Query API connection: SigV4, or SigV2 in the query string (``signature_version="2"``)."""

    version: Optional[str] = None
    service_name: Optional[str] = None
    signature_version_default = DEFAULT_SIGNATURE_VERSION

    def __init__(self, user_id: str, key: str, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, url: Optional[str] = None, timeout: Optional[float] = None,
                 proxy_url: Optional[str] = None, token: Optional[str] = None, retry_delay: Optional[float] = None,
                 backoff: Optional[float] = None, signature_version: Any = None) -> None:
        super().__init__(user_id, key, secure=secure, host=host, port=port, url=url, timeout=timeout,
                         proxy_url=proxy_url, token=token, retry_delay=retry_delay, backoff=backoff)
        version = str(signature_version if signature_version is not None else self.signature_version_default)
        if version not in _SUPPORTED_SIGNATURE_VERSIONS:
            raise ValueError("Unsupported signature_version: %s" % (signature_version,))
        self.signature_version = version
        signer_class = AWSRequestSignerAlgorithmV2 if version == "2" else AWSRequestSignerAlgorithmV4
        self.signer: AWSRequestSigner = signer_class(access_key=self.user_id, access_secret=self.key,
                                                     version=self.version, connection=self)

    @staticmethod
    def now() -> _dt.datetime:
        """The signing time (UTC); tests replace it to get fixed signatures."""
        return _dt.datetime.now(_dt.timezone.utc)

    def add_default_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        # Query API parameters are flat name=value pairs: a nested value is a caller bug.
        check_simple_params(params)
        return params

    def sign_request(self, request: PreparedRequest) -> PreparedRequest:
        """Sign the final request with this method's signer (SigV4 headers, or SigV2 query parameters)."""
        self.use_current_credentials()
        return self._signer_for(request.method).sign(request)

    def _signer_for(self, method: str) -> AWSRequestSigner:
        """The signer of one request (subclasses may pick another for some methods)."""
        return self.signer


class V4SignedAWSConnection(SignedAWSConnection):
    """SigV4 for REST-style services (S3): no ``Version`` query parameter."""

    def add_default_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        return params
