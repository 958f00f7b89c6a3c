"""The request signers of AWS connections (upstream class names), on top of the pure signers.

``AWSRequestSignerAlgorithmV4.get_request_headers`` is what connections use:
it signs through :func:`libcloud.common.aws.sigv4.sign`, which leaves out the
headers a proxy may rewrite.  The ``_get_*`` methods are the step-by-step
interface Apache Libcloud exposed (and its tests call): they sign exactly
the headers they are given.  ``AWSRequestSignerAlgorithmV2`` signs Query API
requests (EC2) in the query string.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import sys
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, Union
from urllib.parse import quote, urlencode

from libcloud._core.request import PreparedRequest
from libcloud.common.aws import sigv4

__all__ = ["AWSRequestSigner", "AWSRequestSignerAlgorithmV2", "AWSRequestSignerAlgorithmV4", "_sign",
           "param_pairs", "check_simple_params"]

UNSIGNED_PAYLOAD = sigv4.UNSIGNED_PAYLOAD
_SIMPLE_TYPES = (str, int, float)
_BODYLESS_METHODS = frozenset({"GET", "HEAD", "DELETE"})


def _sign(key: Union[str, bytes], msg: Union[str, bytes], hex: bool = False) -> Any:
    """HMAC-SHA256 of ``msg`` under ``key``: the digest, or its hex form when ``hex``."""
    if isinstance(key, str):
        key = key.encode("utf-8")
    if isinstance(msg, str):
        msg = msg.encode("utf-8")
    mac = hmac.new(key, msg, hashlib.sha256)
    return mac.hexdigest() if hex else mac.digest()


def _hmac() -> Callable[..., Any]:
    # Looked up on the package at call time: upstream's tests replace libcloud.common.aws._sign.
    package = sys.modules.get("libcloud.common.aws")
    return getattr(package, "_sign", _sign)


def param_pairs(params: Any) -> List[Tuple[str, str]]:
    """``(name, value)`` pairs of a params dict or pair list (list values repeat the name)."""
    items = params.items() if isinstance(params, Mapping) else (params or [])
    pairs: List[Tuple[str, str]] = []
    for key, value in items:
        if isinstance(value, (list, tuple)):
            pairs.extend((str(key), str(v)) for v in value)
        else:
            pairs.append((str(key), str(value)))
    return pairs


def check_simple_params(params: Dict[str, Any]) -> None:
    """Query API parameters must be flat: ``ValueError`` for a dict, list... value.

    Booleans are accepted and rewritten in place as AWS spells them ("true"/"false").
    """
    for key, value in params.items():
        if isinstance(value, bool):
            params[key] = "true" if value else "false"
        elif not isinstance(value, _SIMPLE_TYPES):
            raise ValueError('Request parameters dictionary contains an attribute "%s" which value (%r) is not '
                             "a simple type (str, int, float); flatten it into dotted names first" % (key, value))


def _date_stamp(dt: _dt.datetime) -> str:
    return sigv4.amz_date(dt)[:8]


class AWSRequestSigner:
    """Upstream's signer interface: what to add to a request's params and headers."""

    def __init__(self, access_key: str, access_secret: str, version: Optional[str], connection: Any) -> None:
        self.access_key = access_key
        self.access_secret = access_secret
        self.version = version
        self.connection = connection

    def get_request_params(self, params: Dict[str, Any], method: str = "GET", path: str = "/") -> Dict[str, Any]:
        """The query parameters to send for a request (signers that sign in the query add to them)."""
        return params

    def get_request_headers(self, params: Any, headers: Dict[str, Any], method: str = "GET", path: str = "/",
                            data: Any = None) -> Tuple[Any, Dict[str, Any]]:
        """``(params, headers)`` with the signature added for this request."""
        return params, headers

    def sign(self, request: PreparedRequest) -> PreparedRequest:
        """Sign the whole prepared request (the :class:`libcloud._core.auth.RequestAuth` interface).

        ``request.body`` is already encoded, so the payload hash covers the
        bytes that are sent; ``request.action`` is the final path.
        """
        method, path = request.method, request.action
        params = self.get_request_params(dict(request.params), method=method, path=path)
        params, headers = self.get_request_headers(params, request.headers, method=method, path=path,
                                                   data=request.body)
        request.headers = headers
        request.replace_params(params)
        return request

    def _now(self) -> _dt.datetime:
        now = getattr(self.connection, "now", None)
        return now() if callable(now) else _dt.datetime.now(_dt.timezone.utc)


class AWSRequestSignerAlgorithmV2(AWSRequestSigner):
    """SigV2 in the query string (EC2 Query API in the regions that still accept it)."""

    def get_request_params(self, params: Dict[str, Any], method: str = "GET", path: str = "/") -> Dict[str, Any]:
        if self.version and isinstance(params, dict) and "Action" in params:
            params.setdefault("Version", self.version)
        return params

    def get_request_headers(self, params: Any, headers: Dict[str, Any], method: str = "GET", path: str = "/",
                            data: Any = None) -> Tuple[Any, Dict[str, Any]]:
        from libcloud.common.aws import sigv2  # the few SigV2 users import it (import time)

        host = next((str(v) for k, v in headers.items() if k.lower() == "host"), "")
        signed = sigv2.signed_query_params(method, host, path, dict(param_pairs(params)), self.access_key,
                                           self.access_secret, self._now(), self.version,
                                           getattr(self.connection, "token", None))
        return signed, headers


class AWSRequestSignerAlgorithmV4(AWSRequestSigner):
    """SigV4 for one connection: region from the driver, service from the connection."""

    def get_request_params(self, params: Dict[str, Any], method: str = "GET", path: str = "/") -> Dict[str, Any]:
        if method == "GET" and self.version and isinstance(params, dict) and "Action" in params:
            params.setdefault("Version", self.version)
        return params

    def _region(self) -> str:
        conn = self.connection
        return (getattr(conn, "region_name", None) or getattr(getattr(conn, "driver", None), "region_name", None)
                or "us-east-1")

    def _service(self) -> str:
        return getattr(self.connection, "service_name", None) or "ec2"

    def get_request_headers(self, params: Any, headers: Dict[str, Any], method: str = "GET", path: str = "/",
                            data: Any = None) -> Tuple[Any, Dict[str, Any]]:
        payload_hash = _payload_hash(headers, data)
        query = urlencode(param_pairs(params), quote_via=quote) if params else ""
        url = path + ("?" + query if query else "")
        service = self._service()
        added = sigv4.sign(method, url, headers, payload_hash, self.access_key, self.access_secret,
                           self._region(), service, self._now(),
                           session_token=getattr(self.connection, "token", None),
                           normalize_path=service != "s3")
        headers.update(added)
        return params, headers

    # -- the step-by-step interface (every header given is signed) ----------------------
    def _get_credential_scope(self, dt: _dt.datetime) -> str:
        return sigv4.credential_scope(_date_stamp(dt), self._region(), self._service())

    def _get_key_to_sign_with(self, dt: _dt.datetime) -> Any:
        sign = _hmac()
        key = sign("AWS4" + self.access_secret, _date_stamp(dt))
        for part in (self._region(), self._service(), "aws4_request"):
            key = sign(key, part)
        return key

    def _get_signed_headers(self, headers: Mapping[str, Any]) -> str:
        return ";".join(sorted(str(name).lower() for name in headers))

    def _get_canonical_headers(self, headers: Mapping[str, Any]) -> str:
        lines = sorted((str(name).lower(), " ".join(str(value).split())) for name, value in headers.items())
        return "".join("%s:%s\n" % line for line in lines)

    def _get_request_params(self, params: Any) -> str:
        return sigv4.canonical_query(param_pairs(params))

    def _get_payload_hash(self, method: str = "GET", data: Any = None) -> str:
        if method.upper() in _BODYLESS_METHODS:
            return sigv4.EMPTY_SHA256
        if data is None or data == "" or data == b"" or not isinstance(data, (str, bytes, bytearray)):
            return UNSIGNED_PAYLOAD
        return sigv4.sha256_hex(bytes(data) if isinstance(data, bytearray) else data)

    def _get_canonical_request(self, params: Any, headers: Mapping[str, Any], method: str = "GET",
                               path: str = "/", data: Any = None) -> str:
        return "\n".join([
            method.upper(),
            sigv4.canonical_path(path, self._service() != "s3"),
            self._get_request_params(params),
            self._get_canonical_headers(headers),
            self._get_signed_headers(headers),
            self._get_payload_hash(method, data),
        ])

    def _get_string_to_sign(self, params: Any, headers: Mapping[str, Any], dt: _dt.datetime,
                            method: str = "GET", path: str = "/", data: Any = None) -> str:
        canonical = self._get_canonical_request(params, headers, method, path, data)
        return sigv4.string_to_sign(sigv4.amz_date(dt), self._get_credential_scope(dt), canonical)

    def _get_signature(self, params: Any, headers: Mapping[str, Any], dt: _dt.datetime, method: str = "GET",
                       path: str = "/", data: Any = None) -> str:
        return _hmac()(self._get_key_to_sign_with(dt), self._get_string_to_sign(params, headers, dt, method,
                                                                                path, data), hex=True)

    def _get_authorization_v4_header(self, params: Any, headers: Mapping[str, Any], dt: _dt.datetime,
                                     method: str = "GET", path: str = "/", data: Any = None) -> str:
        return "%s Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
            sigv4.ALGORITHM, self.access_key, self._get_credential_scope(dt), self._get_signed_headers(headers),
            self._get_signature(params, headers, dt, method, path, data))


def _payload_hash(headers: Mapping[str, Any], data: Any) -> str:
    for name, value in headers.items():
        if name.lower() == "x-amz-content-sha256":
            return str(value)
    if data is None or data == "" or data == b"":
        return sigv4.EMPTY_SHA256
    if isinstance(data, (bytes, bytearray, memoryview, str)):
        return sigv4.sha256_hex(bytes(data) if not isinstance(data, str) else data)
    return UNSIGNED_PAYLOAD  # a stream: hashing it would consume it
