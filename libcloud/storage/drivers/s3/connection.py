"""S3 responses and connections (upstream class names).

* ``S3SignatureV4Connection`` signs every request with SigV4 through the
  shared AWS signer; it adds ``x-amz-content-sha256`` first (the SHA-256 of
  byte bodies, ``UNSIGNED-PAYLOAD`` for streamed ones), which S3 requires.
* ``BaseS3Connection`` / ``S3Connection`` sign with the legacy query-string
  SigV2 that Ceph RGW and DigitalOcean Spaces still default to.

The request being prepared is kept per thread (not on the shared connection)
so that parallel multipart parts and ranged downloads sign correctly.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import xml.etree.ElementTree as ET
from typing import Any, Dict, Optional, Tuple
from urllib.parse import unquote, urlsplit

from libcloud._core.request import PreparedRequest
from libcloud.common.aws import AWSBaseResponse, AWSTokenConnection, V4SignedAWSConnection, sigv4
from libcloud.common.aws.errors import ERROR_TABLE, exception_for
from libcloud.common.aws.xml import local_name, strip_namespaces, text_local
from libcloud.common.base import ConnectionUserAndKey, RawResponse
from libcloud.common.types import InvalidCredsError, LibcloudError
from libcloud.storage.drivers.s3.endpoints import API_VERSION
from libcloud.utils.xml_stream import DeferredListingMixin

__all__ = [
    "EXPIRATION_SECONDS",
    "S3Response",
    "S3RawResponse",
    "BaseS3Connection",
    "S3Connection",
    "S3SignatureV4Connection",
    "error_code_and_message",
    "payload_hash",
]

#: Lifetime of a SigV2 query-string signature.
EXPIRATION_SECONDS = 15 * 60

# Query parameters that are part of the SigV2 canonical resource.
_SIGV2_SUBRESOURCES = frozenset({
    "acl", "cors", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy",
    "requestPayment", "restore", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning",
    "versions", "website", "response-cache-control", "response-content-disposition",
    "response-content-encoding", "response-content-language", "response-content-type", "response-expires",
})


def error_code_and_message(body: Any) -> Tuple[Optional[str], Optional[str]]:
    """``(Code, Message)`` of an S3 ``<Error>`` document (``(None, None)`` if there is none)."""
    if body is None or body == "" or body == b"":
        return None, None
    root = body
    if not hasattr(body, "iter"):
        try:
            root = ET.XML(body if isinstance(body, bytes) else body.encode("utf-8"))
        except ET.ParseError:
            return None, None
    strip_namespaces(root)
    error = root if local_name(root.tag) == "Error" else root.find(".//Error")
    if error is None:
        return None, None
    return text_local(error, "Code"), text_local(error, "Message")


class S3Response(DeferredListingMixin, AWSBaseResponse):
    """Upstream semantics: 2xx, 400, 404, 409 (and 206) are returned for the driver to inspect.

    A ListObjects answer is not turned into an element tree on arrival: the
    listing parses its text incrementally (:func:`~.parse.objects_page`), and
    :attr:`object` builds the tree on first access for any other reader.
    """

    namespace = None
    valid_response_codes = [404, 409, 400, 206]
    deferred_roots = ("ListBucketResult",)

    def success(self) -> bool:
        status = int(self.status)
        return 200 <= status <= 299 or status in self.valid_response_codes

    def parse_error(self) -> Any:
        driver = getattr(self.connection, "driver", None)
        code, message = error_code_and_message(self.body)
        if self.status in (401, 403):
            raise InvalidCredsError("%s: %s" % (code, message) if code else (self.body or "HTTP %d" % self.status),
                                    driver=driver)
        if self.status == 301:
            bucket_region = self.headers.get("x-amz-bucket-region")
            used_region = getattr(driver, "region", None)
            raise LibcloudError(
                "This bucket is located in a different region. Please use the correct driver. "
                'Bucket region "%s", used region "%s".' % (bucket_region, used_region),
                driver=driver,
            )
        if (code and code in ERROR_TABLE) or self.status in (429, 503):
            raise exception_for(self.status, code, message, driver, self.headers)
        detail = " (%s: %s)" % (code, message) if code else ""
        raise LibcloudError("Unknown error. Status code: %d%s" % (self.status, detail), driver=driver)


class S3RawResponse(S3Response, RawResponse):
    """A streamed S3 response (downloads, uploads)."""


def payload_hash(data: Any) -> str:
    """The ``x-amz-content-sha256`` of a request body."""
    if data is None or data == "" or data == b"":
        return sigv4.EMPTY_SHA256
    if isinstance(data, (bytes, bytearray, memoryview)):
        return hashlib.sha256(data).hexdigest()
    if isinstance(data, str):
        return hashlib.sha256(data.encode("utf-8")).hexdigest()
    return sigv4.UNSIGNED_PAYLOAD  # a stream: hashing it first would mean reading it twice


def _absolute_host(action: str) -> Optional[str]:
    """The Host header for an absolute (virtual-hosted) URL, default ports left out."""
    if not action.startswith(("http://", "https://")):
        return None
    parts = urlsplit(action)
    default = 443 if parts.scheme == "https" else 80
    host = parts.hostname or ""
    return host if parts.port in (None, default) else "%s:%d" % (host, parts.port)


class BaseS3Connection(ConnectionUserAndKey):
    """An S3 endpoint signed with SigV2 query parameters (``AWSAccessKeyId``, ``Expires``, ``Signature``)."""

    host = "s3.amazonaws.com"
    responseCls = S3Response
    rawResponseCls = S3RawResponse
    #: Whether requests may go to ``<bucket>.<host>`` (SigV2 here signs path-style resources only).
    virtual_host_capable = False

    @staticmethod
    def get_auth_signature(method: str, headers: Dict[str, Any], params: Dict[str, Any], expires: Any,
                           secret_key: str, path: str, vendor_prefix: str) -> str:
        """Base64 HMAC-SHA1 over the SigV2 string to sign (``path`` = canonical resource)."""
        fixed = {"content-md5": "", "content-type": "", "date": ""}
        vendor: Dict[str, str] = {}
        for name, value in headers.items():
            lower = name.lower()
            if lower in fixed:
                fixed[lower] = str(value).strip()
            elif lower.startswith(vendor_prefix):
                vendor[lower] = str(value).strip()
        if expires:
            fixed["date"] = str(expires)
        lines = [method] + [fixed[k] for k in sorted(fixed)]
        lines += ["%s:%s" % (k, vendor[k]) for k in sorted(vendor)]
        if path:
            lines.append(path)
        digest = hmac.new(secret_key.encode("utf-8"), "\n".join(lines).encode("utf-8"), hashlib.sha1).digest()
        return base64.b64encode(digest).decode("utf-8")

    def morph_action_hook(self, action: str) -> str:
        # Object keys may contain "//": join with the request path but never collapse slashes.
        if action.startswith(("http://", "https://")):
            return action
        prefix = self.request_path.strip("/")
        rest = action.lstrip("/")
        return "/" + ("%s/%s" % (prefix, rest) if prefix else rest)

    def add_default_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        params["AWSAccessKeyId"] = self.user_id
        params["Expires"] = str(int(time.time()) + EXPIRATION_SECONDS)
        return params

    def _canonical_resource(self, target: str) -> str:
        # ``target`` is the request's final path and query (the hooks ran already).
        path, _, query = target.partition("?")
        keep = []
        for part in query.split("&") if query else []:
            name, sep, value = part.partition("=")
            name = unquote(name)
            if name in _SIGV2_SUBRESOURCES:
                keep.append((name, unquote(value) if sep and value else None))
        if not keep:
            return path
        keep.sort()
        return path + "?" + "&".join(k if v is None else "%s=%s" % (k, v) for k, v in keep)

    def sign_request(self, request: PreparedRequest) -> PreparedRequest:
        """SigV2: the signature of the final request goes into the query (``Signature``)."""
        token = getattr(self, "token", None)
        if token:
            request.headers["x-amz-security-token"] = token
        vendor_prefix = getattr(self.driver, "http_vendor_prefix", "x-amz")
        params = dict(request.params)
        params["Signature"] = self.get_auth_signature(
            method=request.method, headers=request.headers, params=params, expires=params.get("Expires"),
            secret_key=self.key, path=self._canonical_resource(request.action), vendor_prefix=vendor_prefix,
        )
        request.replace_params(params)
        return request


class S3Connection(AWSTokenConnection, BaseS3Connection):
    """SigV2 S3 connection with an optional STS token (upstream class)."""

    def __init__(self, user_id: str, key: str, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, url: Optional[str] = None, timeout: Optional[float] = None,
                 proxy_url: Optional[str] = None, token: Optional[str] = None, retry_delay: Optional[float] = None,
                 backoff: Optional[float] = None, **kwargs: Any) -> None:
        super().__init__(user_id, key, secure, host, port, url, timeout, proxy_url, token, retry_delay, backoff)


class S3SignatureV4Connection(V4SignedAWSConnection, BaseS3Connection):
    """SigV4-signed S3 connection (service ``s3``, region from the driver)."""

    service_name = "s3"
    version = API_VERSION
    virtual_host_capable = True

    def __init__(self, user_id: str, key: str, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, url: Optional[str] = None, timeout: Optional[float] = None,
                 proxy_url: Optional[str] = None, token: Optional[str] = None, retry_delay: Optional[float] = None,
                 backoff: Optional[float] = None, *args: Any, **kwargs: Any) -> None:
        # Upstream passes a trailing signature version; S3 always signs with SigV4.
        super().__init__(user_id, key, secure, host, port, url, timeout, proxy_url, token, retry_delay, backoff, 4)

    def sign_request(self, request: PreparedRequest) -> PreparedRequest:
        """Point ``Host`` at an absolute URL's host, hash the payload once, then sign with SigV4."""
        host = _absolute_host(request.action)
        if host:
            request.headers["Host"] = host
        if not any(name.lower() == "x-amz-content-sha256" for name in request.headers):
            request.headers["x-amz-content-sha256"] = payload_hash(request.body)
        return super().sign_request(request)
