"""``libcloud.asyncio`` storage transfers and listings run on the event loop: no thread per request.

Every way a thread could be started from the loop is watched -
``threading.Thread.start``, ``asyncio.to_thread`` and ``loop.run_in_executor`` -
and counted while the S3 driver lists, reads, ranges, downloads and uploads
against moto.  Counting, not timing: a regression shows as a number, not a slow test.
(An upload from an *async* iterable still bridges through one worker thread: not covered here.)
"""

from __future__ import annotations

import asyncio
import os
import threading

import pytest

from libcloud.asyncio._driver import async_driver_class
from libcloud.asyncio.storage.base import AsyncStorageDriver
from libcloud.storage.drivers.s3 import S3StorageDriver
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
