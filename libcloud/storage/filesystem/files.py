"""The file objects of :class:`~libcloud.storage.filesystem.LibcloudFileSystem`.

Reading is buffered by fsspec's caches over ranged GETs (one request per
block, none for the object's metadata, which the listing or ``info`` gave).
Writing streams: the first full block starts the driver's
``upload_object_via_stream`` on a worker thread (multipart through the
transfer engine), later blocks are pushed to it; a file closed before its
first block is full is sent in one request.  Leaving a ``with`` block on an
exception aborts the upload, so no partial object appears.
"""

from __future__ import annotations

from typing import Any, Optional

from fsspec.spec import AbstractBufferedFile

from libcloud.storage.transfer.pushed import PushedUpload

__all__ = ["LibcloudFile"]


class LibcloudFile(AbstractBufferedFile):
    """An object opened for reading (``rb``) or writing (``wb``, ``xb``)."""

    def __init__(self, fs: Any, path: str, mode: str = "rb", block_size: Any = "default", autocommit: bool = True,
                 cache_type: str = "readahead", cache_options: Optional[dict] = None, size: Optional[int] = None,
                 **kwargs: Any) -> None:
        if not autocommit:
            raise NotImplementedError("transactions (autocommit=False) are not supported")
        if mode not in ("rb", "wb", "xb"):
            raise NotImplementedError("mode %r is not supported (objects are read or written whole)" % mode)
        self._upload: Optional[PushedUpload] = None
        super().__init__(fs, path, mode=mode, block_size=block_size, autocommit=autocommit, cache_type=cache_type,
                         cache_options=cache_options, size=size, **kwargs)

    def _fetch_range(self, start: int, end: int) -> bytes:
        return self.fs.read_range(self.path, start, end, self.details)

    def _initiate_upload(self) -> None:
        # Deferred to the first full block: a small file is then one plain PUT.
        return None

    def _upload_chunk(self, final: bool = False) -> bool:
        data = self.buffer.getvalue()  # type: ignore[attr-defined]  # fsspec sets it while writing
        if self._upload is None:
            if final:
                self.fs.pipe_file(self.path, data)
                return True
            self._upload = PushedUpload(lambda chunks: self.fs.upload_stream(self.path, chunks))
        self._upload.send(data)
        if final:
            self._upload.finish()
        return True

    def discard(self) -> None:
        """Abandon a write: the object is not created (or keeps its old content)."""
        if self._upload is not None:
            self._upload.abort()
            self._upload = None
        self.buffer = None
        self.closed = True

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is not None and self.mode != "rb" and not self.closed:
            self.discard()
            return
        self.close()
