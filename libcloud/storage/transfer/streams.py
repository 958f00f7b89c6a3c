"""Chunk plumbing shared by downloads: re-chunking and reading response bodies."""

from __future__ import annotations

from typing import Any, Iterable, Iterator

__all__ = ["rechunk", "iter_response", "limit_chunks"]


def rechunk(chunks: Iterable[bytes], chunk_size: int) -> Iterator[bytes]:
    """Yield exactly ``chunk_size`` bytes at a time (the last chunk may be shorter).

    At most one output chunk plus one input chunk is held, so memory stays
    bounded however the input is cut.  Empty chunks are never yielded.
    """
    if chunk_size <= 0:
        raise ValueError("chunk_size must be positive")
    buffer = bytearray()
    for chunk in chunks:
        if not chunk:
            continue
        if not buffer and len(chunk) == chunk_size:
            yield bytes(chunk)
            continue
        buffer += chunk
        while len(buffer) >= chunk_size:
            out = bytes(buffer[:chunk_size])
            del buffer[:chunk_size]
            yield out
    if buffer:
        yield bytes(buffer)


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

