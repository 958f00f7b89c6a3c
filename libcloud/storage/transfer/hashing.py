"""Hash helpers: one hasher per transfer, fed while bytes flow (never a second pass)."""

from __future__ import annotations

import hashlib
import os
import queue
import threading
import zlib
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from libcloud.storage.transfer.checksums import Crc32, crc32_combine
from libcloud.storage.transfer.crc32c import Crc32c

__all__ = ["new_hasher", "CombinedHasher", "HashCounter", "BackgroundHashCounter", "PrefixHasher", "PieceCrc32", "piece_hasher",
           "normalize_hash", "hashes_equal"]


def new_hasher(hash_type: str = "md5") -> Any:
    """A fresh hasher for ``hash_type``: a ``hashlib`` name, ``"crc32"``, ``"crc32c"``, or several joined by ``+``.

    ``RuntimeError`` if unknown, as upstream.
    """
    if hash_type == "crc32":
        return Crc32()
    if hash_type == "crc32c":
        return Crc32c()
    if "+" in hash_type:
        return CombinedHasher([new_hasher(name) for name in hash_type.split("+")])
    try:
        return hashlib.new(hash_type)
    except (ValueError, TypeError):
        raise RuntimeError("Invalid or unsupported hash type: %s" % (hash_type,)) from None


class CombinedHasher:
    """Several hashers fed the same bytes (``new_hasher("md5+crc32c")``).

    The hex digest joins the parts' digests with ``-`` in the order named, so an
    expected value written the same way compares with :func:`hashes_equal`.
    """

    def __init__(self, hashers: List[Any]) -> None:
        self.hashers = hashers
        self.name = "+".join(h.name for h in hashers)

    def update(self, data: Any) -> None:
        """Feed ``data`` to every hasher."""
        for hasher in self.hashers:
            hasher.update(data)

    def digest(self) -> bytes:
        """The parts' digests, concatenated."""
        return b"".join(h.digest() for h in self.hashers)

    def hexdigest(self) -> str:
        """The parts' hex digests joined with ``-``."""
        return "-".join(h.hexdigest() for h in self.hashers)

    def copy(self) -> "CombinedHasher":
        """An independent copy."""
        return CombinedHasher([h.copy() for h in self.hashers])


class HashCounter:
    """Hashes and counts the bytes given to :meth:`update`."""

    __slots__ = ("hasher", "bytes")

    def __init__(self, hash_type: Optional[str] = "md5") -> None:
        self.hasher = new_hasher(hash_type) if hash_type else None
        self.bytes = 0

    def update(self, chunk: Union[bytes, memoryview]) -> None:
        """Hash and count ``chunk``."""
        if self.hasher is not None:
            self.hasher.update(chunk)
        self.bytes += len(chunk)

    def digest(self) -> bytes:
        """The digest so far (``b""`` when not hashing)."""
        return self.hasher.digest() if self.hasher is not None else b""

    def hexdigest(self) -> Optional[str]:
        """The hex digest so far, or None when not hashing."""
        return self.hasher.hexdigest() if self.hasher is not None else None

    def update_buffer(self, view: memoryview, release: Callable[[], None]) -> None:
        """Hash and count ``view``, then call ``release`` (its buffer may be reused)."""
        self.update(view)
        release()

    def close(self) -> None:
        """Nothing to release (the interface of :class:`BackgroundHashCounter`)."""


def normalize_hash(value: Any) -> Optional[str]:
    """Providers quote ETags (``"abc"``) and vary case; compare on the bare lower-case hex."""
    if value is None:
        return None
    text = value.decode("ascii", "replace") if isinstance(value, bytes) else str(value)
    text = text.strip()
    if text.startswith("W/"):
        text = text[2:]
    return text.strip('"').lower()


def hashes_equal(expected: Any, actual: Any) -> bool:
    """Whether two hashes or ETags are the same (quotes and case ignored)."""
    return normalize_hash(expected) == normalize_hash(actual)


#: Up to this many bytes, :class:`BackgroundHashCounter` hashes in the caller's thread.
INLINE_HASH_LIMIT = 1024 * 1024


class BackgroundHashCounter:
    """A :class:`HashCounter` that hashes on a worker thread.

    ``hashlib`` releases the GIL on large buffers, so hashing overlaps the
    reading of the next chunk instead of following it.  At most
    ``max_pending`` chunks wait in the queue, so memory stays bounded;
    :meth:`close` (also called by :meth:`hexdigest`) always joins the thread.
    The thread starts only once more than :data:`INLINE_HASH_LIMIT` bytes
    came: small objects are hashed inline.
    """

    def __init__(self, hash_type: str = "md5", max_pending: int = 4) -> None:
        self.hasher = new_hasher(hash_type)
        self.bytes = 0
        self._max_pending = max_pending
        self._queue: "Optional[queue.Queue[Any]]" = None  # made with the thread: most objects never need one
        self._thread: Optional[threading.Thread] = None
        self._closed = False

    def update(self, chunk: bytes) -> None:
        """Count ``chunk`` now and queue it for the hashing thread."""
        self._enqueue(len(chunk), chunk if isinstance(chunk, bytes) else bytes(chunk))

    def update_buffer(self, view: memoryview, release: Callable[[], None]) -> None:
        """Count ``view`` now; the thread hashes it, then calls ``release`` (its buffer may be reused)."""
        self._enqueue(len(view), (view, release))

    def _enqueue(self, size: int, item: Any) -> None:
        if self._closed:
            raise ValueError("update after close()")
        if self._thread is None:
            if self.bytes + size <= INLINE_HASH_LIMIT:
                # A small object: hashing it here costs less than starting a thread
                # (which dominated bulk downloads of thousands of small objects).
                self.bytes += size
                self._hash(item)
                return
            self._queue = queue.Queue(maxsize=self._max_pending)
            self._thread = threading.Thread(target=self._run, name="libcloud-hash", daemon=True)
            self._thread.start()
        self.bytes += size
        assert self._queue is not None
        self._queue.put(item)

    def _hash(self, item: Any) -> None:
        if type(item) is tuple:
            view, release = item
            self.hasher.update(view)
            release()
        else:
            self.hasher.update(item)

    def _run(self) -> None:
        assert self._queue is not None
        while True:
            item = self._queue.get()
            if item is None:
                return
            self._hash(item)

    def close(self) -> None:
        """Wait for the hashing thread to finish the queued chunks."""
        if not self._closed:
            self._closed = True
            if self._thread is not None and self._queue is not None:
                self._queue.put(None)
                self._thread.join()

    def hexdigest(self) -> Optional[str]:
        """The digest of everything given to :meth:`update` (waits for the thread)."""
        self.close()
        return self.hasher.hexdigest()


class PrefixHasher:
    """Hashes a file that is written out of order, as its prefix becomes complete.

    Parallel ranged downloads :meth:`add` each written span; a worker thread
    hashes (``os.pread``) from the start of the file as far as the spans are
    contiguous, so when the last range lands only the tail is left to hash.
    Without ``os.pread`` (Windows) there is no worker: reading at an offset
    would move the file position the writers share, so :meth:`finish` hashes
    the whole file once the writes are done.
    """

    def __init__(self, fd: int, hash_type: str = "md5", block: int = 1024 * 1024) -> None:
        self.fd = fd
        self.hasher = new_hasher(hash_type)
        self.hashed = 0
        self._block = block
        self._buffer = bytearray(block)  # reused: a fresh block per read would cost an allocation each
        self._spans: Dict[int, int] = {}
        self._cond = threading.Condition()
        self._closed = False
        self._error: Optional[BaseException] = None
        self._thread: Optional[threading.Thread] = None
        if hasattr(os, "pread"):
            self._thread = threading.Thread(target=self._run, name="libcloud-hash-prefix", daemon=True)
            self._thread.start()

    def _hash_span(self, position: int, end: int) -> int:
        """Hash bytes ``[position, end)`` of the file (fewer at its end); returns where it stopped."""
        view = memoryview(self._buffer)
        while position < end:
            if hasattr(os, "preadv"):
                count = os.preadv(self.fd, [view[:min(self._block, end - position)]], position)
                block: Any = view[:count]
            elif hasattr(os, "pread"):
                block = os.pread(self.fd, min(self._block, end - position), position)
                count = len(block)
            else:  # Windows: only called by finish(), when nobody else moves the position
                os.lseek(self.fd, position, os.SEEK_SET)
                block = os.read(self.fd, min(self._block, end - position))
                count = len(block)
            if not count:
                break
            self.hasher.update(block)
            position += count
        return position

    def add(self, start: int, end: int) -> None:
        """Record that bytes ``start`` to ``end`` of the file are written."""
        with self._cond:
            self._spans[start] = end
            self._cond.notify()

    def piece_written(self, offset: int, chunk: Any) -> None:
        """Record that ``chunk`` was written at ``offset`` (the interface of :func:`piece_hasher`'s hashers)."""
        self.add(offset, offset + len(chunk))

    def _run(self) -> None:
        try:
            while True:
                with self._cond:
                    while not self._closed and self.hashed not in self._spans:
                        self._cond.wait()
                    if self.hashed not in self._spans:
                        return
                    end = self._spans.pop(self.hashed)
                position = self._hash_span(self.hashed, end)
                if position < end:
                    raise OSError("unexpected end of file while hashing at %d" % position)
                self.hashed = end
        except BaseException as exc:  # reported by finish()
            self._error = exc

    def close(self) -> None:
        """Stop hashing and wait for the thread."""
        with self._cond:
            self._closed = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join()

    def finish(self, size: int) -> str:
        """Join the worker, hash whatever is left up to ``size``, and return the digest."""
        self.close()
        if self._error is not None:
            raise self._error
        self.hashed = self._hash_span(self.hashed, size)
        return self.hasher.hexdigest()


class PieceCrc32:
    """The CRC32 of a file written out of order, from its pieces: nothing is read back.

    Each piece is checksummed where it is written (parallel ranges: in their
    own threads, in parallel), and :meth:`finish` joins the pieces in file
    order with :func:`crc32_combine`.
    """

    def __init__(self) -> None:
        self._pieces: Dict[int, Tuple[int, int]] = {}  # offset -> (length, crc32)
        self._lock = threading.Lock()

    def piece_written(self, offset: int, chunk: Any) -> None:
        """Checksum ``chunk``, written at ``offset``."""
        crc = zlib.crc32(chunk)
        with self._lock:
            self._pieces[offset] = (len(chunk), crc)

    def close(self) -> None:
        """Nothing to stop (the interface of :class:`PrefixHasher`)."""

    def finish(self, size: int) -> Optional[str]:
        """The hex CRC32 of ``[0, size)``; None unless the pieces tile it exactly (a gap or an overlap)."""
        crc = 0
        position = 0
        for offset in sorted(self._pieces):
            length, piece = self._pieces[offset]
            if offset != position:
                return None
            crc = crc32_combine(crc, piece, length)
            position += length
        return "%08x" % crc if position == size else None


def piece_hasher(fd: int, hash_type: str) -> Any:
    """What hashes a file written in pieces, in any order: joined CRC32s, or a prefix hasher reading ``fd``.

    Either has ``piece_written(offset, chunk)``, ``finish(size) -> hex digest`` and ``close()``.
    """
    return PieceCrc32() if hash_type == "crc32" else PrefixHasher(fd, hash_type)
