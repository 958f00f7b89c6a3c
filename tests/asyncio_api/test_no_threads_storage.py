"""``libcloud.asyncio`` storage transfers and listings run on the event loop: no thread per request.

Every way a thread could be started from the loop is watched -
``threading.Thread.start``, ``asyncio.to_thread`` and ``loop.run_in_executor`` -
and counted while the S3 driver lists, reads, ranges, downloads and uploads
against moto.  Counting, not timing: a regression shows as a number, not a slow test.
Uploads from *async* iterables are pulled on the loop too (single PUT and multipart).
"""

from __future__ import annotations

import asyncio
import os
import threading

import pytest

from libcloud.asyncio._driver import async_driver_class
from libcloud.asyncio.storage.base import AsyncStorageDriver
from libcloud.storage.drivers.s3 import S3StorageDriver
from libcloud.storage.transfer import offload
from tests.fakes.http_server import LocalServer
from tests.storage.s3.conftest import KEY, SECRET

KiB = 1024
AsyncS3 = async_driver_class(S3StorageDriver, AsyncStorageDriver)


class ThreadWatch:
    """Counts threads started, ``to_thread`` calls and executor submissions while active."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = []
        self._monkeypatch = monkeypatch

    def __enter__(self) -> "ThreadWatch":
        original_start = threading.Thread.start
        original_executor = asyncio.BaseEventLoop.run_in_executor
        original_to_thread = asyncio.to_thread
        watch = self

        def start(thread: threading.Thread) -> None:
            watch.started.append("thread %s" % thread.name)
            original_start(thread)

        async def to_thread(func, *args, **kwargs):
            watch.started.append("to_thread %r" % (func,))
            return await original_to_thread(func, *args, **kwargs)

        def run_in_executor(loop, executor, func, *args):
            watch.started.append("executor %r" % (func,))
            return original_executor(loop, executor, func, *args)

        self._monkeypatch.setattr(threading.Thread, "start", start)
        self._monkeypatch.setattr(asyncio, "to_thread", to_thread)
        self._monkeypatch.setattr(asyncio.BaseEventLoop, "run_in_executor", run_in_executor)
        return self

    def __exit__(self, *exc: object) -> None:
        self._monkeypatch.undo()


def _driver(moto, **kwargs):
    return AsyncS3(KEY, SECRET, host=moto.host, port=moto.port, secure=False, region="eu-west-1", **kwargs)


def test_s3_transfers_start_no_thread(moto, tmp_path, monkeypatch):
    small = os.urandom(70 * KiB)
    source = tmp_path / "source.bin"
    source.write_bytes(small)

    async def go():
        async with _driver(moto) as driver:
            bucket = await driver.create_container("no-threads")
            await driver.get_container("no-threads")  # the aiohttp session is set up (off the loop) once
            with ThreadWatch(monkeypatch) as watch:
                await driver.upload_object(str(source), bucket, "file.bin")
                await driver.upload_object_via_stream(iter([small[:1000], small[1000:]]), bucket, "gen.bin")
                obj = await driver.get_object("no-threads", "file.bin")
                streamed = b"".join([chunk async for chunk in driver.download_object_as_stream(obj)])
                ranged = b"".join([chunk async for chunk in driver.download_object_range_as_stream(obj, 10, 5000)])
                await driver.download_object(obj, str(tmp_path / "down.bin"), overwrite_existing=True)
                await driver.download_object_range(obj, str(tmp_path / "part.bin"), 100, 200,
                                                   overwrite_existing=True)
                names = sorted([o.name async for o in driver.iterate_container_objects(bucket)])
                listed = await driver.list_container_objects(bucket)
                for name in names:
                    await driver.delete_object(await driver.get_object("no-threads", name))
            return watch.started, streamed, ranged, names, listed

    started, streamed, ranged, names, listed = asyncio.run(go())
    assert started == []
    assert streamed == small
    assert ranged == small[10:5000]
    assert (tmp_path / "down.bin").read_bytes() == small
    assert (tmp_path / "part.bin").read_bytes() == small[100:200]
    assert names == ["file.bin", "gen.bin"] and len(listed) == 2


def test_an_early_stop_closes_the_stream_on_the_loop(moto, monkeypatch):
    data = os.urandom(300 * KiB)

    async def go():
        async with _driver(moto) as driver:
            bucket = await driver.create_container("early-stop")
            await driver.upload_object_via_stream(iter([data]), bucket, "big.bin")
            obj = await driver.get_object("early-stop", "big.bin")
            with ThreadWatch(monkeypatch) as watch:
                stream = driver.download_object_as_stream(obj, chunk_size=1000)
                first = await stream.__anext__()
                await stream.aclose()
                again = b"".join([c async for c in driver.download_object_range_as_stream(obj, 0, 10)])
            return watch.started, first, again

    started, first, again = asyncio.run(go())
    assert started == []
    assert first == data[:1000] and again == data[:10]


async def _agen(data, step):
    for start in range(0, len(data), step):
        await asyncio.sleep(0)
        yield data[start:start + step]


MiB = 1024 * KiB


def test_uploads_from_async_iterables_start_no_thread(moto, monkeypatch):
    # Parts of OFFLOAD_THRESHOLD bytes or more are hashed in the shared pool (the one allowed
    # exception, see test_large_part_hashes_go_to_the_shared_pool_only): raised here, so that
    # every thread the upload itself would start is counted.
    monkeypatch.setattr(offload, "OFFLOAD_THRESHOLD", 1 << 40)
    small = os.urandom(70 * KiB)
    big = os.urandom(11 * MiB + 3)  # three parts of 5 MiB (moto's minimum part size)

    async def go():
        async with _driver(moto) as driver:
            bucket = await driver.create_container("async-sources")
            await driver.get_container("async-sources")  # the aiohttp session is set up (off the loop) once
            with ThreadWatch(monkeypatch) as watch:
                one = await driver.upload_object_via_stream(_agen(small, 999), bucket, "one.bin")
                empty = await driver.upload_object_via_stream(_agen(b"", 1), bucket, "empty.bin")
                multi = await driver.upload_object_via_stream(_agen(big, 777 * KiB), bucket, "multi.bin",
                                                              ex_part_size=5 * MiB, ex_concurrency=2)
            back = {}
            for name in ("one.bin", "empty.bin", "multi.bin"):
                obj = await driver.get_object("async-sources", name)
                back[name] = b"".join([c async for c in driver.download_object_as_stream(obj)])
            return watch.started, (one.size, empty.size, multi.size), multi.hash, back

    started, sizes, multi_hash, back = asyncio.run(go())
    assert started == []
    assert sizes == (len(small), 0, len(big))
    assert multi_hash.endswith("-3")  # really sent as a three-part upload
    assert back == {"one.bin": small, "empty.bin": b"", "multi.bin": big}


def test_large_part_hashes_go_to_the_shared_pool_only(moto, monkeypatch):
    big = os.urandom(10 * MiB + 1)

    async def go():
        async with _driver(moto) as driver:
            bucket = await driver.create_container("async-pool")
            await driver.get_container("async-pool")
            with ThreadWatch(monkeypatch) as watch:
                obj = await driver.upload_object_via_stream(_agen(big, MiB), bucket, "big.bin",
                                                            ex_part_size=5 * MiB)
            return watch.started, obj.size

    started, size = asyncio.run(go())
    assert size == len(big)
    # Parts of 5 MiB, 5 MiB and 1 byte: the two large ones are hashed in the shared pool (which starts
    # its own few threads on first use), nothing else leaves the loop.
    submitted = [s for s in started if s.startswith("executor ")]
    assert len(submitted) == 2 and all("_md5_digest" in s for s in submitted), started
    assert all(s.startswith("thread libcloud-digest") for s in started if s not in submitted), started


@pytest.fixture
def scripted():
    """A scripted local HTTP server for one test."""
    with LocalServer() as server:
        yield server


def test_a_wrong_md5_fails_the_async_stream_at_its_end(scripted):
    import hashlib

    from libcloud.storage.base import Container, Object
    from libcloud.storage.types import ObjectHashMismatchError

    wrong = hashlib.md5(b"something else").hexdigest()
    scripted.route("/bucket/key", lambda handler: handler.reply(200, b"hello world", {"ETag": '"%s"' % wrong}))

    async def go():
        async with AsyncS3(KEY, SECRET, host="127.0.0.1", port=scripted.port, secure=False,
                           region="eu-west-1") as driver:
            obj = Object("key", 11, None, {}, {}, Container("bucket", {}, driver.sync_driver), driver.sync_driver)
            received = []
            with pytest.raises(ObjectHashMismatchError, match="MD5 mismatch"):
                async for chunk in driver.download_object_as_stream(obj, chunk_size=4):
                    received.append(chunk)
            return received

    assert asyncio.run(go()) == [b"hell", b"o wo", b"rld"]
