"""Streaming helpers for uploads and downloads: data flows in bounded chunks, never whole files."""

from __future__ import annotations

import mimetypes
import os
from typing import Any, Callable, Iterable, Iterator, Optional, Tuple, Union

__all__ = ["CHUNK_SIZE", "read_in_chunks", "exhaust_iterator", "guess_file_mime_type", "LooseCredentialFileWarning",
           "warn_if_readable_by_others"]

#: Default chunk size in bytes (upstream's value, kept for compatibility).
CHUNK_SIZE = 8096

Chunk = Union[bytes, bytearray, memoryview, str]


def _to_bytes(chunk: Chunk) -> bytes:
    if isinstance(chunk, str):
        return chunk.encode("utf-8")
    if isinstance(chunk, (bytes, bytearray, memoryview)):
        return bytes(chunk)
    raise TypeError("Expected bytes or str chunks, got %s" % type(chunk).__name__)


def _raw_chunks(source: Any, chunk_size: int) -> Iterator[bytes]:
    """The non-empty pieces of ``source``, as bytes, in order and unbuffered."""
    if isinstance(source, (bytes, bytearray, memoryview, str)):
        data = _to_bytes(source)
        if data:
            yield data
        return
    read: Optional[Callable[[int], Any]] = getattr(source, "read", None)
    if callable(read):
        # File-like: ``read`` returning an empty value means end of stream.
        while True:
            piece = read(chunk_size)
            if not piece:
                return
            yield _to_bytes(piece)
    iterator = source if isinstance(source, Iterator) else iter(source)
    # Iterating a bytes object yields ints (``iter(b"data")``): gather them into chunks.
    pending = bytearray()
    # Iterators end with StopIteration only: an empty chunk in the middle is
    # skipped (upstream stopped there and silently truncated the data).
    for piece in iterator:
        if isinstance(piece, int) and not isinstance(piece, bool):
            if not 0 <= piece <= 255:
                raise ValueError("The data yielded %d, which is not a byte (0-255)" % piece)
            pending.append(piece)
            if len(pending) >= chunk_size:
                yield bytes(pending)
                pending.clear()
            continue
        if pending:
            yield bytes(pending)
            pending.clear()
        if piece:
            yield _to_bytes(piece)
    if pending:
        yield bytes(pending)


def read_in_chunks(
    iterator: Any,
    chunk_size: Optional[int] = None,
    fill_size: bool = False,
    yield_empty: bool = False,
) -> Iterator[bytes]:
    """Yield the data of ``iterator`` as ``bytes`` chunks.

    ``iterator`` may be a file-like object (anything with ``read(n)``, text
    mode included), an iterator or iterable of ``bytes``/``str`` chunks (or of
    single byte values, as iterating a ``bytes`` object gives), or a single
    ``bytes``/``str`` value.  ``str`` data is encoded as UTF-8.

    With ``fill_size`` every chunk but the last is exactly ``chunk_size``
    bytes; otherwise chunks come out as the source produced them (file-like
    sources are read ``chunk_size`` at a time).  With ``yield_empty`` an empty
    source yields a single ``b""``.  At most about two chunks are held in
    memory at any time.
    """
    size = int(chunk_size or CHUNK_SIZE)
    if size <= 0:
        raise ValueError("chunk_size must be a positive integer")
    produced = False
    if not fill_size:
        for piece in _raw_chunks(iterator, size):
            produced = True
            yield piece
    else:
        buffer = bytearray()
        for piece in _raw_chunks(iterator, size):
            buffer += piece
            start = 0
            while len(buffer) - start >= size:
                produced = True
                yield bytes(buffer[start : start + size])
                start += size
            del buffer[:start]  # one compaction per piece, not per chunk
        if buffer:
            produced = True
            yield bytes(buffer)
    if not produced and yield_empty:
        yield b""


def exhaust_iterator(iterator: Union[Iterable[Chunk], Any]) -> bytes:
    """All the data of ``iterator`` (same sources as :func:`read_in_chunks`) as one ``bytes``.

    Only for data known to be small (error bodies, test fixtures): it is all
    held in memory.
    """
    return b"".join(read_in_chunks(iterator))


def guess_file_mime_type(file_path: str) -> Tuple[Optional[str], Optional[str]]:
    """``(mimetype, encoding)`` guessed from the file name's extension (the file is not read)."""
    filename = os.path.basename(file_path)
    return mimetypes.guess_type(filename)


class LooseCredentialFileWarning(UserWarning):
    """A credentials file other users can read or write: its secrets are not secret."""


def warn_if_readable_by_others(path: str, stacklevel: int = 3) -> None:
    """Warn (:class:`LooseCredentialFileWarning`) when ``path`` is open to its group or to others."""
    import stat
    import warnings

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if mode & (stat.S_IRGRP | stat.S_IROTH | stat.S_IWGRP | stat.S_IWOTH):
        warnings.warn("%s can be read or written by other users (mode %o): chmod 600 it"
                      % (path, stat.S_IMODE(mode)), LooseCredentialFileWarning, stacklevel=stacklevel)
