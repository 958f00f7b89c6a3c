"""S3 uploads: one PUT for small objects, parallel multipart above a threshold.

Every source is read exactly once: the MD5 that is checked against the ETag
is computed while the bytes are sent.  Files larger than
``multipart_threshold`` and streams larger than one part go multipart; a
stream that ends within its first part becomes one PUT with ``Content-MD5``
(S3 refuses chunked PUTs, and the object's ETag is then its MD5).
"""

from __future__ import annotations

import base64
import os
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, Optional, Tuple

from libcloud._core.flow import Flow, Wait, operation, run_sync
from libcloud.common.aws import UNSIGNED_PAYLOAD
from libcloud.common.types import LibcloudError
from libcloud.storage.base import Container, Object, StorageDriverMixin
from libcloud.storage.drivers.s3 import parse
from libcloud.storage.drivers.s3.errors import check
from libcloud.storage.drivers.s3.multipart import _encryption_hides_md5, _md5_digest
from libcloud.storage.types import ObjectHashMismatchError

# The transfer engine (libcloud.storage.transfer) is imported by the methods that start a transfer, not
# with the driver: importing the driver stays cheap (docs/performance.rst, tests/test_import_laziness.py).
if TYPE_CHECKING:
    from libcloud.storage.transfer.hashing import HashCounter

__all__ = ["STORAGE_CLASSES", "S3UploadMixin"]

#: Accepted ``ex_storage_class`` values (sent upper-cased in ``x-amz-storage-class``).
STORAGE_CLASSES = ("standard", "reduced_redundancy", "standard_ia", "onezone_ia", "intelligent_tiering",
                   "glacier", "deep_archive", "glacier_ir")

_READ_SIZE = 1024 * 1024


def _prepend(head: list, rest: Iterator[bytes]) -> Iterator[bytes]:
    """``head`` then ``rest``, dropping each head item once it is handed out (parts are large)."""
    while head:
        yield head.pop(0)
    yield from rest


def _file_parts(path: str, part_size: int, counter: HashCounter) -> Iterator[bytes]:
    """Parts of a file read straight into part-sized buffers (no re-cutting, one copy)."""
    with open(path, "rb") as handle:
        while True:
            part = handle.read(part_size)
            if not part:
                return
            counter.update(part)
            yield part
            del part


def _counted(chunks: Iterator[bytes], counter: HashCounter) -> Iterator[bytes]:
    for chunk in chunks:
        counter.update(chunk)
        yield chunk


class S3UploadMixin(StorageDriverMixin):
    """Upload methods of ``BaseS3StorageDriver``."""

    http_vendor_prefix = "x-amz"
    supports_s3_multipart_upload = True
    multipart_threshold: int
    multipart_part_size: int
    # Provided by the driver class this mixin is part of (annotations only: no attribute here).
    _get_object_path: Callable[..., str]
    _upload_object: Callable[..., Any]
    _multipart_upload_flow: Callable[..., Flow[str]]
    upload_checksum_algorithm: Optional[str]
    connection: Any
    _concurrency: Callable[[Optional[int]], int]  # from S3MultipartMixin

    # -- request headers ---------------------------------------------------------------
    def _to_storage_class_headers(self, storage_class: Optional[str]) -> Dict[str, str]:
        storage_class = storage_class or "standard"
        if storage_class not in STORAGE_CLASSES:
            raise ValueError("Invalid storage class value: %s" % (storage_class,))
        return {self.http_vendor_prefix + "-storage-class": storage_class.upper()}

    def _object_headers(self, object_name: str, extra: Optional[Dict[str, Any]], headers: Optional[Dict[str, str]],
                        storage_class: Optional[str], file_path: Optional[str] = None) -> Tuple[Dict[str, Any], Any, Any]:
        """``(headers, meta_data, acl)`` for a new object from upstream's ``extra`` keys."""
        extra = extra or {}
        result: Dict[str, Any] = dict(self._to_storage_class_headers(storage_class))
        meta_data = extra.get("meta_data")
        acl = extra.get("acl")
        for key, value in (meta_data or {}).items():
            result["%s-meta-%s" % (self.http_vendor_prefix, key)] = value
        if acl:
            result[self.http_vendor_prefix + "-acl"] = acl
        result["Content-Type"] = self._determine_content_type(extra.get("content_type"), object_name,
                                                              file_path=file_path)
        result.update(headers or {})
        return result, meta_data, acl

    def _part_size(self, value: Optional[int]) -> int:
        from libcloud.storage.drivers.s3.multipart import CHUNK_SIZE

        size = int(value or self.multipart_part_size)
        if size < CHUNK_SIZE:
            raise ValueError("S3 parts must be at least %d bytes, not %d" % (CHUNK_SIZE, size))
        return size

    def _new_object(self, container: Container, object_name: str, size: int, etag: str, meta_data: Any,
                    acl: Any) -> Object:
        return Object(name=object_name, size=size, hash=etag, extra={"acl": acl}, meta_data=meta_data,
                      container=container, driver=self)

    # -- single PUT ----------------------------------------------------------------------
    def _check_upload_hash(self, object_name: str, etag: str, local_hash: Optional[str],
                           response_headers: Any) -> None:
        """Raise when the ETag S3 returned for a single PUT is not the MD5 of what was sent.

        SSE-KMS and SSE-C ETags are no MD5, so they are not compared.
        """
        if not etag or not local_hash or _encryption_hides_md5(response_headers):
            return
        if etag.lower() != local_hash.lower():
            raise ObjectHashMismatchError(value="MD5 hash {} checksum does not match {}".format(etag, local_hash),
                                          object_name=object_name, driver=self)

    def _put_flow(self, container: Container, object_name: str, body: Any, headers: Dict[str, Any],
                  local_md5: Optional[str], verify_hash: bool) -> Flow[str]:
        from libcloud.storage.transfer.source import HashingSource, SizedBody

        path = self._get_object_path(container, object_name)
        response = yield self.connection.call(path, method="PUT", data=body, headers=headers)
        check(response, self, (200, 201), container_name=container.name, object_name=object_name)
        etag = parse.clean_etag(response.headers.get("etag"))
        # With Content-MD5 the server itself refused any corrupted body: nothing left to compare.
        if verify_hash and "Content-MD5" not in headers:
            source = body.source if isinstance(body, SizedBody) else body
            if local_md5 is None and isinstance(source, HashingSource):
                local_md5 = source.hexdigest()  # known now: hashed while it was sent
            self._check_upload_hash(object_name, etag, local_md5, response.headers)
        return etag

    def _upload_hook_overridden(self) -> bool:
        """Whether a subclass (or a test) replaced ``_upload_object``: single PUTs then go through it."""
        from libcloud.storage.base import StorageDriver

        return getattr(type(self), "_upload_object", None) is not StorageDriver._upload_object

    def _upload_via_hook(self, container: Container, object_name: str, file_path: str, headers: Dict[str, Any],
                         verify_hash: bool) -> Tuple[str, int]:
        """Upstream's protocol: ``_upload_object`` sends, the driver compares its ETag; ``(etag, bytes)``."""
        result = self._upload_object(
            object_name=object_name, content_type=headers.get("Content-Type"),
            request_path=self._get_object_path(container, object_name),
            request_method="PUT", headers=headers, file_path=file_path, stream=None)
        response_headers = result["response"].headers
        etag = parse.clean_etag(response_headers.get("etag"))
        if verify_hash:
            self._check_upload_hash(object_name, etag, result["data_hash"], response_headers)
        return etag, result["bytes_transferred"]

    def _put_object(self, container: Container, object_name: str, method: str = "PUT", query_args: Any = None,
                    extra: Optional[Dict[str, Any]] = None, file_path: Optional[str] = None, stream: Any = None,
                    verify_hash: bool = True, storage_class: Optional[str] = None,
                    headers: Optional[Dict[str, str]] = None) -> Object:
        """Upstream helper: one request carrying a file or a stream."""
        from libcloud.storage.transfer.source import HashingSource, SizedBody, require_iterator

        hdrs, meta_data, acl = self._object_headers(object_name, extra, headers, storage_class, file_path)
        if file_path and not os.path.exists(file_path):
            raise OSError("File %s does not exist" % (file_path,))
        if stream is not None:
            require_iterator(stream)
        body = HashingSource(stream if stream is not None else file_path, "md5")
        sized: Any = SizedBody(body, body.size) if body.size is not None else body
        etag = run_sync(self._put_flow(container, object_name, sized, hdrs, None, verify_hash))
        return self._new_object(container, object_name, body.bytes_read, etag, meta_data, acl)

    # -- public API -------------------------------------------------------------------------
    @operation
    def upload_object(self, file_path: str, container: Container, object_name: str,
                      extra: Optional[Dict[str, Any]] = None, verify_hash: bool = True,
                      headers: Optional[Dict[str, str]] = None, ex_storage_class: Optional[str] = None,
                      ex_part_size: Optional[int] = None, ex_concurrency: Optional[int] = None) -> Flow[Object]:
        """Upload a file; above ``multipart_threshold`` bytes as a parallel multipart upload."""
        from libcloud.storage.transfer.hashing import HashCounter
        from libcloud.storage.transfer.source import HashingSource, SizedBody

        hdrs, meta_data, acl = self._object_headers(object_name, extra, headers, ex_storage_class, file_path)
        try:
            # One stat answers both "is it there?" and "how big?" (a bulk upload of small
            # files paid for three).
            size = os.path.getsize(file_path)
        except OSError:
            raise OSError("File %s does not exist" % (file_path,)) from None
        if self._upload_hook_overridden():
            etag, sent = self._upload_via_hook(container, object_name, file_path, hdrs, verify_hash)
            return self._new_object(container, object_name, sent, etag, meta_data, acl)
        if self.supports_s3_multipart_upload and size > self.multipart_threshold:
            part_size = self._part_size(ex_part_size)
            counter = HashCounter(None)
            parts = _file_parts(file_path, part_size, counter)
            etag = yield from self._multipart_upload_flow(
                container, object_name, parts, hdrs, self._concurrency(ex_concurrency), verify_hash,
                self.upload_checksum_algorithm)
            return self._new_object(container, object_name, counter.bytes, etag, meta_data, acl)
        # Small files are read in one call of their own size, not into a 1 MiB buffer.
        body = HashingSource(file_path, "md5", chunk_size=max(1, min(_READ_SIZE, size + 1)), size=size)
        hdrs["Content-Length"] = str(size)
        etag = yield from self._put_flow(container, object_name, SizedBody(body, size), hdrs, None, verify_hash)
        if body.bytes_read != size:
            raise LibcloudError("%s changed size during the upload (%d -> %d bytes)" % (file_path, size,
                                                                                     body.bytes_read), driver=self)
        return self._new_object(container, object_name, body.bytes_read, etag, meta_data, acl)

    @operation
    def upload_object_via_stream(self, iterator: Any, container: Container, object_name: str,
                                 extra: Optional[Dict[str, Any]] = None, headers: Optional[Dict[str, str]] = None,
                                 ex_storage_class: Optional[str] = None, ex_part_size: Optional[int] = None,
                                 ex_concurrency: Optional[int] = None) -> Flow[Object]:
        """Upload from a generator, iterator or file-like object (bytes or text, UTF-8 encoded).

        ``libcloud.asyncio`` also passes async iterables: they are read on the event loop.
        """
        from libcloud.storage.transfer.asyncparts import is_async_source
        from libcloud.storage.transfer.hashing import HashCounter
        from libcloud.storage.transfer.multipart import iter_parts
        from libcloud.storage.transfer.source import HashingSource, iter_chunks, require_iterator

        if not is_async_source(iterator):
            require_iterator(iterator)
        hdrs, meta_data, acl = self._object_headers(object_name, extra, headers, ex_storage_class)
        part_size = self._part_size(ex_part_size)
        if is_async_source(iterator):
            return (yield from self._async_source_upload_flow(iterator, container, object_name, hdrs, meta_data,
                                                              acl, part_size, self._concurrency(ex_concurrency)))
        counter = HashCounter(None)  # counts bytes; each part carries its own Content-MD5
        parts = iter_parts(_counted(iter_chunks(iterator, min(part_size, _READ_SIZE)), counter), part_size)
        head = [next(parts)]  # an empty stream still gives one (empty) part
        second = next(parts, None)
        if second is None:
            etag = yield from self._one_part_put_flow(container, object_name, head.pop(), hdrs)
        else:
            head.append(second)
            del second  # only ``head`` may hold parts, so that they are freed once sent
            if self.supports_s3_multipart_upload:
                etag = yield from self._multipart_upload_flow(
                    container, object_name, _prepend(head, parts), hdrs,
                    self._concurrency(ex_concurrency), True,
                    self.upload_checksum_algorithm)
            else:  # a provider without multipart: one chunked PUT
                body = HashingSource(_prepend(head, parts), None)
                etag = yield from self._put_flow(container, object_name, body, hdrs, None, False)
        return self._new_object(container, object_name, counter.bytes, etag, meta_data, acl)

    @property
    def _uploads_async_sources(self) -> bool:
        """Whether ``upload_object_via_stream`` reads an async iterable on the loop (multipart providers)."""
        return self.supports_s3_multipart_upload

    def _one_part_put_flow(self, container: Container, object_name: str, data: bytes,
                           headers: Dict[str, Any]) -> Flow[str]:
        """A stream that fits in one part: one PUT whose Content-MD5 makes the server check it."""
        from libcloud.storage.transfer.offload import digest_flow

        md5 = yield from digest_flow(_md5_digest, data)
        headers = dict(headers, **{"Content-MD5": base64.b64encode(md5).decode("ascii"),
                                   "x-amz-content-sha256": UNSIGNED_PAYLOAD})
        return (yield from self._put_flow(container, object_name, data, headers, md5.hex(), True))

    def _async_source_upload_flow(self, source: Any, container: Container, object_name: str,
                                  headers: Dict[str, Any], meta_data: Dict[str, Any], acl: Optional[str],
                                  part_size: int, concurrency: int) -> Flow[Object]:
        """``upload_object_via_stream`` from an async iterable: parts are pulled on the event loop."""
        from libcloud.storage.transfer.asyncparts import AsyncParts

        parts = AsyncParts(source, part_size)
        first = yield Wait(parts)  # an empty source still gives one (empty) part
        second = yield Wait(parts)
        if second is None:
            etag = yield from self._one_part_put_flow(container, object_name, first[1], headers)
        else:
            parts.give_back([first, second])
            del first, second  # only ``parts`` holds them, so that they are freed once sent
            etag = yield from self._multipart_upload_flow(container, object_name, parts, headers, concurrency,
                                                          True, self.upload_checksum_algorithm)
        return self._new_object(container, object_name, parts.bytes, etag, meta_data, acl)

    def _put_object_multipart(self, container: Container, object_name: str, stream: Any,
                              extra: Optional[Dict[str, Any]] = None, verify_hash: bool = False,
                              headers: Optional[Dict[str, str]] = None, storage_class: Optional[str] = None) -> Object:
        """Upstream helper: always multipart, whatever the size."""
        from libcloud.storage.transfer.hashing import HashCounter
        from libcloud.storage.transfer.multipart import iter_parts
        from libcloud.storage.transfer.source import iter_chunks, require_iterator

        require_iterator(stream)
        hdrs, meta_data, acl = self._object_headers(object_name, extra, headers, storage_class)
        counter = HashCounter(None)
        parts = iter_parts(_counted(iter_chunks(stream, _READ_SIZE), counter), self._part_size(None))
        etag = run_sync(self._multipart_upload_flow(container, object_name, parts, hdrs,
                                                    self._concurrency(None), verify_hash,
                                                    self.upload_checksum_algorithm))
        return self._new_object(container, object_name, counter.bytes, etag, meta_data, acl)
