"""S3 downloads through the shared transfer engine.

Files are written to a temporary file beside the destination and renamed
only after the size (always) and the content check out.  The check is the
object's CRC32 when S3 stored one (asked for with ``x-amz-checksum-mode``;
a quarter of MD5's CPU cost) and otherwise the MD5, when the ETag is one.
Large objects are fetched as parallel ranged GETs pinned to one version
with ``If-Match``.  Streams honour ``chunk_size`` exactly and verify size
and checksum when they reach the end (raising instead of ending silently
short).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, Mapping, Optional, Sequence, Tuple

from libcloud._core.flow import Flow, operation
from libcloud._core.streaming import StreamFlow, streamed
from libcloud.storage.base import Object
from libcloud.storage.drivers.s3 import parse
from libcloud.storage.drivers.s3.errors import response_error
from libcloud.storage.drivers.s3.multipart import _encryption_hides_md5
from libcloud.storage.transfer.file_download import IDENTITY_ENCODING, FileDownloadMixin
from libcloud.storage.types import ContainerDoesNotExistError, ObjectDoesNotExistError

# The transfer engine is imported by the methods that start a transfer, not with the driver: importing
# the driver stays cheap (docs/performance.rst, tests/test_import_laziness.py).
if TYPE_CHECKING:
    from libcloud.storage.transfer.ranges import RangeSink

__all__ = ["S3DownloadMixin"]

_READ_SIZE = 256 * 1024
# Ask S3 for the checksum it stored with the object (servers that keep none ignore it).
CHECKSUM_MODE = {"x-amz-checksum-mode": "ENABLED"}


def _expected_md5(headers: Mapping[str, Any]) -> Optional[str]:
    """The MD5 a full download must have, when the answer's ETag is one."""
    etag = headers.get("etag")
    if not parse.is_md5_etag(etag) or _encryption_hides_md5(headers) or headers.get("content-encoding"):
        return None
    return parse.clean_etag(etag).lower()


def expected_checksum(headers: Mapping[str, Any]) -> Tuple[Optional[str], Optional[str]]:
    """``(hash_type, hex digest)`` a whole-object download is checked against, or ``(None, None)``.

    S3's whole-object CRC32 when it kept one (four times cheaper to verify
    than MD5), else the MD5 when the ETag is one.
    """
    from libcloud.storage.transfer.checksums import crc32_from_base64

    if headers.get("content-encoding"):
        return None, None
    crc = crc32_from_base64(headers.get("x-amz-checksum-crc32"))
    if crc is not None and str(headers.get("x-amz-checksum-type") or "FULL_OBJECT").upper() == "FULL_OBJECT":
        return "crc32", "%08x" % crc
    md5 = _expected_md5(headers)
    return ("md5", md5) if md5 else (None, None)


class S3DownloadMixin(FileDownloadMixin):
    """Download methods of ``BaseS3StorageDriver``."""

    connection: Any
    # Provided by the driver class this mixin is part of (annotations only: no attribute here).
    _get_object_path: Callable[..., str]
    _head_response_flow: Callable[..., Flow[Any]]
    _whole_object_headers = CHECKSUM_MODE
    parallel_download_threshold: int
    download_part_size: int
    download_concurrency: int

    def _download_checksum(self, headers: Mapping[str, Any]) -> Tuple[Optional[str], Optional[str]]:
        """``(hash_type, hex digest)`` a whole download is checked against (a provider may know better)."""
        return expected_checksum(headers)

    def _fetch_object_flow(self, obj: Object, headers: Dict[str, str], ok: Sequence[int]) -> Flow[Any]:
        """GET the object as a streamed raw response whose status is in ``ok`` (the body unread)."""
        return (yield from self._get_stored_flow(self._get_object_path(obj.container, obj.name), obj, headers, ok))

    def _get_object_sync(self, obj: Object, headers: Dict[str, str], ok: Sequence[int]) -> Any:
        """:meth:`_fetch_object_flow` through ``connection.request`` (upstream's call, which tests and
        subclasses replace) for the synchronous stream methods."""
        path = self._get_object_path(obj.container, obj.name)
        response = self.connection.request(path, method="GET", headers=dict(IDENTITY_ENCODING, **headers), raw=True,
                                           stream=True)
        return self._check_download(response, obj, ok)

    def _check_download(self, response: Any, obj: Object, ok: Sequence[int]) -> Any:
        """``response`` if its status is in ``ok``; otherwise it is closed and the matching error raised."""
        if response.status not in ok:
            try:
                error = response_error(response, self, obj.container.name, obj.name)
            finally:
                response.close()
            if isinstance(error, ContainerDoesNotExistError):  # upstream: any 404 of a download is the object's
                error = ObjectDoesNotExistError(value=error.value, driver=self, object_name=obj.name)
            raise error
        return response

    @operation
    def download_object(self, obj: Object, destination_path: str, overwrite_existing: bool = False,
                        delete_on_failure: bool = True) -> Flow[bool]:
        """Download to ``destination_path`` atomically; ``False`` (nothing written) on a size mismatch."""
        from libcloud.storage.transfer.download import resolve_destination

        file_path = resolve_destination(destination_path, obj.name, overwrite_existing, driver=self)
        size = int(obj.size) if obj.size is not None else 0
        if self.download_concurrency > 1 and size >= self.parallel_download_threshold:
            return (yield from self._parallel_download_flow(obj, file_path, size))
        return (yield from self._to_file_flow(obj, destination_path, overwrite_existing, delete_on_failure))

    def _parallel_download_flow(self, obj: Object, file_path: str, size: int) -> Flow[bool]:
        """Ranged GETs in parallel into one temporary file, all pinned to the same object version.

        Ranged answers carry no whole-object checksum, so a HEAD asks for it
        first (its ETag, when the object has changed since it was listed, is
        the version every range is pinned to).
        """
        from libcloud.storage.transfer.download import AtomicFileWriter
        from libcloud.storage.transfer.ranges import copy_range_flow, ranged_download_flow

        head = yield from self._head_response_flow(obj.container, obj.name, CHECKSUM_MODE)
        size = int(head.headers.get("content-length", size))
        etag = head.headers.get("etag")
        pin = {"If-Match": etag} if etag else {}
        hash_type, expected = self._download_checksum(head.headers)

        def range_flow(start: int, end: int, sink: RangeSink) -> Flow[None]:
            response = yield from self._fetch_object_flow(obj, dict(pin, Range="bytes=%d-%d" % (start, end - 1)),
                                                        (206,))
            yield from copy_range_flow(response, sink, self._file_read_size)

        writer = AtomicFileWriter(file_path, hash_type=hash_type, expected_hash=expected,
                                  expected_size=size, object_name=obj.name, driver=self)
        with writer:
            yield from ranged_download_flow(writer, 0, size, range_flow, self.download_part_size,
                                            self.download_concurrency)
            return writer.commit()

    def _stream_flow(self, obj: Object, chunk_size: Optional[int], headers: Dict[str, str], ok: Sequence[int],
                     whole: bool, requested: Optional[int]) -> StreamFlow:
        """The stream methods as one stream flow (``libcloud.asyncio`` runs it on the event loop)."""
        from libcloud.storage.transfer.download import content_length
        from libcloud.storage.transfer.streams import verified_stream_flow

        response = yield from self._fetch_object_flow(obj, headers, ok)
        hash_type, expected = self._download_checksum(response.headers) if whole else (None, None)
        yield from verified_stream_flow(response, chunk_size, _READ_SIZE, hash_type=hash_type, expected_hash=expected,
                                        expected_size=content_length(response.headers, requested), driver=self,
                                        object_name=obj.name)

    def _object_stream_flow(self, obj: Object, chunk_size: Optional[int] = None) -> StreamFlow:
        from libcloud.storage.transfer.download import requested_length

        return self._stream_flow(obj, chunk_size, CHECKSUM_MODE, (200,), True, requested_length(obj.size))

    def _range_stream_flow(self, obj: Object, start_bytes: int, end_bytes: Optional[int] = None,
                           chunk_size: Optional[int] = None) -> StreamFlow:
        from libcloud.storage.transfer.download import requested_length

        return self._stream_flow(obj, chunk_size, self._range_headers(start_bytes, end_bytes), (206,), False,
                                 requested_length(obj.size, start_bytes, end_bytes))

    @streamed(_object_stream_flow)
    def download_object_as_stream(self, obj: Object, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The object's bytes in chunks of exactly ``chunk_size`` (the last may be shorter)."""
        from libcloud.storage.transfer.download import requested_length, verified_stream

        response = self._get_object_sync(obj, CHECKSUM_MODE, (200,))
        hash_type, expected = self._download_checksum(response.headers)
        return verified_stream(response, chunk_size, _READ_SIZE, hash_type, expected, obj.name, self,
                               requested_length(obj.size))

    @streamed(_range_stream_flow)
    def download_object_range_as_stream(self, obj: Object, start_bytes: int, end_bytes: Optional[int] = None,
                                        chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """Bytes ``[start_bytes, end_bytes)`` of the object, in chunks of ``chunk_size``."""
        from libcloud.storage.transfer.download import requested_length, verified_stream

        response = self._get_object_sync(obj, self._range_headers(start_bytes, end_bytes), (206,))
        return verified_stream(response, chunk_size, _READ_SIZE, None, None, obj.name, self,
                               requested_length(obj.size, start_bytes, end_bytes))
