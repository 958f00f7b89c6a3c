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
from typing import Any, Dict, List, Optional, Tuple

from libcloud._core.flow import Flow, operation
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
from libcloud.storage.drivers.s3 import BaseS3Connection, BaseS3StorageDriver
from libcloud.storage.drivers.s3 import parse as s3_parse

__all__ = [
    "SIGNATURE_IDENTIFIER",
    "API_VERSION",
    "ContainerPermissions",
    "ObjectPermissions",
    "GoogleStorageConnection",
    "GoogleStorageJSONConnection",
    "GoogleStorageDriver",
]

SIGNATURE_IDENTIFIER = "GOOG1"
API_VERSION = "2006-03-01"

# Header values that are signed exactly as sent; the others are lower-cased (Google's HMAC rules).
_CASE_KEPT = ("date", "content-type", "content-md5")


class GoogleStorageConnection(TokenAuthMixin, BaseS3Connection):
    """``storage.googleapis.com`` with an HMAC signature or an OAuth2 bearer token."""

    host = "storage.googleapis.com"
    PROJECT_ID_HEADER = "x-goog-project-id"

    def __init__(self, user_id: str, key: Any, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, *, auth_type: Optional[str] = None, credential_file: Optional[str] = None,
                 oauth2_credential: Any = None, **kwargs: Any) -> None:
        # host and port come positionally from BaseDriver (an emulator's address); the rest by keyword.
        self.auth_type = auth_type or GoogleAuthType.guess_type(user_id)
        kwargs.update(host=host, port=port)
        conn_kwargs = {k: kwargs.pop(k) for k in ("host", "port", "url", "timeout", "proxy_url", "backoff",
                                                  "retry_delay") if kwargs.get(k) is not None}
        for name in ("host", "port", "url", "timeout", "proxy_url", "backoff", "retry_delay"):
            kwargs.pop(name, None)
        kwargs.pop("project", None)
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
        """
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


def goog_hash(header: Optional[str], algorithm: str) -> Optional[str]:
    """The hex digest of ``algorithm`` in an ``x-goog-hash`` header (``crc32c=...,md5=<base64>``)."""
    import base64
    import binascii

    for part in str(header or "").split(","):
        name, _, value = part.strip().partition("=")
        if name == algorithm and value:
            try:
                return base64.b64decode(value + "=" * (-len(value) % 4)).hex()
            except (binascii.Error, ValueError):
                return None
    return None


class GoogleStorageDriver(BaseS3StorageDriver):
    """Google Cloud Storage (XML API for objects, JSON API for ACLs)."""

    name = "Google Cloud Storage"
    website = "http://cloud.google.com/storage"
    connectionCls: Any = GoogleStorageConnection
    jsonConnectionCls: Any = GoogleStorageJSONConnection
    hash_type = "md5"
    http_vendor_prefix = "x-goog"
    namespace = "http://doc.s3.amazonaws.com/%s" % API_VERSION
    supports_chunked_encoding = False
    supports_s3_multipart_upload = False

    def __init__(self, key: str, secret: Any = None, project: Optional[str] = None, **kwargs: Any) -> None:
        self.project = project
        self.auth_type = kwargs.pop("auth_type", None)
        self.credential_file = kwargs.pop("credential_file", None)
        self.scopes = kwargs.pop("scopes", None)
        super().__init__(key, secret, **kwargs)
        self.json_connection = self.jsonConnectionCls(
            key, secret, secure=self.secure, oauth2_credential=getattr(self.connection, "oauth2_credential", None),
            **self._ex_connection_class_kwargs())
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
        """The MD5 Cloud Storage reports in ``x-goog-hash`` (composite objects have only CRC32C: unchecked)."""
        if headers.get("content-encoding") and headers.get("content-encoding") != "identity":
            return None, None
        md5 = goog_hash(headers.get("x-goog-hash"), "md5")
        if md5:
            return "md5", md5
        return super()._download_checksum(headers)

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
