"""B2 uploads: one ``b2_upload_file`` for small files and streams, a large file above that.

Every byte sent is covered by a SHA-1 that B2 checks before it stores
anything:

* a file up to ``large_file_threshold`` bytes is streamed from disk once,
  with its SHA-1 appended as 40 hex digits (``X-Bz-Content-Sha1:
  hex_digits_at_end``), so it is neither read twice nor held in memory;
* a stream is cut into ``part_size`` parts: if it ends within the first
  part it goes up in one request with its SHA-1 in the header, otherwise
  as a large file (:mod:`.large`), ``concurrency`` parts at a time;
* a file above ``large_file_threshold`` goes up as a large file too.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from libcloud._core.flow import Flow, operation
from libcloud.common.types import LibcloudError
from libcloud.storage.base import Container, Object, _check_stream_position
from libcloud.storage.drivers.backblaze_b2 import parse
from libcloud.storage.drivers.backblaze_b2.api import B2DriverBase
from libcloud.storage.drivers.backblaze_b2.large import (
    UploadUrlPool,
    large_file_flow,
    post_to_upload_url,
    post_with_fresh_urls,
)
from libcloud.storage.transfer import DEFAULT_READ_SIZE, iter_chunks, iter_parts, require_iterator
from libcloud.utils import files as _files

__all__ = ["B2UploadMixin", "HexAtEndBody"]

MIB = 1024 * 1024
#: Marker of a body whose SHA-1 follows it as 40 hex digits.
HEX_DIGITS_AT_END = "hex_digits_at_end"


class HexAtEndBody:
    """A file's bytes followed by their SHA-1 in hex: one pass, nothing held in memory.

    It has a length, so it goes with ``Content-Length`` (B2 refuses chunked bodies).
    """

    def __init__(self, path: str, size: int, read_size: int = DEFAULT_READ_SIZE) -> None:
        self.size = size
        self.bytes_read = 0
        self._hasher = hashlib.sha1()
        self._chunks = self._generate(path, read_size)

    def _generate(self, path: str, read_size: int) -> Iterator[bytes]:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(read_size), b""):
                self._hasher.update(chunk)
                self.bytes_read += len(chunk)
                yield chunk
        yield self._hasher.hexdigest().encode("ascii")

    def __iter__(self) -> Iterator[bytes]:
        return self._chunks

    def __len__(self) -> int:
        return self.size + 40

    def __bool__(self) -> bool:
        return True

    def drain(self) -> None:
        """Read what a transport (or a test double) left unread, so :attr:`bytes_read` is complete."""
        for _ in self._chunks:
            pass


def _hashed(chunks: Iterator[bytes], hasher: Any) -> Iterator[bytes]:
    """``chunks``, fed to ``hasher`` on the way."""
    for chunk in chunks:
        hasher.update(chunk)
        yield chunk


def _prepend(head: List[bytes], rest: Iterator[bytes]) -> Iterator[bytes]:
    """``head``'s parts (dropped from the list as they go), then ``rest``."""
    while head:
        yield head.pop(0)
    yield from rest


class B2UploadMixin(B2DriverBase):
    """Uploads of :class:`~libcloud.storage.drivers.backblaze_b2.BackblazeB2StorageDriver`."""

    #: Size of a large file's parts (B2 wants at least 5 MB but for the last part).
    part_size = 32 * MIB
    #: Files above this size go up as large files (B2 takes at most 5 GB in one upload).
    large_file_threshold = 256 * MIB
    #: Parts in flight at once.
    concurrency = 4

    def _upload_headers(self, object_name: str, extra: Optional[Dict[str, Any]],
                        headers: Optional[Dict[str, str]]) -> Tuple[Dict[str, str], str, Dict[str, str]]:
        """``(headers, content type, file info)`` of an upload."""
        extra = extra or {}
        content_type = extra.get("content_type") or mimetypes.guess_type(object_name)[0] or parse.AUTO_CONTENT_TYPE
        meta_data = {str(key): str(value) for key, value in (extra.get("meta_data") or {}).items()}
        hdrs = dict(headers or {})
        hdrs.update({"X-Bz-File-Name": parse.quote_name(object_name), "Content-Type": content_type})
        hdrs.update(parse.info_headers(meta_data))
        return hdrs, content_type, meta_data

    def _url_pool(self, bucket_id: str) -> UploadUrlPool:
        return UploadUrlPool(lambda: self._upload_data_flow(bucket_id))

    def _large_flow(self, bucket_id: str, object_name: str, parts: Iterator[bytes], content_type: str,
                    meta_data: Dict[str, str],
                    before_finish: Optional[Callable[[], None]] = None) -> Flow[Dict[str, Any]]:
        return (yield from large_file_flow(self, bucket_id, object_name, parts, content_type, meta_data,
                                           self.concurrency, before_finish))

    def _large_file_from_path_flow(self, file_path: str, bucket_id: str, object_name: str, content_type: str,
                                   meta_data: Dict[str, str]) -> Flow[Dict[str, Any]]:
        """A file as a large file, with its whole SHA-1 recorded (``large_file_sha1``).

        B2 keeps no whole-file hash of a large file by itself, so the file is
        hashed first (read once more, in chunks) and the hash is recorded for
        downloads to check.  The parts are hashed again as they are cut: a
        file that changed in between cancels the upload.
        """
        expected = hashlib.sha1()
        with open(file_path, "rb") as handle:
            for chunk in iter(lambda: handle.read(DEFAULT_READ_SIZE), b""):
                expected.update(chunk)
        sent = hashlib.sha1()

        def unchanged() -> None:
            if sent.hexdigest() != expected.hexdigest():
                raise LibcloudError("%s changed during the upload; the large file was cancelled" % (file_path,),
                                    driver=self)

        info = dict(meta_data, **{parse.LARGE_FILE_SHA1: expected.hexdigest()})
        with open(file_path, "rb") as handle:
            chunks = _hashed(iter(lambda: handle.read(DEFAULT_READ_SIZE), b""), sent)
            return (yield from self._large_flow(bucket_id, object_name, iter_parts(chunks, self.part_size),
                                                content_type, info, unchanged))

    @operation
    def upload_object(self, file_path: str, container: Container, object_name: str,
                      extra: Optional[Dict[str, Any]] = None, verify_hash: bool = True,
                      headers: Optional[Dict[str, str]] = None) -> Flow[Object]:
        """Upload a file (B2 checks its SHA-1; above ``large_file_threshold`` as a large file)."""
        if not os.path.exists(file_path):
            raise OSError("File %s does not exist" % (file_path,))
        hdrs, content_type, meta_data = self._upload_headers(object_name, extra, headers)
        bucket_id = yield from self._bucket_id_flow(container)
        size = os.path.getsize(file_path)
        if size > self.large_file_threshold:
            answer = yield from self._large_file_from_path_flow(file_path, bucket_id, object_name, content_type,
                                                                meta_data)
            return parse.to_object(self, container, answer)
        body = HexAtEndBody(file_path, size)
        url = yield from self._url_pool(bucket_id).take_flow()
        hdrs.update({"Content-Length": str(len(body)), "X-Bz-Content-Sha1": HEX_DIGITS_AT_END})
        response = yield from post_to_upload_url(self.connection, url, body, hdrs)
        body.drain()
        if body.bytes_read != size:
            raise LibcloudError("%s changed size during the upload (%d -> %d bytes)" % (file_path, size,
                                                                                     body.bytes_read), driver=self)
        return parse.to_object(self, container, response.object or {})

    @operation
    def upload_object_via_stream(self, iterator: Any, container: Container, object_name: str,
                                 extra: Optional[Dict[str, Any]] = None,
                                 headers: Optional[Dict[str, str]] = None) -> Flow[Object]:
        """Upload from a generator, iterator or file object; longer than one part: as a large file."""
        require_iterator(iterator)
        _check_stream_position(iterator)
        hdrs, content_type, meta_data = self._upload_headers(object_name, extra, headers)
        bucket_id = yield from self._bucket_id_flow(container)
        # Through libcloud.utils.files.read_in_chunks (looked up at call time): tests patch it, as upstream's do.
        chunks = iter_chunks(iter(_files.read_in_chunks(iterator, DEFAULT_READ_SIZE)))
        parts = iter_parts(chunks, self.part_size)
        first = next(parts)
        second = next(parts, None)
        if second is not None:
            head = [first, second]
            del first, second  # the parts leave memory as soon as they are sent
            answer = yield from self._large_flow(bucket_id, object_name, _prepend(head, parts), content_type,
                                                 meta_data)
            return parse.to_object(self, container, answer)
        hdrs.update({"Content-Length": str(len(first)), "X-Bz-Content-Sha1": hashlib.sha1(first).hexdigest()})
        answer = yield from post_with_fresh_urls(self.connection, self._url_pool(bucket_id), first, hdrs)
        return parse.to_object(self, container, answer)
