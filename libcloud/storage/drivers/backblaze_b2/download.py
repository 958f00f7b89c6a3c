"""B2 downloads by name (``<downloadUrl>/file/<bucket>/<name>``): atomic, ranged, streamed, SHA-1 checked.

Full downloads are checked against the SHA-1 B2 answers with
(``X-Bz-Content-Sha1``, or ``X-Bz-Info-large_file_sha1`` for large files)
and against ``Content-Length``; files are written through the transfer
engine's atomic writer, so a failed download leaves no partial file.
"""

from __future__ import annotations

from typing import Any, Dict, Iterator, Optional, Tuple

from libcloud._core.flow import Flow, operation, run_sync
from libcloud._core.streaming import StreamFlow, streamed
from libcloud.common.types import LibcloudError
from libcloud.storage.base import Object
from libcloud.storage.drivers.backblaze_b2 import parse
from libcloud.storage.drivers.backblaze_b2.api import B2DriverBase
from libcloud.storage.transfer import resolve_destination, verified_chunks, verified_stream_flow
from libcloud.storage.types import ObjectDoesNotExistError

__all__ = ["B2DownloadMixin"]

#: Read size of downloads.
READ_SIZE = 256 * 1024


def _content_length(headers: Any) -> Optional[int]:
    value = headers.get("content-length") if headers is not None else None
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


class B2DownloadMixin(B2DriverBase):
    """Downloads of :class:`~libcloud.storage.drivers.backblaze_b2.BackblazeB2StorageDriver`."""


    def _download_path(self, obj: Object) -> str:
        return "/file/%s/%s" % (parse.quote_name(obj.container.name), parse.quote_name(obj.name))

    def _fetch_flow(self, obj: Object, headers: Dict[str, str], ok: Tuple[int, ...]) -> Flow[Any]:
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
        if response.status not in ok:
            status = response.status
            response.close()
            if status == 404:
                raise ObjectDoesNotExistError(value="", driver=self, object_name=obj.name)
            raise LibcloudError("Unexpected status code: %s" % (status,), driver=self)
        return response

    def _range_headers(self, start_bytes: Optional[int], end_bytes: Optional[int]) -> Dict[str, str]:
        """``{}`` for the whole file, else the ``Range`` of ``[start_bytes, end_bytes)`` (checked first)."""
        if start_bytes is None:
            return {}
        self._validate_start_and_end_bytes(start_bytes=start_bytes, end_bytes=end_bytes)
        return {"Range": self._get_standard_range_str(start_bytes, end_bytes)}

    def _to_file_flow(self, obj: Object, destination_path: str, overwrite_existing: bool, delete_on_failure: bool,
                      start_bytes: Optional[int] = None, end_bytes: Optional[int] = None) -> Flow[bool]:
        """Fetch the file or a range of it into ``destination_path`` through the atomic writer."""
        headers = self._range_headers(start_bytes, end_bytes)
        # Refuse an existing destination before anything is fetched.
        resolve_destination(destination_path, obj.name, overwrite_existing, driver=self)
        partial = bool(headers)
        response = yield from self._fetch_flow(obj, headers, (206,) if partial else (200,))
        try:
            # A range has no hash of its own to check; its length still is checked.
            return (yield from self._save_object_flow(
                response, obj, destination_path, overwrite_existing, delete_on_failure, READ_SIZE, partial,
                expected_hash=None if partial else parse.response_sha1(response.headers), hash_type="sha1",
                expected_size=_content_length(response.headers)))
        finally:
            response.close()

    def _stream(self, obj: Object, chunk_size: Optional[int], start_bytes: Optional[int] = None,
                end_bytes: Optional[int] = None) -> Iterator[bytes]:
        headers = self._range_headers(start_bytes, end_bytes)
        response = run_sync(self._fetch_flow(obj, headers, (206,) if headers else (200,)))
        return verified_chunks(response, chunk_size, READ_SIZE, hash_type="sha1",
                               expected_hash=None if headers else parse.response_sha1(response.headers),
                               expected_size=_content_length(response.headers), driver=self, object_name=obj.name)

    def _stream_flow(self, obj: Object, chunk_size: Optional[int], headers: Dict[str, str]) -> StreamFlow:
        response = yield from self._fetch_flow(obj, headers, (206,) if headers else (200,))
        yield from verified_stream_flow(response, chunk_size, READ_SIZE, hash_type="sha1",
                                        expected_hash=None if headers else parse.response_sha1(response.headers),
                                        expected_size=_content_length(response.headers), driver=self,
                                        object_name=obj.name)

    def _object_stream_flow(self, obj: Object, chunk_size: Optional[int] = None) -> StreamFlow:
        """``download_object_as_stream`` as a stream flow (``libcloud.asyncio`` reads it on the event loop)."""
        return self._stream_flow(obj, chunk_size, {})

    def _range_stream_flow(self, obj: Object, start_bytes: int, end_bytes: Optional[int] = None,
                           chunk_size: Optional[int] = None) -> StreamFlow:
        """``download_object_range_as_stream`` as a stream flow (the range is checked at the call)."""
        return self._stream_flow(obj, chunk_size, self._range_headers(start_bytes, end_bytes))

    @operation
    def download_object(self, obj: Object, destination_path: str, overwrite_existing: bool = False,
                        delete_on_failure: bool = True) -> Flow[bool]:
        """Download to ``destination_path`` atomically, checked against size and SHA-1."""
        return (yield from self._to_file_flow(obj, destination_path, overwrite_existing, delete_on_failure))

    @operation
    def download_object_range(self, obj: Object, destination_path: str, start_bytes: int,
                              end_bytes: Optional[int] = None, overwrite_existing: bool = False,
                              delete_on_failure: bool = True) -> Flow[bool]:
        """Download bytes ``[start_bytes, end_bytes)`` to ``destination_path`` atomically."""
        return (yield from self._to_file_flow(obj, destination_path, overwrite_existing, delete_on_failure,
                                              start_bytes, end_bytes))

    @streamed(_object_stream_flow)
    def download_object_as_stream(self, obj: Object, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The file's bytes in chunks of ``chunk_size``; size and SHA-1 are checked at the end."""
        return self._stream(obj, chunk_size)

    @streamed(_range_stream_flow)
    def download_object_range_as_stream(self, obj: Object, start_bytes: int, end_bytes: Optional[int] = None,
                                        chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """Bytes ``[start_bytes, end_bytes)`` of the file, in chunks of ``chunk_size``."""
        return self._stream(obj, chunk_size, start_bytes, end_bytes)
