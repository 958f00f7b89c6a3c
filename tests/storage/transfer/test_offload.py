"""Part checksums: inline under the sync runner, in one bounded shared pool under the async runner."""

from __future__ import annotations

import asyncio
import hashlib
import threading
import zlib

from libcloud._core.async_runner import run_async
from libcloud._core.flow import Gather, run_sync
from libcloud.storage.transfer import offload
from libcloud.storage.transfer.offload import OFFLOAD_THRESHOLD, POOL_SIZE, digest_flow

BIG = b"p" * OFFLOAD_THRESHOLD


def _md5(data):
    return hashlib.md5(data).digest()


def _recording(func, threads):
    def run(data):
        threads.append(threading.current_thread().name)
        return func(data)

    return run


def test_sync_runner_hashes_in_the_calling_thread():
    threads = []
    assert run_sync(digest_flow(_recording(_md5, threads), BIG)) == hashlib.md5(BIG).digest()
    assert threads == [threading.current_thread().name]


def test_small_parts_are_hashed_inline_on_the_loop():
    threads = []

    async def go():
        return await run_async(digest_flow(_recording(zlib.crc32, threads), b"small"))

    assert asyncio.run(go()) == zlib.crc32(b"small")
    assert threads == [threading.current_thread().name]


def test_async_runner_uses_one_bounded_pool_for_many_parts():
    threads = []
    parts = [bytes([i]) * OFFLOAD_THRESHOLD for i in range(3 * POOL_SIZE + 1)]
    func = _recording(_md5, threads)

    async def go():
        return await run_async(_gather(parts, func))

    def _gather(parts, func):
        return (yield Gather((digest_flow(func, part) for part in parts), limit=len(parts)))

    assert asyncio.run(go()) == [hashlib.md5(part).digest() for part in parts]
    assert len(threads) == len(parts)
    assert threading.current_thread().name not in threads
    assert all(name.startswith("libcloud-digest") for name in threads)
    assert len(set(threads)) <= POOL_SIZE  # a fixed pool, not a thread per part
    assert offload._pool is not None
