"""Downloads: streamed GETs, ``x-ms-range`` reads, and parallel ranged downloads to files.

Files are written through the transfer engine (same-folder temp file, size
and MD5 checks, rename), so a failed download never leaves a partial file
and never touches an existing destination.  Large objects are fetched as
``concurrency`` parallel ranges pinned to the object's ETag (``If-Match``):
if the blob changes mid-way the download fails instead of mixing versions.
"""

from __future__ import annotations

from typing import Any, Dict, Iterator, Optional

from libcloud._core.flow import Flow
from libcloud._core.streaming import StreamFlow
from libcloud.storage.base import Object
from libcloud.storage.drivers.azure_blobs.parse import md5_b64_to_hex, raise_for_status
from libcloud.storage.transfer import (
    AtomicFileWriter,
    HashCounter,
    RangeSink,
    check_received,
    content_length,
    copy_range_flow,
    hashes_equal,
    iter_response,
    new_hasher,
    ranged_download_flow,
    rechunk,
    requested_length,
    resolve_destination,
    verified_stream_flow,
)
from libcloud.storage.types import ObjectHashMismatchError

__all__ = ["get_flow", "range_header", "stream_chunks", "parallel_download_flow", "quoted_etag",
           "object_stream_flow", "range_stream_flow", "expected_length"]

#: Read size of streamed bodies.
READ_SIZE = 256 * 1024


def range_header(start: int, end: Optional[int]) -> str:
    """``bytes=S-`` or ``bytes=S-(E-1)`` (``end`` is exclusive)."""
    return "bytes=%d-%s" % (start, "" if end is None else str(end - 1))


#: The longest range Azure returns the MD5 of (``x-ms-range-get-content-md5``).
RANGE_MD5_LIMIT = 4 * 1024 * 1024
RANGE_MD5 = "x-ms-range-get-content-md5"


def range_headers(obj: Object, start: int, end: Optional[int]) -> Dict[str, str]:
    """``x-ms-range`` for ``[start, end)``, asking for the range's MD5 when Azure gives one (up to 4 MiB).

    No hash covers a range otherwise, so a body garbled on the way would go
    unnoticed; with the range's ``Content-MD5`` the read is checked like a
    whole one.
    """
    headers = {"x-ms-range": range_header(start, end)}
    stop = end if end is not None else (int(obj.size) if obj.size is not None else None)
    if stop is not None and 0 < stop - start <= RANGE_MD5_LIMIT:
        headers[RANGE_MD5] = "true"
    return headers


def quoted_etag(etag: Optional[str]) -> Optional[str]:
    """``etag`` in double quotes, as ``If-Match`` wants it."""
    if not etag:
        return None
    return etag if etag.startswith('"') else '"%s"' % etag


def get_flow(driver: Any, obj: Object, path: str, ok: tuple, headers: Optional[Dict[str, str]] = None) -> Flow[Any]:
    """GET ``path`` streamed; raise the fitting exception unless the status is in ``ok``."""
    response = yield driver.connection.call(path, method="GET", headers=headers or {}, raw=True, stream=True)
    if response.status not in ok:
        response.close()
        raise_for_status(driver, response, container_name=obj.container.name, object_name=obj.name,
                         what="download")
    return response


def expected_length(response: Any, obj: Object, start: int = 0, end: Optional[int] = None) -> Optional[int]:
    """The body length a GET of bytes ``[start, end)`` of ``obj`` must have (``Content-Length``, or
    the length asked for when a cut response head lost it)."""
    return content_length(response.headers, requested_length(obj.size, start, end))


def stream_chunks(driver: Any, obj: Object, response: Any, chunk_size: Optional[int],
                  expected_md5: Optional[str] = None, expected_size: Optional[int] = None) -> Iterator[bytes]:
    """Iterate a streamed body in ``chunk_size`` pieces; check ``expected_size`` and ``expected_md5`` at the end."""
    hasher = new_hasher("md5") if expected_md5 else None
    counter = HashCounter(None)
    try:
        chunks = iter_response(response, chunk_size or READ_SIZE)
        for chunk in rechunk(chunks, chunk_size) if chunk_size else chunks:
            if hasher is not None:
                hasher.update(chunk)
            counter.update(chunk)
            yield chunk
    finally:
        response.close()
    check_received(counter, expected_size, None, None, driver, obj.name)
    if hasher is not None and not hashes_equal(expected_md5, hasher.hexdigest()):
        raise ObjectHashMismatchError(value="MD5 of the downloaded stream differs from Content-MD5",
                                      driver=driver, object_name=obj.name)


def _body_stream_flow(driver: Any, obj: Object, path: str, ok: tuple, headers: Optional[Dict[str, str]],
                      chunk_size: Optional[int], hashed: bool, start: int = 0,
                      end: Optional[int] = None) -> StreamFlow:
    # hashed: the answer's Content-MD5 covers its body (a whole blob, or a range asked with RANGE_MD5)
    response = yield from get_flow(driver, obj, path, ok, headers)
    yield from verified_stream_flow(response, chunk_size, READ_SIZE, hash_type="md5",
                                    expected_hash=response_md5(response) if hashed else None,
                                    expected_size=expected_length(response, obj, start, end), driver=driver,
                                    object_name=obj.name)


def object_stream_flow(driver: Any, obj: Object, chunk_size: Optional[int] = None) -> StreamFlow:
    """``download_object_as_stream`` as a stream flow (``libcloud.asyncio`` reads it on the event loop)."""
    path = driver._get_object_path(obj.container, obj.name)
    return _body_stream_flow(driver, obj, path, (200,), None, chunk_size, True)


def range_stream_flow(driver: Any, obj: Object, start_bytes: int, end_bytes: Optional[int] = None,
                      chunk_size: Optional[int] = None) -> StreamFlow:
    """``download_object_range_as_stream`` as a stream flow (arguments checked at the call, as the sync one)."""
    driver._validate_start_and_end_bytes(start_bytes=start_bytes, end_bytes=end_bytes)
    path = driver._get_object_path(obj.container, obj.name)
    headers = range_headers(obj, start_bytes, end_bytes)
    return _body_stream_flow(driver, obj, path, (200, 206), headers, chunk_size, RANGE_MD5 in headers, start_bytes,
                             end_bytes)


def _range_flow(driver: Any, obj: Object, path: str, etag: Optional[str]) -> Any:
    def fetch(start: int, end: int, sink: RangeSink) -> Flow[None]:
        headers = {"x-ms-range": range_header(start, end)}
        if etag:
            headers["If-Match"] = etag
        response = yield from get_flow(driver, obj, path, (200, 206), headers)
        yield from copy_range_flow(response, sink, READ_SIZE)

    return fetch


def parallel_download_flow(driver: Any, obj: Object, path: str, destination_path: str, overwrite_existing: bool,
                           start: int, end: int, part_size: int, concurrency: int,
                           expected_md5: Optional[str]) -> Flow[bool]:
    """Fetch ``[start, end)`` of ``obj`` in parallel ranges into ``destination_path``."""
    file_path = resolve_destination(destination_path, obj.name, overwrite_existing, driver=driver)
    writer = AtomicFileWriter(file_path, hash_type="md5" if expected_md5 else None, expected_hash=expected_md5,
                              expected_size=end - start, object_name=obj.name, driver=driver)
    fetch = _range_flow(driver, obj, path, quoted_etag(obj.extra.get("etag")))
    with writer:
        yield from ranged_download_flow(writer, start, end, fetch, part_size, concurrency)
        return writer.commit()


def response_md5(response: Any) -> Optional[str]:
    """The hex MD5 the service sent for the body (the whole blob, or a range asked with ``RANGE_MD5``)."""
    return md5_b64_to_hex(response.headers.get("content-md5"))
