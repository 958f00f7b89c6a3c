"""Stream flows: one generator, walked alike by the sync and the async walker; early stops clean up."""

from __future__ import annotations

import asyncio

import pytest

from libcloud._core.streaming import aiterate_stream, iterate_stream, stream_flow_of, streamed
from libcloud.storage.transfer import verified_stream_flow
from libcloud.storage.types import ObjectHashMismatchError

DATA = bytes(range(256)) * 40 + b"end"


class Body:
    """A response body read ``piece`` bytes at a time in both flavours; records ``close``."""

    def __init__(self, data: bytes, piece: int = 700) -> None:
        self.data, self.piece, self.offset, self.closed = data, piece, 0, False

    def read_sync(self, size: int) -> bytes:
        chunk = self.data[self.offset:self.offset + min(size, self.piece)]
        self.offset += len(chunk)
        return chunk

    async def read_async(self, size: int) -> bytes:
        await asyncio.sleep(0)
        return self.read_sync(size)

    def close(self) -> None:
        self.closed = True


async def _collect(flow):
    return [chunk async for chunk in aiterate_stream(flow)]


@pytest.mark.parametrize("chunk_size", [None, 1, 1000, 4096, len(DATA), len(DATA) * 2])
def test_both_walkers_give_the_same_exact_chunks(chunk_size):
    sync_body, async_body = Body(DATA), Body(DATA)
    sync_chunks = list(iterate_stream(verified_stream_flow(sync_body, chunk_size, 512, expected_size=len(DATA))))
    async_chunks = asyncio.run(_collect(verified_stream_flow(async_body, chunk_size, 512,
                                                             expected_size=len(DATA))))
    assert sync_chunks == async_chunks and b"".join(sync_chunks) == DATA
    if chunk_size:
        assert all(len(c) == chunk_size for c in sync_chunks[:-1])
    assert sync_body.closed and async_body.closed


def test_size_and_hash_are_checked_at_the_end():
    with pytest.raises(ObjectHashMismatchError, match="Received"):
        list(iterate_stream(verified_stream_flow(Body(DATA), None, 512, expected_size=len(DATA) + 1)))
    with pytest.raises(ObjectHashMismatchError, match="MD5 mismatch"):
        asyncio.run(_collect(verified_stream_flow(Body(DATA), 100, 512, hash_type="md5", expected_hash="0" * 32)))


def test_an_early_stop_closes_the_body():
    body = Body(DATA)
    stream = iterate_stream(verified_stream_flow(body, 10, 512))
    assert next(stream) == DATA[:10]
    stream.close()
    assert body.closed

    async def partial(body):
        stream = aiterate_stream(verified_stream_flow(body, 10, 512))
        first = await stream.__anext__()
        await stream.aclose()
        return first

    body = Body(DATA)
    assert asyncio.run(partial(body)) == DATA[:10] and body.closed


def test_stream_flow_of_sees_the_mark_and_respects_overrides():
    def flow(driver, *args):
        yield from ()

    class Base:
        @streamed(flow)
        def download_object_as_stream(self, obj):
            return iter(())

    class Inherits(Base):
        pass

    class Overrides(Base):
        def download_object_as_stream(self, obj):
            return iter([b"own"])

    assert stream_flow_of(Base, "download_object_as_stream") is flow
    assert stream_flow_of(Inherits, "download_object_as_stream") is flow
    assert stream_flow_of(Overrides, "download_object_as_stream") is None
    assert stream_flow_of(Base, "missing") is None
