"""Checksums of large parts computed off the event loop, in one small shared pool.

A flow that hashes a multipart part (MD5 for ``Content-MD5``, CRC32 for
``x-amz-checksum-crc32``) writes ``digest = yield from digest_flow(func, data)``:

* under the sync runner the function runs right there - the part flows of a
  ``Gather`` already run in parallel worker threads, so hashing overlaps with
  the other parts' sending;
* under the async runner a part of :data:`OFFLOAD_THRESHOLD` bytes or more is
  hashed in a shared pool of at most :data:`POOL_SIZE` threads (``hashlib`` and
  ``zlib`` release the GIL on large buffers), so the loop keeps sending other
  parts while one is hashed and several parts hash in parallel.  Small parts
  are hashed inline: a hand-over would cost more than the hash.

The pool is the one exception to "no thread per request" in ``libcloud.asyncio``:
its size is fixed, whatever the number of requests.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Optional, TypeVar

from libcloud._core.flow import Flow, Wait

__all__ = ["OFFLOAD_THRESHOLD", "POOL_SIZE", "digest_flow", "OffloadedDigest"]

T = TypeVar("T")

#: Parts at least this large are hashed in the pool under the async runner.
OFFLOAD_THRESHOLD = 1024 * 1024
#: Threads of the shared hashing pool (hashing is CPU-bound: more than the cores buys nothing).
POOL_SIZE = max(1, min(4, os.cpu_count() or 1))

_pool: Optional[ThreadPoolExecutor] = None
_pool_lock = threading.Lock()


def _shared_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=POOL_SIZE, thread_name_prefix="libcloud-digest")
        return _pool


def _forget_pool() -> None:
    # A forked child does not inherit the parent's threads: it builds its own pool when it needs one.
    global _pool
    _pool = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


class OffloadedDigest:
    """``func(data)`` as the target of a ``Wait`` effect: inline when waited on synchronously, in the
    shared pool when awaited."""

    __slots__ = ("func", "data")

    def __init__(self, func: Callable[[Any], Any], data: Any) -> None:
        self.func = func
        self.data = data

    def wait_sync(self) -> Any:
        """Compute in this thread (the sync runner's part flows already run in parallel)."""
        return self.func(self.data)

    async def wait_async(self) -> Any:
        """Compute in the shared pool while the event loop goes on."""
        import asyncio  # here, not at the top: sync programs never load asyncio

        return await asyncio.get_running_loop().run_in_executor(_shared_pool(), self.func, self.data)


def digest_flow(func: Callable[[Any], T], data: Any) -> Flow[T]:
    """A flow returning ``func(data)``; a large ``data`` is hashed off the event loop under the async runner."""
    if len(data) < OFFLOAD_THRESHOLD:
        return func(data)
    result: T = yield Wait(OffloadedDigest(func, data))
    return result
