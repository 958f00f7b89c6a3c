"""Cloud Storage resumable uploads: large objects go through an upload session, in chunks.

Files above ``multipart_threshold`` bytes and streams longer than one chunk
(``multipart_part_size``, a multiple of 256 KiB) are sent through a resumable
session (:mod:`libcloud.storage.transfer.resumable`); smaller objects stay one
``PUT``.  The session is opened either on the XML API (``POST`` with
``x-goog-resumable: start``; HMAC keys and OAuth2 alike) or on the JSON API
(``uploadType=resumable``; OAuth2 only, the default for OAuth2 credentials).
Chunks then go to the session URI, which authorizes the upload by itself:
no credential is sent with them.

Every byte is hashed once, as it is read: MD5 always, CRC32C as well when a
C implementation is installed or ``upload_crc32c`` is set.  The hashes go
with the last request (``x-goog-hash``), so the service refuses a corrupted
object, and are compared with what it reports; on a mismatch the object is
deleted and :class:`ObjectHashMismatchError` raised.
"""

from __future__ import annotations

import base64
import json
import logging
from typing import Any, Callable, Dict, Iterator, Optional, Tuple
from urllib.parse import quote, urlsplit

from libcloud._core.flow import Flow
from libcloud.common.google import GoogleAuthType
from libcloud.common.types import LibcloudError
from libcloud.storage.base import Container
from libcloud.storage.drivers.s3.errors import response_error
from libcloud.storage.transfer import HashCounter
from libcloud.storage.transfer.crc32c import FAST as CRC32C_IS_FAST
from libcloud.storage.transfer.crc32c import Crc32c, crc32c_from_base64, crc32c_to_base64
from libcloud.storage.transfer.resumable import SESSION_GRANULARITY, SessionState, resumable_upload_flow
from libcloud.storage.types import ObjectHashMismatchError

__all__ = ["GoogleResumableUploadMixin", "goog_hash", "parse_goog_hash", "json_metadata", "session_path",
           "PREDEFINED_ACLS"]

LOG = logging.getLogger(__name__)

#: XML canned ACL (``x-goog-acl``) -> JSON API ``predefinedAcl``.
PREDEFINED_ACLS = {
    "private": "private",
    "public-read": "publicRead",
    "public-read-write": "publicReadWrite",
    "authenticated-read": "authenticatedRead",
    "bucket-owner-read": "bucketOwnerRead",
    "bucket-owner-full-control": "bucketOwnerFullControl",
    "project-private": "projectPrivate",
}

#: Object headers of the XML API -> fields of the JSON API's object resource.
_JSON_FIELDS = {
    "content-type": "contentType",
    "cache-control": "cacheControl",
    "content-encoding": "contentEncoding",
    "content-disposition": "contentDisposition",
    "content-language": "contentLanguage",
    "x-goog-storage-class": "storageClass",
}


def parse_goog_hash(header: Optional[str]) -> Dict[str, str]:
    """``x-goog-hash: crc32c=...,md5=...`` as ``{"crc32c": base64, "md5": base64}``."""
    found: Dict[str, str] = {}
    for part in str(header or "").split(","):
        name, _, value = part.strip().partition("=")
        if name and value:
            found[name.strip().lower()] = value.strip()
    return found


def goog_hash(header: Optional[str], algorithm: str) -> Optional[str]:
    """The hex digest of ``algorithm`` in an ``x-goog-hash`` header (``crc32c=...,md5=<base64>``)."""
    value = parse_goog_hash(header).get(algorithm)
    if not value:
        return None
    if algorithm == "crc32c":
        crc = crc32c_from_base64(value)
        return None if crc is None else "%08x" % crc
    try:
        return base64.b64decode(value + "=" * (-len(value) % 4)).hex()
    except ValueError:
        return None


def json_metadata(object_name: str, headers: Dict[str, Any]) -> Tuple[Dict[str, Any], Dict[str, str]]:
    """The JSON API's ``(object resource, query parameters)`` for an object the XML headers describe."""
    resource: Dict[str, Any] = {"name": object_name}
    params: Dict[str, str] = {}
    metadata = {}
    for name, value in headers.items():
        lower = name.lower()
        if lower.startswith("x-goog-meta-"):
            metadata[name[len("x-goog-meta-"):]] = value
        elif lower in _JSON_FIELDS:
            resource[_JSON_FIELDS[lower]] = value
        elif lower == "x-goog-acl":
            params["predefinedAcl"] = PREDEFINED_ACLS.get(str(value), str(value))
    if metadata:
        resource["metadata"] = metadata
    return resource, params


def session_path(location: str) -> str:
    """The path and query of a session URI (sent to the connection's own host, never elsewhere)."""
    parts = urlsplit(location)
    return parts.path + ("?" + parts.query if parts.query else "")


def _persisted(range_header: Optional[str]) -> int:
    """Bytes stored according to a ``Range: bytes=0-N`` answer (none when there is no header)."""
    if not range_header:
        return 0
    try:
        return int(str(range_header).rsplit("-", 1)[1]) + 1
    except (IndexError, ValueError):
        raise LibcloudError("Unreadable Range in a resumable upload answer: %r" % (range_header,)) from None


class _Hashes:
    """MD5 (and optionally CRC32C) of the bytes read from the source, as they are read."""

    def __init__(self, crc32c: bool) -> None:
        self.md5 = HashCounter("md5")
        self.crc: Optional[Crc32c] = Crc32c() if crc32c else None

    def feed(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            self.md5.update(chunk)
            if self.crc is not None:
                self.crc.update(chunk)
            yield chunk

    def header(self) -> str:
        """The ``x-goog-hash`` value describing everything read."""
        parts = ["md5=" + base64.b64encode(self.md5.digest()).decode("ascii")]
        if self.crc is not None:
            parts.insert(0, "crc32c=" + crc32c_to_base64(self.crc.value))
        return ",".join(parts)


class GoogleResumableUploadMixin:
    """Resumable-session uploads of ``GoogleStorageDriver``."""

    #: ``"xml"``, ``"json"`` or None: the JSON API with OAuth2 credentials, else the XML API.
    resumable_api: Optional[str] = None
    #: Also checksum uploads with CRC32C (None: only when a C implementation is installed).
    upload_crc32c: Optional[bool] = None
    #: Seconds before the first status query after a failure (doubling, up to 30 s).
    resumable_backoff = 1.0
    #: Consecutive failures without progress that end an upload.
    resumable_max_failures = 5

    multipart_part_size: int
    connection: Any
    json_connection: Any
    _get_object_path: Callable[..., str]

    def _session_api(self) -> str:
        if self.resumable_api:
            return str(self.resumable_api)
        credential = getattr(self.connection, "oauth2_credential", None)
        auth_type = getattr(credential, "auth_type", None)
        return "json" if credential is not None and auth_type != GoogleAuthType.GCS_S3 else "xml"

    def _chunk_size(self, value: Optional[int]) -> int:
        size = int(value or self.multipart_part_size)
        if size <= 0 or size % SESSION_GRANULARITY:
            raise ValueError("Cloud Storage chunks must be a multiple of %d bytes, not %d" % (SESSION_GRANULARITY,
                                                                                             size))
        return size

    # -- session requests -------------------------------------------------------------------
    def _start_session_flow(self, api: str, container: Container, object_name: str, headers: Dict[str, Any],
                            size: Optional[int]) -> Flow[str]:
        """Open a session; returns its path (the ``Location`` the service answered)."""
        if api == "json":
            resource, params = json_metadata(object_name, headers)
            params.update(uploadType="resumable", name=object_name)
            path = "/upload/storage/v1/b/%s/o?%s" % (quote(container.name, safe=""), "&".join(
                "%s=%s" % (key, quote(value, safe="")) for key, value in params.items()))
            request_headers = {"Content-Type": "application/json; charset=UTF-8"}
            if resource.get("contentType"):
                request_headers["X-Upload-Content-Type"] = resource["contentType"]
            if size is not None:
                request_headers["X-Upload-Content-Length"] = str(size)
            connection = self.json_connection
            response = yield connection.call(path, method="POST", data=json.dumps(resource),
                                             headers=request_headers, raw=True)
        else:
            request_headers = dict(headers, **{"x-goog-resumable": "start", "Content-Length": "0"})
            response = yield self.connection.call(self._get_object_path(container, object_name), method="POST",
                                                  data=b"", headers=request_headers, raw=True)
        try:
            if response.status not in (200, 201):
                raise response_error(response, self, container.name, object_name)
            location = response.headers.get("location")
        finally:
            response.close()
        if not location:
            raise LibcloudError("Cloud Storage opened no upload session for %s" % (object_name,), driver=self)
        return session_path(location)

    def _session_call_flow(self, connection: Any, path: str, data: bytes, content_range: str,
                           extra: Dict[str, str], container: Container, object_name: str) -> Flow[SessionState]:
        headers = dict(extra, **{"Content-Range": content_range, "Content-Length": str(len(data))})
        response = yield connection.call(path, method="PUT", data=data, headers=headers, raw=True,
                                         retry_failed=False, idempotent=False)
        try:
            status = int(response.status)
            if status == 308:
                response.body  # noqa: B018 - read what is there, so the connection can be reused
                return SessionState(_persisted(response.headers.get("range")))
            if status in (200, 201):
                return SessionState(done=True, result=(dict(response.headers), response.body))
            if status in (404, 410):
                raise LibcloudError("The upload session of %s has expired or was cancelled" % (object_name,),
                                    driver=self)
            raise response_error(response, self, container.name, object_name)
        finally:
            response.close()

    def _resumable_flow(self, container: Container, object_name: str, chunks: Iterator[bytes],
                        headers: Dict[str, Any], chunk_size: int, size: Optional[int],
                        verify_hash: bool) -> Flow[Tuple[str, int]]:
        """Upload ``chunks`` through a session; returns ``(etag, bytes sent)``."""
        api = self._session_api()
        connection = self.json_connection if api == "json" else self.connection
        use_crc = CRC32C_IS_FAST if self.upload_crc32c is None else bool(self.upload_crc32c)
        hashes = _Hashes(use_crc)
        path = yield from self._start_session_flow(api, container, object_name, headers, size)

        def put_chunk(offset: int, data: bytes, total: Optional[int]) -> Flow[SessionState]:
            extra: Dict[str, str] = {}
            if total is not None:
                extra["x-goog-hash"] = hashes.header()  # every byte was read: the service checks the object
            if data:
                content_range = "bytes %d-%d/%s" % (offset, offset + len(data) - 1, "*" if total is None else total)
            else:
                content_range = "bytes */%s" % (total,)
            return self._session_call_flow(connection, path, data, content_range, extra, container, object_name)

        def query(total: Optional[int]) -> Flow[SessionState]:
            content_range = "bytes */%s" % ("*" if total is None else total)
            return self._session_call_flow(connection, path, b"", content_range, {}, container, object_name)

        headers_, body = yield from resumable_upload_flow(
            hashes.feed(chunks), chunk_size, put_chunk, query, max_failures=self.resumable_max_failures,
            backoff=self.resumable_backoff, driver=self)
        etag = yield from self._check_session_result(api, container, object_name, headers_, body, hashes,
                                                     verify_hash)
        return etag, hashes.md5.bytes

    def _check_session_result(self, api: str, container: Container, object_name: str, headers: Dict[str, Any],
                              body: Any, hashes: _Hashes, verify_hash: bool) -> Flow[str]:
        """The object's ETag, once the hashes it was stored with match what was sent."""
        lowered = {str(k).lower(): v for k, v in headers.items()}
        if api == "json":
            try:
                resource = json.loads(body) if body else {}
            except ValueError:
                resource = {}
            stored = {"md5": resource.get("md5Hash"), "crc32c": resource.get("crc32c")}
            etag = str(resource.get("etag") or lowered.get("etag") or "")
        else:
            stored = dict(parse_goog_hash(lowered.get("x-goog-hash")))
            etag = str(lowered.get("etag") or "")
        etag = etag.strip('"')
        if not verify_hash:
            return etag
        problems = []
        md5 = stored.get("md5")
        if md5 and base64.b64decode(md5 + "=" * (-len(md5) % 4)) != hashes.md5.digest():
            problems.append("MD5")
        crc = crc32c_from_base64(stored.get("crc32c"))
        if hashes.crc is not None and crc is not None and crc != hashes.crc.value:
            problems.append("CRC32C")
        if problems:
            yield from self._delete_corrupt_flow(container, object_name)
            raise ObjectHashMismatchError(
                value="%s of the stored object does not match what was sent" % " and ".join(problems),
                driver=self, object_name=object_name)
        return etag

    def _delete_corrupt_flow(self, container: Container, object_name: str) -> Flow[None]:
        """Remove an object stored with other bytes than were sent (best effort: the error matters more)."""
        try:
            response = yield self.connection.call(self._get_object_path(container, object_name), method="DELETE")
            if response.status not in (200, 204):
                LOG.warning("Could not delete the corrupted object %s (HTTP %s)", object_name, response.status)
        except Exception as exc:  # the hash mismatch is what the caller must see
            LOG.warning("Could not delete the corrupted object %s: %r", object_name, exc)
