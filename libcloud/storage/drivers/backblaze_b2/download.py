"""B2 downloads by name (``<downloadUrl>/file/<bucket>/<name>``): atomic, ranged, streamed, SHA-1 checked.

Full downloads are checked against the SHA-1 B2 answers with
(``X-Bz-Content-Sha1``, or ``X-Bz-Info-large_file_sha1`` for large files)
and against ``Content-Length``; files are written through the transfer
engine's atomic writer, so a failed download leaves no partial file.
"""

from __future__ import annotations

from typing import Any, Dict, Iterator, Mapping, Optional, Sequence, Tuple

from libcloud._core.flow import Flow, run_sync
from libcloud._core.streaming import StreamFlow, streamed
from libcloud.storage.base import Object
from libcloud.storage.drivers.backblaze_b2 import parse
from libcloud.storage.drivers.backblaze_b2.api import B2DriverBase
from libcloud.storage.transfer import content_length, verified_chunks, verified_stream_flow
from libcloud.storage.transfer.file_download import FileDownloadMixin

__all__ = ["B2DownloadMixin"]

#: Read size of downloads.
READ_SIZE = 256 * 1024


class B2DownloadMixin(FileDownloadMixin, B2DriverBase):
    """Downloads of :class:`~libcloud.storage.drivers.backblaze_b2.BackblazeB2StorageDriver`."""

    _file_read_size = READ_SIZE

    def _download_checksum(self, headers: Mapping[str, Any]) -> Tuple[Optional[str], Optional[str]]:
        return "sha1", parse.response_sha1(headers)

    def _download_path(self, obj: Object) -> str:
        return "/file/%s/%s" % (parse.quote_name(obj.container.name), parse.quote_name(obj.name))

    def _fetch_object_flow(self, obj: Object, headers: Dict[str, str], ok: Sequence[int]) -> Flow[Any]:
        """GET the file (streamed); one new account token after a 401; missing files raise."""
        credential = self.connection.token_credential
        assert credential is not None
        for attempt in (1, 2):
            token = yield from self.connection.account_flow()
            connection = self.connection.origin(self.connection.download_url)
            response = yield connection.call(self._download_path(obj), headers=headers, raw=True, stream=True)
            if response.status == 401 and attempt == 1:
                response.close()
                yield from credential.token_flow(rejected=token)
                continue
            break
        return self._check_download(response, obj, ok)

    def _stream(self, obj: Object, chunk_size: Optional[int], start_bytes: Optional[int] = None,
                end_bytes: Optional[int] = None) -> Iterator[bytes]:
        headers = self._range_headers(start_bytes, end_bytes)
        response = run_sync(self._fetch_object_flow(obj, headers, (206,) if headers else (200,)))
        return verified_chunks(response, chunk_size, READ_SIZE, hash_type="sha1",
                               expected_hash=None if headers else parse.response_sha1(response.headers),
                               expected_size=content_length(response.headers), driver=self, object_name=obj.name)

    def _stream_flow(self, obj: Object, chunk_size: Optional[int], headers: Dict[str, str]) -> StreamFlow:
        response = yield from self._fetch_object_flow(obj, headers, (206,) if headers else (200,))
        yield from verified_stream_flow(response, chunk_size, READ_SIZE, hash_type="sha1",
                                        expected_hash=None if headers else parse.response_sha1(response.headers),
                                        expected_size=content_length(response.headers), driver=self,
                                        object_name=obj.name)

    def _object_stream_flow(self, obj: Object, chunk_size: Optional[int] = None) -> StreamFlow:
        """``download_object_as_stream`` as a stream flow (``libcloud.asyncio`` reads it on the event loop)."""
        return self._stream_flow(obj, chunk_size, {})

    def _range_stream_flow(self, obj: Object, start_bytes: int, end_bytes: Optional[int] = None,
                           chunk_size: Optional[int] = None) -> StreamFlow:
        """``download_object_range_as_stream`` as a stream flow (the range is checked at the call)."""
        return self._stream_flow(obj, chunk_size, self._range_headers(start_bytes, end_bytes))

    @streamed(_object_stream_flow)
    def download_object_as_stream(self, obj: Object, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The file's bytes in chunks of ``chunk_size``; size and SHA-1 are checked at the end."""
        return self._stream(obj, chunk_size)

    @streamed(_range_stream_flow)
    def download_object_range_as_stream(self, obj: Object, start_bytes: int, end_bytes: Optional[int] = None,
                                        chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """Bytes ``[start_bytes, end_bytes)`` of the file, in chunks of ``chunk_size``."""
        return self._stream(obj, chunk_size, start_bytes, end_bytes)
