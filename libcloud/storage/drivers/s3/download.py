"""S3 downloads through the shared transfer engine.

Files are written to a temporary file beside the destination and renamed
only after the size (always) and the MD5 (when the ETag is one) check out;
large objects are fetched as parallel ranged GETs pinned to the listed ETag
with ``If-Match``.  Streams honour ``chunk_size`` exactly and verify size
and MD5 when they reach the end (raising instead of ending silently short).
"""

from __future__ import annotations

from typing import Any, Dict, Iterator, Optional, Sequence

from libcloud._core.flow import Flow, Read, operation, run_sync
from libcloud.storage.base import Object
from libcloud.storage.drivers.s3 import parse
from libcloud.storage.drivers.s3.errors import response_error
from libcloud.storage.drivers.s3.multipart import _encryption_hides_md5
from libcloud.storage.transfer import (
    AtomicFileWriter,
    HashCounter,
    RangeSink,
    hashes_equal,
    iter_response,
    ranged_download_flow,
    rechunk,
    resolve_destination,
)
from libcloud.storage.types import ContainerDoesNotExistError, ObjectDoesNotExistError, ObjectHashMismatchError

__all__ = ["S3DownloadMixin"]

_READ_SIZE = 256 * 1024
# Ask for the stored bytes: a transparently decompressed body would fail the size and MD5 checks.
_IDENTITY = {"Accept-Encoding": "identity"}


def _expected_md5(headers: Dict[str, Any]) -> Optional[str]:
    """The MD5 a full download must have, when the answer's ETag is one."""
    etag = headers.get("etag")
    if not parse.is_md5_etag(etag) or _encryption_hides_md5(headers) or headers.get("content-encoding"):
        return None
    return parse.clean_etag(etag).lower()


def _content_length(headers: Dict[str, Any]) -> Optional[int]:
    try:
        return int(headers["content-length"])
    except (KeyError, TypeError, ValueError):
        return None


class S3DownloadMixin:
    """Download methods of ``BaseS3StorageDriver``."""

    connection: Any
    parallel_download_threshold: int
    download_part_size: int
    download_concurrency: int

    def _get_object_flow(self, obj: Object, headers: Dict[str, str], ok: Sequence[int]) -> Flow[Any]:
        """GET the object as a streamed raw response whose status is in ``ok`` (the body unread)."""
        path = self._get_object_path(obj.container, obj.name)  # type: ignore[attr-defined]
        response = yield self.connection.call(path, method="GET", headers=dict(_IDENTITY, **headers), raw=True)
        if response.status not in ok:
            try:
                error = response_error(response, self, obj.container.name, obj.name)
            finally:
                response.close()
            if isinstance(error, ContainerDoesNotExistError):  # upstream: any 404 of a download is the object's
                error = ObjectDoesNotExistError(value=error.value, driver=self, object_name=obj.name)
            raise error
        return response

    def _save_flow(self, response: Any, obj: Object, destination_path: str, overwrite_existing: bool,
                   delete_on_failure: bool, partial: bool) -> Flow[bool]:
        try:
            return (yield from self._save_object_flow(  # type: ignore[attr-defined]
                response, obj, destination_path, overwrite_existing, delete_on_failure, _READ_SIZE, partial,
                expected_hash=None if partial else _expected_md5(response.headers),
                expected_size=_content_length(response.headers),
            ))
        finally:
            response.close()

    @operation
    def download_object(self, obj: Object, destination_path: str, overwrite_existing: bool = False,
                        delete_on_failure: bool = True) -> Flow[bool]:
        """Download to ``destination_path`` atomically; ``False`` (nothing written) on a size mismatch."""
        file_path = resolve_destination(destination_path, obj.name, overwrite_existing, driver=self)
        size = int(obj.size) if obj.size is not None else 0
        if self.download_concurrency > 1 and size >= self.parallel_download_threshold:
            return (yield from self._parallel_download_flow(obj, file_path, size))
        response = yield from self._get_object_flow(obj, {}, (200,))
        return (yield from self._save_flow(response, obj, destination_path, overwrite_existing, delete_on_failure,
                                           False))

    def _parallel_download_flow(self, obj: Object, file_path: str, size: int) -> Flow[bool]:
        """Ranged GETs in parallel into one temporary file, all pinned to the same object version."""
        etag = obj.extra.get("etag") or ('"%s"' % obj.hash if obj.hash else None)
        pin = {"If-Match": etag} if etag else {}
        md5 = _expected_md5({"etag": etag}) if etag else None

        def range_flow(start: int, end: int, sink: RangeSink) -> Flow[None]:
            response = yield from self._get_object_flow(obj, dict(pin, Range="bytes=%d-%d" % (start, end - 1)),
                                                        (206,))
            try:
                while True:
                    chunk = yield Read(response, _READ_SIZE)
                    if not chunk:
                        break
                    sink.write(chunk)
            finally:
                response.close()

        writer = AtomicFileWriter(file_path, hash_type="md5" if md5 else None, expected_hash=md5,
                                  expected_size=size, object_name=obj.name, driver=self)
        with writer:
            yield from ranged_download_flow(writer, 0, size, range_flow, self.download_part_size,
                                            self.download_concurrency)
            return writer.commit()

    @operation
    def download_object_range(self, obj: Object, destination_path: str, start_bytes: int,
                              end_bytes: Optional[int] = None, overwrite_existing: bool = False,
                              delete_on_failure: bool = True) -> Flow[bool]:
        """Download bytes ``[start_bytes, end_bytes)`` to ``destination_path`` atomically."""
        self._validate_start_and_end_bytes(start_bytes=start_bytes, end_bytes=end_bytes)  # type: ignore[attr-defined]
        resolve_destination(destination_path, obj.name, overwrite_existing, driver=self)
        headers = {"Range": self._get_standard_range_str(start_bytes, end_bytes)}  # type: ignore[attr-defined]
        response = yield from self._get_object_flow(obj, headers, (206,))
        return (yield from self._save_flow(response, obj, destination_path, overwrite_existing, delete_on_failure,
                                           True))

    def _verified_stream(self, response: Any, obj: Object, chunk_size: Optional[int],
                         expected_md5: Optional[str]) -> Iterator[bytes]:
        expected_size = _content_length(response.headers)
        counter = HashCounter("md5" if expected_md5 else None)
        try:
            chunks = iter_response(response, chunk_size or _READ_SIZE)
            for chunk in rechunk(chunks, chunk_size) if chunk_size else chunks:
                counter.update(chunk)
                yield chunk
        finally:
            response.close()
        if expected_size is not None and counter.bytes != expected_size:
            raise ObjectHashMismatchError(value="Received %d of %d bytes" % (counter.bytes, expected_size),
                                          driver=self, object_name=obj.name)
        if expected_md5 and not hashes_equal(expected_md5, counter.hexdigest()):
            raise ObjectHashMismatchError(value="MD5 mismatch: expected %s, received %s"
                                          % (expected_md5, counter.hexdigest()), driver=self, object_name=obj.name)

    def download_object_as_stream(self, obj: Object, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The object's bytes in chunks of exactly ``chunk_size`` (the last may be shorter)."""
        response = run_sync(self._get_object_flow(obj, {}, (200,)))
        return self._verified_stream(response, obj, chunk_size, _expected_md5(response.headers))

    def download_object_range_as_stream(self, obj: Object, start_bytes: int, end_bytes: Optional[int] = None,
                                        chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """Bytes ``[start_bytes, end_bytes)`` of the object, in chunks of ``chunk_size``."""
        self._validate_start_and_end_bytes(start_bytes=start_bytes, end_bytes=end_bytes)  # type: ignore[attr-defined]
        headers = {"Range": self._get_standard_range_str(start_bytes, end_bytes)}  # type: ignore[attr-defined]
        response = run_sync(self._get_object_flow(obj, headers, (206,)))
        return self._verified_stream(response, obj, chunk_size, None)
