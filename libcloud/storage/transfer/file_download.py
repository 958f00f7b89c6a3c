"""``download_object`` / ``download_object_range`` for drivers that fetch an object with one GET.

A driver names how to GET the object (:meth:`FileDownloadMixin._fetch_object_flow`),
which checksum a whole-object answer carries (:meth:`FileDownloadMixin._download_checksum`)
and, if it must, headers a whole-object GET adds; the mixin checks the range, refuses
a taken destination before anything is fetched and saves the body through the driver's
``_save_object_flow`` (the atomic writer): the length is always checked, the checksum
for whole objects (a range has none of its own).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Mapping, Optional, Sequence, Tuple

from libcloud._core.flow import Flow, operation
from libcloud.common.types import LibcloudError
from libcloud.storage.types import ObjectDoesNotExistError

# .download (hashing, the atomic writer) is imported when a download starts: drivers import this mixin
# and importing a driver stays cheap (docs/performance.rst, tests/test_import_laziness.py).

__all__ = ["FileDownloadMixin", "IDENTITY_ENCODING"]

#: Asks for the stored bytes: a transparently decompressed body would fail the size and checksum checks.
IDENTITY_ENCODING = {"Accept-Encoding": "identity"}


class FileDownloadMixin:
    """The file downloads of a storage driver that GETs an object (or a ``Range`` of it) in one request."""

    # Provided by the storage driver this mixin is part of (annotations only: no attribute here).
    connection: Any
    _get_standard_range_str: Callable[..., str]
    _save_object_flow: Callable[..., Flow[Any]]
    _validate_start_and_end_bytes: Callable[..., bool]

    #: How much each read of the body asks for: larger reads halve the per-chunk cost (the Read
    #: effect, the write, the hand-over to the hashing thread); memory stays a few MiB per connection.
    _file_read_size: int = 1024 * 1024
    #: Headers a whole-object GET adds (a range GET sends only its ``Range``).
    _whole_object_headers: Mapping[str, str] = {}

    def _fetch_object_flow(self, obj: Any, headers: Dict[str, str], ok: Sequence[int]) -> Flow[Any]:
        """GET ``obj`` with ``headers`` as a streamed response whose status is in ``ok`` (else raise)."""
        raise NotImplementedError("_fetch_object_flow")

    def _get_stored_flow(self, path: str, obj: Any, headers: Dict[str, str], ok: Sequence[int]) -> Flow[Any]:
        """GET ``path`` (``obj``'s URL) as a streamed raw response of the stored bytes, checked by :meth:`_check_download`."""
        response = yield self.connection.call(path, method="GET", headers=dict(IDENTITY_ENCODING, **headers), raw=True)
        return self._check_download(response, obj, ok)

    def _check_download(self, response: Any, obj: Any, ok: Sequence[int]) -> Any:
        """``response`` if its status is in ``ok``; else it is closed and a 404 raises ``ObjectDoesNotExistError``."""
        if response.status not in ok:
            status = response.status
            response.close()
            if status == 404:
                raise ObjectDoesNotExistError(value="", driver=self, object_name=obj.name)
            raise LibcloudError("Unexpected status code: %s" % (status,), driver=self)
        return response

    def _download_checksum(self, headers: Mapping[str, Any]) -> Tuple[Optional[str], Optional[str]]:
        """``(hash_type, hex digest)`` a whole-object answer is checked against; ``(None, None)``: none."""
        return None, None

    def _range_headers(self, start_bytes: Optional[int], end_bytes: Optional[int]) -> Dict[str, str]:
        """``{}`` for the whole object, else the ``Range`` of ``[start_bytes, end_bytes)`` (checked first)."""
        if start_bytes is None:
            return {}
        self._validate_start_and_end_bytes(start_bytes=start_bytes, end_bytes=end_bytes)
        return {"Range": self._get_standard_range_str(start_bytes, end_bytes)}

    def _to_file_flow(self, obj: Any, destination_path: str, overwrite_existing: bool, delete_on_failure: bool,
                      start_bytes: Optional[int] = None, end_bytes: Optional[int] = None) -> Flow[bool]:
        """Fetch ``obj`` or a range of it into ``destination_path`` through the atomic writer."""
        from libcloud.storage.transfer.download import content_length, requested_length, resolve_destination

        headers = self._range_headers(start_bytes, end_bytes)
        partial = bool(headers)
        resolve_destination(destination_path, obj.name, overwrite_existing, driver=self)
        response = yield from self._fetch_object_flow(obj, headers or dict(self._whole_object_headers),
                                                      (206,) if partial else (200,))
        try:
            hash_type, expected = (None, None) if partial else self._download_checksum(response.headers)
            return (yield from self._save_object_flow(
                response, obj, destination_path, overwrite_existing, delete_on_failure, self._file_read_size,
                partial, expected_hash=expected, hash_type=hash_type,
                # the length asked for stands in when a cut response head lost Content-Length
                expected_size=content_length(response.headers,
                                             requested_length(obj.size, start_bytes or 0, end_bytes))))
        finally:
            response.close()

    @operation
    def download_object(self, obj: Any, destination_path: str, overwrite_existing: bool = False,
                        delete_on_failure: bool = True) -> Flow[bool]:
        """Download to ``destination_path`` atomically, checked against size and the provider's checksum.

        ``False`` (nothing written) when the size does not match.
        """
        return (yield from self._to_file_flow(obj, destination_path, overwrite_existing, delete_on_failure))

    @operation
    def download_object_range(self, obj: Any, destination_path: str, start_bytes: int,
                              end_bytes: Optional[int] = None, overwrite_existing: bool = False,
                              delete_on_failure: bool = True) -> Flow[bool]:
        """Download bytes ``[start_bytes, end_bytes)`` to ``destination_path`` atomically."""
        return (yield from self._to_file_flow(obj, destination_path, overwrite_existing, delete_on_failure,
                                              start_bytes, end_bytes))
