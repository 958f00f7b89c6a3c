"""Google Cloud Storage through its XML (S3-interoperable) API, on the S3 driver and transfer engine.

Authentication is either an HMAC key (``GOOG...`` access id and secret,
signed like S3 SigV2 with ``x-goog`` headers) or OAuth2 (service account,
installed application, GCE instance) with a bearer token refreshed by the
shared token mechanism.  Object ACLs go through the JSON API
(``json_connection``): ``ex_get_permissions``, ``ex_set_permissions``,
``ex_delete_permissions``.
"""

from __future__ import annotations

import email.utils
import os
from typing import Any, Dict, List, Optional, Tuple

from libcloud._core.flow import Flow, flow_of, operation
from libcloud._core.request import PreparedRequest
from libcloud.common import google as _google
from libcloud.common.google import GoogleAuthType, GoogleResponse
from libcloud.common.tokens import TokenAuthMixin, TokenCredential
from libcloud.storage.base import Container, Object
from libcloud.storage.drivers.google_storage_acl import (
    ContainerPermissions,
    ObjectPermissions,
    acl_entry,
    acl_path,
    probe_flow,
    role_name,
)
from libcloud.common.types import ProviderError
from libcloud.storage.drivers.google_storage_upload import GoogleResumableUploadMixin, goog_hash
from libcloud.storage.drivers.s3 import BaseS3Connection, BaseS3StorageDriver, S3RawResponse
from libcloud.storage.drivers.s3 import parse as s3_parse
from libcloud.storage.drivers.s3.upload import _prepend
from libcloud.storage.transfer import iter_chunks, iter_parts, require_iterator
from libcloud.storage.transfer.crc32c import FAST as CRC32C_IS_FAST
from libcloud.storage.transfer.resumable import RETRY_STATUSES

__all__ = [
    "SIGNATURE_IDENTIFIER",
    "API_VERSION",
    "ContainerPermissions",
    "ObjectPermissions",
    "GoogleStorageConnection",
    "GoogleStorageJSONConnection",
    "GoogleStorageDriver",
    "GoogleStorageRawResponse",
    "goog_hash",
]

SIGNATURE_IDENTIFIER = "GOOG1"
API_VERSION = "2006-03-01"

# Header values that are signed exactly as sent; the others are lower-cased (Google's HMAC rules).
_CASE_KEPT = ("date", "content-type", "content-md5")


class GoogleStorageRawResponse(S3RawResponse):
    """A streamed Cloud Storage answer: ``308`` (a resumable session's progress) is an answer, not an error.

    Server-side failures keep their status (``http_code``) so that a resumable
    upload can tell a passing failure from a final one.
    """

    def success(self) -> bool:
        """2xx, the statuses S3 drivers inspect themselves, and 308 (Resume Incomplete)."""
        return bool(super().success() or int(self.status) == 308)

    def parse_error(self) -> Any:
        """S3's errors; 408 and 5xx answers without a known code become ``ProviderError`` with the status."""
        status = int(self.status)
        if status in RETRY_STATUSES and status not in (429, 503):
            raise ProviderError("HTTP %d from Cloud Storage" % status, http_code=status,
                                driver=getattr(self.connection, "driver", None))
        return super().parse_error()


def _is_session_request(action: Optional[str]) -> bool:
    """Requests to a resumable session URI: the URI itself authorizes them."""
    return "upload_id=" in str(action or "")


class GoogleStorageConnection(TokenAuthMixin, BaseS3Connection):
    """``storage.googleapis.com`` with an HMAC signature or an OAuth2 bearer token.

    The constructor is upstream's: ``(user_id, key, secure=True, auth_type=None,
    credential_file=None, **kwargs)``; ``host``, ``port`` and the other
    connection settings come by keyword.
    """

    host = "storage.googleapis.com"
    PROJECT_ID_HEADER = "x-goog-project-id"
    rawResponseCls = GoogleStorageRawResponse

    def __init__(self, user_id: str, key: Any, secure: bool = True, auth_type: Optional[str] = None,
                 credential_file: Optional[str] = None, **kwargs: Any) -> None:
        oauth2_credential = kwargs.pop("oauth2_credential", None)
        self.auth_type = auth_type or GoogleAuthType.guess_type(user_id)
        conn_kwargs = {k: kwargs.pop(k) for k in ("host", "port", "url", "timeout", "proxy_url", "backoff",
                                                  "retry_delay") if kwargs.get(k) is not None}
        for name in ("host", "port", "url", "timeout", "proxy_url", "backoff", "retry_delay", "project"):
            kwargs.pop(name, None)
        super().__init__(user_id, key, secure, **conn_kwargs)
        if oauth2_credential is None and GoogleAuthType.is_oauth2(self.auth_type):
            oauth2_credential = _google.GoogleOAuth2Credential(user_id, key, self.auth_type, credential_file,
                                                               **kwargs)
        self.oauth2_credential = oauth2_credential

    @property
    def token_credential(self) -> Optional[TokenCredential]:  # type: ignore[override]  # upstream's name
        """The OAuth2 credential, if this connection uses one."""
        credential = self.oauth2_credential
        return credential if isinstance(credential, TokenCredential) else None

    def add_default_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        """No query-string signature: Google takes the ``Authorization`` header."""
        return params

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        """The ``Date`` the signature covers, and the project for bucket listings and creation."""
        headers["Date"] = email.utils.formatdate(usegmt=True)
        project = self.get_project()
        if project:
            headers[self.PROJECT_ID_HEADER] = project
        return headers

    def get_project(self) -> Optional[str]:
        """The project given to the driver, if any."""
        return getattr(self.driver, "project", None)

    def pre_connect_hook(self, params: Dict[str, Any], headers: Dict[str, Any]) -> Tuple[Dict[str, Any], Dict[str, Any]]:
        """Authorize with the bearer token, or sign with the HMAC key."""
        if _is_session_request(self.action):
            return params, headers
        if self.oauth2_credential is not None:
            headers["Authorization"] = "Bearer %s" % (self.oauth2_credential.access_token,)
        else:
            signature = self._get_s3_auth_signature(params, headers)
            headers["Authorization"] = "%s %s:%s" % (SIGNATURE_IDENTIFIER, self.user_id, signature)
        return params, headers

    def sign_request(self, request: PreparedRequest) -> PreparedRequest:
        """Sign the final request itself: the bearer token, or the HMAC signature of its method and path.

        ``pre_connect_hook`` (upstream's hook, which its tests call directly)
        signs from the connection's last-request attributes; this signs from
        the request, so concurrent requests never mix.  No S3 query signature.
        Requests to a resumable session URI go without credentials: the URI
        authorizes them.
        """
        if _is_session_request(request.action) or _is_session_request(request.url):
            return request
        if self.oauth2_credential is not None:
            request.headers["Authorization"] = "Bearer %s" % (self.oauth2_credential.access_token,)
        else:
            signature = self._get_s3_auth_signature(request.params, request.headers, request.method, request.action)
            request.headers["Authorization"] = "%s %s:%s" % (SIGNATURE_IDENTIFIER, self.user_id, signature)
        return request

    def _get_s3_auth_signature(self, params: Dict[str, Any], headers: Dict[str, Any], method: Optional[str] = None,
                               action: Optional[str] = None) -> str:
        """The HMAC signature of a request (S3 SigV2 rules with ``x-goog`` headers)."""
        signed = {}
        for name, value in headers.items():
            lower = name.lower()
            keep = lower in _CASE_KEPT or lower.startswith("x-goog")
            signed[lower] = value if keep else str(value).lower()
        if method is None or action is None:
            action, method = self.action or "/", self.method or "GET"  # upstream's last-request attributes
        return BaseS3Connection.get_auth_signature(
            method=method, headers=signed, params=params, expires=None, secret_key=self.key,
            path=self._canonical_resource(action),
            vendor_prefix="x-goog",
        )


class GoogleStorageJSONConnection(GoogleStorageConnection):
    """The JSON API (``www.googleapis.com/storage/v1``), used for ACLs."""

    host = "www.googleapis.com"
    responseCls = GoogleResponse  # type: ignore[assignment]  # the JSON API answers JSON

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        """JSON content, besides the date and project."""
        headers = super().add_default_headers(headers)
        headers["Content-Type"] = "application/json"
        return headers


class GoogleStorageDriver(GoogleResumableUploadMixin, BaseS3StorageDriver):
    """Google Cloud Storage (XML API for objects, JSON API for ACLs and OAuth2 upload sessions).

    Objects above ``multipart_threshold`` bytes (``ex_multipart_threshold``)
    are uploaded through a resumable session in chunks of
    ``multipart_part_size`` bytes (``ex_part_size``, a multiple of 256 KiB).
    """

    name = "Google Cloud Storage"
    website = "http://cloud.google.com/storage"
    connectionCls: Any = GoogleStorageConnection
    jsonConnectionCls: Any = GoogleStorageJSONConnection
    connection_address_by_keyword = True  # the connection's fourth argument is auth_type (upstream's signature)
    hash_type = "md5"
    http_vendor_prefix = "x-goog"
    namespace = "http://doc.s3.amazonaws.com/%s" % API_VERSION
    supports_chunked_encoding = False
    supports_s3_multipart_upload = False
    multipart_threshold = 16 * 1024 * 1024
    multipart_part_size = 8 * 1024 * 1024

    def __init__(self, key: str, secret: Any = None, project: Optional[str] = None, **kwargs: Any) -> None:
        self.project = project
        self.auth_type = kwargs.pop("auth_type", None)
        self.credential_file = kwargs.pop("credential_file", None)
        self.scopes = kwargs.pop("scopes", None)
        for kwarg in ("resumable_api", "upload_crc32c"):
            if kwargs.get("ex_" + kwarg) is not None:
                setattr(self, kwarg, kwargs.pop("ex_" + kwarg))
            kwargs.pop("ex_" + kwarg, None)
        super().__init__(key, secret, **kwargs)
        address: Dict[str, Any] = {}
        if kwargs.get("host"):  # an emulator or a private endpoint serves both APIs
            address = {"host": kwargs["host"], "port": kwargs.get("port")}
        self.json_connection = self.jsonConnectionCls(
            key, secret, secure=self.secure, oauth2_credential=getattr(self.connection, "oauth2_credential", None),
            **dict(self._ex_connection_class_kwargs(), **address))
        self.json_connection.driver = self

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        """The Google keyword arguments of both connections."""
        kwargs: Dict[str, Any] = {"auth_type": self.auth_type, "credential_file": self.credential_file}
        if self.scopes:
            kwargs["scopes"] = self.scopes
        return kwargs

    def _headers_to_object(self, object_name: str, container: Container, headers: Dict[str, str]) -> Object:
        if "content-length" not in headers and "x-goog-stored-content-length" in headers:
            # Objects stored compressed (gzip transcoding) report their stored size here instead.
            headers = dict(headers, **{"content-length": headers["x-goog-stored-content-length"]})
        return s3_parse.headers_to_object(object_name, container, headers, self, self.http_vendor_prefix)

    def _download_checksum(self, headers: Any) -> Tuple[Optional[str], Optional[str]]:
        """What a whole download is checked against: the MD5 and/or CRC32C in ``x-goog-hash``.

        Both when the service reports both and a C CRC32C is installed; else the MD5
        (``hashlib`` is fast everywhere, the pure-Python CRC32C is not), and CRC32C for
        objects without MD5 (composite objects).  Objects served decompressed
        (``Content-Encoding``) cannot be checked.
        """
        if headers.get("content-encoding") and headers.get("content-encoding") != "identity":
            return None, None
        header = headers.get("x-goog-hash")
        md5 = goog_hash(header, "md5")
        crc = goog_hash(header, "crc32c")
        if crc and md5 and CRC32C_IS_FAST:
            return "md5+crc32c", "%s-%s" % (md5, crc)
        if crc and not md5:
            return "crc32c", crc
        if md5:
            return "md5", md5
        return super()._download_checksum(headers)

    # -- uploads ----------------------------------------------------------------------------------
    def _part_size(self, value: Optional[int]) -> int:
        """Resumable chunks: a multiple of 256 KiB."""
        return self._chunk_size(value)

    @operation
    def upload_object(self, file_path: str, container: Container, object_name: str,
                      extra: Optional[Dict[str, Any]] = None, verify_hash: bool = True,
                      headers: Optional[Dict[str, str]] = None, ex_storage_class: Optional[str] = None,
                      ex_part_size: Optional[int] = None, ex_concurrency: Optional[int] = None) -> Flow[Object]:
        """Upload a file: one request, or a resumable session above ``multipart_threshold`` bytes."""
        single = flow_of(BaseS3StorageDriver, "upload_object")
        assert single is not None
        if (not os.path.exists(file_path) or self._upload_hook_overridden()
                or os.path.getsize(file_path) <= self.multipart_threshold):
            return (yield from single(self, file_path, container, object_name, extra, verify_hash, headers,
                                      ex_storage_class, ex_part_size, ex_concurrency))
        chunk_size = self._chunk_size(ex_part_size)
        hdrs, meta_data, acl = self._object_headers(object_name, extra, headers, ex_storage_class, file_path)
        etag, sent = yield from self._resumable_flow(container, object_name, iter_chunks(file_path, chunk_size),
                                                     hdrs, chunk_size, os.path.getsize(file_path), verify_hash)
        return self._new_object(container, object_name, sent, etag, meta_data, acl)

    @operation
    def upload_object_via_stream(self, iterator: Any, container: Container, object_name: str,
                                 extra: Optional[Dict[str, Any]] = None, headers: Optional[Dict[str, str]] = None,
                                 ex_storage_class: Optional[str] = None, ex_part_size: Optional[int] = None,
                                 ex_concurrency: Optional[int] = None) -> Flow[Object]:
        """Upload a stream: one request up to ``multipart_threshold`` bytes, else a resumable session.

        Up to that many bytes are held to find out which (as a file's size tells it at once).
        """
        require_iterator(iterator)
        chunk_size = self._chunk_size(ex_part_size)
        parts = iter_parts(iter_chunks(iterator, min(chunk_size, 1024 * 1024)),
                           max(chunk_size, int(self.multipart_threshold)))
        head = [next(parts)]
        second = next(parts, None)
        if second is None:  # it all fits in one request
            single = flow_of(BaseS3StorageDriver, "upload_object_via_stream")
            assert single is not None
            return (yield from single(self, iter(head), container, object_name, extra, headers, ex_storage_class,
                                      ex_part_size, ex_concurrency))
        head.append(second)
        del second
        hdrs, meta_data, acl = self._object_headers(object_name, extra, headers, ex_storage_class)
        etag, sent = yield from self._resumable_flow(container, object_name, _prepend(head, parts), hdrs, chunk_size,
                                                     None, True)
        return self._new_object(container, object_name, sent, etag, meta_data, acl)

    # -- ACLs -----------------------------------------------------------------------------------
    def _get_user(self) -> Optional[str]:
        """The e-mail of the account in use (service accounts only; others must name the entity)."""
        credential = getattr(self.json_connection, "oauth2_credential", None)
        if credential is not None and getattr(credential, "auth_type", None) == GoogleAuthType.SA:
            return str(credential.user_id)
        return None

    def _entity(self, entity: Optional[str]) -> str:
        if entity:
            return entity
        user = self._get_user()
        if not user:
            raise ValueError("Must provide an entity. Driver is not using an authenticated user.")
        return "user-%s" % (user,)

    @operation
    def ex_get_permissions(self, container_name: str, object_name: Optional[str] = None) -> Flow[Tuple[int, Optional[int]]]:
        """``(bucket level, object level or None)``: what this account may do there.

        Levels are ``ContainerPermissions`` and ``ObjectPermissions`` values.
        """
        return (yield from probe_flow(self.json_connection, container_name, object_name))

    def ex_set_permissions(self, container_name: str, object_name: Optional[str] = None,
                           entity: Optional[str] = None, role: Any = None) -> None:
        """Grant ``role`` on the bucket (or object) to ``entity`` (default: this account's user)."""
        name = role_name(role, for_object=bool(object_name))
        entry = acl_entry(self._entity(entity), name)
        self.json_connection.request(acl_path(container_name, object_name), method="POST", data=entry)

    def ex_delete_permissions(self, container_name: str, object_name: Optional[str] = None,
                              entity: Optional[str] = None) -> None:
        """Remove ``entity``'s entry (default: this account's user) from the bucket's (or object's) ACL."""
        self.json_connection.request(acl_path(container_name, object_name, self._entity(entity)),
                                     method="DELETE")

    def list_regions(self) -> List[str]:
        """Cloud Storage needs no region choice: buckets carry their location."""
        return []
