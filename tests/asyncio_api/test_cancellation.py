"""Cancelling an async transfer cleans up: no multipart parts left, no partial download file."""

from __future__ import annotations

import asyncio
import os

import pytest

from libcloud.asyncio._driver import async_driver_class
from libcloud.asyncio.storage.base import AsyncStorageDriver
from libcloud.storage.drivers.s3 import S3StorageDriver
from tests.storage.s3.conftest import KEY, SECRET

MiB = 1024 * 1024

AsyncS3 = async_driver_class(S3StorageDriver, AsyncStorageDriver)


def _driver(moto, **kwargs):
    return AsyncS3(KEY, SECRET, host=moto.host, port=moto.port, secure=False, region="eu-west-1", **kwargs)


async def _wait_for(predicate, timeout=30.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.01)


def test_cancelling_a_multipart_upload_aborts_it(moto, tmp_path):
    source = tmp_path / "big.bin"
    with open(source, "wb") as handle:
        for _ in range(40):
            handle.write(os.urandom(MiB))

    async def go():
        async with _driver(moto, ex_part_size=5 * MiB, ex_concurrency=2, ex_multipart_threshold=5 * MiB) as s3:
            container = await s3.create_container("cancel-up")
            sync = s3.sync_driver

            async def uploading():
                uploads = await asyncio.to_thread(lambda: list(sync.ex_iterate_multipart_uploads(container)))
                return bool(uploads)

            task = asyncio.ensure_future(s3.upload_object(str(source), container, "big.bin"))
            await _wait_for(uploading)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            left = await asyncio.to_thread(lambda: list(sync.ex_iterate_multipart_uploads(container)))
            objects = await s3.list_container_objects(container)
            return left, objects

    left, objects = asyncio.run(go())
    assert left == [], "the cancelled upload left multipart parts behind"
    assert objects == []


def test_cancelling_a_download_leaves_no_partial_file(moto, tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"the old content")

    async def go():
        async with _driver(moto, ex_download_part_size=5 * MiB, ex_download_concurrency=2) as s3:
            container = await s3.create_container("cancel-down")

            async def chunks():
                for _ in range(40):
                    yield os.urandom(MiB)

            obj = await s3.upload_object_via_stream(chunks(), container, "big.bin")

            async def downloading():
                return any(name.startswith(".libcloud-tmp-") for name in os.listdir(tmp_path))

            task = asyncio.ensure_future(s3.download_object(obj, str(target), overwrite_existing=True))
            await _wait_for(downloading)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(go())
    assert sorted(os.listdir(tmp_path)) == ["out.bin"]
    assert target.read_bytes() == b"the old content"
