"""Chunk plumbing shared by downloads: re-chunking and reading response bodies."""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Optional

from libcloud._core.flow import Read
from libcloud._core.streaming import Emit, StreamFlow
from libcloud.storage.transfer.hashing import HashCounter, hashes_equal
from libcloud.storage.types import ObjectHashMismatchError

__all__ = ["rechunk", "iter_response", "limit_chunks", "verified_chunks", "verified_stream_flow", "check_received"]


def rechunk(chunks: Iterable[bytes], chunk_size: int) -> Iterator[bytes]:
    """Yield exactly ``chunk_size`` bytes at a time (the last chunk may be shorter).

    At most one output chunk plus one input chunk is held, so memory stays
    bounded however the input is cut.  Empty chunks are never yielded.
    """
    if chunk_size <= 0:
        raise ValueError("chunk_size must be positive")
    buffer = bytearray()
    for chunk in chunks:
        if chunk:
            yield from _cut(buffer, chunk, chunk_size)
    if buffer:
        yield bytes(buffer)


def _cut(buffer: bytearray, chunk: bytes, chunk_size: int) -> Iterator[bytes]:
    """Whole ``chunk_size`` pieces of ``buffer + chunk``; the remainder stays in ``buffer``."""
    if not buffer and len(chunk) == chunk_size:
        yield bytes(chunk)
        return
    buffer += chunk
    while len(buffer) >= chunk_size:
        out = bytes(buffer[:chunk_size])
        del buffer[:chunk_size]
        yield out


def limit_chunks(chunks: Iterable[bytes], limit: int) -> Iterator[bytes]:
    """Pass through at most ``limit`` bytes of ``chunks``."""
    remaining = limit
    for chunk in chunks:
        if remaining <= 0:
            return
        if len(chunk) > remaining:
            chunk = chunk[:remaining]
        remaining -= len(chunk)
        yield chunk


def iter_response(response: Any, chunk_size: int) -> Iterator[bytes]:
    """Iterate the body of a streamed response (or anything chunk-shaped) synchronously.

    Understands our ``RawResponse`` (``iter_content``), upstream-style objects
    whose ``_response`` is a ``requests.Response``, readers (``read(n)``) and
    plain iterables of bytes.
    """
    if hasattr(response, "iter_content"):
        source: Iterable[Any] = response.iter_content(chunk_size)
    elif hasattr(getattr(response, "_response", None), "iter_content"):
        source = response._response.iter_content(chunk_size)
    elif hasattr(response, "read"):
        source = iter(lambda: response.read(chunk_size), b"")
    else:
        source = response
    for chunk in source:
        if chunk:
            yield chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk)



def verified_chunks(response: Any, chunk_size: Optional[int], read_size: int, *, hash_type: Optional[str] = None,
                    expected_hash: Optional[str] = None, expected_size: Optional[int] = None, driver: Any = None,
                    object_name: Optional[str] = None) -> Iterator[bytes]:
    """A streamed download body in chunks of exactly ``chunk_size`` (``None``: as read), checked at the end.

    The response is closed however the iteration ends; once the body is
    exhausted a byte count other than ``expected_size`` or a ``hash_type``
    digest other than ``expected_hash`` raises ``ObjectHashMismatchError``.
    """
    counter = HashCounter(hash_type if expected_hash else None)
    try:
        chunks = iter_response(response, chunk_size or read_size)
        for chunk in rechunk(chunks, chunk_size) if chunk_size else chunks:
            counter.update(chunk)
            yield chunk
    finally:
        response.close()
    check_received(counter, expected_size, hash_type, expected_hash, driver, object_name)


def check_received(counter: HashCounter, expected_size: Optional[int], hash_type: Optional[str],
                   expected_hash: Optional[str], driver: Any, object_name: Optional[str]) -> None:
    """Raise ``ObjectHashMismatchError`` when a whole stream's byte count or digest is not the expected one."""
    if expected_size is not None and counter.bytes != expected_size:
        raise ObjectHashMismatchError(value="Received %d of %d bytes" % (counter.bytes, expected_size),
                                      driver=driver, object_name=object_name)
    if expected_hash and not hashes_equal(expected_hash, counter.hexdigest()):
        raise ObjectHashMismatchError(value="%s mismatch: expected %s, received %s"
                                      % (str(hash_type).upper(), expected_hash, counter.hexdigest()),
                                      driver=driver, object_name=object_name)


def verified_stream_flow(response: Any, chunk_size: Optional[int], read_size: int, *,
                         hash_type: Optional[str] = None, expected_hash: Optional[str] = None,
                         expected_size: Optional[int] = None, driver: Any = None,
                         object_name: Optional[str] = None) -> StreamFlow:
    """:func:`verified_chunks` as a stream flow (see :mod:`libcloud._core.streaming`).

    The body is read with ``Read`` effects, so ``libcloud.asyncio`` streams it
    on the event loop; the chunks, the clean-up and the final checks are those
    of :func:`verified_chunks`.
    """
    counter = HashCounter(hash_type if expected_hash else None)
    buffer = bytearray()
    try:
        while True:
            chunk = yield Read(response, chunk_size or read_size)
            if not chunk:
                break
            counter.update(chunk)
            if not chunk_size:
                yield Emit(bytes(chunk))
                continue
            for piece in _cut(buffer, chunk, chunk_size):
                yield Emit(piece)
        if buffer:
            yield Emit(bytes(buffer))
    finally:
        response.close()
    check_received(counter, expected_size, hash_type, expected_hash, driver, object_name)
