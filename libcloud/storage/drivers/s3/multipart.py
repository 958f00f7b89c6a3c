"""The S3 multipart protocol as flows: initiate, parts, complete, abort, list.

Parts are sent by the shared engine (:func:`multipart_upload_flow`):
``concurrency`` parts at a time, memory bounded by ``part_size x
concurrency``, and an abort (``DELETE ?uploadId=``) whenever anything fails
so that no billed parts are left behind.

Integrity, one of two ways:

* with ``checksum="CRC32"`` (the AWS driver's default) the upload is created
  as a ``FULL_OBJECT`` CRC32 upload: each part carries its
  ``x-amz-checksum-crc32`` and the completion the whole object's CRC32,
  combined from the parts'.  S3 refuses any part or object whose bytes do not
  match, and keeps the CRC32, so a later download is verified cheaply;
* otherwise each part carries ``Content-MD5``: the server rejects corrupted
  parts, and the completion names each part by the ETag S3 gave it, so the
  returned ETags need no second comparison (upstream's behaviour too).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import zlib
from urllib.parse import quote
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, Iterator, List, Mapping, NamedTuple, Optional, Tuple, Union

from libcloud._core.paginate import PageGuard
from libcloud._core.flow import Flow, run_sync
from libcloud.common.aws import UNSIGNED_PAYLOAD
from libcloud.common.types import LibcloudError
from libcloud.storage.base import Container, StorageDriverMixin
from libcloud.storage.drivers.s3 import parse
from libcloud.storage.drivers.s3.errors import check
from libcloud.storage.types import ObjectHashMismatchError

# The transfer engine (libcloud.storage.transfer) is imported by the methods that start a transfer, not
# with the driver: importing the driver stays cheap (docs/performance.rst, tests/test_import_laziness.py).
if TYPE_CHECKING:
    from libcloud.storage.transfer.asyncparts import AsyncParts

__all__ = ["CHUNK_SIZE", "CHECKSUM_ALGORITHMS", "RESPONSES_PER_REQUEST", "S3MultipartUpload", "S3MultipartMixin",
           "SentPart", "query"]

LOG = logging.getLogger(__name__)

#: S3's minimum part size (every part but the last); upstream's fixed part size.
CHUNK_SIZE = 5 * 1024 * 1024

#: Page size of ``ex_iterate_multipart_uploads``.
RESPONSES_PER_REQUEST = 100

#: S3 accepts at most this many parts per upload.
MAX_PARTS = 10000

#: Upload checksum algorithms the driver can compute (``upload_checksum_algorithm``).
CHECKSUM_ALGORITHMS = ("CRC32",)


class SentPart(NamedTuple):
    """What is known of one sent part: the completion lists them and checks the result against them."""

    number: int
    etag: str
    md5: bytes  # b"" when the part was sent with a CRC32 instead
    crc32: Optional[int] = None
    size: int = 0


def query(path: str, **params: Any) -> str:
    """``path`` with an S3 query string (RFC 3986 encoded; ``None`` values are flags like ``?uploads``).

    Keyword names use ``_`` for S3's ``-`` (``max_uploads`` -> ``max-uploads``).
    """
    items = []
    for key, value in params.items():
        key = key.replace("_", "-") if key not in ("uploadId", "partNumber") else key
        items.append(quote(key, safe="-_.~") if value is None else "%s=%s" % (
            quote(key, safe="-_.~"), quote(str(value), safe="-_.~")))
    return path + ("?" + "&".join(items) if items else "")


def _md5_digest(data: Any) -> bytes:
    """The MD5 digest of ``data`` (a part)."""
    return hashlib.md5(data).digest()


def _encryption_hides_md5(headers: Mapping[str, Any]) -> bool:
    """SSE-KMS and SSE-C ETags are not the MD5 of the content."""
    sse = str(headers.get("x-amz-server-side-encryption", "")).lower()
    return sse.startswith("aws:kms") or "x-amz-server-side-encryption-customer-algorithm" in headers


def _part_crc(part: SentPart) -> int:
    """The CRC32 of a part sent with a checksum (always set for those)."""
    if part.crc32 is None:
        raise LibcloudError("Part %d was sent without a CRC32" % (part.number,))
    return part.crc32


class S3MultipartUpload:
    """An in-progress multipart upload (as listed by ``ex_iterate_multipart_uploads``)."""

    def __init__(self, key: str, id: str, created_at: Optional[str], initiator: Optional[str],
                 owner: Optional[str]) -> None:
        self.key = key
        self.id = id
        self.created_at = created_at
        self.initiator = initiator
        self.owner = owner

    def __repr__(self) -> str:
        return "<S3MultipartUpload: key=%s>" % (self.key,)


class S3MultipartMixin(StorageDriverMixin):
    """Multipart upload methods of ``BaseS3StorageDriver``."""

    supports_s3_multipart_upload = True
    connection: Any
    # Provided by the driver class this mixin is part of (annotations only: no attribute here).
    _get_object_path: Callable[..., str]
    _get_container_path: Callable[..., str]

    # -- protocol steps (flows) ---------------------------------------------------
    def _initiate_multipart_flow(self, container: Container, object_name: str,
                                 headers: Optional[Dict[str, Any]] = None, checksum: Optional[str] = None) -> Flow[str]:
        path = query(self._get_object_path(container, object_name), uploads=None)
        headers = dict(headers or {})
        if checksum:
            headers.update({"x-amz-checksum-algorithm": checksum, "x-amz-checksum-type": "FULL_OBJECT"})
        response = yield self.connection.call(path, method="POST", headers=headers)
        check(response, self, 200, container_name=container.name, object_name=object_name)
        return parse.upload_id(response.object)

    def _upload_part_flow(self, container: Container, object_name: str, upload_id: str, number: int, data: bytes,
                          verify_hash: bool = True, checksum: Optional[str] = None) -> Flow[SentPart]:
        # The part's own checksum protects it end to end, so the request signature need not
        # cover a SHA-256 of the payload too: hashing each part twice halved throughput.
        from libcloud.storage.transfer.checksums import crc32_to_base64
        from libcloud.storage.transfer.offload import digest_flow

        headers = {"Content-Length": str(len(data)), "x-amz-content-sha256": UNSIGNED_PAYLOAD}
        if checksum:
            part_crc = yield from digest_flow(zlib.crc32, data)
            crc: Optional[int] = part_crc
            digest = b""
            headers["x-amz-checksum-crc32"] = crc32_to_base64(part_crc)
        else:
            crc = None
            digest = yield from digest_flow(_md5_digest, data)
            headers["Content-MD5"] = base64.b64encode(digest).decode("ascii")
        path = query(self._get_object_path(container, object_name), partNumber=number,
                     uploadId=upload_id)
        response = yield self.connection.call(path, method="PUT", data=data, headers=headers, idempotent=True)
        check(response, self, 200, container_name=container.name, object_name=object_name)
        etag = parse.clean_etag(response.headers.get("etag"))
        if not etag:
            raise LibcloudError("Part %d of %s was stored without an ETag" % (number, object_name), driver=self)
        # Content-MD5 (or the CRC32 header) made the server check the part: its ETag is not compared again.
        return SentPart(number, etag, digest, crc, len(data))

    def _complete_multipart_flow(self, container: Container, object_name: str, upload_id: str,
                                 parts: List[SentPart], verify_hash: bool = True,
                                 checksum: Optional[str] = None) -> Flow[str]:
        from libcloud.storage.transfer.checksums import crc32_from_base64, crc32_of_parts, crc32_to_base64

        headers = {"Content-Type": "application/xml"}
        crc = None
        if checksum:
            crc = crc32_of_parts((_part_crc(p), p.size) for p in parts)
            headers.update({"x-amz-checksum-crc32": crc32_to_base64(crc), "x-amz-checksum-type": "FULL_OBJECT"})
            body = parse.complete_multipart_xml(((p.number, p.etag) for p in parts),
                                                crc32s=[crc32_to_base64(_part_crc(p)) for p in parts])
        else:
            body = parse.complete_multipart_xml((p.number, p.etag) for p in parts)
        path = query(self._get_object_path(container, object_name), uploadId=upload_id)
        response = yield self.connection.call(path, method="POST", data=body, headers=headers)
        check(response, self, 200, container_name=container.name, object_name=object_name)
        etag, error = parse.complete_etag(response.object)
        if error:
            raise LibcloudError("Error in multipart commit: %s" % (error,), driver=self)
        if crc is not None:
            stored = crc32_from_base64(parse.text_local(response.object, "ChecksumCRC32"))
            if verify_hash and stored is not None and stored != crc:
                raise ObjectHashMismatchError(value="Stored CRC32 %08x, sent %08x" % (stored, crc),
                                              driver=self, object_name=object_name)
            return etag or ""
        # Each part was checked by the server (Content-MD5) and the completion names every part by
        # its ETag (S3 refuses an unknown one), so the md5-of-md5s ETag is not compared again.
        return etag or ""

    def _abort_multipart_flow(self, container: Container, object_name: str, upload_id: str) -> Flow[None]:
        path = query(self._get_object_path(container, object_name), uploadId=upload_id)
        response = yield self.connection.call(path, method="DELETE", idempotent=True)
        # 404 NoSuchUpload: already gone, which is what an abort wants.
        check(response, self, (200, 204, 404), container_name=container.name, object_name=object_name)

    def _multipart_upload_flow(self, container: Container, object_name: str,
                               parts: Union[Iterable[bytes], AsyncParts], headers: Dict[str, Any], concurrency: int,
                               verify_hash: bool = True, checksum: Optional[str] = None) -> Flow[str]:
        """Initiate, send ``parts`` (abort on any failure), complete; returns the final ETag.

        ``checksum`` ("CRC32" or None) chooses how the parts and the object are protected (see the module).
        """
        from libcloud.storage.transfer.asyncparts import AsyncParts, pulled_multipart_upload_flow
        from libcloud.storage.transfer.multipart import multipart_upload_flow

        upload_id = yield from self._initiate_multipart_flow(container, object_name, headers, checksum)

        def part_flow(number: int, data: bytes) -> Flow[Any]:
            if number > MAX_PARTS:
                raise LibcloudError("More than %d parts: use a larger part size" % MAX_PARTS, driver=self)
            return self._upload_part_flow(container, object_name, upload_id, number, data, verify_hash, checksum)

        # Parts of an async iterable are pulled on the loop by the part flows themselves.
        upload: Callable[..., Flow[Any]] = (pulled_multipart_upload_flow if isinstance(parts, AsyncParts)
                                            else multipart_upload_flow)
        return (yield from upload(
            parts,
            part_flow,
            abort_flow=lambda: self._abort_multipart_flow(container, object_name, upload_id),
            concurrency=concurrency,
            complete_flow=lambda results: self._complete_multipart_flow(container, object_name, upload_id, results,
                                                                        verify_hash, checksum),
        ))

    # -- upstream helpers (sync) ------------------------------------------------------
    def _initiate_multipart(self, container: Container, object_name: str,
                            headers: Optional[Dict[str, Any]] = None) -> str:
        return run_sync(self._initiate_multipart_flow(container, object_name, headers))

    def _upload_multipart_chunks(self, container: Container, object_name: str, upload_id: str, stream: Any,
                                 calculate_hash: bool = True) -> Tuple[List[Tuple[int, str]], Optional[str], int]:
        """Send ``stream`` as parts of ``CHUNK_SIZE``; returns ``([(number, etag)], md5 or None, bytes)``."""
        from libcloud.storage.transfer.hashing import HashCounter
        from libcloud.storage.transfer.multipart import iter_parts, multipart_upload_flow
        from libcloud.storage.transfer.source import iter_chunks

        counter = HashCounter("md5" if calculate_hash else None)

        def counted() -> Iterator[bytes]:
            for chunk in iter_chunks(stream):
                counter.update(chunk)
                yield chunk

        def part_flow(number: int, data: bytes) -> Flow[Any]:
            return self._upload_part_flow(container, object_name, upload_id, number, data)

        results = run_sync(multipart_upload_flow(iter_parts(counted(), CHUNK_SIZE), part_flow,
                                                 concurrency=self._concurrency(None)))
        return [(p.number, p.etag) for p in results], counter.hexdigest(), counter.bytes

    def _commit_multipart(self, container: Container, object_name: str, upload_id: str,
                          chunks: List[Tuple[int, str]]) -> str:
        parts = [SentPart(int(n), parse.clean_etag(e), b"") for n, e in chunks]
        return run_sync(self._complete_multipart_flow(container, object_name, upload_id, parts, verify_hash=False))

    def _abort_multipart(self, container: Container, object_name: str, upload_id: str) -> None:
        run_sync(self._abort_multipart_flow(container, object_name, upload_id))

    def _concurrency(self, value: Optional[int]) -> int:
        from libcloud.storage.transfer.multipart import DEFAULT_CONCURRENCY

        chosen = value if value else getattr(self, "multipart_concurrency", DEFAULT_CONCURRENCY)
        return max(1, int(chosen))

    # -- listing in-progress uploads ----------------------------------------------------
    def _multipart_uploads_page_flow(self, container: Container, prefix: Optional[str], delimiter: Optional[str],
                                     markers: Optional[Tuple[str, str]]) -> Flow[Tuple[List[S3MultipartUpload], Any]]:
        params: Dict[str, Any] = {"uploads": None, "max_uploads": RESPONSES_PER_REQUEST}
        if prefix:
            params["prefix"] = prefix
        if delimiter:
            params["delimiter"] = delimiter
        if markers:
            params["key_marker"], params["upload_id_marker"] = markers
        path = query(self._get_container_path(container), **params)
        response = yield self.connection.call(path)
        check(response, self, 200, container_name=container.name)
        uploads = [S3MultipartUpload(*row) for row in parse.multipart_uploads(response.object, self)]
        return uploads, parse.multipart_uploads_next_markers(response.object)

    def ex_iterate_multipart_uploads(self, container: Container, prefix: Optional[str] = None,
                                     delimiter: Optional[str] = None) -> Iterator[S3MultipartUpload]:
        """Every multipart upload of ``container`` that was neither completed nor aborted."""
        if not self.supports_s3_multipart_upload:
            raise LibcloudError("Feature not supported", driver=self)
        markers = None
        guard = PageGuard()  # repeated markers raise PagingError instead of looping
        while True:
            uploads, markers = run_sync(self._multipart_uploads_page_flow(container, prefix, delimiter, markers))
            yield from uploads
            if guard.advance(markers) is None:
                return

    def ex_cleanup_all_multipart_uploads(self, container: Container, prefix: Optional[str] = None) -> None:
        """Abort every in-progress multipart upload of ``container`` (optionally under ``prefix``)."""
        for upload in list(self.ex_iterate_multipart_uploads(container, prefix, delimiter=None)):
            self._abort_multipart(container, upload.key, upload.id)

    def ex_list_multipart_upload_parts(self, container: Container, object_name: str,
                                       upload_id: str) -> List[Tuple[int, str, int]]:
        """The parts stored so far for one upload: ``[(part_number, etag, size)]``."""
        found: List[Tuple[int, str, int]] = []
        marker: Optional[str] = None
        guard = PageGuard()
        while True:
            params: Dict[str, Any] = {"uploadId": upload_id}
            if marker:
                params["part_number_marker"] = marker
            path = query(self._get_object_path(container, object_name), **params)
            response = self.connection.request(path)
            check(response, self, 200, container_name=container.name, object_name=object_name)
            page, marker = parse.parts(response.object, self)
            found.extend(page)
            if guard.advance(marker) is None:
                return found
