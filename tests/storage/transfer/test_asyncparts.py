"""Multipart uploads from async iterables: parts cut and pulled on the event loop."""

from __future__ import annotations

import asyncio
import random
from typing import Any, AsyncIterator, List

import pytest

from libcloud._core.async_runner import run_async
from libcloud._core.flow import Sleep, Wait, run_sync
from libcloud.storage.transfer.asyncparts import AsyncParts, is_async_source, pulled_multipart_upload_flow


async def chunks(items: List[Any]) -> AsyncIterator[Any]:
    for item in items:
        await asyncio.sleep(0)
        yield item


def cut(items: List[Any], part_size: int) -> List[Any]:
    async def go() -> List[Any]:
        parts = AsyncParts(chunks(items), part_size)
        out = []
        while True:
            item = await parts.wait_async()
            if item is None:
                return out + [parts.bytes, parts.exhausted]
            out.append(item)

    return asyncio.run(go())


def test_parts_are_cut_to_size_and_numbered():
    assert cut([b"a" * 7, b"b" * 2, "c" * 12], 5) == [
        (1, b"aaaaa"), (2, b"aabbc"), (3, b"ccccc"), (4, b"ccccc"), (5, b"c"), 21, True]
    assert cut([b"12345", b"", b"67890"], 5) == [(1, b"12345"), (2, b"67890"), 10, True]


def test_an_empty_source_gives_one_empty_part():
    assert cut([], 5) == [(1, b""), 0, True]
    assert cut([b"", b""], 5) == [(1, b""), 0, True]


def test_a_whole_part_chunk_is_not_copied():
    blob = b"x" * 8

    async def go():
        return await AsyncParts(chunks([blob]), 8).wait_async()

    assert asyncio.run(go())[1] is blob


def test_bad_chunks_and_sizes_are_refused():
    with pytest.raises(TypeError):
        cut([123], 5)
    with pytest.raises(ValueError):
        AsyncParts(chunks([]), 0)
    assert is_async_source(chunks([])) and not is_async_source(iter([]))


def test_the_sync_runner_refuses_an_async_source():
    def flow():
        return (yield Wait(AsyncParts(chunks([b"a"]), 5)))

    with pytest.raises(TypeError, match="libcloud.asyncio"):
        run_sync(flow())


def test_given_back_parts_come_first():
    async def go():
        parts = AsyncParts(chunks([b"abcdef"]), 2)
        first, second = await parts.wait_async(), await parts.wait_async()
        parts.give_back([first, second])
        return [await parts.wait_async() for _ in range(5)]

    assert asyncio.run(go()) == [(1, b"ab"), (2, b"cd"), (3, b"ef"), None, None]


class Recorder:
    """Part/abort/complete flows that record what they saw; parts finish in a shuffled order."""

    def __init__(self, fail_on: int = 0) -> None:
        self.fail_on = fail_on
        self.alive = self.max_alive = 0
        self.sent: dict = {}
        self.aborted = False
        self.completed: Any = None
        self.rng = random.Random(7)

    def part_flow(self, number: int, data: bytes):
        self.alive += 1
        self.max_alive = max(self.max_alive, self.alive)
        try:
            for _ in range(30 + self.rng.randint(0, 30)):  # slower than cutting a part: parts overlap
                yield Sleep(0)
            if number == self.fail_on:
                raise OSError("part %d failed" % number)
            self.sent[number] = data
            return "etag%d" % number
        finally:
            self.alive -= 1

    def abort_flow(self):
        self.aborted = True
        yield Sleep(0)

    def complete_flow(self, results):
        self.completed = results
        yield Sleep(0)
        return "done"


def upload(recorder: Recorder, items: List[bytes], part_size: int, concurrency: int) -> Any:
    parts = AsyncParts(chunks(items), part_size)
    return asyncio.run(run_async(pulled_multipart_upload_flow(
        parts, recorder.part_flow, recorder.abort_flow, concurrency, recorder.complete_flow)))


def test_a_pulled_upload_sends_every_part_in_order_with_bounded_parts_alive():
    data = bytes(range(256)) * 40
    recorder = Recorder()
    items = [data[i:i + 97] for i in range(0, len(data), 97)]
    assert upload(recorder, items, 1000, 3) == "done"
    assert recorder.completed == ["etag%d" % n for n in range(1, 12)]
    assert b"".join(recorder.sent[n] for n in sorted(recorder.sent)) == data
    assert 1 < recorder.max_alive <= 3 and not recorder.aborted


def test_a_pulled_upload_that_ends_on_a_part_boundary_sends_no_empty_part():
    recorder = Recorder()
    assert upload(recorder, [b"x" * 30], 10, 4) == "done"
    assert recorder.completed == ["etag1", "etag2", "etag3"]


def test_a_failing_part_or_source_aborts():
    recorder = Recorder(fail_on=2)
    with pytest.raises(OSError, match="part 2 failed"):
        upload(recorder, [b"x" * 50], 10, 2)
    assert recorder.aborted and recorder.completed is None

    async def broken():
        yield b"x" * 25
        raise RuntimeError("the source broke")

    recorder = Recorder()
    with pytest.raises(RuntimeError, match="the source broke"):
        asyncio.run(run_async(pulled_multipart_upload_flow(
            AsyncParts(broken(), 10), recorder.part_flow, recorder.abort_flow, 2, recorder.complete_flow)))
    assert recorder.aborted and recorder.completed is None
