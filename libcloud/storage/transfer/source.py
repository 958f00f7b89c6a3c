"""Upload sources: turn whatever the caller gives into a bounded-memory chunk iterator.

Accepted: a path (``str`` / ``os.PathLike``), a binary or text file object,
``BytesIO``, ``StringIO`` (encoded as UTF-8), a generator or any iterator of
``bytes``/``str`` chunks, and ``bytes``-like values.  Objects with ``read``
are read ``chunk_size`` at a time; iterator chunks are passed through as they
come (their size is the caller's choice), so memory stays bounded by the
larger of the two.  :class:`HashingSource` hashes and counts bytes *as they
are consumed*, so a source is read exactly once.
"""

from __future__ import annotations

import io
import os
import stat as _stat
from typing import Any, Iterable, Iterator, Optional

from libcloud.storage.transfer.hashing import HashCounter
from libcloud.storage.transfer.progress import Progress, ProgressCallback

__all__ = [
    "DEFAULT_READ_SIZE",
    "iter_chunks",
    "source_size",
    "is_path",
    "to_bytes",
    "HashingSource",
    "SizedBody",
    "require_iterator",
]

#: Read size used when the caller does not choose one (large enough for fast hashing).
DEFAULT_READ_SIZE = 256 * 1024


def is_path(source: Any) -> bool:
    """Whether ``source`` names a file rather than being data or a stream."""
    return isinstance(source, (str, os.PathLike))


def to_bytes(chunk: Any) -> bytes:
    """Normalise one chunk: ``str`` is UTF-8 encoded, bytes-likes copied to ``bytes``."""
    if isinstance(chunk, bytes):
        return chunk
    if isinstance(chunk, str):
        return chunk.encode("utf-8")
    if isinstance(chunk, (bytearray, memoryview)):
        return bytes(chunk)
    raise TypeError("Upload chunks must be bytes or str, not %s" % type(chunk).__name__)


def _iter_path(path: Any, chunk_size: int) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        yield from _iter_reader(handle, chunk_size)


def _iter_reader(handle: Any, chunk_size: int) -> Iterator[bytes]:
    while True:
        chunk = handle.read(chunk_size)
        if not chunk:
            return
        yield to_bytes(chunk)


def _iter_bytes(data: Any, chunk_size: int) -> Iterator[bytes]:
    view = memoryview(data).cast("B")
    for offset in range(0, len(view), chunk_size):
        yield bytes(view[offset : offset + chunk_size])


def _iter_items(items: Iterable[Any]) -> Iterator[bytes]:
    for chunk in items:
        data = to_bytes(chunk)
        if data:
            yield data


def iter_chunks(source: Any, chunk_size: int = DEFAULT_READ_SIZE) -> Iterator[bytes]:
    """Return an iterator of non-empty ``bytes`` chunks read once from ``source``.

    A path is opened when iteration starts (and closed when it ends); a file
    object is read from its current position and left open for its owner.
    """
    if chunk_size <= 0:
        raise ValueError("chunk_size must be positive")
    if is_path(source):
        return _iter_path(source, chunk_size)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _iter_bytes(source, chunk_size)
    if hasattr(source, "read"):
        return _iter_reader(source, chunk_size)
    if hasattr(source, "__next__") or hasattr(source, "__iter__"):
        return _iter_items(source)
    raise TypeError("Cannot upload from %s: give a path, a file object or an iterator" % type(source).__name__)


def require_iterator(stream: Any) -> None:
    """Upstream's stream-upload check: iterators, generators and readers pass; lists and bytes do not."""
    if not (hasattr(stream, "__next__") or hasattr(stream, "next") or hasattr(stream, "read")):
        raise AttributeError("iterator object must implement next() method.")


def source_size(source: Any) -> Optional[int]:
    """Bytes left in ``source`` when that is knowable without reading it, else ``None``.

    Text streams return ``None``: their encoded size is only known after encoding.
    """
    try:
        if is_path(source):
            return os.path.getsize(source)
        if isinstance(source, (bytes, bytearray)):
            return len(source)
        if isinstance(source, memoryview):
            return source.nbytes
        if isinstance(source, io.BytesIO):
            return source.getbuffer().nbytes - source.tell()
        if isinstance(source, io.TextIOBase):
            return None
        if hasattr(source, "read") and hasattr(source, "fileno") and hasattr(source, "tell"):
            stat = os.fstat(source.fileno())
            if _stat.S_ISREG(stat.st_mode):
                return max(0, stat.st_size - source.tell())
    except (OSError, ValueError, io.UnsupportedOperation):
        return None
    return None


class HashingSource:
    """A one-pass view of an upload source that hashes and counts what is consumed.

    Iterate it (``for chunk in src``) or ``read(n)`` from it (a file-like body
    for HTTP clients); after the transfer, :attr:`bytes_read` and
    :meth:`hexdigest` describe exactly the bytes that were sent.
    """

    def __init__(
        self,
        source: Any,
        hash_type: Optional[str] = "md5",
        chunk_size: int = DEFAULT_READ_SIZE,
        callback: Optional[ProgressCallback] = None,
        size: Optional[int] = None,
    ) -> None:
        self._chunks = iter_chunks(source, chunk_size)
        self._counter = HashCounter(hash_type)
        self._pending = b""
        self.size = size if size is not None else source_size(source)
        self.progress = Progress(callback, self.size)

    @property
    def bytes_read(self) -> int:
        """The number of bytes read from the source so far."""
        return self._counter.bytes

    def hexdigest(self) -> Optional[str]:
        """The hex digest of the bytes read so far (None when not hashing)."""
        return self._counter.hexdigest()

    def _account(self, chunk: bytes) -> bytes:
        self._counter.update(chunk)
        self.progress.advance(len(chunk))
        return chunk

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        if self._pending:
            chunk, self._pending = self._pending, b""
            return self._account(chunk)
        return self._account(next(self._chunks))

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes from the source (all the rest when ``size`` is negative), hashed as they pass."""
        if size is None or size < 0:
            return b"".join(self)
        parts = [self._pending] if self._pending else []
        have = len(self._pending)
        self._pending = b""
        while have < size:
            chunk = next(self._chunks, b"")
            if not chunk:
                break
            parts.append(chunk)
            have += len(chunk)
        data = b"".join(parts)
        data, self._pending = data[:size], data[size:]
        return self._account(data)

    def drain(self) -> int:
        """Read (and hash and count) whatever the consumer left unread; returns how many bytes that was.

        A real HTTP transport reads the whole body, so this finds nothing; a
        stand-in transport that never reads it (a test double) still leaves
        :attr:`bytes_read` and :meth:`hexdigest` describing the whole source.
        """
        before = self.bytes_read
        for _ in self:
            pass
        return self.bytes_read - before

    def __len__(self) -> int:
        # Lets HTTP clients send Content-Length; unknown sizes go chunked.
        return self.size or 0

    def __bool__(self) -> bool:
        # ``data or {}`` in HTTP clients must not drop a body whose size is unknown (len 0).
        return True


class SizedBody:
    """A hashing source with a known length as a sized iterable: HTTP clients send ``Content-Length``
    (S3 refuses chunked PUTs, Swift would store a chunked one) and read it chunk by chunk, the sync
    and the async transport alike."""

    def __init__(self, source: HashingSource, size: int) -> None:
        self.source = source
        self.size = size

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.source)

    def __len__(self) -> int:
        return self.size
