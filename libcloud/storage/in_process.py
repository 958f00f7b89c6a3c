"""The transfer methods of the storage drivers that keep objects in this process (dummy, local).

Both store uploads through one hook and serve downloads from a byte range, so
the public upload/download methods are the same delegations; only the hooks
differ (:class:`InProcessTransfersMixin`).
"""

from __future__ import annotations

from typing import Any, Dict, Iterator, Optional

from libcloud.storage.base import CHUNK_SIZE, Container, Object, StorageDriverMixin
from libcloud.storage.transfer import ProgressCallback, require_iterator

__all__ = ["InProcessTransfersMixin"]


class InProcessTransfersMixin(StorageDriverMixin):
    """Upload and download methods on four hooks; mix in before :class:`StorageDriver`."""

    def _check_source_file(self, file_path: str) -> None:
        """Raise the driver's error when ``file_path`` cannot be uploaded."""
        raise NotImplementedError

    def _store(self, source: Any, container: Container, object_name: str, extra: Optional[Dict[str, Any]],
               callback: Optional[ProgressCallback]) -> Object:
        """Store ``source`` (a path or an iterator) as ``object_name``."""
        raise NotImplementedError

    def _save(self, obj: Object, destination_path: str, start_bytes: int, end_bytes: Optional[int],
              overwrite_existing: bool, callback: Optional[ProgressCallback]) -> bool:
        """Write a byte range of ``obj`` to ``destination_path``."""
        raise NotImplementedError

    def _stream_range(self, obj: Object, start_bytes: int, end_bytes: Optional[int],
                      chunk_size: int) -> Iterator[bytes]:
        """A byte range of ``obj`` in chunks of ``chunk_size``."""
        raise NotImplementedError

    def upload_object(self, file_path: str, container: Container, object_name: str,
                      extra: Optional[Dict[str, Any]] = None, verify_hash: bool = True,
                      headers: Optional[Dict[str, str]] = None, *,
                      ex_progress_callback: Optional[ProgressCallback] = None) -> Object:
        """Store the file at ``file_path`` as ``object_name`` in ``container``."""
        self._check_source_file(file_path)
        return self._store(file_path, container, object_name, extra, ex_progress_callback)

    def upload_object_via_stream(self, iterator: Any, container: Container, object_name: str,
                                 extra: Optional[Dict[str, Any]] = None, headers: Optional[Dict[str, str]] = None,
                                 *, ex_progress_callback: Optional[ProgressCallback] = None) -> Object:
        """Store what ``iterator`` yields as ``object_name`` in ``container``."""
        require_iterator(iterator)
        return self._store(iterator, container, object_name, extra, ex_progress_callback)

    def download_object(self, obj: Object, destination_path: str, overwrite_existing: bool = False,
                        delete_on_failure: bool = True, *,
                        ex_progress_callback: Optional[ProgressCallback] = None) -> bool:
        """Write ``obj`` to ``destination_path`` (a file, or a folder to put it in)."""
        return self._save(obj, destination_path, 0, None, overwrite_existing, ex_progress_callback)

    def download_object_range(self, obj: Object, destination_path: str, start_bytes: int,
                              end_bytes: Optional[int] = None, overwrite_existing: bool = False,
                              delete_on_failure: bool = True, *,
                              ex_progress_callback: Optional[ProgressCallback] = None) -> bool:
        """Write bytes ``start_bytes`` to ``end_bytes`` (exclusive) of ``obj`` to ``destination_path``."""
        return self._save(obj, destination_path, start_bytes, end_bytes, overwrite_existing, ex_progress_callback)

    def download_object_as_stream(self, obj: Object, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """``obj``'s content in chunks."""
        return self._stream_range(obj, 0, None, chunk_size or CHUNK_SIZE)

    def download_object_range_as_stream(self, obj: Object, start_bytes: int, end_bytes: Optional[int] = None,
                                        chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """Bytes ``start_bytes`` to ``end_bytes`` (exclusive) of ``obj`` in chunks."""
        return self._stream_range(obj, start_bytes, end_bytes, chunk_size or CHUNK_SIZE)
