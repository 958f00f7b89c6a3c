"""Hash helpers: one hasher per transfer, fed while bytes flow (never a second pass)."""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from typing import Any, Dict, Optional

__all__ = ["new_hasher", "HashCounter", "BackgroundHashCounter", "PrefixHasher", "normalize_hash", "hashes_equal"]


def new_hasher(hash_type: str = "md5") -> Any:
    """A fresh ``hashlib`` object for ``hash_type`` (``RuntimeError`` if unknown, as upstream)."""
    try:
        return hashlib.new(hash_type)
    except (ValueError, TypeError):
        raise RuntimeError("Invalid or unsupported hash type: %s" % (hash_type,)) from None


class HashCounter:
    """Hashes and counts the bytes given to :meth:`update`."""

    __slots__ = ("hasher", "bytes")

    def __init__(self, hash_type: Optional[str] = "md5") -> None:
        self.hasher = new_hasher(hash_type) if hash_type else None
        self.bytes = 0

    def update(self, chunk: bytes) -> None:
        if self.hasher is not None:
            self.hasher.update(chunk)
        self.bytes += len(chunk)

    def hexdigest(self) -> Optional[str]:
        return self.hasher.hexdigest() if self.hasher is not None else None

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


class BackgroundHashCounter:
    """A :class:`HashCounter` that hashes on a worker thread.

    ``hashlib`` releases the GIL on large buffers, so hashing overlaps the
    reading of the next chunk instead of following it.  At most
    ``max_pending`` chunks wait in the queue, so memory stays bounded;
    :meth:`close` (also called by :meth:`hexdigest`) always joins the thread.
    """

    def __init__(self, hash_type: str = "md5", max_pending: int = 2) -> None:
        self.hasher = new_hasher(hash_type)
        self.bytes = 0
        self._queue: "queue.Queue[Optional[bytes]]" = queue.Queue(maxsize=max_pending)
        self._thread: Optional[threading.Thread] = None
        self._closed = False

    def update(self, chunk: bytes) -> None:
        if self._closed:
            raise ValueError("update() after close()")
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="libcloud-hash", daemon=True)
            self._thread.start()
        self.bytes += len(chunk)
        self._queue.put(chunk if isinstance(chunk, bytes) else bytes(chunk))

    def _run(self) -> None:
        while True:
            chunk = self._queue.get()
            if chunk is None:
                return
            self.hasher.update(chunk)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join()

    def hexdigest(self) -> Optional[str]:
        self.close()
        return self.hasher.hexdigest()  # type: ignore[no-any-return]


class PrefixHasher:
    """Hashes a file that is written out of order, as its prefix becomes complete.

    Parallel ranged downloads :meth:`add` each written span; a worker thread
    hashes (``os.pread``) from the start of the file as far as the spans are
    contiguous, so when the last range lands only the tail is left to hash.
    """

    def __init__(self, fd: int, hash_type: str = "md5", block: int = 1024 * 1024) -> None:
        self.fd = fd
        self.hasher = new_hasher(hash_type)
        self.hashed = 0
        self._block = block
        self._spans: Dict[int, int] = {}
        self._cond = threading.Condition()
        self._closed = False
        self._error: Optional[BaseException] = None
        self._thread = threading.Thread(target=self._run, name="libcloud-hash-prefix", daemon=True)
        self._thread.start()

    def add(self, start: int, end: int) -> None:
        with self._cond:
            self._spans[start] = end
            self._cond.notify()

    def _run(self) -> None:
        try:
            while True:
                with self._cond:
                    while not self._closed and self.hashed not in self._spans:
                        self._cond.wait()
                    if self.hashed not in self._spans:
                        return
                    end = self._spans.pop(self.hashed)
                position = self.hashed
                while position < end:
                    block = os.pread(self.fd, min(self._block, end - position), position)
                    if not block:
                        raise OSError("unexpected end of file while hashing at %d" % position)
                    self.hasher.update(block)
                    position += len(block)
                self.hashed = end
        except BaseException as exc:  # reported by finish()
            self._error = exc

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join()

    def finish(self, size: int) -> str:
        """Join the worker, hash whatever is left up to ``size``, and return the digest."""
        self.close()
        if self._error is not None:
            raise self._error
        position = self.hashed
        while position < size:
            block = os.pread(self.fd, min(self._block, size - position), position)
            if not block:
                break
            self.hasher.update(block)
            position += len(block)
        return self.hasher.hexdigest()  # type: ignore[no-any-return]
